"""Writing an import's valid rows: in bulk (COPY on PostgreSQL, executemany in batches elsewhere; for
sessions already marked, one UPDATE from a temporary table filled by COPY on PostgreSQL, an UPDATE by
id in batches elsewhere), source "import", with one audit row for the import.

On PostgreSQL the import page's path (do_check_and_import_marks) checks and writes in one transaction,
the rows going into a COPY as soon as they are checked, so the server's work (index upkeep, mostly)
overlaps the checking; all-or-nothing rolls the transaction back when a row is rejected.

The import's "done" (its status and counts on the MarkImport) is written in the same transaction as its
marks (_record_import), so an import whose worker died is either wholly written and done, or not
written at all: run again by the next worker, it writes each mark once.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from pathways.attendance.followups import AWAY, UNEXPLAINED, sync_follow_up
from pathways.attendance.locks import lock_registers
from pathways.attendance.models import Mark, MarkImport, Source
from pathways.audit.record import record
from pathways.pupils.models import Pupil
from pathways.register.mis.check import Checked, Row, validate
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School
from pathways.schools.permissions import permission

BATCH = 5_000

COLUMNS = ("school_id", "pupil_id", "arrangement_id", "date", "session", "expected", "code", "attended",
           "absence_reason", "arrived", "minutes_late", "comment", "source", "recorded_by_id", "recorded_at",
           "reported_at")


class MarkWriter:
    """Writes an import's valid rows as they come, inside the import's transaction: new sessions by COPY
    (PostgreSQL) or executemany in batches; sessions already marked are kept for the end (`_update`).
    A COPY holds the connection, so it is paused while the engine reads the database, and opened
    again for the rows that follow. In all-or-nothing mode, rows are no longer written once one is
    rejected (the transaction will be rolled back)."""

    def __init__(self, school: School, actor: Any, *, all_or_nothing: bool = False) -> None:
        self.school = school
        self.all_or_nothing = all_or_nothing
        stamp = timezone.now()
        # new rows go by COPY or executemany: the time as the ORM would store it
        self.now: Any = stamp if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(stamp)
        self.user_id = actor.pk if getattr(actor, "pk", None) else None
        self.existing: dict[tuple[int, dt.date, str], int] = {}
        self.changed: list[tuple[Any, ...]] = []
        self.created = 0
        self.checked: Checked | None = None
        self._copy_context: Any = None
        self._copy: Any = None
        self._cursor: Any = None

    def begin(self, rows: list[list[str]] | None, checked: Checked | None = None,
              days: list[dt.date] | None = None) -> None:
        """Before any row: the stamps of the file's pupils taken (attendance.locks, in pupil order), then the
        sessions of the file's dates that are already marked, read under them: no other writer of these
        pupils can add a mark before the import commits, so the COPY never meets a duplicate."""
        self.checked = checked
        lock_registers(self._pupil_ids(rows, checked))
        if days is None:
            days = []
            for raw in {r[1].strip() for r in rows or () if len(r) > 1}:
                try:
                    days.append(dt.date.fromisoformat(raw))
                except ValueError:
                    continue  # the check rejects it
        if days:
            self.existing = {
                (pupil_id, day, session): pk
                for pupil_id, day, session, pk in Mark.objects.filter(
                    school=self.school, date__gte=min(days), date__lte=max(days)
                ).values_list("pupil_id", "date", "session", "pk").iterator(chunk_size=20_000)
            }
        if connection.vendor == "sqlite":
            # Keep the whole import in this connection's page cache until it commits: a spilled cache takes
            # SQLite's exclusive lock at once, and every page of the site would wait for the import to finish.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -524288")  # up to 512 MB, used only as needed

    def _pupil_ids(self, rows: list[list[str]] | None, checked: Checked | None) -> set[int]:
        if rows is None:
            return {row.pupil_id for row in checked.valid} if checked is not None else set()
        upns = {r[0].strip().upper() for r in rows if r}
        return {pk for pk, upn in Pupil.objects.filter(school=self.school).exclude(upn="").values_list("pk", "upn")
                if upn.upper() in upns}

    def write(self, rows: list[Row]) -> None:
        if not rows or (self.all_or_nothing and self.checked is not None and self.checked.rejected):
            return
        school_id, user_id, now, existing = self.school.pk, self.user_id, self.now, self.existing
        new: list[tuple[Any, ...]] = []
        # Unpacked in Row's field order: the fastest way through a million rows.
        for _line, pupil_id, day, session, code, comment, late, arrangement_id, expected, attended, reason in rows:
            pk = existing.get((pupil_id, day, session))
            if pk is None:
                new.append((school_id, pupil_id, arrangement_id, day, session, expected, code, attended, reason,
                            None, late, comment, Source.IMPORT, user_id, now, None))
            else:
                self.changed.append((arrangement_id, expected, code, attended, reason, None, late, comment,
                                     Source.IMPORT, user_id, now, pk))
        if not new:
            return
        if connection.vendor == "postgresql":
            if self._copy is None:
                self._cursor = connection.cursor()
                self._copy_context = self._cursor.cursor.copy(
                    f"COPY {Mark._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN")
                self._copy = self._copy_context.__enter__()
            for start in range(0, len(new), 50_000):
                self._copy.write(_copy_text(new[start:start + 50_000]))
        else:
            _insert(new)
        self.created += len(new)

    def pause(self, error: BaseException | None = None) -> None:
        """End the COPY in progress: completed, or with `error` abandoned (the server discards it)."""
        if self._copy_context is not None:
            context, self._copy_context, self._copy = self._copy_context, None, None
            try:
                context.__exit__(type(error) if error else None, error, None)
            finally:
                self._cursor.close()

    def finish(self) -> tuple[int, int]:
        """End the writing: returns (marks added, marks changed)."""
        self.pause()
        return self.created, _update(self.changed)


@permission("take_register")
@transaction.atomic
def do_import_marks(
    *, school: School, checked: Checked, mode: str, actor: Any, mark_import: MarkImport | None = None,
    filename: str = "",
) -> tuple[int, int]:
    """Write rows already checked: with mode "all" nothing at all when any row was rejected (a
    ValidationError listing them), with mode "valid" the valid rows. Sessions already marked are
    updated. One audit row with the counts. Returns (marks added, marks changed)."""
    if mode == MarkImport.Mode.ALL_OR_NOTHING and checked.rejected:
        raise ValidationError(
            [f"Line {r[0]}: {r[5]}" for r in checked.rejected[:1000]]
            + ([f"… and {len(checked.rejected) - 1000} more rejected rows."] if len(checked.rejected) > 1000 else [])
        )
    writer = MarkWriter(school, actor)
    writer.begin(None, checked, days=[row.day for row in checked.valid])
    writer.write(checked.valid)
    created, updated = writer.finish()
    open_follow_ups(school, checked.valid, actor)
    _record_import(school, checked, mode, actor, mark_import, filename, created, updated)
    return created, updated


class _Rejected(Exception):
    """All or nothing, and a row was rejected: roll the import's transaction back."""


