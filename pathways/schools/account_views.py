"""A new member of staff's invitation page, and "Your account": one's own password and e-mail address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from pathways.forms import GovukFormMixin, apply_validation_error, form_status
from pathways.schools.accounts import NewPasswordForm
from pathways.schools.models import StaffRole, TrustRole
from pathways.schools.staff_actions import (
    do_accept_invitation,
    do_change_own_email,
    do_change_own_password,
    invitation_for_token,
)
from pathways.schools.two_factor import needs_two_factor


@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: it names no school's data, and the token is its own guard."""
    invitation, problem = invitation_for_token(token)
    if invitation is None or problem:
        status = 404 if invitation is None else 410
        return render(request, "schools/invitation.html", {"problem": problem}, status=status)
    user = invitation.user
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = do_accept_invitation(invitation=invitation, password=form.cleaned_data["new_password1"],
                                        actor=user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if needs_two_factor(user):
                messages.success(request, "Your password is set. Now set up two-factor sign-in.")
            else:
                messages.success(request, "Your password is set. Sign in with your e-mail address from now on.")
            return redirect("home")  # the two-factor middleware sends those who need it to set it up first
    roles = list(StaffRole.objects.filter(user=user).select_related("school").order_by("school__name", "role"))
    trusts = list(TrustRole.objects.filter(user=user).select_related("trust"))
    context = {"form": form, "invited": user, "roles": roles, "trusts": trusts, "invitation": invitation}
    return render(request, "schools/invitation.html", context, status=form_status(form))


class EmailForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(label="New e-mail address", error_messages={
        "required": "Enter your new e-mail address",
        "invalid": "Enter an e-mail address in the correct format, like name@school.org"})


class ChangePasswordForm(NewPasswordForm):
    old_password = forms.CharField(label="Your current password", strip=False, widget=forms.PasswordInput,
                                   error_messages={"required": "Enter your current password"})
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.order_fields(self.field_order)


@login_required
def your_account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    email_form = EmailForm(request.POST if request.POST.get("change") == "email" else None,
                           initial={"email": user.email})
    password_form = ChangePasswordForm(user, request.POST if request.POST.get("change") == "password" else None)
    if request.method == "POST" and request.POST.get("change") == "email" and email_form.is_valid():
        try:
            do_change_own_email(user=user, email=email_form.cleaned_data["email"], actor=user)
        except ValidationError as error:
            apply_validation_error(email_form, error)
        else:
            messages.success(request, f"Your e-mail address is now {user.email}. You sign in with it.")
            return redirect("your-account")
    if request.method == "POST" and request.POST.get("change") == "password" and password_form.is_valid():
        try:
            do_change_own_password(user=user, old_password=password_form.cleaned_data["old_password"],
                                   new_password=password_form.cleaned_data["new_password1"], actor=user)
        except ValidationError as error:
            apply_validation_error(password_form, error)
        else:
            update_session_auth_hash(request, user)  # stay signed in here; other sessions end
            messages.success(request, "Your password is changed.")
            return redirect("your-account")
    status = 400 if email_form.errors or password_form.errors else 200
    roles = list(StaffRole.objects.filter(user=user).select_related("school").order_by("school__name", "role"))
    return render(request, "schools/your_account.html",
                  {"email_form": email_form, "password_form": password_form, "roles": roles}, status=status)
