"""Every row of an MIS CSV checked, in pure Python with lookups made once (UPN -> pupil, date -> code set).

The UPN is a pupil of this school, the date is a date, the session is AM or PM, the code is in the code
set in force that day (pathways.policy.codes), the session is not already in the file. Then, for a
pupil on an arrangement that day, the policy engine judges the code through
pathways.cases.coding, as the register's actions do: a code that contradicts the derived one is
rejected with the engine's reason and the right code.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import gc
import io
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone

from pathways.arrangements.models import Arrangement, Status, TimetableVersion, timetable_in_force
from pathways.cases.casefiles import NO_SESSIONS, cases_for
from pathways.cases.coding import Coded, _session, arrangements_active_on
from pathways.cases.judging import CannotJudge, attempt
from pathways.policy import codes as policy_codes
from pathways.policy.engine import Context
from pathways.pupils.models import Pupil
from pathways.register.days import why_not_a_marking_day
from pathways.register.mis.export import HEADER
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School

if TYPE_CHECKING:
    from pathways.register.mis.write import MarkWriter

SESSIONS = {"AM": "am", "PM": "pm"}
MAX_COMMENT = 500
PROGRESS_EVERY = 20_000
REASON_OF_CODE = {code: reason for reason, code in policy_codes.REASON_CODES.items()}
ATTENDED = {"present": True, "educational_activity": True, "authorised_absence": False,
            "unauthorised_absence": False, "not_possible": False}


class Row(NamedTuple):
    """A valid row of the file, as the writer takes it. `arrangement_id` and `expected` (where the pupil
    was expected: "school", or the arrangement's place) are the engine's, for a pupil on an arrangement
    that day."""

    line: int
    pupil_id: int
    day: dt.date
    session: str
    code: str
    comment: str
    minutes_late: int | None
    arrangement_id: int | None
    expected: str
    attended: bool | None
    reason: str


# Row made by tuple's own constructor, in C: a NamedTuple's __new__ is a Python function, a fifth of the
# check's time per row over a million rows.
_row = tuple.__new__


@dataclasses.dataclass
class Checked:
    """The file's rows after checking. `valid` holds a Row for each valid row; `rejected` holds
    [line, upn, date, session, code, reason] (kept as lists: they are stored on the MarkImport as JSON)."""

    total: int = 0
    valid: list[Row] = dataclasses.field(default_factory=list)
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


class _RowChecker:
    """The checks of one row that need no engine, with the file's lookups made once: the school's pupils by
    UPN, each date written in the file, each day's code set, the sessions already in the file."""

    def __init__(self, school: School) -> None:
        self.school = school
        self.pupils = {upn.upper(): pk for pk, upn in Pupil.objects.filter(school=school).exclude(upn="")
                       .values_list("pk", "upn")}
        self.days: dict[str, dt.date | str] = {}
        self.code_sets: dict[dt.date, policy_codes.CodeSet | str] = {}
        self.seen: dict[tuple[int, dt.date, str], int] = {}
        self.calendar = school_calendar(school.pk)
        self.today = timezone.localdate()
        self.day_refusals: dict[dt.date, str | None] = {}

    def check(self, line: int, fields: list[str]) -> Row | str:
        """The row, or the reason it is rejected."""
        if not any(f.strip() for f in fields):
            return "The row is empty."
        if len(fields) < 4 or len(fields) > 6:
            return f"The row has {len(fields)} columns; it needs " + ",".join(HEADER) + "."
        upn = fields[0].strip().upper()
        pupil_id = self.pupils.get(upn)
        if pupil_id is None:
            return f"UPN {upn or '(blank)'} is not a pupil of {self.school.name}."
        raw_day = fields[1].strip()
        day = self.days.get(raw_day) or self._day(raw_day)
        if isinstance(day, str):
            return day
        refused = self.day_refusals[day] if day in self.day_refusals else self._refused(day)
        if refused:
            return refused
        session = SESSIONS.get(fields[2].strip().upper())
        if session is None:
            return f"Session “{fields[2].strip()[:10]}” is not AM or PM."
        code = fields[3].strip().upper()
        code_set = self.code_sets.get(day) or self._code_set(day)
        if isinstance(code_set, str):
            return code_set
        if not code:
            return "The code is blank: every row needs the session's code."
        category = code_set.category(code)
        if category is None:
            withdrawn = (" (it was withdrawn on 19 Aug 2024)"
                         if code_set is policy_codes.CODES_2024 and code in policy_codes.CODES_2006 else "")
            return f"{code} is not in the code set in force on {_fmt(day)} (the {code_set.name}){withdrawn}."
        comment = fields[4].strip() if len(fields) > 4 else ""
        if len(comment) > MAX_COMMENT:
            return f"The comment is longer than {MAX_COMMENT} characters."
        raw_late = fields[5].strip() if len(fields) > 5 else ""
        if raw_late and not raw_late.isdigit():
            return f"MinutesLate “{raw_late[:10]}” is not a whole number of minutes."
        key = (pupil_id, day, session)
        first = self.seen.get(key)
        if first is not None:
            return f"The same session as line {first}: a session has one mark."
        self.seen[key] = line
        attended = ATTENDED.get(category)
        return _row(Row, (line, pupil_id, day, session, code, comment, int(raw_late) if raw_late else None, None,
                          "school", attended, REASON_OF_CODE.get(code, "") if attended is False else ""))

    def _day(self, raw: str) -> dt.date | str:
        """The date, or the reason it is not one, parsed the first time the text is met."""
        day: dt.date | str
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = f"Date “{raw[:20]}” is not a date: write it as YYYY-MM-DD."
        self.days[raw] = day
        return day

    def _refused(self, day: dt.date) -> str | None:
        """Why no mark may be written for the day (a weekend, a closure, the holidays, the future), or None."""
        refused = self.day_refusals[day] = why_not_a_marking_day(self.calendar, day, self.today)
        return refused

    def _code_set(self, day: dt.date) -> policy_codes.CodeSet | str:
        """The code set in force on the day, or why the day cannot be coded (a date no code set covers),
        found the first time the day is met."""
        held = attempt(policy_codes.code_set_on, day)
        code_set = f"Cannot be coded: {held.reason}." if isinstance(held, CannotJudge) else held
        self.code_sets[day] = code_set
        return code_set


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
    checker = _RowChecker(school)
    on_arrangements = set(Arrangement.objects.filter(school=school, status__in=(Status.ACTIVE, Status.ENDED))
                          .values_list("pupil_id", flat=True))
    for_engine: dict[dt.date, list[int]] = defaultdict(list)  # day -> indexes into checked.valid
    valid = checked.valid
    handed = 0  # rows of valid[:handed] that are final have gone to the sink
    judged: set[int] = set()
    if sink is not None:
        sink.begin(rows, checked)
    check = checker.check
    with _collector_paused():
        for index, fields in enumerate(rows):
            if index and index % PROGRESS_EVERY == 0:
                if progress is not None:
                    progress(index, checked.total)
                if sink is not None:
                    sink.write([row for i, row in enumerate(valid[handed:], handed) if i not in judged])
                    handed = len(valid)
            row = check(index + 2, fields)
            if isinstance(row, str):
                checked.reject(index + 2, fields, row)
                continue
            if row.pupil_id in on_arrangements:
                for_engine[row.day].append(len(valid))
                judged.add(len(valid))
            valid.append(row)
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


@contextlib.contextmanager
def _collector_paused() -> Generator[None, None, None]:
    """Python's cyclic garbage collector paused while the rows are checked. A Row, unlike a plain tuple,
    stays tracked by the collector, and its passes over a million of them took longer than the checks
    themselves. The rows hold no cycles, so nothing is left for it to find; it runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


CaseKey = tuple[int, "int | None"]  # (arrangement id, id of the timetable version in force)


class _Cases:
    """The cases the engine judges the rows by. A case depends on the day through the timetable version in
    force: each arrangement's case is built once per version (cases_for), not once per day."""

    def __init__(self, school: School) -> None:
        self.school = school
        self.versions: dict[int, list[TimetableVersion]] = defaultdict(list)
        self.cases: dict[CaseKey, Any] = {}
        self.registers: dict[CaseKey, Any] = {}

    def running_on(self, day: dt.date, pupil_ids: set[int]) -> tuple[dict[int, Arrangement], dict[int, CaseKey]]:
        """Each pupil's arrangement running on the day (by pupil), and each arrangement's case key."""
        running: dict[int, Arrangement] = {}
        for a in arrangements_active_on(self.school, day).filter(pupil_id__in=pupil_ids).order_by(
                "pupil_id", "-start", "-id"):
            running.setdefault(a.pupil_id, a)
        if not running:
            return running, {}
        unseen = [a.pk for a in running.values() if a.pk not in self.versions]
        if unseen:
            for pk in unseen:
                self.versions[pk] = []
            for version in TimetableVersion.objects.filter(arrangement_id__in=unseen):
                self.versions[version.arrangement_id].append(version)
        key_of: dict[int, CaseKey] = {}
        for a in running.values():
            in_force = timetable_in_force(self.versions[a.pk], day)
            key_of[a.pk] = (a.pk, in_force.pk if in_force is not None else None)
        missing = [a for a in running.values() if key_of[a.pk] not in self.cases]
        if missing:
            for pk, case in cases_for(missing, as_of=day, register=NO_SESSIONS).items():
                self.cases[key_of[pk]] = case
        return running, key_of

    def register(self, key: CaseKey) -> Any:
        if key not in self.registers:
            self.registers[key] = Context(self.cases[key]).school.register
        return self.registers[key]


def _judge_by_engine(
    school: School, checked: Checked, for_engine: dict[dt.date, list[int]], rows: list[list[str]]
) -> set[int]:
    """For pupils on an arrangement that day: the engine's verdict on each code (coding.py, as the
    register's actions use it). Rows it rejects are added to the rejected rows; their indexes into
    checked.valid are returned for the caller to drop."""
    wrong: set[int] = set()
    known = _Cases(school)
    batches: dict[CaseKey, list[tuple[int, int, Any]]] = defaultdict(list)
    for day, indexes in sorted(for_engine.items()):
        running, key_of = known.running_on(day, {checked.valid[i].pupil_id for i in indexes})
        for i in indexes:
            row = checked.valid[i]
            arrangement = running.get(row.pupil_id)
            if arrangement is None:
                continue
            key = key_of[arrangement.pk]
            batches[key].append((i, arrangement.pk, _as_session(row, known.register(key))))
    # One engine context per case with all of its sessions: the engine codes each session on its own.
    for key, items in batches.items():
        ctx = Context(dataclasses.replace(known.cases[key], sessions=tuple(item[2] for item in items)))
        for (i, arrangement_pk, _sess), got in zip(items, ctx.sessions, strict=True):
            row = checked.valid[i]
            problem = _problem(row, got, known.register(key))
            if problem:
                wrong.add(i)
                checked.reject(row.line, rows[row.line - 2], problem)
                continue
            checked.valid[i] = row._replace(arrangement_id=arrangement_pk, expected=got.where)
    return wrong


def _as_session(row: Row, register: Any) -> Any:
    """The row as a session for the engine to code (a late arrival's time from the minutes late)."""
    arrived = None
    if row.minutes_late and row.code in ("L", "U"):
        opens = register.opens(row.session).minutes + row.minutes_late
        arrived = dt.time(min(opens // 60, 23), opens % 60)
    return _session(row.day, row.session, attended=row.attended, reason=row.reason or None, arrived=arrived,
                    where=None, recorded=row.code, reported_at=None)


def _problem(row: Row, got: Any, register: Any) -> str:
    """Why the engine rejects the row's code ("" when it does not), as a sentence."""
    coded = Coded(day=row.day, session=row.session, where=got.where, code=got.code, category=got.category,
                  recorded=got.recorded, recorded_valid=got.recorded_valid, problems=got.problems,
                  deadline=None, register_opens=register.opens(row.session))
    problem = ""
    if coded.recorded_valid is False:
        problem = coded.reason or f"{row.code} is not valid for this session."
        said = f"the code should be {coded.code}; the right code is {coded.code}"
        if problem.endswith(said):  # the engine's words already name the right code
            problem = problem[: -len(said)] + f"the right code is {coded.code}"
    elif any("not a school day" in p for p in coded.problems):
        problem = next(p for p in coded.problems if "not a school day" in p)
    if not problem:
        return ""
    return problem[0].upper() + problem[1:] + ("" if problem.endswith(".") else ".")
