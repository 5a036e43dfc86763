"""MIS interchange: marks out as CSV in the shape MIS write-back takes, and marks in from an MIS CSV.

    HEADER = ("UPN", "Date", "Session", "Code", "Comment", "MinutesLate")
    export_rows(school, start, end)                    -> iterator of CSV rows (the header first)
    validate(school, data, *, progress=None, sink=None) -> Checked (valid rows, rejected rows)
    do_import_marks(*, school, checked, mode, actor, mark_import=None) -> (created, updated)
    do_check_and_import_marks(*, school, data, mode, actor, ...)  -> (checked, created, updated)
    run_import(mark_import, data, actor)               -> the MarkImport, finished
    (a large file runs as a job of `python -m pathways worker`: pathways.attendance.mis_job)

Every row is checked in pure Python with lookups made once (UPN -> pupil, date -> code set): the
UPN is a pupil of this school, the date is a date, the session is AM or PM, the code is in the code
set in force that day (pathways.policy.codes), the session is not already in the file. Then, for a
pupil on an arrangement that day, the policy engine judges the code through
pathways.attendance.coding, as the register's actions do: a code that contradicts the derived one is
rejected with the engine's reason and the right code. Valid rows are written in bulk (COPY on
PostgreSQL, executemany in batches elsewhere; for sessions already marked, one UPDATE from a temporary
table filled by COPY on PostgreSQL, an UPDATE by id in batches elsewhere), source "import", with one
audit row for the import.

On PostgreSQL the import page's path (run_import) checks and writes in one transaction, the rows
going into a COPY as soon as they are checked, so the server's work (index upkeep, mostly) overlaps
the checking; all-or-nothing rolls the transaction back when a row is rejected. Its progress is
written through a second connection so that the progress page sees it before the import commits.

The import's "done" (its status and counts on the MarkImport) is written in the same transaction as its
marks, so an import whose worker died is either wholly written and done, or not written at all: run
again by the next worker, it writes each mark once.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from pathways.arrangements.casefiles import NO_SESSIONS, cases_for
from pathways.arrangements.judging import CannotJudge, attempt
from pathways.arrangements.models import Arrangement, Status, TimetableVersion, timetable_in_force
from pathways.attendance.coding import Coded, _session, arrangements_active_on
from pathways.attendance.followups import AWAY, UNEXPLAINED, sync_follow_up
from pathways.attendance.models import Mark, MarkImport, Source
from pathways.audit.record import record
from pathways.policy import codes as policy_codes
from pathways.policy.engine import Context
from pathways.pupils.models import Pupil
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School

HEADER = ("UPN", "Date", "Session", "Code", "Comment", "MinutesLate")
SESSIONS = {"AM": "am", "PM": "pm"}
MAX_COMMENT = 500
PROGRESS_EVERY = 20_000
BATCH = 5_000
REASON_OF_CODE = {code: reason for reason, code in policy_codes.REASON_CODES.items()}
ATTENDED = {"present": True, "educational_activity": True, "authorised_absence": False,
            "unauthorised_absence": False, "not_possible": False}


def background_threshold() -> int:
    """Imports with more data rows than this run as a job of the worker, with a progress bar; smaller ones
    run in the request."""
    return int(getattr(settings, "MIS_IMPORT_BACKGROUND_ROWS", 5_000))


# ---------------------------------------------------------------- export


def export_rows(school: School, start: dt.date, end: dt.date) -> Iterator[list[str]]:
    """The header, then one row per recorded mark of the school from `start` to `end`, in date order."""
    yield list(HEADER)
    marks = (
        Mark.objects.filter(school=school, date__gte=start, date__lte=end).exclude(code="")
        .order_by("date", "session", "pupil__upn", "pupil_id")
        .values_list("pupil__upn", "date", "session", "code", "comment", "minutes_late")
    )
    for upn, day, session, code, comment, late in marks.iterator(chunk_size=5_000):
        yield [upn, day.isoformat(), session.upper(), code, comment, "" if late is None else str(late)]


def export_filename(school: School, start: dt.date, end: dt.date) -> str:
    return f"marks-{school.laestab or school.pk}-{start.isoformat()}-to-{end.isoformat()}.csv"


# ---------------------------------------------------------------- validation


@dataclasses.dataclass
class Checked:
    """The file's rows after checking. `valid` holds (line, pupil id, date, session, code, comment,
    minutes late, arrangement id, expected, attended, reason); `rejected` holds [line, upn, date,
    session, code, reason]."""

    total: int = 0
    valid: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)
    rejected: list[list[Any]] = dataclasses.field(default_factory=list)

    def reject(self, line: int, fields: list[str], reason: str) -> None:
        cells = (fields + [""] * 4)[:4]
        self.rejected.append([line, cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip(), reason])


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": "The file is not UTF-8 text: save it from the MIS as CSV (UTF-8)."}) from error


def _reader(data: bytes | str) -> Iterator[list[str]]:
    rows = csv.reader(io.StringIO(_text(data), newline=""))
    header = next(rows, None)
    if header is None:
        raise ValidationError({"file": "The file is empty: it needs the header row " + ",".join(HEADER) + "."})
    if [h.strip().lower() for h in header[:6]] != [h.lower() for h in HEADER]:
        raise ValidationError({"file": "The first row must be the header " + ",".join(HEADER)
                               + f" (it is {','.join(header)[:120]})."})
    return rows


def validate(
    school: School, data: bytes | str, *, progress: Callable[[int, int], None] | None = None,
    sink: MarkWriter | None = None,
) -> Checked:
    """Check every row of an MIS CSV for the school. A file without the header raises ValidationError.

    With a `sink` (a MarkWriter), valid rows are written in batches as soon as they are final, so that
    the database's work overlaps the checking: a row of a pupil on no arrangement is final when
    checked; a row the engine judges is final after the engine's pass at the end. A row once handed
    over is never rejected later (a duplicate rejects the later row, not the first)."""
    rows = list(_reader(data))
    checked = Checked(total=len(rows))
    pupils = {upn.upper(): pk for pk, upn in Pupil.objects.filter(school=school).exclude(upn="")
              .values_list("pk", "upn")}
    on_arrangements = set(Arrangement.objects.filter(school=school, status__in=(Status.ACTIVE, Status.ENDED))
                          .values_list("pupil_id", flat=True))
    days: dict[str, dt.date | str] = {}
    code_sets: dict[dt.date, policy_codes.CodeSet | str] = {}
    seen: dict[tuple[int, dt.date, str], int] = {}
    for_engine: dict[dt.date, list[int]] = defaultdict(list)  # day -> indexes into checked.valid
    valid = checked.valid
    handed = 0  # rows of valid[:handed] that are final have gone to the sink
    judged: set[int] = set()
    if sink is not None:
        sink.begin(rows, checked)
    for index, fields in enumerate(rows):
        line = index + 2
        if index and index % PROGRESS_EVERY == 0:
            if progress is not None:
                progress(index, checked.total)
            if sink is not None:
                sink.write([row for i, row in enumerate(valid[handed:], handed) if i not in judged])
                handed = len(valid)
        if not any(f.strip() for f in fields):
            checked.reject(line, fields, "The row is empty.")
            continue
        if len(fields) < 4 or len(fields) > 6:
            checked.reject(line, fields, f"The row has {len(fields)} columns; it needs " + ",".join(HEADER) + ".")
            continue
        upn = fields[0].strip().upper()
        pupil_id = pupils.get(upn)
        if pupil_id is None:
            checked.reject(line, fields, f"UPN {upn or '(blank)'} is not a pupil of {school.name}.")
            continue
        raw_day = fields[1].strip()
        day = days.get(raw_day)
        if day is None:
            try:
                day = dt.date.fromisoformat(raw_day)
            except ValueError:
                day = f"Date “{raw_day[:20]}” is not a date: write it as YYYY-MM-DD."
            days[raw_day] = day
        if isinstance(day, str):
            checked.reject(line, fields, day)
            continue
        session = SESSIONS.get(fields[2].strip().upper())
        if session is None:
            checked.reject(line, fields, f"Session “{fields[2].strip()[:10]}” is not AM or PM.")
            continue
        code = fields[3].strip().upper()
        code_set = code_sets.get(day)
        if code_set is None:
            held = attempt(policy_codes.code_set_on, day)  # a date no code set covers: the row is rejected
            code_set = f"Cannot be coded: {held.reason}." if isinstance(held, CannotJudge) else held
            code_sets[day] = code_set
        if isinstance(code_set, str):
            checked.reject(line, fields, code_set)
            continue
        if not code:
            checked.reject(line, fields, "The code is blank: every row needs the session's code.")
            continue
        category = code_set.category(code)
        if category is None:
            withdrawn = (" (it was withdrawn on 19 Aug 2024)"
                         if code_set is policy_codes.CODES_2024 and code in policy_codes.CODES_2006 else "")
            checked.reject(line, fields, f"{code} is not in the code set in force on {_fmt(day)} "
                                         f"(the {code_set.name}){withdrawn}.")
            continue
        comment = fields[4].strip() if len(fields) > 4 else ""
        if len(comment) > MAX_COMMENT:
            checked.reject(line, fields, f"The comment is longer than {MAX_COMMENT} characters.")
            continue
        raw_late = fields[5].strip() if len(fields) > 5 else ""
        late: int | None = None
        if raw_late:
            if not raw_late.isdigit():
                checked.reject(line, fields, f"MinutesLate “{raw_late[:10]}” is not a whole number of minutes.")
                continue
            late = int(raw_late)
        key = (pupil_id, day, session)
        first = seen.get(key)
        if first is not None:
            checked.reject(line, fields, f"The same session as line {first}: a session has one mark.")
            continue
        seen[key] = line
        if pupil_id in on_arrangements:
            for_engine[day].append(len(valid))
            judged.add(len(valid))
        valid.append((line, pupil_id, day, session, code, comment, late, None, "school",
                      ATTENDED.get(category), REASON_OF_CODE.get(code, "") if ATTENDED.get(category) is False else ""))
    if sink is not None:
        sink.write([row for i, row in enumerate(valid[handed:], handed) if i not in judged])
        sink.pause()  # the engine reads the database
    wrong = _judge_by_engine(school, checked, for_engine, rows) if for_engine else set()
    if sink is not None:
        sink.write([checked.valid[i] for i in sorted(judged) if i not in wrong])
    if wrong:
        checked.valid = [row for i, row in enumerate(checked.valid) if i not in wrong]
        checked.rejected.sort(key=lambda r: r[0])
    if progress is not None:
        progress(checked.total, checked.total)
    return checked


def _judge_by_engine(
    school: School, checked: Checked, for_engine: dict[dt.date, list[int]], rows: list[list[str]]
) -> set[int]:
    """For pupils on an arrangement that day: the engine's verdict on each code (coding.py, as the
    register's actions use it). Rows it rejects are added to the rejected rows; their indexes into
    checked.valid are returned for the caller to drop."""
    wrong: set[int] = set()
    # A case depends on the day through the timetable version in force: build each arrangement's case
    # once per version (cases_for), not once per day.
    versions: dict[int, list[TimetableVersion]] = defaultdict(list)
    cases: dict[tuple[int, int | None], Any] = {}
    registers: dict[tuple[int, int | None], Any] = {}
    batches: dict[tuple[int, int | None], list[tuple[int, int, Any]]] = defaultdict(list)
    for day, indexes in sorted(for_engine.items()):
        pupil_ids = {checked.valid[i][1] for i in indexes}
        running: dict[int, Any] = {}
        for a in arrangements_active_on(school, day).filter(pupil_id__in=pupil_ids).order_by("pupil_id", "-start",
                                                                                                "-id"):
            running.setdefault(a.pupil_id, a)
        if not running:
            continue
        unseen = [a.pk for a in running.values() if a.pk not in versions]
        if unseen:
            for pk in unseen:
                versions[pk] = []
            for version in TimetableVersion.objects.filter(arrangement_id__in=unseen):
                versions[version.arrangement_id].append(version)
        key_of: dict[int, tuple[int, int | None]] = {}
        for a in running.values():
            in_force = timetable_in_force(versions[a.pk], day)
            key_of[a.pk] = (a.pk, in_force.pk if in_force is not None else None)
        missing = [a for a in running.values() if key_of[a.pk] not in cases]
        if missing:
            for pk, case in cases_for(missing, as_of=day, register=NO_SESSIONS).items():
                cases[key_of[pk]] = case
        for i in indexes:
            _line, pupil_id, _day, session, code, _comment, late, _a, _e, attended, reason = checked.valid[i]
            arrangement = running.get(pupil_id)
            if arrangement is None:
                continue
            key = key_of[arrangement.pk]
            if key not in registers:
                registers[key] = Context(cases[key]).school.register
            arrived = None
            if late and code in ("L", "U"):
                opens = registers[key].opens(session).minutes + late
                arrived = dt.time(min(opens // 60, 23), opens % 60)
            batches[key].append((i, arrangement.pk, _session(day, session, attended=attended, reason=reason or None,
                                                             arrived=arrived, where=None, recorded=code,
                                                             reported_at=None)))
    # One engine context per case with all of its sessions: the engine codes each session on its own.
    for key, items in batches.items():
        ctx = Context(dataclasses.replace(cases[key], sessions=tuple(item[2] for item in items)))
        for (i, arrangement_pk, _sess), got in zip(items, ctx.sessions, strict=True):
            line, pupil_id, day, session, code, comment, late, _a, _e, attended, reason = checked.valid[i]
            coded = Coded(day=day, session=session, where=got.where, code=got.code, category=got.category,
                          recorded=got.recorded, recorded_valid=got.recorded_valid, problems=got.problems,
                          deadline=None, register_opens=registers[key].opens(session))
            problem = ""
            if coded.recorded_valid is False:
                problem = coded.reason or f"{code} is not valid for this session."
                said = f"the code should be {coded.code}; the right code is {coded.code}"
                if problem.endswith(said):  # the engine's words already name the right code
                    problem = problem[: -len(said)] + f"the right code is {coded.code}"
            elif any("not a school day" in p for p in coded.problems):
                problem = next(p for p in coded.problems if "not a school day" in p)
            if problem:
                wrong.add(i)
                checked.reject(line, rows[line - 2], problem[0].upper() + problem[1:] + ("" if problem.endswith(".")
                                                                                          else "."))
                continue
            checked.valid[i] = (line, pupil_id, day, session, code, comment, late, arrangement_pk, coded.where,
                                attended, reason)
    return wrong


# ---------------------------------------------------------------- writing


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
        """Before any row: the sessions of the file's dates that are already marked."""
        self.checked = checked
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

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows or (self.all_or_nothing and self.checked is not None and self.checked.rejected):
            return
        school_id, user_id, now, existing = self.school.pk, self.user_id, self.now, self.existing
        new: list[tuple[Any, ...]] = []
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
    writer.begin(None, checked, days=[row[2] for row in checked.valid])
    writer.write(checked.valid)
    created, updated = writer.finish()
    open_follow_ups(school, checked.valid, actor)
    _record_import(school, checked, mode, actor, mark_import, filename, created, updated)
    return created, updated


