from django.urls import path

from pathways.casework.arrangements import views, views_approvals

urlpatterns = [
    path("", views.arrangement_list, name="arrangement-list"),
    path("new/", views.arrangement_create, name="arrangement-create"),
    path("<int:arrangement_id>/", views.arrangement_detail, name="arrangement-detail"),
    path("<int:arrangement_id>/approve/", views_approvals.arrangement_approve, name="arrangement-approve"),
    path("<int:arrangement_id>/refuse/", views_approvals.arrangement_refuse, name="arrangement-refuse"),
    path("<int:arrangement_id>/agreement/", views_approvals.arrangement_late_agreement,
         name="arrangement-late-agreement"),
    path("<int:arrangement_id>/trust-approval/", views_approvals.trust_approval, name="arrangement-trust-approval"),
    path("<int:arrangement_id>/end/", views.arrangement_end, name="arrangement-end"),
    path("<int:arrangement_id>/lead/", views.arrangement_change_lead, name="arrangement-lead"),
    path("<int:arrangement_id>/events/new/", views.event_record, name="event-record"),
]
