from django.urls import path

from pathways.roster import views

urlpatterns = [
    path("", views.roster_upload, name="roster-upload"),
    path("<int:roster_import_id>/", views.roster_import, name="roster-import"),
]