@permission("take_register")
def do_check_and_import_marks(
    *, school: School, data: bytes | str, mode: str, actor: Any, mark_import: MarkImport | None = None,
    filename: str = "", progress: Callable[[int, int], None] | None = None,
) -> tuple[Checked, int, int]:
    """Check the file and write its valid rows in one transaction, the writing overlapping the
    checking (see MarkWriter). With mode "all", nothing is written when any row is rejected. One audit
    row with the counts. Returns (the checked rows, marks added, marks changed). A file without the
    header raises ValidationError."""
    all_or_nothing = mode == MarkImport.Mode.ALL_OR_NOTHING
    if connection.vendor != "postgresql":
        # One writer at a time in SQLite: check first, outside the transaction, then write.
        in_turn = validate(school, data, progress=progress)
        if all_or_nothing and in_turn.rejected:
            return in_turn, 0, 0
        created, updated = do_import_marks(school=school, checked=in_turn, mode=mode, actor=actor,
                                           mark_import=mark_import, filename=filename)
        return in_turn, created, updated
    writer = MarkWriter(school, actor, all_or_nothing=all_or_nothing)
    checked: Checked | None = None
    try:
        with transaction.atomic():
            try:
                checked = validate(school, data, progress=progress, sink=writer)
                if all_or_nothing and checked.rejected:
                    raise _Rejected
                created, updated = writer.finish()
            except BaseException as error:
                writer.pause(error)
                raise
            open_follow_ups(school, checked.valid, actor)
            _record_import(school, checked, mode, actor, mark_import, filename, created, updated)
    except _Rejected:
        assert checked is not None
        return checked, 0, 0
    return checked, created, updated


def open_follow_ups(school: School, rows: list[Row], actor: Any, today: dt.date | None = None) -> int:
    """Follow-ups for the imported unexplained absences from provider and online sessions of today and
    the last school day, as the register opens them (followups.sync_follow_up). Older sessions are a
    record of the past: their follow-up was the register's business on the day, so none is opened.
    Returns how many were opened."""
    today = today or timezone.localdate()
    since = school_calendar(school.pk).previous_school_day(today)
    keys = {(row.pupil_id, row.day, row.session) for row in rows
            if since <= row.day <= today and row.arrangement_id is not None and row.attended is False
            and row.expected in AWAY and (row.reason or "") in UNEXPLAINED}
    if not keys:
        return 0
    opened = 0
    marks = Mark.objects.filter(school=school, date__gte=since, date__lte=today,
                                pupil_id__in={k[0] for k in keys}).select_related("pupil", "school")
    for mark in marks:
        if (mark.pupil_id, mark.date, mark.session) in keys and sync_follow_up(mark, actor=actor) is not None:
            opened += 1
    return opened


