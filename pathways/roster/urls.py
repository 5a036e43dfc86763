from django.urls import path

from pathways.roster import views, views_columns

urlpatterns = [
    path("", views.roster_upload, name="roster-upload"),
    path("<int:roster_import_id>/", views.roster_import, name="roster-import"),
    path("<int:roster_import_id>/columns/", views_columns.roster_columns, name="roster-columns"),
]
