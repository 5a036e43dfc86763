from django.urls import path

from pathways.safeguarding import views

urlpatterns = [
    path("", views.risk_assessment_list, name="risk-assessment-list"),
    path("new/", views.risk_assessment_create, name="risk-assessment-create"),
    path("<int:risk_assessment_id>/", views.risk_assessment_print, name="risk-assessment-print"),
    path("<int:risk_assessment_id>/edit/", views.risk_assessment_edit, name="risk-assessment-edit"),
    path("<int:risk_assessment_id>/complete/", views.risk_assessment_complete, name="risk-assessment-complete"),
    path("<int:risk_assessment_id>/review/", views.risk_assessment_review, name="risk-assessment-review"),
    path("<int:risk_assessment_id>/revise/", views.risk_assessment_revise, name="risk-assessment-revise"),
]
