"""Deleting every record of pupils whose records have passed their date (purge.py decides which).

In the order the database's keys require: notices to the local authority, progress reports sent to
parents, follow-ups, register marks,
risk assessments, the chronology (corrections unlinked first: an entry protects the one it corrects),
arrangements with their timetables and steps, then Today's stamps and kept findings (after the marks
and events, whose deletion raises the stamps by trigger), the pupils, and the attachment files once
the deletion is committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction


def _ids(label: str, **where: Any) -> list[Any]:
    return list(apps.get_model(label).objects.filter(**where).values_list("pk", flat=True))


def records_of(pupil_ids: Iterable[int]) -> dict[str, list[Any]]:
    """Every record about the pupils, by model label (the audit trail's object_type)."""
    pupils = list(pupil_ids)
    arrangements = _ids("arrangements.Arrangement", pupil_id__in=pupils)
    return {
        "pupils.pupil": pupils,
        "arrangements.arrangement": arrangements,
        "arrangements.event": _ids("arrangements.Event", arrangement_id__in=arrangements),
        "arrangements.timetableversion": _ids("arrangements.TimetableVersion", arrangement_id__in=arrangements),
        "arrangements.step": _ids("arrangements.Step", arrangement_id__in=arrangements),
        "attendance.mark": _ids("attendance.Mark", pupil_id__in=pupils),
        "attendance.followup": _ids("attendance.FollowUp", pupil_id__in=pupils),
        "safeguarding.riskassessment": _ids("safeguarding.RiskAssessment", arrangement_id__in=arrangements),
        "notifications.notice": _ids("notifications.Notice", arrangement_id__in=arrangements),
        "reports.progressreportsent": _ids("reports.ProgressReportSent", arrangement_id__in=arrangements),
    }


def delete_pupils(pupil_ids: list[int], named: dict[str, list[Any]]) -> None:
    def model(label: str) -> Any:
        return apps.get_model(label)

    arrangements = named["arrangements.arrangement"]
    events = model("arrangements.Event").objects.filter(arrangement_id__in=arrangements)
    files = sorted(set(events.exclude(attachment="").values_list("attachment", flat=True)))
    model("notifications.Notice").objects.filter(arrangement_id__in=arrangements).delete()
    model("reports.ProgressReportSent").objects.filter(arrangement_id__in=arrangements).delete()
    model("attendance.FollowUp").objects.filter(pupil_id__in=pupil_ids).delete()
    model("attendance.Mark").objects.filter(pupil_id__in=pupil_ids).delete()
    assessments = model("safeguarding.RiskAssessment").objects.filter(arrangement_id__in=arrangements)
    assessments.update(previous=None)
    assessments.delete()
    events.update(supersedes=None)
    events.delete()
    model("arrangements.Arrangement").objects.filter(pk__in=arrangements).delete()
    model("today.Judgement").objects.filter(arrangement_id__in=arrangements).delete()
    model("today.ChronologyStamp").objects.filter(arrangement_id__in=arrangements).delete()
    model("today.RegisterStamp").objects.filter(pupil_id__in=pupil_ids).delete()
    model("pupils.Pupil").objects.filter(pk__in=pupil_ids).delete()
    # Another pupil's entry never shares a file (each upload gets its own name), so these go.
    transaction.on_commit(lambda: delete_files(files))


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
