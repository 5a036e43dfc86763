"""1. The progress report for parents and carers (Appendix 6): what the school's Appendix 6 form of the period
says under each heading (the latest recorded in it), with what Pathways holds beside it (attendance from the
register, the entries of the chronology, the next review from the engine)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pathways.arrangements.models import Arrangement, Event
from pathways.cases.casefiles import ALL_SESSIONS, cases_for
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.reports.data.shared import (
    NEXT_STEP_TYPES,
    PASTORAL_TYPES,
    PROGRESS_TYPES,
    PROVIDER_REPORT_TYPES,
    TARGET_TYPES,
    Attendance,
    EventLine,
    event_lines,
    judge_result,
    latest_line,
    marks_by_arrangement,
    needs_line,
    next_review,
    with_events,
)
from pathways.schools.models import HalfTerm, School


@dataclass
class ProgressReport:
    arrangement: Arrangement
    pupil: Pupil
    school: School
    provider: Provider | None
    start: dt.date
    end: dt.date
    period_name: str
    as_of: dt.date
    needs: str
    attendance: Attendance
    pastoral: list[EventLine]
    curriculum: list[EventLine]
    provider_reports: list[EventLine]
    targets: EventLine | None
    next_steps: EventLine | None
    next_review: dt.date | None
    review_overdue: bool
    recorded: Event | None = None  # the period's Appendix 6 form, complete (the entry the rules read)
    answers: dict[str, str] | None = None  # its answers, by question key (record_templates.PROGRESS_REPORT)


def progress_report(arrangement: Arrangement, *, start: dt.date, end: dt.date, as_of: dt.date,
                    period_name: str = "") -> ProgressReport:
    a = with_events(Arrangement.objects.filter(pk=arrangement.pk)).get()
    events = a.current_events
    marks = marks_by_arrangement([a.pk], start, end).get(a.pk, [])
    result = judge_result(cases_for([a], as_of=as_of, register=ALL_SESSIONS)[a.pk])
    due, overdue = next_review(result, HalfTerm.objects.filter(school_id=a.school_id), a.end)
    recorded = [e for e in events if e.type == "progress_report" and start <= e.date <= min(end, as_of)]
    latest = recorded[-1] if recorded else None
    return ProgressReport(
        arrangement=a, pupil=a.pupil, school=a.school, provider=a.provider, start=start, end=end,
        period_name=period_name or f"{start:%-d %B %Y} to {end:%-d %B %Y}", as_of=as_of,
        needs=needs_line(a.pupil), attendance=Attendance.of(marks),
        pastoral=event_lines(events, PASTORAL_TYPES, start, end),
        # the period's form prints under the headings: listed as an entry only for the note it carries
        curriculum=event_lines([e for e in events if e.note or e is not latest], PROGRESS_TYPES, start, end),
        provider_reports=event_lines(events, PROVIDER_REPORT_TYPES, start, end),
        targets=latest_line(events, TARGET_TYPES, end), next_steps=latest_line(events, NEXT_STEP_TYPES, end),
        next_review=due, review_overdue=overdue, recorded=latest,
        answers=latest.record.answers if latest else {},
    )
