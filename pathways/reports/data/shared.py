"""What the reports share: the event types each section reads, terms and half-terms, the lines of the
chronology, attendance rates, the next review from the engine's review rules, the usual week.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from pathways.arrangements.models import (
    Event,
    Status,
)
from pathways.arrangements.vocabulary import (
    SESSIONS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    WHERE_LABELS,
    hours_per_session,
    label,
    sessions_at,
    slot,
)
from pathways.attendance.models import Mark
from pathways.cases.evidence import counted_as_evidence
from pathways.cases.judging import judge
from pathways.cases.rates import Rates, rates_of
from pathways.policy.engine import Result
from pathways.pupils.models import Pupil
from pathways.schools.models import HalfTerm
from pathways.words import shown

# Where a session counts as "at the provision": away from school, with the provider or its lessons.
AT_PROVISION = ("provider", "online", "another_school")
# The rules whose due date is the arrangement's next review (with the parents, or of the timetable).
REVIEW_RULES = (
    "AP-PARENT-MEETINGS", "AP-UNSATISFACTORY-REVIEW", "PTT-REVIEWS", "OLP-REVIEWS", "RTL-TIMETABLE-REVIEW",
    "NAT-DIRECTION-REVIEW-REQUEST",
)
# A met half-termly duty has no due date in the engine's answer: the next falls in the next half-term.
HALF_TERMLY_REVIEW_RULES = ("AP-PARENT-MEETINGS", "PTT-REVIEWS", "OLP-REVIEWS")
PROGRESS_TYPES = ("progress_report", "review", "timetable_review", "final_report")
PROVIDER_REPORT_TYPES = ("provider_report",)
PASTORAL_TYPES = ("welfare_check", "pupil_views", "behaviour_plan_updated", "send_plan_updated", "healthcare_plan")
BEHAVIOUR_TYPES = ("behaviour_plan_updated", "welfare_check", "pupil_views")
TARGET_TYPES = ("plan_agreed",)
NEXT_STEP_TYPES = ("reintegration_plan",)
DECISION_TYPES = (
    "parent_request", "consideration_form", "planning_meeting", "slt_decision", "trust_consulted",
    "trust_approval", "la_approval", "headteacher_approval", "direction_notice", "parent_consent",
    "written_agreement", "parent_information", "medical_evidence", "iss_consulted", "iss_referral",
)
AGENCY_TYPES = ("social_worker_informed", "agencies_informed", "la_notified", "iss_referral")
TERMS = {"autumn": (1, 2), "spring": (3, 4), "summer": (5, 6)}
TERM_NAMES = {"autumn": "Autumn term", "spring": "Spring term", "summer": "Summer term"}
RUNNING = (Status.ACTIVE, Status.ENDED)



def needs_line(pupil: Pupil) -> str:
    """The forms' "SEND/ FSM/ LAC/ PP" line: what the school holds (pupil premium is not kept here)."""
    parts = [pupil.get_send_display() if pupil.send != "none" else "No SEND"]
    parts.append("FSM" if pupil.free_school_meals else "Not FSM")
    parts.append("Looked after" if pupil.looked_after else "Not looked after")
    return ", ".join(parts)


def who(user: Any) -> str:
    if user is None:
        return "Pathways"
    return str(user.get_full_name() or user.username)


def current_half_term(half_terms: Iterable[HalfTerm], today: dt.date) -> HalfTerm | None:
    """The half-term `today` falls in; in a holiday, the last one to have started; before any, the first."""
    ordered = sorted(half_terms, key=lambda h: h.start)
    started = [h for h in ordered if h.start <= today]
    if started:
        return started[-1]
    return ordered[0] if ordered else None


