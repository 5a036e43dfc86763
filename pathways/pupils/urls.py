from django.urls import path

from pathways.pupils import views, views_contacts

urlpatterns = [
    path("", views.pupil_list, name="pupil-list"),
    path("new/", views.pupil_create, name="pupil-create"),
    path("<int:pupil_id>/", views.pupil_detail, name="pupil-detail"),
    path("<int:pupil_id>/edit/", views.pupil_edit, name="pupil-edit"),
    path("<int:pupil_id>/legal-hold/", views.pupil_legal_hold, name="pupil-legal-hold"),
    path("<int:pupil_id>/contacts/", views_contacts.pupil_contacts_edit, name="pupil-contacts-edit"),
    path("<int:pupil_id>/looked-at/", views.pupil_reads, name="pupil-reads"),
]
