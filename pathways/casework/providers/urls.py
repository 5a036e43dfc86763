from django.urls import path

from pathways.casework.providers import views, views_planning, views_records

urlpatterns = [
    path("", views.provider_list, name="provider-list"),
    path("new/", views.provider_create, name="provider-create"),
    path("<int:provider_id>/", views.provider_detail, name="provider-detail"),
    path("<int:provider_id>/edit/", views.provider_edit, name="provider-edit"),
    path("<int:provider_id>/checks/new/", views.provider_check_add, name="provider-check-add"),
    path("<int:provider_id>/checklist/", views.provider_checklist, name="provider-checklist"),
    path("<int:provider_id>/initial-visit/", views_records.initial_visit, name="provider-initial-visit"),
    path("<int:provider_id>/checks/<int:check_id>/report/", views_records.check_report, name="provider-check-report"),
    path(
        "<int:provider_id>/checklists/<int:checklist_id>/", views_records.checklist_print,
        name="provider-checklist-detail",
    ),
    path("<int:provider_id>/planning/", views_planning.planning_checklist, name="provider-planning"),
    path("planning/<int:planning_id>/", views_planning.planning_checklist_print, name="provider-planning-print"),
]
