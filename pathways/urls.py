from django.urls import include, path

from pathways.jobs.health import healthz
from pathways.pages.glossary import glossary
from pathways.pages.home import home
from pathways.schools import views as school_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    path("help/words/", glossary, name="glossary"),
    path("accounts/", include("pathways.schools.account_urls")),
    path("switch-school/", school_views.switch_school, name="switch-school"),
    path("trusts/<int:trust_id>/", school_views.trust_page, name="trust"),
    path("trusts/<int:trust_id>/", include("pathways.schools.urls_trust_setup")),
    path("trusts/<int:trust_id>/providers/", include("pathways.casework.providers.urls_trust")),
    path("trusts/<int:trust_id>/approvals/", include("pathways.casework.arrangements.urls_trust")),
    path("trusts/<int:trust_id>/", include("pathways.today.urls_trust")),
    path("schools/<int:school_id>/", include("pathways.schools.urls")),
    path("schools/<int:school_id>/staff/", include("pathways.schools.urls_staff")),
    path("schools/<int:school_id>/", include("pathways.today.urls")),
    path("schools/<int:school_id>/", include("pathways.notifications.urls")),
    path("schools/<int:school_id>/pupils/", include("pathways.pupils.urls")),
    path("schools/<int:school_id>/roster/", include("pathways.roster.urls")),
    path("schools/<int:school_id>/audit/", include("pathways.pages.urls_audit")),
    path("schools/<int:school_id>/arrangements/", include("pathways.casework.arrangements.urls")),
    path("schools/<int:school_id>/arrangements/", include("pathways.casework.arrangements.urls_records")),
    path("schools/<int:school_id>/arrangements/", include("pathways.casework.arrangements.urls_corrections")),
    path("schools/<int:school_id>/providers/", include("pathways.casework.providers.urls")),
    path("schools/<int:school_id>/providers/", include("pathways.providers.urls_access")),
    path("schools/<int:school_id>/risk-assessments/", include("pathways.safeguarding.urls")),
    path("schools/<int:school_id>/register/mis-writeback/", include("pathways.writeback.urls")),
    path("schools/<int:school_id>/register/", include("pathways.register.urls")),
    path("schools/<int:school_id>/remote-education/", include("pathways.remote.urls")),
    path("schools/<int:school_id>/", include("pathways.register.urls_followups")),
    path("schools/<int:school_id>/register/", include("pathways.register.urls_mis")),
    path("schools/<int:school_id>/reports/", include("pathways.reports.urls")),
    path("provider/", include("pathways.portal.urls")),
    path("api/", include("pathways.api.urls")),
    path("", include("pathways.feeds.urls")),
    path("", include("pathways.remote.urls_public")),
]

# A 500 carries a reference that is also written in its log line (pathways/errors.py).
handler500 = "pathways.errors.server_error"
