from django.urls import path

from pathways.today import views, views_week

# Included under schools/<int:school_id>/.
urlpatterns = [
    path("today/", views.today, name="today"),
    path("week/", views_week.week, name="dsl-week"),
    path("week/last-seen/", views_week.last_seen_view, name="dsl-week-last-seen"),
    path("pupils/<int:pupil_id>/chronology/", views_week.pupil_chronology_view, name="pupil-chronology"),
]
