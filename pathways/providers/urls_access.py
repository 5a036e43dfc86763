"""The school's side of provider reporting: invite a provider's staff, create and revoke API tokens."""

from django.urls import path

from pathways.providers import access_views

urlpatterns = [
    path("<int:provider_id>/reporting/", access_views.provider_reporting, name="provider-reporting"),
    path("<int:provider_id>/reporting/invite/", access_views.provider_invite, name="provider-invite"),
    path("<int:provider_id>/reporting/tokens/new/", access_views.provider_token_create, name="provider-token-create"),
    path(
        "<int:provider_id>/reporting/tokens/<int:token_id>/revoke/", access_views.provider_token_revoke,
        name="provider-token-revoke",
    ),
    path(
        "<int:provider_id>/reporting/staff/<int:member_id>/remove/", access_views.provider_staff_remove,
        name="provider-staff-remove",
    ),
]