class _Rejected(Exception):
    """All or nothing, and a row was rejected: roll the import's transaction back."""


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


def open_follow_ups(school: School, rows: list[tuple[Any, ...]], actor: Any, today: dt.date | None = None) -> int:
    """Follow-ups for the imported unexplained absences from provider and online sessions of today and
    the last school day, as the register opens them (followups.sync_follow_up). Older sessions are a
    record of the past: their follow-up was the register's business on the day, so none is opened.
    Returns how many were opened."""
    today = today or timezone.localdate()
    since = school_calendar(school.pk).previous_school_day(today)
    keys = {(pupil_id, day, session)
            for _l, pupil_id, day, session, _c, _m, _t, arrangement_id, expected, attended, reason in rows
            if since <= day <= today and arrangement_id is not None and attended is False
            and expected in AWAY and (reason or "") in UNEXPLAINED}
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
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
    return len(rows)


# ---------------------------------------------------------------- the import as a job


def run_import(mark_import: MarkImport, data: bytes | str, actor: Any) -> MarkImport:
    """Check and write the file, recording progress and the result on the MarkImport."""
    school = mark_import.school

    progress = _ProgressReporter(mark_import.pk)
    try:
        checked, mark_import.created, mark_import.updated = do_check_and_import_marks(
            school=school, data=data, mode=mark_import.mode, actor=actor, mark_import=mark_import,
            progress=progress,
        )
        mark_import.rows_total = mark_import.rows_done = checked.total
        mark_import.rejected = checked.rejected
        mark_import.rejected_count = len(checked.rejected)
        mark_import.status = MarkImport.Status.DONE
    except ValidationError as error:
        mark_import.status = MarkImport.Status.FAILED
        mark_import.error = " ".join(error.messages)[:500]
    except Exception as error:  # the page must say the import failed, not spin forever
        mark_import.status = MarkImport.Status.FAILED
        mark_import.error = f"The import stopped with an error: {error}"[:500]
    finally:
        progress.close()
    mark_import.finished_at = timezone.now()
    mark_import.save()
    return mark_import


