from django.urls import path

from pathways.feeds import views

urlpatterns = [
    path("account/calendar/", views.calendar_feed, name="calendar-feed"),
    path("feeds/<str:token>.ics", views.calendar_feed_ics, name="calendar-feed-ics"),
]
