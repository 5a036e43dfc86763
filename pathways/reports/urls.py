"""The reports, under schools/<school_id>/reports/. Each page is also a PDF with ?format=pdf."""

from django.urls import path

from pathways.reports import views, views_census, views_send

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("arrangements/<int:arrangement_id>/progress/", views.progress, name="report-progress"),
    path("arrangements/<int:arrangement_id>/progress/send/", views_send.send_progress, name="report-progress-send"),
    path("visits/<int:event_id>/", views.visit, name="report-visit"),
    path("governors/", views.governors, name="report-governors"),
    path("part-time-timetables/", views.la_return, name="report-la-return"),
    path("census/", views_census.census_return, name="report-census"),
    path("census/placements/<int:arrangement_id>/", views_census.census_details, name="report-census-details"),
    path("pupils/<int:pupil_id>/inspection/", views.inspection, name="report-inspection"),
]
