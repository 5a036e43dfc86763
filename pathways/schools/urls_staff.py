"""A school's staff pages, under /schools/<school_id>/staff/."""

from django.urls import path

from pathways.schools import staff_views

urlpatterns = [
    path("", staff_views.staff_list, name="staff-list"),
    path("invite/", staff_views.staff_invite, name="staff-invite"),
    path("<int:user_id>/", staff_views.staff_member, name="staff-member"),
    path("<int:user_id>/leave/", staff_views.staff_leave, name="staff-leave"),
    path("<int:user_id>/reset-two-factor/", staff_views.staff_reset_two_factor, name="staff-reset-two-factor"),
    path("<int:user_id>/invite-again/", staff_views.staff_invite_again, name="staff-invite-again"),
]
