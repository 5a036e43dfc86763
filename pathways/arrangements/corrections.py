"""Correcting the record: editing an arrangement's dates, reason, provider and lead after it was set up,
withdrawing a draft that will not go ahead, and marking an entry of the chronology "entered in error".
One transaction and one audit row each; nothing is deleted.

- `do_edit_arrangement` changes what was set up wrongly or has changed. The register's expectations
  come from the arrangement as it now is (the daily register reads its dates and provider), so they
  follow the change from its date; marks already recorded keep their code and where the pupil was
  expected (they are the record of the day), and the audit row says how many of them now fall outside
  the arrangement's dates. The rules judge the arrangement again on the next read (its `updated_at` is
  part of the key Today keeps findings under).
- `do_withdraw_arrangement` closes a draft with its reason: kept for the record, out of the lists and
  Today.
- `do_mark_event_in_error` keeps the entry, shown struck through with the reason, and leaves it out of
  what the rules and the reports read (`Event.current`).
- `do_record_visit_slt_told` adds to a home visit of the chronology the day senior leaders were told, as a
  correction of the entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.actions import NOT_A_LEAD, _user, can_lead, do_correct_event, refuse_if_withdrawn
from pathways.arrangements.models import Arrangement, EnteredInError, Event, Status
from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.providers.models import Provider
from pathways.schools.permissions import permission

EDITABLE_FIELDS = ("start", "end", "reason", "provider", "lead")
# Kinds whose pupil is away at a provider: the provider is part of what they are.
PROVIDER_KINDS = ("alternative_provision", "online_learning")


@permission("plan_arrangements")
@transaction.atomic
def do_edit_arrangement(
    *, arrangement: Arrangement, actor: Any, start: dt.date, end: dt.date | None, reason: str,
    provider: Provider | None, lead: Any, why: str, seen: str | None = None,
) -> Arrangement:
    """Change the arrangement's dates, reason, provider and lead, saying why. `seen` is the version the form was
    read at (a change made since is refused: StaleVersion). An ended or withdrawn arrangement is the
    record of what happened and is not edited."""
    arrangement = (Arrangement.objects.select_for_update(of=("self",))
                   .select_related("school", "pupil", "provider", "lead").get(pk=arrangement.pk))
    refuse_stale(arrangement, seen, what="arrangement")
    if not (why or "").strip():
        raise ValidationError({"change_reason": "Say why the arrangement is being changed."})
    if arrangement.status in (Status.ENDED, Status.WITHDRAWN):
        raise ValidationError(
            f"The arrangement is {arrangement.get_status_display().lower()}: it is the record of what "
            f"happened and cannot be changed."
        )
    if lead is None or not can_lead(lead, arrangement.school_id):
        raise ValidationError({"lead": NOT_A_LEAD})
    if provider is None and arrangement.kind in PROVIDER_KINDS and arrangement.provider_id is not None:
        raise ValidationError({"provider": "Choose the provider: this kind of arrangement is at a provider."})
    before = snapshot(arrangement, EDITABLE_FIELDS)
    arrangement.start, arrangement.end, arrangement.reason = start, end, reason
    arrangement.provider, arrangement.lead = provider, lead
    arrangement.full_clean()
    after = snapshot(arrangement, EDITABLE_FIELDS)
    changes = changes_between(before, after)
    if not changes:
        raise ValidationError("Nothing was changed.")
    arrangement.save()
    recorded = arrangement.marks.exclude(code="")
    outside = recorded.filter(date__lt=start).count() + (recorded.filter(date__gt=end).count() if end else 0)
    record(actor=actor, action="edit arrangement", obj=arrangement, school=arrangement.school,
           changes={**changes, "why": why.strip(), "recorded_marks_kept_outside_dates": outside})
    arrangement.marks_outside_dates = outside  # type: ignore[attr-defined]
    return arrangement


@permission("plan_arrangements")
@transaction.atomic
def do_withdraw_arrangement(*, arrangement: Arrangement, actor: Any, reason: str) -> Arrangement:
    """A draft that will not go ahead: kept, with the reason, and out of the lists and Today."""
    arrangement = Arrangement.objects.select_for_update(of=("self",)).select_related("school").get(
        pk=arrangement.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the arrangement is being withdrawn."})
    if arrangement.status != Status.DRAFT:
        raise ValidationError(
            f"The arrangement is {arrangement.get_status_display().lower()}: only a draft can be withdrawn."
        )
    arrangement.status, arrangement.withdrawal_reason = Status.WITHDRAWN, reason.strip()
    arrangement.save(update_fields=["status", "withdrawal_reason", "updated_at"])
    record(actor=actor, action="withdraw arrangement", obj=arrangement, school=arrangement.school,
           changes={"status": [Status.DRAFT, Status.WITHDRAWN], "reason": arrangement.withdrawal_reason})
    return arrangement


@permission("record_events")
@transaction.atomic
def do_mark_event_in_error(*, event: Event, actor: Any, reason: str) -> EnteredInError:
    """Mark an entry of the chronology entered in error. The entry is kept and shown struck through with
    the reason; the rules and the reports no longer read it. Only the latest version of an entry can be
    marked (a corrected one is already out of what the rules read)."""
    event = Event.objects.select_for_update().select_related("arrangement__school").get(pk=event.pk)
    refuse_if_withdrawn(event.arrangement)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the entry was entered in error."})
    if Event.objects.filter(supersedes=event).exists():
        raise ValidationError("This entry has been corrected: mark the latest version instead.")
    if EnteredInError.objects.filter(event=event).exists():
        raise ValidationError("This entry is already marked as entered in error.")
    if event.type in ("headteacher_approval", "end"):
        raise ValidationError("An approval or an ending is not marked in error: correct it instead.")
    mark = EnteredInError(event=event, reason=reason.strip(), recorded_by=_user(actor))
    mark.full_clean()
    mark.save()
    record(actor=actor, action="mark event entered in error", obj=event, school=event.arrangement.school,
           changes={"event": event.pk, "type": event.type, "date": event.date, "reason": mark.reason},
           label=f"{event.arrangement}: {event}")
    return mark


@permission("record_events")
@transaction.atomic
def do_record_visit_slt_told(*, event: Event, actor: Any, on: dt.date, who_was_told: str = "",
                             today: dt.date | None = None) -> Event:
    """Senior leaders told of a home visit of the chronology that does not say so (MIL-HOME-VISITS): the
    visit corrected to carry the day (`slt_informed`), the entry as recorded kept beside it, as every
    correction of the record is (`do_correct_event`). Not a second visit."""
    event = Event.objects.select_for_update().select_related("arrangement__school").get(pk=event.pk)
    refuse_if_withdrawn(event.arrangement)
    if event.type != "welfare_check" or (event.fields or {}).get("kind") != "home_visit":
        raise ValidationError({"event": "Only a home visit records senior leaders told."})
    if Event.objects.filter(supersedes=event).exists() or EnteredInError.objects.filter(event=event).exists():
        raise ValidationError({"event": "This entry has been corrected or marked in error: use its latest version."})
    if (event.fields or {}).get("slt_informed"):
        raise ValidationError({"slt_informed_on": "Senior leaders are already recorded as told of this visit."})
    if on > (today or dt.date.today()):
        raise ValidationError({"slt_informed_on": "The date senior leaders were told is in the future."})
    if on < event.date:
        raise ValidationError({"slt_informed_on": f"The visit was on {event.date:%-d %B %Y}: senior leaders "
                                                  "were told on that day or after it."})
    who = f" ({who_was_told.strip()})" if (who_was_told or "").strip() else ""
    return do_correct_event(event=event, actor=actor, fields={**event.fields, "slt_informed": on.isoformat()},
                            reason=f"Senior leaders told of the home visit on {on:%-d %B %Y}{who}.")
