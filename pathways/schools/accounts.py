"""Signing in and out, resetting a password, lockout, and the two-factor pages.

Sign-in is Django's LoginView, whose form passes the request to authenticate(), so django-axes
counts failures per user name and address and locks the account out after AXES_FAILURE_LIMIT.
Headteachers and DSLs of schools that require it go on to a TOTP code (see two_factor.py).
"""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.forms import NoControlCharactersMixin
from pathways.schools import sign_in_audit
from pathways.schools.actions import do_begin_two_factor_setup, do_confirm_two_factor
from pathways.schools.lockout import address_locked
from pathways.schools.models import LEADERSHIP_ROLES, StaffRole
from pathways.schools.two_factor import confirmed_device, is_verified, needs_two_factor, two_factor_url

# ---------------------------------------------------------------------------------------------
# Signing in and out
# ---------------------------------------------------------------------------------------------


class SignInForm(NoControlCharactersMixin, AuthenticationForm):
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

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if needs_two_factor(self.request.user) and not is_verified(self.request.user):
            return redirect(two_factor_url(self.get_success_url()))
        return response


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
        "by_address": address_locked(request),
        "address_limit": settings.PATHWAYS_ADDRESS_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)


# ---------------------------------------------------------------------------------------------
# Password reset by email
# ---------------------------------------------------------------------------------------------


class ResetRequestForm(NoControlCharactersMixin, PasswordResetForm):
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


class NewPasswordForm(NoControlCharactersMixin, SetPasswordForm):  # type: ignore[type-arg]
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

    def clean(self) -> dict[str, Any] | None:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever can read the account's email can set its password, so a lockout has nothing left to
        # protect: lift it, and the user signs in with the new password straight away.
        axes_reset(username=form.user.get_username())
        return response


# ---------------------------------------------------------------------------------------------
# Two factors: set up an authenticator app, then a code at each sign-in
# ---------------------------------------------------------------------------------------------


class CodeForm(NoControlCharactersMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        # Why a well-formed code was refused, for the audit trail (never the code itself).
        self.failure: str | None = None

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == self.device.digits):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            locked_until = (details or {}).get("locked_until")
            wait = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 60
            self.failure = "too many wrong codes"
            raise ValidationError(
                f"You have entered too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''}, "
                "then enter the code your app shows."
            )
        if not self.device.verify_token(code):
            self.failure = "wrong code"
            raise ValidationError("That code is not right. Enter the code your app shows now")
        return code


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _leadership_roles(user: Any) -> list[StaffRole]:
    """The roles that make this user need two factors, for the set-up page to explain why."""
    return list(
        StaffRole.objects.filter(user=user, role__in=LEADERSHIP_ROLES, school__require_two_factor=True)
        .select_related("school")
        .order_by("school__name", "role")
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the user's authenticator app; send a user without one to set it up."""
    next_url = _next_url(request)
    if not needs_two_factor(request.user) or is_verified(request.user):
        return redirect(next_url)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two-factor-setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        request.session.cycle_key()  # a new session key once the second factor is passed
        return redirect(next_url)
    if form.failure:
        sign_in_audit.two_factor_failed(request, form.failure)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code and as text; confirm it with the first code the app shows.

    A user who already has a confirmed app is sent to enter a code instead: knowing the password
    must never be enough to add a second app. Replacing a lost one is an administrator's job.
    """
    next_url = _next_url(request)
    user = request.user
    if not needs_two_factor(user) or is_verified(user):
        return redirect(next_url)
    if confirmed_device(user) is not None:
        return redirect(two_factor_url(next_url))
    device = do_begin_two_factor_setup(user=user, actor=user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        do_confirm_two_factor(device=device, actor=user)
        otp_login(request, device)
        request.session.cycle_key()  # a new session key once the second factor is passed
        messages.success(
            request, "Two-factor sign-in is set up. You will need a code from your app each time you sign in."
        )
        return redirect(next_url)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        "qr_code": qr.svg_data_uri(scale=5, border=2),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "roles": _leadership_roles(user),
    }
    return render(request, "registration/two_factor_setup.html", context)
