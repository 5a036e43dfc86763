"""Correcting the record: edit an arrangement, withdraw a draft, mark a chronology entry entered in error."""

from django.urls import URLPattern, path

from pathways.casework.arrangements import views_corrections as views

urlpatterns: list[URLPattern] = [
    path("<int:arrangement_id>/edit/", views.arrangement_edit, name="arrangement-edit"),
    path("<int:arrangement_id>/withdraw/", views.arrangement_withdraw, name="arrangement-withdraw"),
    path("<int:arrangement_id>/chronology/<int:event_id>/in-error/", views.event_in_error, name="event-in-error"),
]