class _ProgressReporter:
    """Writes an import's progress where the progress page can read it while the import's transaction
    is still open: on PostgreSQL through a connection of its own (autocommit); elsewhere, where checking
    and writing do not overlap in one transaction, through the import's connection."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.side: Any = None

    def __call__(self, done: int, total: int) -> None:
        if connection.vendor != "postgresql":
            MarkImport.objects.filter(pk=self.import_id).update(rows_done=done, rows_total=total,
                                                                status=MarkImport.Status.RUNNING,
                                                                progress_at=timezone.now())
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {MarkImport._meta.db_table} SET rows_done = %s, rows_total = %s, status = %s, "
                           "progress_at = %s WHERE id = %s",
                           [done, total, MarkImport.Status.RUNNING, timezone.now(), self.import_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


STALLED_AFTER = dt.timedelta(minutes=10)
STALLED = ("The import stopped before it finished, when the server it ran on restarted. Nothing was written: "
           "import the file again.")


def settle_stalled(school: School, now: dt.datetime | None = None) -> int:
    """Imports of the school that ran in a request (no job) still waiting or importing, whose progress has
    not moved for STALLED_AFTER, stopped with their server: say so. Their transaction was rolled back, so
    nothing of them was written. (An import run as a job is settled by the worker's recovery:
    pathways.jobs.recovery.) Returns how many were settled."""
    now = now or timezone.now()
    return (MarkImport.objects
            .filter(school=school, status__in=(MarkImport.Status.PENDING, MarkImport.Status.RUNNING),
                    progress_at__lt=now - STALLED_AFTER, job__isnull=True)
            .update(status=MarkImport.Status.FAILED, error=STALLED, finished_at=now))


def count_rows(data: bytes | str) -> int:
    """Data rows in the file (lines after the header), cheaply, to choose inline or background."""
    text = data if isinstance(data, bytes) else data.encode()
    return max(text.count(b"\n") - (0 if text.endswith(b"\n") else -1) - 1, 0)


def rejected_csv(mark_import: MarkImport) -> Iterator[list[Any]]:
    yield ["Line", "UPN", "Date", "Session", "Code", "Reason"]
    yield from mark_import.rejected
