from django.urls import path

from pathways.schools import policy_views, views

urlpatterns = [
    path("", views.school_home, name="school-home"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/generate/", views.generate_calendar, name="calendar-generate"),
    path("calendar/half-terms/<int:half_term_id>/edit/", views.edit_half_term, name="half-term-edit"),
    path("calendar/closures/add/", views.add_closure, name="closure-add"),
    path("calendar/closures/<int:closure_id>/remove/", views.remove_closure, name="closure-remove"),
    path("policy/", policy_views.school_policy, name="school-policy"),
]
