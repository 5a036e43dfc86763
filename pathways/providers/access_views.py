"""The school's side of provider reporting: the provider's staff with a sign-in and its API tokens.

A school that places pupils with the provider invites the provider's staff and creates or revokes
the provider's API tokens: each is the school's own, reaching only its placements, seen and revoked
only by it, and managed only by its headteacher and DSL. Thin: access, validate, one action, render.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pathways.forms import GovukFormMixin, apply_validation_error, form_status, save_form
from pathways.providers import actions
from pathways.providers.access import (
    may_manage_provider_access,
    providers_of,
    require_provider_access_manager,
    staff_issued_by,
    tokens_issued_by,
)
from pathways.providers.models import Provider, ProviderStaff, ProviderToken
from pathways.schools.access import school_for
from pathways.schools.models import School
from pathways.schools.permissions import require


class InviteForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter their first name."})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter their last name."})
    email = forms.EmailField(
        label="Email address", help_text="Their work email: the invitation to choose a password is sent there.",
        error_messages={"required": "Enter their email address.",
                        "invalid": "Enter an email address like name@provider.org.uk."},
    )


class TokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the token", max_length=100, help_text="What will use it, for example \"Our MIS\".",
        error_messages={"required": "Enter a name for the token, for example the system that will use it."},
    )


def _provider_at(user: Any, school_id: int, provider_id: int) -> tuple[School, Provider]:
    try:
        school = school_for(user, school_id)
        provider = providers_of(school).get(id=provider_id)
    except (Http404, Provider.DoesNotExist, ValueError):
        raise Http404("No such provider") from None
    require(user, "view_named_records", school)
    return school, provider


def _page(
    request: HttpRequest, school: School, provider: Provider, *, invite_form: InviteForm | None = None,
    token_form: TokenForm | None = None, new_token: str = "", status: int = 200,
) -> HttpResponse:
    return render(request, "providers/portal/reporting.html", {
        "school": school, "provider": provider,
        "placing": actions.placing_school(provider, school),
        "can_write": may_manage_provider_access(request.user, school),
        "staff": list(
            staff_issued_by(school, provider).select_related("user", "invited_by")
            .order_by("user__last_name", "user__first_name")
        ),
        "tokens": list(tokens_issued_by(school, provider).select_related("created_by")),
        "now": timezone.now(), "token_months": settings.PATHWAYS_PROVIDER_TOKEN_MONTHS,
        "token_form": token_form or TokenForm(), "invite_form": invite_form, "new_token": new_token,
        # The base template's "Error:" in the title: this page's forms are not called `form`.
        "has_errors": any(f is not None and f.errors for f in (token_form, invite_form)),
    }, status=status)


@login_required
def provider_reporting(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    return _page(request, school, provider)


@login_required
@require_http_methods(["GET", "POST"])
def provider_invite(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    require_provider_access_manager(request.user, school)
    form = InviteForm(request.POST or None)
    done, _ = save_form(
        request, form,
        lambda data: actions.do_invite_provider_staff(provider=provider, school=school, actor=request.user,
                                                      base_url=request.build_absolute_uri("/"), **data),
        message=lambda member: f"Invitation sent to {member.user.email}: they choose their password from it.",
        to=lambda _: redirect("provider-reporting", school.id, provider.id))
    if done:
        return done
    return render(request, "providers/portal/invite.html", {
        "school": school, "provider": provider, "form": form, "placing": actions.placing_school(provider, school),
    }, status=form_status(form))


@login_required
@require_POST
def provider_token_create(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    require_provider_access_manager(request.user, school)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = actions.do_create_provider_token(
                provider=provider, school=school, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Shown this once: only its hash is kept.
            return _page(request, school, provider, new_token=raw)
    return _page(request, school, provider, token_form=form, status=400)


@login_required
@require_POST
def provider_token_revoke(request: HttpRequest, school_id: int, provider_id: int, token_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    try:
        token = tokens_issued_by(school, provider).get(id=token_id)
    except ProviderToken.DoesNotExist:
        raise Http404("No such token") from None
    require_provider_access_manager(request.user, school)
    try:
        actions.do_revoke_provider_token(token=token, school=school, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The token {token} no longer works.")
    return redirect("provider-reporting", school.id, provider.id)


@login_required
@require_POST
def provider_staff_remove(request: HttpRequest, school_id: int, provider_id: int, member_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    try:
        member = staff_issued_by(school, provider).select_related("user").get(id=member_id)
    except ProviderStaff.DoesNotExist:
        raise Http404("No such member of staff") from None
    require_provider_access_manager(request.user, school)
    try:
        actions.do_remove_provider_staff(membership=member, school=school, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.user.get_full_name()} can no longer sign in for {school.name}.")
    return redirect("provider-reporting", school.id, provider.id)
