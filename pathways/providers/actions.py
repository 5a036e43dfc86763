"""The only code that writes providers and their checks. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.providers.access import providers_of
from pathways.providers.checklist import ANSWER_LABELS, KEYS
from pathways.providers.checklist import gaps as checklist_gaps
from pathways.providers.models import (
    CheckType,
    Provider,
    ProviderCheck,
    ProviderChecklist,
    ProviderStaff,
    ProviderToken,
)
from pathways.schools.models import School
from pathways.schools.permissions import permission

PROVIDER_FIELDS = (
    "trust", "school", "name", "kind", "registration", "urn", "ukprn", "census_setting_type", "postcode",
    "companies_house_number", "arranged_by", "live_teaching", "address",
    "contact_name", "contact_email", "contact_phone", "elsewhere_full_time_compulsory_age",
    "elsewhere_full_time_looked_after_or_ehcp", "elsewhere_full_time_sen",
)
CHECK_FIELDS = ("provider", "type", "date", "expires", "note")


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@permission("manage_providers")
@transaction.atomic
def do_create_provider(*, school: School, actor: Any, **fields: Any) -> Provider:
    """Add a provider for the school's trust (or for the school alone when it has no trust)."""
    provider = Provider(trust_id=school.trust_id, school=school, created_by=_actor_user(actor), **fields)
    provider.full_clean(validate_constraints=False)
    if providers_of(school).filter(name__iexact=provider.name).exists():
        where = "your trust" if school.trust_id else "your school"
        raise ValidationError({"name": f"{where.capitalize()} already has a provider called {provider.name}."})
    provider.save()
    record(actor=actor, action="create provider", obj=provider, school=school,
           changes=snapshot(provider, PROVIDER_FIELDS))
    return provider


# What a school may change on a provider; its trust and the school that added it stay.
EDITABLE_FIELDS = tuple(f for f in PROVIDER_FIELDS if f not in ("trust", "school"))


@permission("manage_providers")
@transaction.atomic
def do_update_provider(*, provider: Provider, school: School, actor: Any, seen: str | None = None,
                       **fields: Any) -> Provider:
    """Change a provider's details. `school` is the school whose member of staff changed them. With `seen`,
    the version the page was read at (audit.versions), details changed since are refused (StaleVersion)."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    refuse_stale(provider, seen, what="provider")
    before = snapshot(provider, PROVIDER_FIELDS)
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean(validate_constraints=False)
    if providers_of(school).filter(name__iexact=provider.name).exclude(id=provider.id).exists():
        where = "your trust" if school.trust_id else "your school"
        raise ValidationError({"name": f"{where.capitalize()} already has a provider called {provider.name}."})
    provider.save()
    record(actor=actor, action="change provider", obj=provider, school=school,
           changes=changes_between(before, snapshot(provider, PROVIDER_FIELDS)))
    return provider


@permission("manage_providers")
@transaction.atomic
def do_record_provider_check(
    *, provider: Provider, school: School, actor: Any, type: str, date: dt.date,
    expires: dt.date | None = None, note: str = "",
) -> ProviderCheck:
    """Record a due-diligence check. `school` is the school whose member of staff recorded it."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    check = ProviderCheck(
        provider=provider, type=type, date=date, expires=expires, note=note, recorded_by=_actor_user(actor)
    )
    check.full_clean()
    check.save()
    record(actor=actor, action="record provider check", obj=check, school=school,
           changes=snapshot(check, CHECK_FIELDS), label=f"{provider.name}: {check}")
    return check


