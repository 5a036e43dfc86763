"""The trust lead's approvals (under trusts/<trust_id>/approvals/)."""

from django.urls import path

from pathways.casework.arrangements import views_approvals

urlpatterns = [
    path("", views_approvals.trust_approvals, name="trust-approvals"),
]
