"""A pupil's school year of register sessions: a calendar (an SVG drawn on the server) and the rates.

One row per school week, one cell per morning and afternoon of each weekday. Each cell shows its code
as text, so it reads without colour; the colour of its category is a second cue. Thin: access, read,
render (a fixed number of queries whatever the number of marks).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pathways.attendance.models import SESSION_LABELS, Mark
from pathways.audit.record import record_read
from pathways.cases.rates import CATEGORY_LABELS, category_of, meaning_of, rates_of
from pathways.policy import casefile as cf
from pathways.policy.calendar import SchoolCalendar
from pathways.pupils.access import pupil_for
from pathways.schools.models import Closure, HalfTerm, school_year_of
from pathways.schools.permissions import can

# Drawing sizes, in SVG user units.
LABEL_W = 96
CELL_W = 34
CELL_H = 26
DAY_GAP = 8
ROW_GAP = 4
HEADER_H = 40
HOLIDAY_H = 20
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
# Light fills with dark text (contrast stays high); the code, not the colour, carries the meaning.
FILLS = {
    "present": "#cce2d8",
    "educational_activity": "#bbd4ea",
    "authorised_absence": "#fff7bf",
    "unauthorised_absence": "#f4cdc6",
    "not_possible": "#e5e6e7",
    "administrative": "#e5e6e7",
    None: "#ffffff",
}
NOT_RECORDED = "–"
LEGEND = [
    ("Present", FILLS["present"]),
    ("Approved educational activity", FILLS["educational_activity"]),
    ("Authorised absence", FILLS["authorised_absence"]),
    ("Unauthorised absence", FILLS["unauthorised_absence"]),
    ("Not counted: attendance not possible, or administrative", FILLS["not_possible"]),
    (f"{NOT_RECORDED} No mark recorded in Pathways", FILLS[None]),
]


@dataclasses.dataclass(frozen=True)
class Cell:
    x: int
    y: int
    key: str          # "2025-09-01-am"
    text: str         # the code, or – when nothing is recorded
    label: str        # what a screen reader and the tooltip say
    fill: str
    session: bool     # a school session (False: a weekday that is not a school day)

    @property
    def text_x(self) -> int:
        return self.x + CELL_W // 2

    @property
    def text_y(self) -> int:
        return self.y + CELL_H // 2 + 5


@dataclasses.dataclass(frozen=True)
class Band:
    """A row label: the week (w/c date) or a holiday between half-terms."""

    y: int
    text: str
    holiday: bool


def _label(day: dt.date, session: str, code: str, category: str | None, letters: bool = True) -> str:
    when = f"{day:%A} {day.day} {day:%B %Y}, {SESSION_LABELS[session].lower()}"
    if not code:
        return f"{when}: no mark recorded"
    meaning = meaning_of(code, day)
    words = CATEGORY_LABELS.get(category or "", "not in the code set of that day").lower()
    if not letters:  # the meaning in words, for staff who do not record the register
        return f"{when}: {meaning or words}" + (f" ({words})" if meaning else "")
    return f"{when}: {code}" + (f", {meaning}" if meaning else "") + f" ({words})"


def draw(first: dt.date, last: dt.date, calendar: SchoolCalendar, codes: dict[tuple[dt.date, str], str],
         closures: dict[dt.date, str], letters: bool = True) -> tuple[list[Cell], list[Band], int, int]:
    """`letters`: the DfE code letters in the cells, for the staff who record the register (the role
    matrix's take_register); for everyone else the cells are coloured by what the mark means, and say it
    in words to a screen reader and in the tooltip."""
    """The cells and row labels of the calendar from `first` to `last`, and the drawing's width and height."""
    cells: list[Cell] = []
    bands: list[Band] = []
    y = HEADER_H
    monday = first - dt.timedelta(days=first.weekday())
    gap_pending = False
    while monday <= last:
        days = [monday + dt.timedelta(days=i) for i in range(5)]
        school_days = [d for d in days if first <= d <= last and calendar.is_school_day(d)]
        if not school_days:
            gap_pending = True
            monday += dt.timedelta(days=7)
            continue
        if gap_pending:
            bands.append(Band(y=y + HOLIDAY_H - 6, text="holiday", holiday=True))
            y += HOLIDAY_H
            gap_pending = False
        bands.append(Band(y=y + CELL_H // 2 + 5, text=f"w/c {monday.day} {monday:%b}", holiday=False))
        for i, day in enumerate(days):
            if not first <= day <= last:
                continue
            for j, session in enumerate(cf.SESSIONS):
                x = LABEL_W + i * (2 * CELL_W + DAY_GAP) + j * CELL_W
                key = f"{day.isoformat()}-{session}"
                if day in school_days:
                    code = codes.get((day, session), "")
                    category = category_of(code, day) if code else None
                    text = (code if letters else "") if code else NOT_RECORDED
                    cells.append(Cell(x=x, y=y, key=key, text=text, label=_label(day, session, code, category, letters),
                                      fill=FILLS.get(category, "#ffffff"), session=True))
                else:
                    why = closures.get(day, "")
                    cells.append(Cell(x=x, y=y, key=key, text="", fill="#f3f2f1", session=False,
                                      label=f"{day:%A} {day.day} {day:%B %Y}: not a school day"
                                            + (f" ({why})" if why else "")))
        y += CELL_H + ROW_GAP
        monday += dt.timedelta(days=7)
    width = LABEL_W + 5 * (2 * CELL_W + DAY_GAP)
    return cells, bands, width, y


def _year(request: HttpRequest, today: dt.date) -> tuple[int, str]:
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return school_year_of(today), ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), ""
    return school_year_of(today), f"Year: enter the year the school year starts, like 2025 (“{raw[:10]}” is not one)."


@login_required
def pupil_attendance(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    school = pupil.school
    record_read(request.user, "attendance record", pupil, school=school, pupil=pupil)
    today = timezone.localdate()
    year, year_error = _year(request, today)
    half_terms = list(HalfTerm.objects.filter(school=school, school_year=year).order_by("start"))
    years = sorted(set(HalfTerm.objects.filter(school=school).values_list("school_year", flat=True)))
    context: dict[str, object] = {
        "school": school, "pupil": pupil, "year": year, "year_error": year_error,
        "other_years": [y for y in years if y != year],
        "year_label": f"{year}-{(year + 1) % 100:02d}",
    }
    if half_terms:
        first, last = half_terms[0].start, half_terms[-1].end
        closures = dict(Closure.objects.filter(school=school, date__range=(first, last)).values_list("date", "reason"))
        calendar = SchoolCalendar([cf.HalfTerm(name=h.name, start=h.start, end=h.end) for h in half_terms], closures)
        marks = list(Mark.objects.filter(pupil=pupil, date__range=(first, last)).values_list("date", "session", "code"))
        codes = {(d, s): c for d, s, c in marks if c}
        letters = can(request.user, "take_register", school)  # the DfE codes, for those who record them
        cells, bands, width, height = draw(first, last, calendar, codes, closures, letters)
        rates = rates_of((d, c) for (d, _s), c in codes.items() if calendar.is_school_day(d))
        seen = sorted({(c, category_of(c, d) or "") for (d, _s), c in codes.items()})
        legend_codes = [
            {"code": c if letters else "", "category": CATEGORY_LABELS.get(cat, "not in the code set"),
             "meaning": next((meaning_of(c, d) for (d, _s), cc in codes.items() if cc == c), "")}
            for c, cat in seen
        ]
        sessions = sum(1 for c in cells if c.session)
        context.update({
            "first": first, "last": last, "cells": cells, "bands": bands, "width": width, "height": height,
            "rates": rates, "sessions": sessions, "not_recorded": sessions - len([k for k in codes
                                                                                  if calendar.is_school_day(k[0])]),
            "legend_codes": legend_codes,
            "legend": LEGEND,
            "days": [
                {"name": name, "x": x + CELL_W, "am": x + CELL_W // 2, "pm": x + CELL_W + CELL_W // 2}
                for name, x in ((name, LABEL_W + i * (2 * CELL_W + DAY_GAP)) for i, name in enumerate(DAYS))
            ],
            "cell_w": CELL_W, "cell_h": CELL_H, "label_x": LABEL_W - 8,
        })
    return render(request, "attendance/pupil/year.html", context)