@permission("manage_providers")
@transaction.atomic
def do_complete_provider_checklist(
    *, provider: Provider, school: School, actor: Any, completed_on: dt.date, answers: dict[str, dict[str, str]],
    review_by: dt.date | None = None,
) -> ProviderChecklist:
    """Keep the Annex C checklist's answers and record the `provider_checklist` check they evidence.
    Every question needs an answer and its evidence (each asks how): a "yes" with no evidence is refused,
    naming the question, as is a "no" or "not yet" without why or what happens next."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    problems = {}
    clean: dict[str, dict[str, str]] = {}
    for key in KEYS:
        given = answers.get(key) or {}
        answer, note = given.get("answer", ""), (given.get("note") or "").strip()
        clean[key] = {"answer": answer, "note": note}
    for key, what in checklist_gaps(clean).items():
        problems[f"{key}_answer" if clean[key]["answer"] not in ANSWER_LABELS else f"{key}_note"] = what
    if review_by is not None and review_by <= completed_on:
        problems["review_by"] = "The review date must be after the date the checklist was completed."
    if set(answers) - set(KEYS):
        problems["answers"] = f"Not questions of the checklist: {', '.join(sorted(set(answers) - set(KEYS)))}."
    if problems:
        raise ValidationError(problems)
    outstanding = [k for k in KEYS if clean[k]["answer"] != "yes"]
    summary = (
        "Every question answered yes." if not outstanding
        else f"{len(outstanding)} question{'s' if len(outstanding) > 1 else ''} not answered yes."
    )
    check = ProviderCheck(
        provider=provider, type=CheckType.PROVIDER_CHECKLIST, date=completed_on, expires=review_by,
        note=f"Annex C checklist. {summary}", recorded_by=_actor_user(actor),
    )
    check.full_clean()
    check.save()
    checklist = ProviderChecklist(
        provider=provider, check_record=check, completed_on=completed_on, completed_by=_actor_user(actor),
        answers=clean, complete=True,
    )
    checklist.full_clean()
    checklist.save()
    record(actor=actor, action="complete provider checklist", obj=checklist, school=school,
           changes={"provider": provider.pk, "check": check.pk, "completed_on": completed_on,
                    "review_by": review_by, "answers": clean},
           label=f"{provider.name}: {checklist}")
    return checklist


# ---------------------------------------------------------------------------------------------
# Provider staff and API tokens
# ---------------------------------------------------------------------------------------------

STAFF_FIELDS = ("user", "provider", "active")


def placing_school(provider: Provider, school: School) -> bool:
    """True when the school has (or had) a placement with the provider: only then may it give the
    provider's staff access or the provider a token."""
    # The arrangements app's reverse relation: providers sit below arrangements and never import them.
    return provider.arrangements.filter(school=school).exists()


def _require_placing_school(provider: Provider, school: School) -> None:
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    if not placing_school(provider, school):
        raise ValidationError(
            {"provider": f"Your school has no placements with {provider.name}: set up an arrangement first."}
        )


def send_invitation(user: Any, provider: Provider, *, base_url: str) -> None:
    """The password-set email, through Django's password reset flow (its token and confirm page)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    link = base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string("providers/portal/invite_email.txt", {"user": user, "provider": provider, "link": link})
    send_mail(f"Your Pathways sign-in for {provider.name}", body, None, [user.email])


@permission("manage_provider_access")
@transaction.atomic
def do_invite_provider_staff(
    *, provider: Provider, school: School, actor: Any, first_name: str, last_name: str, email: str, base_url: str,
) -> ProviderStaff:
    """Give a member of the provider's staff a sign-in (no password until they set one from the email),
    or send the email again to one already invited to this provider."""
    from pathways.schools.models import User

    _require_placing_school(provider, school)
    email = email.strip().lower()
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None:
        # Only the school that gave the sign-in sends it again: another school's is not this one's to touch.
        membership = ProviderStaff.objects.filter(user=existing, provider=provider, school=school).first()
        if membership is None:
            return _add_school_to_provider_sign_in(existing, provider, school, actor, email, base_url)
        membership.active = True
        membership.save(update_fields=["active"])
        transaction.on_commit(lambda: send_invitation(existing, provider, base_url=base_url))
        record(actor=actor, action="invite provider staff again", obj=membership, school=school,
               changes={"email": email}, label=f"{provider.name}: {existing.get_full_name()}")
        return membership
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = ProviderStaff.objects.create(user=user, provider=provider, school=school,
                                              invited_by=_actor_user(actor))
    transaction.on_commit(lambda: send_invitation(user, provider, base_url=base_url))
    record(actor=actor, action="invite provider staff", obj=membership, school=school,
           changes={"email": email, "first_name": user.first_name, "last_name": user.last_name,
                    "provider": provider.pk, "school": school.pk},
           label=f"{provider.name}: {user.get_full_name()}")
    return membership


def _add_school_to_provider_sign_in(
    user: Any, provider: Provider, school: School, actor: Any, email: str, base_url: str
) -> ProviderStaff:
    """A provider's member of staff another school already invited: this school's placements with the
    provider are added to the same sign-in, through a row of this school's own (removed by this school
    alone). A school's staff, or anyone else who is not only a provider's staff, is refused: their sign-in
    is not the school's to widen."""
    from pathways.schools.models import StaffRole, TrustRole

    only_provider_staff = (
        ProviderStaff.objects.filter(user=user).exists() and user.is_active and not user.is_staff
        and not user.is_superuser and not StaffRole.objects.filter(user=user).exists()
        and not TrustRole.objects.filter(user=user).exists()
    )
    if not only_provider_staff:
        raise ValidationError({"email": "This email address already has a Pathways sign-in: use another one."})
    membership = ProviderStaff.objects.create(user=user, provider=provider, school=school,
                                              invited_by=_actor_user(actor))
    transaction.on_commit(lambda: send_school_added(user, provider, school, base_url=base_url))
    record(actor=actor, action="invite provider staff", obj=membership, school=school,
           changes={"email": email, "provider": provider.pk, "school": school.pk, "existing_sign_in": True},
           label=f"{provider.name}: {user.get_full_name()}")
    return membership