def _record_import(school: School, checked: Checked, mode: str, actor: Any, mark_import: MarkImport | None,
                   filename: str, created: int, updated: int) -> None:
    """The import's audit row and, for an import with a progress row, its "done" with the counts: both in
    the transaction of its marks."""
    if mark_import is not None:
        _pause_for_tests()
        MarkImport.objects.filter(pk=mark_import.pk).update(
            status=MarkImport.Status.DONE, created=created, updated=updated, rows_total=checked.total,
            rows_done=checked.total, rejected=checked.rejected, rejected_count=len(checked.rejected),
            error="", finished_at=timezone.now())
    record(
        actor=actor, action="import marks", obj=mark_import, school=school,
        changes={"file": filename or (mark_import.filename if mark_import else ""), "rows": checked.total,
                 "added": created, "changed": updated, "rejected": len(checked.rejected), "mode": mode},
        label=f"MIS import of {checked.total} rows",
    )


def _pause_for_tests() -> None:
    """Test-only: with PATHWAYS_TEST_IMPORT_PAUSE=<seconds> in the environment, an import stops that long
    after writing its marks, inside its transaction, touching the file PATHWAYS_TEST_IMPORT_PAUSED_FILE
    names (if set) first. tests/jobs/test_worker_killed.py kills a worker there. Never set in a deployment."""
    pause = os.environ.get("PATHWAYS_TEST_IMPORT_PAUSE")
    if not pause:
        return
    flag = os.environ.get("PATHWAYS_TEST_IMPORT_PAUSED_FILE")
    if flag:
        with open(flag, "w") as file:
            file.write(str(os.getpid()))
    time.sleep(float(pause))


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


_NULL = "\\N"
_BOOL = {True: "t", False: "f", None: _NULL}


def _copy_text(rows: list[tuple[Any, ...]]) -> str:
    """Rows (in COLUMNS order) in COPY's text format. School, source, recorded by and recorded at are
    the same on every row of an import, so they are formatted once."""
    if not rows:
        return ""
    first = rows[0]
    school = _copy_field(first[0])
    tail = "\t".join(_copy_field(first[i]) for i in (12, 13, 14, 15))
    field = _copy_field
    return "".join(
        f"{school}\t{pupil}\t{_NULL if arrangement is None else arrangement}\t{day}\t{session}\t{expected}\t"
        f"{field(code)}\t{_BOOL[attended]}\t{reason}\t{_NULL if arrived is None else arrived}\t"
        f"{_NULL if late is None else late}\t{field(comment) if comment else ''}\t{tail}\n"
        for _s, pupil, arrangement, day, session, expected, code, attended, reason, arrived, late, comment, *_rest
        in rows
    )


UPDATED = ("arrangement_id", "expected", "code", "attended", "absence_reason", "arrived", "minutes_late", "comment",
           "source", "recorded_by_id", "recorded_at")


def _update(rows: list[tuple[Any, ...]]) -> int:
    """Sessions already marked, by id, in batches (when a provider reported it, is kept)."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _update_from_copy(rows)
    table = connection.ops.quote_name(Mark._meta.db_table)
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in UPDATED)} WHERE id = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
    return len(rows)


CHANGES_TABLE = "pathways_mark_changes"


def _update_from_copy(rows: list[tuple[Any, ...]]) -> int:
    """PostgreSQL: the changed sessions by COPY into a temporary table, then one UPDATE from it. An UPDATE
    a row went at about 6,000 rows a second, each a statement with its own round trip and its own run of
    the register stamps' trigger; one statement runs the trigger once."""
    columns = (*UPDATED, "id")
    by_column = {f.column: f for f in Mark._meta.concrete_fields}
    types = ", ".join(f"{name} {by_column[name].db_type(connection)}" for name in columns)
    table = Mark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CHANGES_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {CHANGES_TABLE} ({types}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY {CHANGES_TABLE} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {table} AS m SET {', '.join(f'{c} = c.{c}' for c in UPDATED)} "
            f"FROM {CHANGES_TABLE} AS c WHERE m.id = c.id"
        )
        cursor.execute(f"DROP TABLE {CHANGES_TABLE}")
    return len(rows)


def _insert(rows: list[tuple[Any, ...]]) -> int:
    """New marks in bulk: COPY on PostgreSQL, executemany in batches elsewhere."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        table = Mark._meta.db_table
        sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for start in range(0, len(rows), 50_000):
                copy.write(_copy_text(rows[start:start + 50_000]))
        return len(rows)
    table = connection.ops.quote_name(Mark._meta.db_table)
    # An upsert, though the import's stamps (MarkWriter.begin) leave no other writer to create these sessions
    sql = (f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
           f"ON CONFLICT (pupil_id, date, session) DO UPDATE SET "
           f"{', '.join(f'{c} = excluded.{c}' for c in COLUMNS if c not in ('pupil_id', 'date', 'session'))}")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
    return len(rows)