def term_of(half_terms: Iterable[HalfTerm], year: int, term: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a term: autumn is half-terms 1-2, spring 3-4, summer 5-6."""
    numbers = TERMS[term]
    found = [h for h in half_terms if h.school_year == year and h.number in numbers]
    if not found:
        return None
    return min(h.start for h in found), max(h.end for h in found)


def term_containing(half_terms: Iterable[HalfTerm], day: dt.date) -> tuple[int, str]:
    half = current_half_term(half_terms, day)
    if half is None:
        year = day.year if day.month >= 9 else day.year - 1
        return year, "autumn"
    term = next(t for t, numbers in TERMS.items() if half.number in numbers)
    return half.school_year, term


@dataclass(frozen=True)
class EventLine:
    date: dt.date
    type: str
    text: str
    by: str
    details: list[tuple[str, str]]

    @classmethod
    def of(cls, event: Event) -> EventLine:
        details = [(label(k), shown(v)) for k, v in (event.fields or {}).items()]
        return cls(event.date, event.type_label, event.note or _form_says(event), who(event.recorded_by), details)


# The answer that says what an entry recorded with its form is about, where a report lists it as a line.
FORM_SUMMARY = {"pupil_views": "views", "progress_report": "curriculum", "visit": "curriculum_progress",
                "consideration_form": "reasons", "healthcare_plan": "condition"}


def _form_says(event: Event) -> str:
    """An entry without a note, recorded with its form (read with the entry, as `with_events` does): the form's
    answer that says what it is about (FORM_SUMMARY), e.g. what the pupil said."""
    record = event._state.fields_cache.get("record")
    key = FORM_SUMMARY.get(event.type)
    return str(record.answers.get(key, "")) if record is not None and key else ""


def event_lines(events: Iterable[Event], types: Iterable[str], start: dt.date | None = None,
           end: dt.date | None = None) -> list[EventLine]:
    types = tuple(types)
    return [
        EventLine.of(e) for e in events
        if e.type in types and (start is None or e.date >= start) and (end is None or e.date <= end)
    ]


def latest_line(events: Iterable[Event], types: Iterable[str], until: dt.date) -> EventLine | None:
    found = event_lines(events, types, end=until)
    return found[-1] if found else None


def judge_result(case: Any) -> Result | None:
    """The engine's result, or None when it cannot judge the case (a progress report and the LA return
    then give no next review date; the governors' report counts it as "cannot be judged")."""
    return judge(case).result


def next_review(result: Result | None, half_terms: Iterable[HalfTerm] = (),
                end: dt.date | None = None) -> tuple[dt.date | None, bool]:
    """(the next review's due date, whether a review is overdue), from the engine's review rules. A
    half-termly review already held this half-term is next due by the end of the next half-term, or the
    arrangement's end if sooner (if it runs into that half-term)."""
    if result is None:
        return None, False
    reviews = [r for r in result.requirements if r.id in REVIEW_RULES]
    overdue = any(r.status == "unmet" for r in reviews)
    dates = [r.due for r in reviews if r.status == "due" and r.due]
    if dates:
        return min(dates), overdue
    if any(r.id in HALF_TERMLY_REVIEW_RULES and r.status == "met" for r in reviews):
        later = sorted((h for h in half_terms if h.start > result.as_of), key=lambda h: h.start)
        if later and (end is None or end >= later[0].start):
            return min(later[0].end, end or later[0].end), overdue
    return None, overdue


def marks_by_arrangement(arrangements: Iterable[int], start: dt.date | None,
                         end: dt.date | None) -> dict[int, list[Mark]]:
    """The marks of each arrangement from `start` to `end` (either open), by arrangement id."""
    q = Q(arrangement_id__in=list(arrangements))
    if start is not None:
        q &= Q(date__gte=start)
    if end is not None:
        q &= Q(date__lte=end)
    out: dict[int, list[Mark]] = defaultdict(list)
    for m in Mark.objects.filter(q).only("arrangement_id", "date", "session", "expected", "code"):
        out[m.arrangement_id or 0].append(m)
    return out


@dataclass(frozen=True)
class Attendance:
    """Rates for the arrangement's recorded sessions: all of them, and those at the provision."""

    all: Rates
    at_provision: Rates

    @classmethod
    def of(cls, marks: Iterable[Mark]) -> Attendance:
        marks = list(marks)
        return cls(
            all=rates_of((m.date, m.code) for m in marks),
            at_provision=rates_of((m.date, m.code) for m in marks if m.expected in AT_PROVISION),
        )


def week_rows(slots: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(WEEKDAY_NAMES[d], WHERE_LABELS[slot(slots, d, "am")], WHERE_LABELS[slot(slots, d, "pm")])
            for d in WEEKDAYS]


def hours_by_place(slots: dict[str, Any], on: dt.date) -> list[tuple[str, int]]:
    """(where, hours a week) for every place the usual week uses, a session being the law's
    `hours_per_session` on `on`."""
    counts = Counter(slot(slots, d, s) for d in WEEKDAYS for s in SESSIONS)
    return [(WHERE_LABELS[w], n * hours_per_session(on)) for w, n in counts.items() if n]


def hours_offered(slots: dict[str, Any], on: dt.date) -> int:
    """Hours of education a week the usual week offers on `on`: every session but those at home or not
    required."""
    sessions = sum(sessions_at(slots, w) for w in ("school", "provider", "online", "another_school"))
    return sessions * hours_per_session(on)


def with_events(queryset: Any) -> Any:
    return queryset.select_related("pupil", "school", "provider").prefetch_related(
        # The entries the rules read (`counted_as_evidence`): a report never cites what the rules do not count.
        Prefetch("events", queryset=Event.current.filter(counted_as_evidence())
                 .select_related("recorded_by", "record").order_by("date", "id"), to_attr="current_events"),
    )


# ----------------------------------------------------------------------------- 1. parent progress report
