"""Signing in and out, resetting a password, and lockout.

Sign-in is Django's LoginView, whose form passes the request to authenticate(), so django-axes
counts failures per user name and address and locks the account out after AXES_FAILURE_LIMIT.
"""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# ---------------------------------------------------------------------------------------------
# Signing in and out
# ---------------------------------------------------------------------------------------------


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your school's Pathways administrator.",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The page django-axes shows instead of signing in, once the failure limit is reached."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
    }
    return render(request, "registration/locked_out.html", context, status=429)


# ---------------------------------------------------------------------------------------------
# Password reset by email
# ---------------------------------------------------------------------------------------------


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Email address"
        field.error_messages["required"] = "Enter your email address"
        field.error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )


def _minimum_password_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return int(validator.min_length)
    return 0


class NewPasswordForm(SetPasswordForm):
    """Django's form, with the rule breaches shown on the first box, where the password is typed."""

    error_messages = {"password_mismatch": "The two passwords are not the same. Type the new password twice."}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].error_messages["required"] = "Type the new password again"
        minimum = _minimum_password_length()
        self.hint = (f"Use at least {minimum} characters. " if minimum else "") + (
            "Do not use a common password, only numbers, or anything like your name or email address."
        )

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever can read the account's email can set its password, so a lockout has nothing left to
        # protect: lift it, and the user signs in with the new password straight away.
        axes_reset(username=form.user.get_username())
        return response
