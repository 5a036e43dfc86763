"""Signing in and out, password reset and two-factor pages, under /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from pathways.schools import account_views, accounts

urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", accounts.SignOutView.as_view(), name="logout"),
    path("two-factor/", accounts.two_factor, name="two-factor"),
    path("invitation/<str:token>/", account_views.accept_invitation, name="invitation"),
    path("me/", account_views.your_account, name="your-account"),
    path("two-factor/set-up/", accounts.two_factor_setup, name="two-factor-setup"),
    path("password-reset/", accounts.ResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path("reset/<uidb64>/<token>/", accounts.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
