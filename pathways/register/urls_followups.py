from django.urls import path

from pathways.attendance import views_followups
from pathways.register import views_attendance

# Included under schools/<int:school_id>/.
urlpatterns = [
    path("follow-ups/", views_followups.followup_list, name="followup-list"),
    path("follow-ups/<int:followup_id>/", views_followups.followup_check, name="followup-check"),
    path("pupils/<int:pupil_id>/attendance/", views_attendance.pupil_attendance, name="pupil-attendance"),
]
