from django.urls import path

from pathways.today import views, views_compliance

# Included under trusts/<int:trust_id>/.
urlpatterns = [
    path("today/", views.trust_today, name="trust-today"),
    path("compliance/", views_compliance.trust_compliance_page, name="trust-compliance"),
]
