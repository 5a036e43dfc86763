"""The trust lead's set-up pages, under /trusts/<trust_id>/."""

from django.urls import path

from pathways.schools import trust_setup_views

urlpatterns = [
    path("gias/", trust_setup_views.gias_upload, name="trust-gias-upload"),
    path("schools/add/", trust_setup_views.school_add, name="trust-school-add"),
]
