"""Absence follow-up scaled to vulnerability.

An unexplained absence (not attended, the reason unknown, unauthorised or not given) from a `provider`
or `online` session opens a follow-up: a phone call, or for a highly vulnerable pupil a home visit, by
the same day. Which, and by when, are the school's parameters `absence_response_home_visit` and
`absence_response_school_days` (000 §5; case-file.md "Vulnerability responses"), read through
pathways.policy.parameters with the school's settings.

    response_for(pupil, day)                 -> Response(kind, due, vulnerability, source)
    sync_follow_up(mark, *, actor)           -> FollowUp | None   (called by do_record_mark, in its transaction)
    do_record_follow_up_check(*, follow_up, kind, date, note, actor, today) -> Outcome

A follow-up is done by recording a welfare check in the chronology (type welfare_check). A home-visit
follow-up is closed only by a home visit: a phone call is recorded, and the follow-up stays open.

A follow-up and a welfare check are one record: however the check is recorded (from the follow-up's page,
from Today's "Record the welfare check" of a duty such as OLP-ABSENCE-RESPONSE, or from the chronology),
`close_answered` closes every open follow-up of the arrangement it answers (an absence on or before the
check's date, of a kind the check closes), in the same transaction. The call is recorded once.

    do_record_welfare_check(*, arrangement, date, fields, note, actor) -> (Event, [FollowUp closed])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Event
from pathways.attendance.models import FollowUp, Mark
from pathways.audit.record import record
from pathways.policy import parameters
from pathways.pupils.models import Pupil
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School
from pathways.schools.permissions import can, permission

AWAY = frozenset({"provider", "online"})
UNEXPLAINED = frozenset({"", "unknown", "unauthorised"})
CHECK_KINDS = {"phone": "Phone call", "home_visit": "Home visit", "in_person": "Seen in person"}


def can_follow_up(user: Any, school: School) -> bool:
    """Staff record the welfare check that answers an absence (the role matrix's "record_welfare_checks")."""
    return can(user, "record_welfare_checks", school)


def settings_of(school: School) -> dict[str, Any]:
    """The school's parameter overrides as the engine reads them."""
    out = {}
    for key, raw in (school.policy_settings or {}).items():
        got = parameters.validate_override(key, raw)
        if not isinstance(got, parameters.Invalid):
            out[key] = got
    return out


@dataclasses.dataclass(frozen=True)
class Response:
    kind: str            # FollowUp.Kind
    due: dt.date
    vulnerability: str
    source: str          # where the rule comes from (the parameter's source, or the school's own setting)


def response_for(pupil: Pupil, day: dt.date, school: School | None = None) -> Response:
    """How and by when the school follows up the pupil's unexplained absence on `day`."""
    school = school or pupil.school
    settings = settings_of(school)
    level = pupil.vulnerability
    home_visit = parameters.get("absence_response_home_visit", day, settings)[level]
    days = parameters.get("absence_response_school_days", day, settings)[level]
    due = day
    if days:
        due = school_calendar(school.pk).school_days_after(day, days)
    return Response(
        kind=FollowUp.Kind.HOME_VISIT if home_visit else FollowUp.Kind.PHONE, due=due, vulnerability=level,
        source=parameters.source("absence_response_home_visit", day, settings),
    )



def needs_follow_up(mark: Mark) -> bool:
    return mark.expected in AWAY and mark.attended is False and (mark.absence_reason or "") in UNEXPLAINED


def sync_follow_up(mark: Mark, *, actor: Any) -> FollowUp | None:
    """Open a follow-up for an unexplained absence; stand it down when the mark is corrected (a reason
    given, or the pupil attended); open it again if the absence becomes unexplained again. A follow-up
    already done is left as it is. Call inside the transaction that wrote the mark."""
    existing = FollowUp.objects.select_for_update().filter(mark=mark).first()
    needed = needs_follow_up(mark)
    if existing is None:
        if not needed or mark.arrangement_id is None:
            return None
        response = response_for(mark.pupil, mark.date)
        follow_up = FollowUp.objects.create(
            school_id=mark.school_id, mark=mark, pupil_id=mark.pupil_id, arrangement_id=mark.arrangement_id,
            kind=response.kind, vulnerability=response.vulnerability, due=response.due,
        )
        record(actor=actor, action="open follow-up", obj=follow_up, school=mark.school,
               changes={"mark": mark.pk, "kind": response.kind, "due": response.due,
                        "vulnerability": response.vulnerability, "source": response.source})
        return follow_up
    if existing.status == FollowUp.Status.DONE:
        return existing
    wanted = FollowUp.Status.OPEN if needed else FollowUp.Status.NOT_NEEDED
    if existing.status != wanted:
        before = existing.status
        existing.status = wanted
        existing.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="reopen follow-up" if needed else "stand down follow-up", obj=existing,
               school=mark.school, changes={"status": [before, wanted], "mark": mark.pk})
    return existing


