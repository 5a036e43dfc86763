"""The only code that writes the register. One transaction and one audit row each.

    do_record_mark(*, pupil, arrangement, day, session, code=None, attended=None, reason=None,
                   arrived=None, comment="", source, reported_at=None, actor) -> Mark
    do_record_day(*, school, day, rows, actor) -> DaySaved (a list of the marks written)
    do_start_mark_import(*, school, filename, mode, data, actor) -> MarkImport

With no code, the engine's derived code is stored. A code given is validated by the engine (the
code set in force that day, and equal to the derived code): a wrong one raises
ValidationError({"code": "<the engine's reason>; the right code is X"}).

Every writer of marks first takes the pupils' register stamps, in pupil order (attendance.locks), so
writers of the same pupils queue instead of deadlocking; a session's first mark is written by an upsert.

No lost update: a register row may carry `seen`, the version of the session its page showed
(Mark.version, "" for none). A session written since (by a colleague, a provider or an import) is not
overwritten: it comes back in DaySaved.conflicts with the other mark and who wrote it, and the rest of
the day is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathways.arrangements.models import Arrangement
from pathways.attendance.followups import sync_follow_up
from pathways.attendance.locks import lock_registers
from pathways.attendance.models import Mark, MarkImport, Source, version_of
from pathways.audit.record import changes_between, record, snapshot
from pathways.cases.coding import Coded, arrangement_of, expected_code
from pathways.policy import casefile as cf
from pathways.pupils.models import Pupil
from pathways.register import mis
from pathways.register.days import check_marking_day
from pathways.schools.models import School
from pathways.schools.permissions import permission
from pathways.writeback.outbox import queue_marks

MARK_FIELDS = (
    "arrangement", "date", "session", "expected", "code", "attended", "absence_reason", "arrived",
    "minutes_late", "comment", "source", "reported_at",
)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _minutes_late(coded: Coded, arrived: dt.time | None) -> int | None:
    """Minutes after the register opened, for a pupil who arrived late in school."""
    if arrived is None or coded.where != "school":
        return None
    late = arrived.hour * 60 + arrived.minute - coded.register_opens.minutes
    return late if late > 0 else None


def _write_mark(
    *, pupil: Pupil, arrangement: Arrangement | None, day: dt.date, session: str, code: str | None,
    attended: bool | None, reason: str | None, arrived: dt.time | None, comment: str, source: str,
    reported_at: dt.datetime | None, actor: Any,
) -> tuple[Mark, str, dict[str, Any]]:
    if session not in cf.SESSIONS:
        raise ValidationError({"session": "Choose the morning (am) or afternoon (pm) session."})
    if source not in Source.values:
        raise ValidationError({"source": "The source must be school, provider or import."})
    if reason and reason not in cf.ABSENCE_REASONS:
        raise ValidationError({"absence_reason": "Choose a reason for the absence from the list."})
    if arrangement is None:
        arrangement = arrangement_of(pupil, day)
        if arrangement is None:
            raise ValidationError(
                {"arrangement": f"{pupil} has no arrangement running on {day:%d %b %Y}: record the mark in the MIS."}
            )
    if arrangement.pupil_id != pupil.pk:
        raise ValidationError({"arrangement": "This arrangement is not the pupil's."})
    code = (code or "").strip().upper() or None
    coded = expected_code(arrangement, day, session, attended=attended, reason=reason, arrived=arrived,
                          recorded=code, reported_at=reported_at)
    if code is not None and coded.recorded_valid is False:
        raise ValidationError({"code": coded.reason or f"{code} is not valid for this session."})
    if code is None:
        if coded.code is None:
            why = coded.problems[0] if coded.problems else (
                f"no code is derived for {day:%d %b %Y} (before 19 Aug 2024): type the code the register holds"
            )
            raise ValidationError({"code": why})
        code = coded.code
    other_problems = [p for p in coded.problems if "not a school day" in p]
    if other_problems:
        raise ValidationError({"date": other_problems[0]})

    mark = Mark.objects.select_for_update().filter(pupil=pupil, date=day, session=session).first()
    before = snapshot(mark, MARK_FIELDS) if mark is not None else None
    if mark is None:
        mark = Mark(school_id=pupil.school_id, pupil=pupil, date=day, session=session)
    mark.arrangement = arrangement
    mark.expected = coded.where
    mark.code = code
    mark.attended = attended
    mark.absence_reason = reason or ""
    mark.arrived = arrived
    mark.minutes_late = _minutes_late(coded, arrived)
    mark.comment = comment or ""
    mark.source = source
    mark.reported_at = reported_at if reported_at is not None else (
        timezone.now() if source == Source.PROVIDER else mark.reported_at
    )
    mark.recorded_by = _user(actor)
    mark.full_clean(validate_constraints=False)
    if mark.pk is None:
        _insert_first(mark)
    else:
        mark.save()
    after = snapshot(mark, MARK_FIELDS)
    if before is None:
        return mark, "record mark", after
    return mark, "change mark", changes_between(before, after)


UPSERTED = tuple(f.name for f in Mark._meta.concrete_fields if f.name not in ("id", "pupil", "date", "session"))


def _insert_first(mark: Mark) -> None:
    """A session's first mark, as an upsert: a writer that did not take the pupil's stamp (none should)
    and created the same session first is overwritten rather than failing on the unique key."""
    Mark.objects.bulk_create([mark], update_conflicts=True, unique_fields=["pupil", "date", "session"],
                             update_fields=list(UPSERTED))


def _refuse_a_day_off(school_id: int, day: dt.date) -> None:
    """Marks only for the school's school days, and none for a day still to come (register/days.py)."""
    why = check_marking_day(school_id, day, timezone.localdate())
    if why is not None:
        raise ValidationError({"date": why})


