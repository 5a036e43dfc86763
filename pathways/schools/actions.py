"""The only code that writes trusts, schools, calendars and roles. One transaction, one audit row each."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.audit.models import AuditEvent
from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.schools.calendar import bank_holidays_in_term, default_half_terms
from pathways.schools.models import Closure, HalfTerm, Role, School, StaffRole, Trust, TrustRole, User
from pathways.schools.permissions import OWN_ACCOUNT, SYSTEM, permission

SCHOOL_FIELDS = (
    "trust", "name", "urn", "laestab", "school_type", "phase", "local_authority", "require_two_factor",
    "policy_packs", "policy_settings", "la_email", "la_contact",
)


@permission(SYSTEM)
@transaction.atomic
def do_create_trust(*, name: str, actor: Any) -> Trust:
    trust = Trust(name=name)
    trust.full_clean()
    trust.save()
    record(actor=actor, action="create trust", obj=trust, changes={"name": name})
    return trust


@permission(SYSTEM)
@transaction.atomic
def do_create_school(*, actor: Any, with_calendar_for: list[int] | None = None, **fields: Any) -> School:
    """Create a school; with `with_calendar_for` (school years), give it the default calendar at once."""
    school = School(**fields)
    school.full_clean()
    school.save()
    record(actor=actor, action="create school", obj=school, school=school, changes=snapshot(school, SCHOOL_FIELDS))
    for year in with_calendar_for or []:
        do_generate_calendar(school=school, school_year=year, actor=actor)
    return school


@permission("manage_school_policy")
@transaction.atomic
def do_update_school(*, school: School, actor: Any, seen: str | None = None, **fields: Any) -> School:
    """Change the school's record. With `seen`, the version the page was read at (audit.versions), a record
    changed since is refused (StaleVersion)."""
    if seen is not None:
        refuse_stale(School.objects.select_for_update().get(pk=school.pk), seen, what="school's settings")
    before = snapshot(school, SCHOOL_FIELDS)
    for name, value in fields.items():
        setattr(school, name, value)
    school.full_clean()
    school.save()
    changes = changes_between(before, snapshot(school, SCHOOL_FIELDS))
    if changes:
        record(actor=actor, action="update school", obj=school, school=school, changes=changes)
    return school


@permission("manage_calendar")
@transaction.atomic
def do_generate_calendar(*, school: School, school_year: int, actor: Any) -> list[HalfTerm]:
    """The default English calendar for one school year, with bank holidays in term as closures.
    Refuses to overwrite a year the school already has."""
    if HalfTerm.objects.filter(school=school, school_year=school_year).exists():
        raise ValidationError(
            {"school_year": f"{school.name} already has a calendar for {school_year}-{(school_year + 1) % 100:02d}."}
        )
    dates = default_half_terms(school_year)
    rows = HalfTerm.objects.bulk_create(
        HalfTerm(school=school, school_year=school_year, number=h.number, name=h.name, start=h.start, end=h.end)
        for h in dates
    )
    closures = bank_holidays_in_term(dates)
    Closure.objects.bulk_create(
        [Closure(school=school, date=day, reason=name) for day, name in closures], ignore_conflicts=True
    )
    record(
        actor=actor,
        action="generate calendar",
        obj=school,
        school=school,
        changes={
            "school_year": school_year,
            "half_terms": [[h.name, h.start, h.end] for h in dates],
            "closures": [day for day, _ in closures],
        },
    )
    return rows


def _check_half_term_fits(half_term: HalfTerm) -> None:
    siblings = HalfTerm.objects.filter(school=half_term.school).exclude(pk=half_term.pk)
    if half_term.end < half_term.start:
        raise ValidationError({"end": "The last day must be on or after the first day."})
    clash = siblings.filter(start__lte=half_term.end, end__gte=half_term.start).first()
    if clash:
        raise ValidationError(
            {"start": f"These dates overlap {clash}, {clash.start:%d %b %Y} to {clash.end:%d %b %Y}."}
        )


@permission("manage_calendar")
@transaction.atomic
def do_update_half_term(
    *, half_term: HalfTerm, start: dt.date, end: dt.date, name: str, actor: Any, seen: str | None = None
) -> HalfTerm:
    """Change a half-term's name or dates. With `seen`, the version the page was read at (audit.versions),
    a half-term changed since is refused (StaleVersion)."""
    if seen is not None:
        refuse_stale(HalfTerm.objects.select_for_update().get(pk=half_term.pk), seen, what="half-term")
    fields = ("name", "start", "end")
    before = snapshot(half_term, fields)
    half_term.name, half_term.start, half_term.end = name, start, end
    _check_half_term_fits(half_term)
    half_term.full_clean()
    half_term.save()
    changes = changes_between(before, snapshot(half_term, fields))
    if changes:
        record(actor=actor, action="update half-term", obj=half_term, school=half_term.school, changes=changes)
    return half_term


def _added_by(closure: Closure) -> str:
    """", added by Sam Patel at 10:25 on 5 Jan": who made the closure, from the audit trail."""
    event = (AuditEvent.objects.filter(object_type=closure._meta.label_lower, object_id=str(closure.pk),
                                       action="add closure").order_by("-id").first())
    if event is None:
        return ""
    return f", added by {event.actor_name or 'someone'} at {timezone.localtime(event.at):%H:%M on %-d %b}"


def removed_by(school: School, closure_id: int) -> str | None:
    """Who removed the school's closure `closure_id` and when, in words; None when it never existed."""
    event = (AuditEvent.objects.filter(school=school, object_type=Closure._meta.label_lower,
                                       object_id=str(closure_id), action="remove closure").order_by("-id").first())
    if event is None:
        return None
    day = str((event.changes or {}).get("date", ""))
    with contextlib.suppress(ValueError):
        day = f"{dt.date.fromisoformat(day):%-d %B %Y}"
    return (f"{event.actor_name or 'Someone'} removed the closure of {day} at "
            f"{timezone.localtime(event.at):%H:%M on %-d %b}: it is a school day again. Nothing was changed.")


