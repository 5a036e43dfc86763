"""The only code that writes arrangements, timetables, steps and the chronology.
One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from pathways.arrangements.models import Arrangement, Event, Status, Step, TimetableVersion
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import TEMPLATES, item_keys, missing
from pathways.arrangements.vocabulary import EVENT_FIELDS
from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.schools.models import StaffRole
from pathways.schools.permissions import MATRIX, event_permission, permission

ARRANGEMENT_FIELDS = (
    "pupil", "school", "kind", "reason", "start", "end", "provider", "status", "outcome", "suspension_days",
    "year11_exams_finished", "lead", "census_placement_reason",
)
EVENT_FIELDS_AUDITED = (
    "arrangement", "date", "type", "fields", "note", "supersedes", "correction_reason",
)
# Recorded by their own actions, which also move the arrangement on.
TYPES_WITH_THEIR_OWN_ACTION = {"headteacher_approval": "do_approve", "end": "do_end_arrangement"}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _iso_days(days: Iterable[dt.date | str]) -> list[str]:
    return [d if isinstance(d, str) else d.isoformat() for d in days]


NOT_A_LEAD = (
    "Choose a member of this school's staff to lead the arrangement: a governor, a provider's staff or "
    "someone from another school cannot lead it."
)


def can_lead(user: Any, school_id: int) -> bool:
    """Whether the user may lead an arrangement of the school: an active account holding a staff role
    there that may change records (not a governor; provider staff and other schools' staff hold none)."""
    return bool(
        getattr(user, "pk", None) and user.is_active
        and StaffRole.objects.filter(user_id=user.pk, school_id=school_id,
                                     role__in=MATRIX["plan_arrangements"].roles).exists()
    )


def _lead_for(school_id: int, lead: Any, actor: Any) -> Any:
    """The lead given, checked; else the actor when they may lead; else none (a command's import)."""
    if lead is None:
        return _user(actor) if can_lead(actor, school_id) else None
    if not can_lead(lead, school_id):
        raise ValidationError({"lead": NOT_A_LEAD})
    return lead


WITHDRAWN_IS_KEPT = ("This draft was withdrawn: it is kept as the record of a plan that did not go ahead, and "
                     "nothing more is recorded on it.")


def refuse_if_withdrawn(arrangement: Arrangement) -> None:
    """Every write to an arrangement refuses a withdrawn draft (docs/correcting-the-record.md)."""
    if arrangement.status == Status.WITHDRAWN:
        raise ValidationError(WITHDRAWN_IS_KEPT)


def _refuse_if_ended(arrangement: Arrangement, what: str) -> None:
    refuse_if_withdrawn(arrangement)
    if arrangement.status == Status.ENDED:
        raise ValidationError(f"The arrangement has ended: its {what} can no longer change.")


@permission("plan_arrangements")
def do_create_arrangement(
    *, pupil: Pupil, actor: Any, kind: str, start: dt.date, reason: str = "", end: dt.date | None = None,
    provider: Provider | None = None, suspension_days: Iterable[dt.date | str] = (),
    year11_exams_finished: bool = False, slots: dict[str, Any] | None = None, lead: Any = None,
) -> Arrangement:
    """A new arrangement, in draft. With `slots`, its usual week from the start. Led by `lead`, else by
    the actor."""
    return do_create_arrangement_with_plan(
        pupil=pupil, actor=actor, kind=kind, start=start, reason=reason, end=end, provider=provider,
        suspension_days=suspension_days, year11_exams_finished=year11_exams_finished, slots=slots, lead=lead,
    )


@permission("plan_arrangements")
@transaction.atomic
def do_create_arrangement_with_plan(
    *, pupil: Pupil, actor: Any, kind: str, start: dt.date, reason: str = "", end: dt.date | None = None,
    provider: Provider | None = None, suspension_days: Iterable[dt.date | str] = (),
    year11_exams_finished: bool = False, slots: dict[str, Any] | None = None,
    steps: Iterable[tuple[dt.date, Decimal | float | int]] = (), la_approval_on: dt.date | None = None,
    lead: Any = None,
) -> Arrangement:
    """A new arrangement in draft with everything the guided form asks for at once: its usual week, its
    phased steps and, for a placement the local authority approved, that approval in the chronology.
    Led by `lead` (a member of the school's staff), else by the actor. All or nothing, with one audit row."""
    arrangement = Arrangement(
        pupil=pupil, school_id=pupil.school_id, kind=kind, reason=reason, start=start, end=end, provider=provider,
        suspension_days=_iso_days(suspension_days), year11_exams_finished=year11_exams_finished,
        created_by=_user(actor), lead=_lead_for(pupil.school_id, lead, actor),
    )
    arrangement.full_clean()
    arrangement.save()
    changes = snapshot(arrangement, ARRANGEMENT_FIELDS)
    if slots is not None:
        version = TimetableVersion(arrangement=arrangement, effective_from=start, slots=slots, recorded_by=_user(actor))
        version.full_clean()
        version.save()
        changes["timetable"] = slots
    step_rows = []
    for from_date, hours in steps:
        step = Step(arrangement=arrangement, from_date=from_date, hours_in_school=Decimal(str(hours)))
        step.full_clean(validate_constraints=False)
        step_rows.append(step)
    if len({s.from_date for s in step_rows}) != len(step_rows):
        raise ValidationError({"steps": "Two phased steps start on the same day."})
    Step.objects.bulk_create(step_rows)
    if step_rows:
        changes["steps"] = [[s.from_date, str(s.hours_in_school)] for s in step_rows]
    if la_approval_on is not None:
        event = _new_event(arrangement=arrangement, type="la_approval", date=la_approval_on, actor=actor,
                           fields=None, note="Recorded when the arrangement was set up.", attachment=None)
        changes["la_approval"] = {"event": event.pk, "date": la_approval_on.isoformat()}
    record(actor=actor, action="create arrangement", obj=arrangement, school=arrangement.school, changes=changes)
    return arrangement


@permission("plan_arrangements")
@transaction.atomic
def do_set_timetable(
    *, arrangement: Arrangement, slots: dict[str, Any], effective_from: dt.date, actor: Any, seen: str | None = None
) -> TimetableVersion:
    """The usual week from `effective_from` on. Earlier weeks are kept: the history of the timetable is
    evidence. Setting it again for the same day replaces that day's version (the audit trail keeps both).
    With `seen`, the version of the arrangement the page was read at (audit.versions), an arrangement
    changed since (another timetable saved meanwhile) is refused (StaleVersion)."""
    if seen is not None:
        refuse_stale(Arrangement.objects.select_for_update().get(pk=arrangement.pk), seen, what="arrangement")
    _refuse_if_ended(arrangement, "timetable")
    version = TimetableVersion.objects.filter(arrangement=arrangement, effective_from=effective_from).first()
    before = version.slots if version is not None else None
    if version is None:
        version = TimetableVersion(arrangement=arrangement, effective_from=effective_from)
    version.slots = slots
    version.recorded_by = _user(actor)
    version.full_clean()
    version.save()
    record(
        actor=actor, action="set timetable", obj=arrangement, school=arrangement.school,
        changes={"effective_from": effective_from, "slots": [before, slots]},
    )
    return version


@permission("plan_arrangements")
@transaction.atomic
def do_add_step(
    *, arrangement: Arrangement, from_date: dt.date, hours_in_school: Decimal | float | int, actor: Any,
    seen: str | None = None,
) -> Step:
    """A step of the phased return: from `from_date`, `hours_in_school` hours a week in school. With `seen`,
    the version of the arrangement the page was read at (audit.versions), an arrangement changed since
    (a colleague's step, timetable or lead meanwhile) is refused (StaleVersion)."""
    if seen is not None:
        refuse_stale(Arrangement.objects.select_for_update().get(pk=arrangement.pk), seen, what="arrangement")
    _refuse_if_ended(arrangement, "steps")
    if Step.objects.filter(arrangement=arrangement, from_date=from_date).exists():
        raise ValidationError({"from_date": f"There is already a step from {from_date:%-d %B %Y}."})
    step = Step(arrangement=arrangement, from_date=from_date, hours_in_school=Decimal(str(hours_in_school)))
    step.full_clean()
    step.save()
    record(actor=actor, action="add step", obj=arrangement, school=arrangement.school,
           changes={"from_date": from_date, "hours_in_school": str(step.hours_in_school)})
    return step


def _event_snapshot(event: Event, fields: tuple[str, ...]) -> dict[str, Any]:
    return {**snapshot(event, fields), "attachment": event.attachment.name or ""}


def _new_event(
    *, arrangement: Arrangement, type: str, date: dt.date, actor: Any, fields: dict[str, Any] | None,
    note: str, attachment: File[Any] | None, supersedes: Event | None = None, correction_reason: str = "",
) -> Event:
    refuse_if_withdrawn(arrangement)
    details = dict(fields or {})
    if "written" in EVENT_FIELDS.get(type, ()):
        details.setdefault("written", True)
    event = Event(
        arrangement=arrangement, type=type, date=date, fields=details, note=note, recorded_by=_user(actor),
        supersedes=supersedes, correction_reason=correction_reason,
    )
    if attachment is not None:
        event.attachment = attachment
    event.full_clean()
    event.save()
    if supersedes is None:
        _confirmed(arrangement, type)
    return event


def _confirmed(arrangement: Arrangement, type: str) -> None:
    """The person whose role it is has now recorded an approval or consent an imported case file claimed:
    it is no longer waiting to be confirmed."""
    waiting = list(arrangement.to_confirm or [])
    for i, item in enumerate(waiting):
        if item.get("type") == type:
            del waiting[i]
            arrangement.to_confirm = waiting
            Arrangement.objects.filter(pk=arrangement.pk).update(to_confirm=waiting)
            return


@permission("record_events", choose=lambda kwargs: event_permission(kwargs.get("type")))
@transaction.atomic
def do_record_event(
    *, arrangement: Arrangement, type: str, date: dt.date, actor: Any, fields: dict[str, Any] | None = None,
    note: str = "", attachment: File[Any] | None = None,
) -> Event:
    """Add an entry to the chronology."""
    if type in TYPES_WITH_THEIR_OWN_ACTION:
        raise ValidationError({"type": f"Record this through {TYPES_WITH_THEIR_OWN_ACTION[type]}."})
    event = _new_event(arrangement=arrangement, type=type, date=date, actor=actor, fields=fields, note=note,
                       attachment=attachment)
    record(actor=actor, action="record event", obj=event, school=arrangement.school,
           changes=_event_snapshot(event, EVENT_FIELDS_AUDITED), label=f"{arrangement}: {event}")
    return event


@permission("record_events")
@transaction.atomic
def do_correct_event(
    *, event: Event, actor: Any, reason: str, date: dt.date | None = None, type: str | None = None,
    fields: dict[str, Any] | None = None, note: str | None = None, attachment: File[Any] | None = None,
    answers: dict[str, Any] | None = None,
) -> Event:
    """Correct an entry: a new event that supersedes it, with the reason. The old entry is kept for the
    record and left out of what the rules read. What is not given is copied from the old entry, the
    answers of its form (record_templates.py) included: a corrected consideration form or visit carries
    its form, as corrected (`answers`) or as it was, and is refused if the form would be incomplete."""
    event = Event.objects.select_for_update().select_related("arrangement__school").get(pk=event.pk)
    if Event.objects.filter(supersedes=event).exists():
        raise ValidationError("This entry has already been corrected: correct the latest version instead.")
    if not (reason or "").strip():
        raise ValidationError({"correction_reason": "Say why the entry is being corrected."})
    new_type = type or event.type
    own_action = TYPES_WITH_THEIR_OWN_ACTION
    if new_type != event.type and (new_type in own_action or event.type in own_action):
        raise ValidationError({"type": "An approval or an ending cannot become another kind of entry."})
    corrected = _new_event(
        arrangement=event.arrangement, type=new_type, date=date or event.date, actor=actor,
        fields=fields if fields is not None else (event.fields if new_type == event.type else {}),
        note=note if note is not None else event.note,
        attachment=attachment if attachment is not None else (event.attachment or None),
        supersedes=event, correction_reason=reason.strip(),
    )
    before = _event_snapshot(event, ("date", "type", "fields", "note"))
    after = _event_snapshot(corrected, ("date", "type", "fields", "note"))
    carried = _carry_the_form(event, corrected, answers)
    if carried is not None:
        before["answers"], after["answers"] = _answers_of(event), carried
    record(actor=actor, action="correct event", obj=corrected, school=event.arrangement.school,
           changes={"supersedes": event.pk, "reason": reason.strip(), **changes_between(before, after)},
           label=f"{event.arrangement}: {corrected}")
    return corrected


def _answers_of(event: Event) -> dict[str, str] | None:
    found = EventRecord.objects.filter(event=event).first()
    return dict(found.answers) if found else None


def _carry_the_form(event: Event, corrected: Event, answers: dict[str, Any] | None) -> dict[str, str] | None:
    """The corrected entry's record: the answers given, else (an entry kept of its type) the old entry's.
    None when the entry has no form or no answers to carry (an entry recorded without its form)."""
    template = TEMPLATES.get(corrected.type)
    if template is None:
        return None
    if answers is None:
        answers = _answers_of(event) if corrected.type == event.type else None
    if answers is None:
        return None
    keys = [q.key for q in template.questions] + [k for item in template.checklist for k in item_keys(item, template)]
    given = {k: str(answers.get(k) or "").strip() for k in keys if str(answers.get(k) or "").strip()}
    gaps = missing(template, given)
    if gaps:
        raise ValidationError({key: f"Enter {what[0].lower() + what[1:]}: the form needs it." for key, what in gaps})
    EventRecord.objects.create(event=corrected, answers=given)
    return given


def _move(arrangement: Arrangement, to: str, allowed_from: tuple[str, ...], what: str) -> str:
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    if arrangement.status not in allowed_from:
        raise ValidationError(
            f"The arrangement is {arrangement.get_status_display().lower()}: it cannot be {what}."
        )
    return arrangement.status


@permission("plan_arrangements")
@transaction.atomic
def do_submit_for_approval(*, arrangement: Arrangement, actor: Any) -> Arrangement:
    before = _move(arrangement, Status.AWAITING_APPROVAL, (Status.DRAFT,), "sent for approval")
    arrangement.status = Status.AWAITING_APPROVAL
    arrangement.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="submit arrangement for approval", obj=arrangement, school=arrangement.school,
           changes={"status": [before, arrangement.status]})
    return arrangement