def send_school_added(user: Any, provider: Provider, school: School, *, base_url: str) -> None:
    """Tell a provider's member of staff that another school's placements are on their sign-in."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    link = base_url.rstrip("/") + reverse("provider-home")
    body = render_to_string("providers/portal/school_added_email.txt",
                            {"user": user, "provider": provider, "school": school, "link": link})
    send_mail(f"{school.name} added its pupils to your Pathways sign-in", body, None, [user.email])


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry(issued: dt.datetime) -> dt.datetime:
    """When a token issued at `issued` stops working: PATHWAYS_PROVIDER_TOKEN_MONTHS later, the same
    day of the month (the month's last day when it is shorter)."""
    import calendar

    from django.conf import settings

    months = issued.month - 1 + settings.PATHWAYS_PROVIDER_TOKEN_MONTHS
    year, month = issued.year + months // 12, months % 12 + 1
    return issued.replace(year=year, month=month, day=min(issued.day, calendar.monthrange(year, month)[1]))


def _require_issuing_school(token_school_id: int, school: School, what: str) -> None:
    if token_school_id != school.pk:
        raise ValidationError({what: "Another school issued this: only that school may change it."})


@permission("manage_provider_access")
@transaction.atomic
def do_create_provider_token(*, provider: Provider, school: School, actor: Any, name: str) -> tuple[ProviderToken, str]:
    """A new API token for the provider. Returns the token record and the token itself, which is not
    kept (only its hash is) and must be shown to the user now."""
    _require_placing_school(provider, school)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token, for example the system that will use it."})
    raw = "pwp_" + secrets.token_urlsafe(32)
    token = ProviderToken(provider=provider, school=school, name=name, token_hash=hash_token(raw), prefix=raw[:10],
                          created_by=_actor_user(actor), expires_at=token_expiry(timezone.now()))
    token.full_clean()
    token.save()
    record(actor=actor, action="create provider token", obj=token, school=school,
           changes={"provider": provider.pk, "school": school.pk, "name": name, "prefix": token.prefix,
                    "expires_at": token.expires_at},
           label=f"{provider.name}: {token}")
    return token, raw


@permission("manage_provider_access")
@transaction.atomic
def do_revoke_provider_token(*, token: ProviderToken, school: School, actor: Any) -> ProviderToken:
    """Stop a token working. Kept, with the time it was revoked. Only the school that issued it may."""
    _require_issuing_school(token.school_id, school, "token")
    token = ProviderToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError({"token": f"The token {token} was already revoked."})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="revoke provider token", obj=token, school=school,
           changes={"revoked_at": token.revoked_at}, label=f"{token.provider.name}: {token}")
    return token


def revoke_tokens_of_leaver(sender: Any, *, user: Any, actor: Any, **kwargs: Any) -> dict[str, int]:
    """The API tokens a leaver created stop working (the schools app's staff_deactivated signal)."""
    count = 0
    for token in ProviderToken.objects.select_for_update().select_related("provider", "school").filter(
            created_by=user, revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="revoke provider token", obj=token, school=token.school,
               changes={"revoked_at": token.revoked_at, "reason": "its maker left"},
               label=f"{token.provider.name}: {token}")
        count += 1
    return {"provider_tokens_revoked": count}


@permission("manage_provider_access")
@transaction.atomic
def do_remove_provider_staff(*, membership: ProviderStaff, school: School, actor: Any) -> ProviderStaff:
    """Stop a member of the provider's staff signing in for the school. Kept, inactive: inviting them
    again gives the sign-in back. Only the school that gave it may."""
    _require_issuing_school(membership.school_id, school, "member")
    membership = ProviderStaff.objects.select_for_update().select_related("user", "provider").get(pk=membership.pk)
    if not membership.active:
        raise ValidationError({"member": f"{membership.user.get_full_name()} no longer has a sign-in."})
    membership.active = False
    membership.save(update_fields=["active"])
    record(actor=actor, action="remove provider staff", obj=membership, school=school,
           changes={"active": False}, label=f"{membership.provider.name}: {membership.user.get_full_name()}")
    return membership
