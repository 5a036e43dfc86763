"""2. The record of a provider visit (Appendix 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pathways.arrangements.models import (
    Arrangement,
    Event,
)
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.vocabulary import label
from pathways.cases.evidence import assessment_in_force
from pathways.providers.checks import CheckState, check_states, counted_checks
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.reports.data.shared import (
    AGENCY_TYPES,
    BEHAVIOUR_TYPES,
    PROGRESS_TYPES,
    PROVIDER_REPORT_TYPES,
    Attendance,
    EventLine,
    current_half_term,
    event_lines,
    marks_by_arrangement,
    needs_line,
    who,
    with_events,
)
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.models import HalfTerm, School
from pathways.words import shown


@dataclass
class VisitRecord:
    event: Event
    arrangement: Arrangement
    pupil: Pupil
    school: School
    provider: Provider | None
    visited_by: str
    needs: str
    agencies: list[str]
    since: dt.date
    attendance: Attendance
    checks: list[CheckState]
    risk_assessment: RiskAssessment | None
    behaviour: list[EventLine]
    progress: list[EventLine]
    provider_reports: list[EventLine]
    others_seen: int
    details: list[tuple[str, str]]
    answers: dict[str, str]  # the Appendix 5 form recorded with the visit, by question key
    complete: bool  # every required answer given: the visit the rules read


def visit_record(event: Event) -> VisitRecord:
    """The visit with what Pathways holds for each section of Appendix 5, from the start of its half-term
    (or of the placement, if later) to the day of the visit."""
    a = with_events(Arrangement.objects.filter(pk=event.arrangement_id)).get()
    events = a.current_events
    half_terms = list(HalfTerm.objects.filter(school_id=a.school_id))
    half = current_half_term(half_terms, event.date)
    since = max(half.start if half and half.start <= event.date else a.start, a.start)
    marks = marks_by_arrangement([a.pk], since, event.date).get(a.pk, [])
    checks = list(a.provider.checks.filter(counted_checks())) if a.provider else []  # those the rules read
    risk = assessment_in_force(a, on=event.date)  # the one the rules read (cases/evidence.py)
    others = 0
    if a.provider_id:
        others = (Event.current.filter(type="visit", date=event.date, arrangement__provider_id=a.provider_id,
                                       arrangement__school_id=a.school_id)
                  .exclude(arrangement__pupil_id=a.pupil_id).values("arrangement__pupil_id").distinct().count())
    try:
        answers, complete = dict(event.record.answers), event.record.complete
    except EventRecord.DoesNotExist:
        answers, complete = {}, False
    agencies = []
    if a.pupil.social_worker:
        agencies.append("Social worker allocated")
    for line in event_lines(events, AGENCY_TYPES, end=event.date):
        agencies.append(f"{line.type} ({line.date:%-d %b %Y})")
    return VisitRecord(
        event=event, arrangement=a, pupil=a.pupil, school=a.school, provider=a.provider,
        visited_by=who(event.recorded_by), needs=needs_line(a.pupil), agencies=agencies, since=since,
        attendance=Attendance.of(marks), checks=check_states(checks, event.date) if a.provider else [],
        risk_assessment=risk, behaviour=event_lines(events, BEHAVIOUR_TYPES, since, event.date),
        progress=event_lines(events, PROGRESS_TYPES, since, event.date),
        provider_reports=event_lines(events, PROVIDER_REPORT_TYPES, since, event.date), others_seen=others,
        details=[(label(k), shown(v)) for k, v in (event.fields or {}).items()], answers=answers,
        complete=complete,
    )