@permission("approve_arrangements")
@transaction.atomic
def do_approve(*, arrangement: Arrangement, actor: Any, on: dt.date, note: str = "") -> Arrangement:
    """The headteacher approves: the arrangement becomes active and the chronology records the approval."""
    before = _move(arrangement, Status.ACTIVE, (Status.AWAITING_APPROVAL,), "approved")
    event = _new_event(arrangement=arrangement, type="headteacher_approval", date=on, actor=actor, fields=None,
                       note=note, attachment=None)
    arrangement.status = Status.ACTIVE
    arrangement.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="approve arrangement", obj=arrangement, school=arrangement.school,
           changes={"status": [before, arrangement.status], "event": event.pk, "date": on})
    return arrangement


@permission("end_arrangements")
@transaction.atomic
def do_end_arrangement(
    *, arrangement: Arrangement, actor: Any, on: dt.date, outcome: str, note: str = ""
) -> Arrangement:
    """End the arrangement on `on` (its last day) with its outcome, recorded in the chronology."""
    before_status = _move(arrangement, Status.ENDED, (Status.ACTIVE,), "ended")
    if on < arrangement.start:
        raise ValidationError(
            {"end": f"The arrangement started on {arrangement.start:%-d %B %Y}: it cannot end before."}
        )
    before = snapshot(arrangement, ("status", "end", "outcome"))
    arrangement.status, arrangement.end, arrangement.outcome = Status.ENDED, on, outcome
    arrangement.full_clean()
    event = _new_event(arrangement=arrangement, type="end", date=on, actor=actor, fields={"outcome": outcome},
                       note=note, attachment=None)
    arrangement.save()
    changes = changes_between(before, snapshot(arrangement, ("status", "end", "outcome")))
    record(actor=actor, action="end arrangement", obj=arrangement, school=arrangement.school,
           changes={**changes, "event": event.pk, "previous_status": before_status})
    return arrangement