@permission("take_register", "report_placements")
@transaction.atomic
def do_record_mark(
    *, pupil: Pupil, arrangement: Arrangement | None, day: dt.date, session: str, code: str | None = None,
    attended: bool | None = None, reason: str | None = None, arrived: dt.time | None = None, comment: str = "",
    source: str, reported_at: dt.datetime | None = None, actor: Any,
) -> Mark:
    """Record (or re-record) one session's mark. See the module docstring."""
    _refuse_a_day_off(pupil.school_id, day)
    lock_registers([pupil.pk])
    mark, action, changes = _write_mark(
        pupil=pupil, arrangement=arrangement, day=day, session=session, code=code, attended=attended,
        reason=reason, arrived=arrived, comment=comment, source=source, reported_at=reported_at, actor=actor,
    )
    record(actor=actor, action=action, obj=mark, school=mark.school, changes=changes)
    sync_follow_up(mark, actor=actor)  # an unexplained absence from a provider or online session
    queue_marks([mark])  # for the school's MIS (pathways/writeback/outbox.py)
    return mark


@dataclass
class Conflict:
    """A session written by someone else since the page was opened: their mark, and the row not saved."""

    pupil: Pupil
    session: str
    theirs: Mark | None
    mine: Mapping[str, Any]

    @property
    def by(self) -> str:
        """Who wrote their mark, in the school's words."""
        mark = self.theirs
        if mark is None:
            return "Someone"
        if mark.recorded_by is not None:
            return str(mark.recorded_by.get_full_name() or mark.recorded_by.get_username())
        return {"provider": "The provider", "import": "The MIS import"}.get(mark.source, "Someone")


class DaySaved(list[Mark]):
    """The marks written, and the sessions not written because they changed since the page was read."""

    def __init__(self, marks: Iterable[Mark] = (), conflicts: Iterable[Conflict] = ()) -> None:
        super().__init__(marks)
        self.conflicts = list(conflicts)


