"""The daily register. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.attendance.access import can_take_register, require_register_writer
from pathways.attendance.models import REASON_CHOICES, SESSION_LABELS, WHERE_LABELS, version_of
from pathways.cases.coding import Row, day_sheet
from pathways.register.actions import Conflict, DaySaved, do_record_day
from pathways.register.code_words import in_words, why
from pathways.register.forms import RegisterFormSet
from pathways.schools.models import School
from pathways.schools.permissions import school_with
from pathways.writeback.views import day_summary

SESSION_WORDS = {"am": "morning", "pm": "afternoon"}
RIGHT_CODE = re.compile(r"the right code is (\S+)$")


def _day(request: HttpRequest) -> tuple[dt.date, str]:
    raw = (request.GET.get("date") or "").strip()
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return today, f"Date: enter a real date as YYYY-MM-DD (“{raw[:20]}” is not one); showing today."


@dataclass
class Line:
    """One session of the register as the page shows it."""

    row: Row
    key: str
    happened: str = ""           # "" attended, else an absence reason
    code: str = ""
    comment: str = ""
    arrived: str = ""            # HH:MM, for a session in school
    errors: list[str] = field(default_factory=list)
    right_code: str = ""         # offered beside a wrong code: the engine's
    overdue: bool = False
    rowspan: int = 2             # rows under the pupil's name: two sessions and any error or conflict rows
    seen: str = ""               # the version of the session the page shows (Mark.version)
    conflict: Conflict | None = None  # changed by someone else since the page was opened: not saved
    why_repeated: bool = False   # the afternoon's "why this code" is the morning's: said once

    @property
    def pupil(self) -> Any:
        return self.row.pupil

    @property
    def session_label(self) -> str:
        return SESSION_LABELS[self.row.session]

    @property
    def suspended(self) -> bool:
        """The pupil is suspended this session: the engine codes it E (excluded, no alternative provision
        made), so the register says so rather than expecting the pupil in school."""
        return self.row.expected.code == "E"

    @property
    def where_label(self) -> str:
        if self.suspended:
            return "Suspended"
        return WHERE_LABELS.get(self.row.where, self.row.where)

    @property
    def expected_words(self) -> str:
        """The expected code in words, for staff who read the register but do not record it."""
        return in_words(self.row.expected.code, self.row.expected.day)

    @property
    def why_code(self) -> str:
        """One line on why the expected code is what it is, where staff would not expect it (C2, C, B, K)."""
        return why(self.row.expected.code, self.row.arrangement.kind, self.row.where)

    @property
    def recorded_words(self) -> str:
        mark = self.row.mark
        return in_words(mark.code, self.row.expected.day) if mark is not None else ""

    @property
    def alert(self) -> str:
        provider = self.row.arrangement.provider
        name = provider.name if provider is not None else "The provider"
        session = SESSION_WORDS[self.row.session]
        if self.row.reported_late and self.row.mark is not None and self.row.mark.reported_at is not None:
            reported = timezone.localtime(self.row.mark.reported_at)
            return (f"{name} reported {self.pupil.first_name}'s {session} absence late, at {reported:%H:%M}; "
                    f"the deadline was {self.row.expected.deadline}.")
        return f"{name} has not reported {self.pupil.first_name}'s {session} session; the deadline was " \
            f"{self.row.expected.deadline}."


def _lines(rows: list[Row], now: dt.datetime) -> list[Line]:
    out = []
    for r in rows:
        mark = r.mark
        provider_unreported = r.at_provider and mark is None
        out.append(Line(
            row=r, key=f"{r.pupil.pk}-{r.session}",
            happened=(mark.absence_reason or ("unknown" if mark.attended is False else "")) if mark else "",
            # A provider session is pre-filled once the provider has reported it (B/K once attended).
            code="" if provider_unreported else (r.code or ""),
            comment=mark.comment if mark else "",
            arrived=mark.arrived.strftime("%H:%M") if mark is not None and mark.arrived else "",
            overdue=r.overdue(now),
            seen=version_of(mark),
        ))
    for before, line in pairwise(out):
        line.why_repeated = before.pupil.pk == line.pupil.pk and bool(line.why_code) \
            and before.why_code == line.why_code
    return out


def _with_conflicts(school: School, day: dt.date, now: dt.datetime, posted: list[Line],
                    conflicts: list[Conflict]) -> tuple[list[Line], list[Line]]:
    """The register read again after a save that met sessions changed since the page was opened: the saved
    sessions as they now are, and each conflicting one with what the user typed kept, the other person's
    mark beside it and its version now the current one (so "use mine" saves over it)."""
    lines = _lines(day_sheet(school, day), now)
    typed = {line.key: line for line in posted}
    by_key = {f"{c.pupil.pk}-{c.session}": c for c in conflicts}
    shown = []
    for line in lines:
        conflict = by_key.get(line.key)
        if conflict is None:
            continue
        mine = typed[line.key]
        line.happened, line.code, line.comment, line.arrived = mine.happened, mine.code, mine.comment, mine.arrived
        line.conflict = conflict
        shown.append(line)
    return lines, shown


@login_required
@require_http_methods(["GET", "POST"])
def register_day(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    day, date_error = _day(request)
    writer = can_take_register(request.user, school)
    if request.method == "POST":
        require_register_writer(request.user, school)
    now = timezone.now()
    sheet = day_sheet(school, day)
    school_day = not sheet or sheet[0].expected.school_day
    lines = _lines(sheet, now) if school_day else []
    errors: list[tuple[str, str]] = []
    conflicts: list[Line] = []
    saved_count = 0
    if request.method == "POST" and date_error:
        errors.append(("", "Date: the day to record is not a real date, so nothing was saved."))
    elif request.method == "POST" and not school_day:
        errors.append(("", f"Date: {day:%A %-d %B %Y} is not a school day: there is no register to take."))
    elif request.method == "POST" and (saved := _save(request, school, day, lines, errors)) is not None:
        if isinstance(saved, HttpResponse):
            return saved
        saved_count = len(saved)
        lines, conflicts = _with_conflicts(school, day, now, lines, saved.conflicts)
    for line in lines:
        if line.row.session == "am":
            line.rowspan = 2 + sum(bool(other.errors) + bool(other.conflict) for other in lines
                                   if other.pupil.pk == line.pupil.pk)
    context = _context(school, day, lines, writer, errors, date_error)
    context.update(school_day=school_day, conflicts=conflicts, saved=saved_count,
                   mis=day_summary(request.user, school, day))
    return render(request, "attendance/day.html", context)


def _save(request: HttpRequest, school: School, day: dt.date, lines: list[Line],
          errors: list[tuple[str, str]]) -> HttpResponse | DaySaved | None:
    """The register posted: each session's form checked, then the changed sessions recorded by one action,
    all or nothing. None when anything was wrong: the errors are on their lines and in `errors`. The
    action's result when sessions changed since the page was opened: the rest were saved."""
    rows = RegisterFormSet(request.POST, lines=lines).changed_rows()
    if not any(line.errors for line in lines):
        try:
            marks = do_record_day(school=school, day=day, rows=rows, actor=request.user)
        except ValidationError as error:
            _engine_errors(error, lines, errors)
        else:
            if marks.conflicts:
                return marks
            messages.success(request, f"Register saved for {day:%A %-d %B %Y}: {len(marks)} "
                                      f"session{'s' if len(marks) != 1 else ''} recorded.")
            return redirect(f"{reverse('register-day', args=[school.id])}?date={day.isoformat()}")
    for line in lines:
        for message in line.errors:
            errors.append((line.key, f"{line.pupil.first_name} {line.pupil.last_name}, "
                                     f"{SESSION_WORDS[line.row.session]}: {message}"))
    return None


