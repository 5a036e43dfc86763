"""The trust lead's list of every provider the trust's schools use (under trusts/<trust_id>/providers/)."""

from django.urls import path

from pathways.casework.providers import views

urlpatterns = [
    path("", views.trust_providers, name="trust-providers"),
]
