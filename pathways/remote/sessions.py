"""The register of live lessons and recordings: the action that records a session, the action that deletes
a recording, and the nightly deletion of every recording past its date (RTL-RECORDING-RETENTION). One
transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from pathways.audit.record import record
from pathways.policy import parameters
from pathways.pupils.models import Pupil
from pathways.remote.models_sessions import LiveSession
from pathways.schools.models import School
from pathways.schools.permissions import permission

logger = logging.getLogger(__name__)
RETENTION = "recording_retention_days"


def retention_days(school: School, made: dt.date) -> int:
    """The school's `recording_retention_days` in force on the day a recording was made."""
    days: int = parameters.get(RETENTION, made, school.policy_settings or {})
    return days


def retention_source(school: School, made: dt.date) -> str:
    return parameters.source(RETENTION, made, school.policy_settings or {})


@permission("record_events")
@transaction.atomic
def do_record_live_session(*, school: School, actor: Any, held_on: dt.date, group: str, platform: str, led_by: str,
                           pupils: Iterable[Pupil] = (), pre_recorded: bool = False, one_to_one: bool = False,
                           slt_told: bool = False,
                           all_parents_consented: bool = False, recorded: bool = False,
                           recording: Any = None) -> LiveSession:
    """A live or recorded session with pupils off site, or a pre-recorded lesson (no pupils, exempt from
    deletion). A recording of a session with pupils gets its deletion date from the school's parameter."""
    chosen = list(pupils)
    if any(p.school_id != school.pk for p in chosen):
        raise ValidationError({"pupils": "Choose pupils of this school."})
    if pre_recorded and chosen:
        raise ValidationError({"pupils": "A pre-recorded lesson has no pupils taking part: choose none, or say "
                                         "it was live."})
    if not pre_recorded and not chosen:
        raise ValidationError({"pupils": "Choose the pupils who took part off site."})
    if recording and not (recorded or pre_recorded):
        raise ValidationError({"recorded": "Say the session was recorded, or upload no recording."})
    session = LiveSession(school=school, held_on=held_on, group=group, platform=platform, led_by=led_by,
                          pre_recorded=pre_recorded, one_to_one=one_to_one and not pre_recorded, slt_told=slt_told,
                          all_parents_consented=all_parents_consented,
                          recorded=recorded or pre_recorded, created_by=actor if getattr(actor, "pk", None) else None)
    if recording:
        session.recording = recording
    if session.recorded and not pre_recorded:
        session.delete_by = held_on + dt.timedelta(days=retention_days(school, held_on))
    session.full_clean()
    session.save()
    session.pupils.set(chosen)
    record(actor=actor, action="recorded a live session" if not pre_recorded else "recorded a pre-recorded lesson",
           obj=session, school=school,
           changes={"date": held_on, "group": group, "platform": platform, "led by": led_by,
                    "pupils": ", ".join(p.first_name for p in chosen), "one to one": session.one_to_one,
                    "senior leaders told": slt_told,
                    "every parent consented": all_parents_consented, "recorded": session.recorded,
                    "delete by": session.delete_by})
    return session


@permission("record_events")
@transaction.atomic
def do_delete_recording(*, school: School, actor: Any, session: LiveSession, today: dt.date) -> LiveSession:
    """Delete the recording of a session (its file, where one was uploaded) and say when. No actor: the
    nightly job."""
    locked = LiveSession.objects.select_for_update().get(pk=session.pk, school=school)
    if not locked.keeps_recording:
        return locked
    name = locked.recording.name
    if name:
        locked.recording.delete(save=False)
    locked.deleted_on = today
    locked.save(update_fields=["recording", "deleted_on"])
    late = locked.delete_by is not None and today > locked.delete_by
    record(actor=actor, action="deleted the recording of a live session", obj=locked, school=school,
           changes={"session of": locked.held_on, "group": locked.group, "file": name or "(none uploaded)",
                    "delete by": locked.delete_by, "deleted on": today, "late": late})
    return locked


def past_deletion(school_ids: Iterable[int], today: dt.date) -> QuerySet[LiveSession]:
    """Recordings kept past their deletion date (the day after `delete_by` or later)."""
    return LiveSession.objects.filter(school_id__in=list(school_ids), recorded=True, pre_recorded=False,
                                      deleted_on__isnull=True, delete_by__lt=today)


def delete_due_recordings(today: dt.date) -> list[LiveSession]:
    """The nightly job: every recording whose deletion date has come (on or before `today`) is deleted."""
    due = (LiveSession.objects.filter(recorded=True, pre_recorded=False, deleted_on__isnull=True,
                                      delete_by__lte=today).select_related("school").order_by("delete_by", "id"))
    done = []
    for session in due:
        done.append(do_delete_recording(school=session.school, actor=None, session=session, today=today))
        logger.info("deleted the recording of live session %s (delete by %s)", session.pk, session.delete_by)
    return done