def _engine_errors(error: ValidationError, lines: list[Line], errors: list[tuple[str, str]]) -> None:
    """The action's errors, named <pupil>-<session>-<field>, on their lines (with the engine's right code
    offered beside a wrong one); any other in `errors`."""
    by_key = {line.key: line for line in lines}
    for name, msgs in error.message_dict.items():
        key, _, what = name.rpartition("-")
        target = by_key.get(key)
        for message in msgs:
            if target is not None:
                target.errors.append(f"{what.replace('_', ' ').capitalize()}: {message}")
                right = RIGHT_CODE.search(message)
                if right:
                    target.right_code = right.group(1)
            else:
                errors.append((name, message))


def _weekday(day: dt.date, step: int) -> dt.date:
    """The next (step 1) or previous (step -1) Monday to Friday."""
    day += dt.timedelta(days=step)
    while day.weekday() > 4:
        day += dt.timedelta(days=step)
    return day


def _context(school: School, day: dt.date, lines: list[Line], writer: bool, errors: list[tuple[str, str]],
             date_error: str) -> dict[str, Any]:
    pupils = {line.pupil.pk for line in lines}
    recorded = sum(1 for line in lines if line.row.mark is not None and line.row.mark.code)
    provider_lines = [line for line in lines if line.row.at_provider]
    return {
        "school": school,
        "day": day,
        "previous": _weekday(day, -1),
        "next": _weekday(day, 1),
        "lines": lines,
        "writer": writer,
        "errors": errors,
        "date_error": date_error,
        "alerts": [line for line in lines if line.overdue or line.row.reported_late],
        "pupil_count": len(pupils),
        "recorded": recorded,
        "missing": len(lines) - recorded,
        "provider_missing": sum(1 for line in provider_lines if not line.row.reported_by_provider),
        "reasons": REASON_CHOICES,
    }