@permission("take_register")
@transaction.atomic
def do_record_day(
    *, school: School, day: dt.date, rows: Iterable[Mapping[str, Any]], actor: Any
) -> DaySaved:
    """The day's register as the page sends it: every row written, or none. Each row is a mapping with
    `pupil` (a Pupil of the school), `session`, and optionally `arrangement`, `code`, `attended`,
    `reason`, `arrived`, `comment` and `seen` (the version the page showed: a session changed since is a
    conflict, not written). A ValidationError({"<pupil id>-<session>-<field>": [message]}) names every
    row that is wrong. One audit row for the day."""
    rows = list(rows)
    for row in rows:
        if row["pupil"].school_id != school.pk:
            raise ValidationError({"pupil": "This pupil is not on your school's roll."})
    _refuse_a_day_off(school.pk, day)
    lock_registers(row["pupil"].pk for row in rows)
    rows, conflicts = _conflicts(day, rows)
    marks = DaySaved(conflicts=conflicts)
    written: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for row in rows:
        pupil: Pupil = row["pupil"]
        try:
            mark, _action, changes = _write_mark(
                pupil=pupil, arrangement=row.get("arrangement"), day=day, session=row["session"],
                code=row.get("code"), attended=row.get("attended"), reason=row.get("reason"),
                arrived=row.get("arrived"), comment=row.get("comment", ""), source=Source.SCHOOL, reported_at=None,
                actor=actor,
            )
        except ValidationError as error:
            key = f"{pupil.pk}-{row['session']}"
            messages = error.message_dict if hasattr(error, "error_dict") else {"code": error.messages}
            for field, msgs in messages.items():
                errors[f"{key}-{field}"] = list(msgs)
            continue
        marks.append(mark)
        sync_follow_up(mark, actor=actor)
        if changes:
            written[f"{pupil.pk}-{row['session']}"] = changes
    if errors:
        raise ValidationError(errors)  # the transaction is rolled back: nothing is written
    queue_marks(marks)  # for the school's MIS (pathways/writeback/outbox.py)
    if written or not conflicts:
        record(actor=actor, action="record register", obj=None, school=school,
               changes={"date": day, "marks": written}, label=f"Register for {day:%d %b %Y}")
    return marks


def _conflicts(day: dt.date, rows: list[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], list[Conflict]]:
    """The rows whose session is as the page saw it, and the conflicts: read after the stamps are taken,
    so no writer can change a session between this check and the write."""
    checked = [row for row in rows if "seen" in row]
    if not checked:
        return rows, []
    current = {(m.pupil_id, m.session): m for m in Mark.objects.filter(
        date=day, pupil_id__in={row["pupil"].pk for row in checked}).select_related("recorded_by")}
    keep: list[Mapping[str, Any]] = []
    conflicts: list[Conflict] = []
    for row in rows:
        theirs = current.get((row["pupil"].pk, row["session"]))
        if "seen" in row and (row["seen"] or "") != version_of(theirs):
            conflicts.append(Conflict(pupil=row["pupil"], session=row["session"], theirs=theirs, mine=row))
        else:
            keep.append(row)
    return keep, conflicts


@permission("take_register")
def do_start_mark_import(*, school: School, filename: str, mode: str, data: bytes, actor: Any) -> MarkImport:
    """An MIS import begun: its progress row with the audit row saying who started it, then the file checked
    and written in the request or, with more rows than mis.background_threshold(), enqueued for the worker.
    The marks' own audit row is written with them (mis.write)."""
    with transaction.atomic():
        mark_import = MarkImport.objects.create(
            school=school, filename=filename[:255], mode=mode, rows_total=mis.count_rows(data),
            started_by=_user(actor),
        )
        record(actor=actor, action="start mark import", obj=mark_import, school=school,
               changes={"file": mark_import.filename, "rows": mark_import.rows_total, "mode": mode},
               label=f"MIS import of {mark_import.filename} started")
    if mark_import.rows_total > mis.background_threshold():
        mis.enqueue_import(mark_import, data)
    else:
        mis.run_import(mark_import, data, actor)
    return mark_import
