"""Timetable versions, phased steps, the chronology page and case-file export/import."""

from django.urls import URLPattern, path

from pathways.casework.arrangements import views_records as views
from pathways.casework.arrangements import views_structured

urlpatterns: list[URLPattern] = [
    path("import/", views.case_file_import, name="case-file-import"),
    path("<int:arrangement_id>/timetable/", views.timetable_edit, name="timetable-edit"),
    path("<int:arrangement_id>/steps/", views.steps_edit, name="steps-edit"),
    path("<int:arrangement_id>/chronology/", views.chronology, name="arrangement-chronology"),
    path("<int:arrangement_id>/chronology/<int:event_id>/correct/", views.event_correct, name="event-correct"),
    path("<int:arrangement_id>/chronology/<int:event_id>/attachment/", views.event_attachment,
         name="event-attachment"),
    path("<int:arrangement_id>/chronology/<int:event_id>/form/", views_structured.record_print,
         name="event-record-print"),
    path("<int:arrangement_id>/export/", views.arrangement_export, name="arrangement-export"),
]