@permission("plan_arrangements")
@transaction.atomic
def do_change_arrangement_lead(
    *, arrangement: Arrangement, lead: Any, actor: Any, seen: str | None = None
) -> Arrangement:
    """Hand the arrangement to another member of the school's staff (a lead going on leave or leaving,
    or a placement set up by one person and run by another). The audit trail is the record of the change:
    the chronology's entries are the case file's, and none is a change of lead. With `seen`, the version
    of the arrangement the page was read at (audit.versions), an arrangement changed since is refused."""
    arrangement = (Arrangement.objects.select_for_update(of=("self",)).select_related("school", "lead")
                   .get(pk=arrangement.pk))
    refuse_stale(arrangement, seen, what="arrangement")
    refuse_if_withdrawn(arrangement)
    if lead is None or not can_lead(lead, arrangement.school_id):
        raise ValidationError({"lead": NOT_A_LEAD})
    if arrangement.lead_id == lead.pk:
        raise ValidationError({"lead": f"{lead} already leads this arrangement: choose someone else."})
    before = arrangement.lead
    arrangement.lead = lead
    arrangement.save(update_fields=["lead", "updated_at"])
    record(actor=actor, action="change arrangement lead", obj=arrangement, school=arrangement.school,
           changes={"lead": [before.pk if before else None, lead.pk],
                    "lead_name": [str(before) if before else None, str(lead)]})
    return arrangement


# Importing a case file (`do_import_case_file`) is in importing.py: it calls the pupils' and providers'
# actions for their rows.