@permission("manage_calendar")
@transaction.atomic
def do_add_closure(*, school: School, date: dt.date, reason: str, actor: Any) -> Closure:
    if date.weekday() >= 5:
        raise ValidationError({"date": "That is a weekend: it is not a school day anyway."})
    existing = Closure.objects.filter(school=school, date=date).first()
    if existing is not None:
        raise ValidationError({"date": f"{date:%d %B %Y} is already a closure day{_added_by(existing)}."})
    closure = Closure.objects.create(school=school, date=date, reason=reason)
    record(actor=actor, action="add closure", obj=closure, school=school, changes={"date": date, "reason": reason})
    return closure


@permission("manage_calendar")
@transaction.atomic
def do_remove_closure(*, closure: Closure, actor: Any) -> None:
    record(
        actor=actor,
        action="remove closure",
        obj=closure,
        school=closure.school,
        changes={"date": closure.date, "reason": closure.reason},
    )
    closure.delete()


@transaction.atomic
def do_create_staff(
    *, username: str, first_name: str, last_name: str, email: str, password: str | None, actor: Any
) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="create user", obj=user, changes={"username": username, "email": email})
    return user


@permission("manage_staff")
@transaction.atomic
def do_grant_role(*, user: User, school: School, role: str, actor: Any) -> StaffRole:
    if role not in Role.values:
        raise ValidationError({"role": f"Not a role: {role!r}."})
    staff_role, created = StaffRole.objects.get_or_create(user=user, school=school, role=role)
    if created:
        record(
            actor=actor,
            action="grant role",
            obj=staff_role,
            school=school,
            changes={"user": user.username, "role": role},
        )
    return staff_role


@permission(SYSTEM)
@transaction.atomic
def do_make_trust_lead(*, user: User, trust: Trust, actor: Any) -> TrustRole:
    trust_role, created = TrustRole.objects.get_or_create(user=user, trust=trust)
    if created:
        record(
            actor=actor, action="make trust lead", obj=trust_role, changes={"user": user.username, "trust": trust.name}
        )
    return trust_role


@permission(OWN_ACCOUNT)
def do_begin_two_factor_setup(*, user: Any, actor: Any) -> TOTPDevice:
    """The user's authenticator app waiting to be confirmed: made the first time set-up is opened and kept
    while set-up is unfinished, so reloading the page does not change its secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is not None:
        return device
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        record(actor=actor, action="begin two-factor set-up", obj=device, label=f"{device.name} of {user}")
    return device


@permission(OWN_ACCOUNT)
@transaction.atomic
def do_confirm_two_factor(*, device: TOTPDevice, actor: Any) -> TOTPDevice:
    """The app confirmed by the first code it showed: from now on a code from it is asked at sign-in."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=actor, action="set up two-factor sign-in", obj=device, label=f"{device.name} of {actor}")
    return device