@dataclasses.dataclass(frozen=True)
class Outcome:
    follow_up: FollowUp
    event: Event
    closed: bool

    @property
    def message(self) -> str:
        pupil = self.follow_up.pupil
        kind = CHECK_KINDS[self.event.fields.get("kind", "")].lower()
        if self.closed:
            return f"The {kind} is recorded in {pupil.first_name}'s chronology and the follow-up is done."
        return (
            f"The {kind} is recorded in {pupil.first_name}'s chronology, but the follow-up stays open: "
            f"{pupil.first_name}'s vulnerability is {self.follow_up.vulnerability}, so the school's policy asks "
            f"for a home visit. Record the home visit here when it is made."
        )


def closes(follow_up: FollowUp, check_kind: str) -> bool:
    """A phone-call follow-up is closed by any welfare check; a home-visit one only by a home visit."""
    return follow_up.kind == FollowUp.Kind.PHONE or check_kind == "home_visit"


def close_answered(event: Event, *, actor: Any, but: FollowUp | None = None) -> list[FollowUp]:
    """Close the open follow-ups of the event's arrangement that this welfare check answers: an absence on
    or before its date, and a kind of check that closes it (`closes`). One audit row each. Call inside the
    transaction that recorded the event."""
    if event.type != "welfare_check":
        return []
    kind = (event.fields or {}).get("kind", "")
    open_ones = (FollowUp.objects.select_for_update(of=("self",)).select_related("mark")
                 .filter(arrangement_id=event.arrangement_id, status=FollowUp.Status.OPEN, mark__date__lte=event.date)
                 .order_by("mark__date", "mark__session"))
    closed = []
    for follow_up in open_ones:
        if (but is not None and follow_up.pk == but.pk) or not closes(follow_up, kind):
            continue
        follow_up.status, follow_up.done_by = FollowUp.Status.DONE, event
        follow_up.save(update_fields=["status", "done_by", "updated_at"])
        record(actor=actor, action="close follow-up", obj=follow_up, school=event.arrangement.school,
               changes={"event": event.pk, "kind": kind, "date": event.date, "status": follow_up.status,
                        "late": event.date > follow_up.due})
        closed.append(follow_up)
    return closed


@permission("record_events")
@transaction.atomic
def do_record_welfare_check(
    *, arrangement: Arrangement, date: dt.date, actor: Any, fields: dict[str, Any] | None = None, note: str = "",
    attachment: Any = None,
) -> tuple[Event, list[FollowUp]]:
    """Record a welfare check in the chronology and close the absence follow-ups it answers: the same call
    is never recorded twice."""
    event = do_record_event(arrangement=arrangement, type="welfare_check", date=date, actor=actor,
                            fields=fields, note=note, attachment=attachment)
    return event, close_answered(event, actor=actor)


@permission("record_welfare_checks")
@transaction.atomic
def do_record_follow_up_check(
    *, follow_up: FollowUp, kind: str, date: dt.date, note: str = "", actor: Any, today: dt.date
) -> Outcome:
    """Record the welfare check that answers a follow-up (a welfare_check event in the arrangement's
    chronology) and mark the follow-up done when the check is the kind it asks for. One audit row besides
    the event's own."""
    follow_up = (
        FollowUp.objects.select_for_update()
        .select_related("pupil", "arrangement__school", "mark")
        .get(pk=follow_up.pk)
    )
    if follow_up.status != FollowUp.Status.OPEN:
        status = follow_up.get_status_display().lower()
        raise ValidationError(f"This follow-up is {status}: there is nothing to record.")
    if kind not in CHECK_KINDS:
        raise ValidationError({"kind": "Choose how the pupil was seen or spoken to."})
    if date > today:
        raise ValidationError({"date": "The date of the welfare check is in the future."})
    if date < follow_up.mark.date:
        raise ValidationError(
            {"date": f"The welfare check must be on or after the absence ({follow_up.mark.date:%-d %B %Y})."}
        )
    event = do_record_event(arrangement=follow_up.arrangement, type="welfare_check", date=date, actor=actor,
                            fields={"kind": kind}, note=note)
    done = closes(follow_up, kind)
    if done:
        follow_up.status = FollowUp.Status.DONE
        follow_up.done_by = event
        follow_up.save(update_fields=["status", "done_by", "updated_at"])
    record(actor=actor, action="close follow-up" if done else "record check for follow-up", obj=follow_up,
           school=follow_up.arrangement.school,
           changes={"event": event.pk, "kind": kind, "date": date, "status": follow_up.status,
                    "late": date > follow_up.due})
    close_answered(event, actor=actor, but=follow_up)  # the same call answers the pupil's other absences
    return Outcome(follow_up=follow_up, event=event, closed=done)
