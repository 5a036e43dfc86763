from django.urls import URLPattern, path

from pathways.notifications import approvals, views

# Included under schools/<int:school_id>/.
urlpatterns: list[URLPattern] = [
    path("arrangements/<int:arrangement_id>/notify/", views.notify, name="la-notify"),
    # Sending an arrangement for approval e-mails the approvers (the rest of the arrangement's pages are casework's).
    path("arrangements/<int:arrangement_id>/submit/", approvals.arrangement_submit, name="arrangement-submit"),
    path("notices/<int:notice_id>/", views.notice, name="la-notice"),
    path("notices/<int:notice_id>/letter.pdf", views.notice_letter, name="la-notice-letter"),
]
