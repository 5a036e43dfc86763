"""5. The inspection evidence pack: Ofsted's questions (Annex A), arrangement by arrangement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from pathways.arrangements.models import (
    Arrangement,
    Status,
    timetable_in_force,
)
from pathways.cases.casefiles import ALL_SESSIONS, cases_for
from pathways.cases.evidence import assessment_in_force, counts
from pathways.cases.judging import judge
from pathways.cases.registration import Threshold, explain, thresholds_for
from pathways.providers.checks import CheckState, check_states, counted_checks
from pathways.providers.models import ProviderCheck
from pathways.pupils.models import Pupil
from pathways.reports.data.shared import (
    DECISION_TYPES,
    PROGRESS_TYPES,
    PROVIDER_REPORT_TYPES,
    Attendance,
    EventLine,
    event_lines,
    hours_by_place,
    hours_offered,
    marks_by_arrangement,
    needs_line,
    week_rows,
    with_events,
)
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.models import School


@dataclass
class ArrangementEvidence:
    arrangement: Arrangement
    decisions: list[EventLine]
    threshold: Threshold | None
    registration_checked: CheckState | None
    checks: list[CheckState]
    risk_assessment: RiskAssessment | None  # the one in force (cases/evidence.py), which the rules read
    risk_assessments_not_counted: list[RiskAssessment]  # drafts, or completed with no approver
    week: list[tuple[str, str, str]]
    timetable_from: dt.date | None
    hours: list[tuple[str, int]]
    hours_offered: int | None
    steps: list[Any]
    progress: list[EventLine]
    provider_reports: list[EventLine]
    attendance: Attendance
    behaviour: list[EventLine]
    visits: list[EventLine]
    panel: dict[str, list[Any]] = field(default_factory=dict)
    panel_problem: str = ""

    @property
    def threshold_lines(self) -> list[str]:
        return explain(self.threshold) if self.threshold else []


@dataclass
class InspectionPack:
    pupil: Pupil
    school: School
    as_of: dt.date
    needs: str
    arrangements: list[ArrangementEvidence]


def inspection_pack(pupil: Pupil, *, as_of: dt.date) -> InspectionPack:
    """Every arrangement of the pupil but drafts, newest first, with the evidence for each of the
    questions inspectors consider (Annex A: Ofsted handbook 230)."""
    arrangements = list(
        with_events(Arrangement.objects.filter(pupil=pupil).exclude(status=Status.DRAFT))
        .prefetch_related("timetables", "steps",
                          # The checks the rules read (a bare-date initial visit or checklist meets nothing).
                          Prefetch("provider__checks", queryset=ProviderCheck.objects.filter(counted_checks())),
                          Prefetch("risk_assessments", queryset=RiskAssessment.objects.select_related(
                              "completed_by", "next_version").order_by("-version")))
        .order_by("-start", "-id")
    )
    cases = cases_for(arrangements, as_of=as_of, register=ALL_SESSIONS) if arrangements else {}
    providers = {a.provider_id: a.provider for a in arrangements if a.provider is not None}
    thresholds = thresholds_for(providers.values(), as_of=as_of)
    marks = marks_by_arrangement([a.pk for a in arrangements], None, as_of)
    out = []
    for a in arrangements:
        events = a.current_events
        versions = list(a.timetables.all())
        on = min(as_of, a.end) if a.end else as_of
        version = timetable_in_force(versions, on)
        states = check_states(list(a.provider.checks.all()), as_of) if a.provider else []
        registration = next((s for s in states if s.type == "registration_checked"), None)
        panel: dict[str, list[Any]] = {"unmet": [], "due": [], "met": [], "not_yet": [], "not_applicable": []}
        problem = ""
        judged = judge(cases[a.pk])
        if judged.cannot is not None:
            problem = f"{judged.cannot.reason}. {judged.cannot.action}."
        else:
            assert judged.result is not None
            for r in judged.result.requirements:
                # A duty whose first window has not closed is not "met": nothing has been due yet.
                panel["not_yet" if r.status == "met" and r.nothing_due_yet else r.status].append(r)
            panel["due"].sort(key=lambda r: (r.due or dt.date.max, r.id))
        out.append(ArrangementEvidence(
            arrangement=a,
            decisions=event_lines(events, (*DECISION_TYPES, "end")),
            threshold=thresholds.get(a.provider_id) if a.provider_id else None,
            registration_checked=registration,
            checks=[s for s in states if s.type != "registration_checked"],
            risk_assessment=(in_force := assessment_in_force(a, on=as_of)),
            risk_assessments_not_counted=[r for r in a.risk_assessments.all()
                                          if r.is_current and r != in_force and not counts(r)],
            week=week_rows(version.slots) if version else [],
            timetable_from=version.effective_from if version else None,
            hours=hours_by_place(version.slots, on) if version else [],
            hours_offered=hours_offered(version.slots, on) if version else None,
            steps=list(a.steps.all()),
            progress=event_lines(events, (*PROGRESS_TYPES, "pupil_views")),
            provider_reports=event_lines(events, PROVIDER_REPORT_TYPES),
            attendance=Attendance.of(marks.get(a.pk, [])),
            behaviour=event_lines(events, ("behaviour_plan_updated", "welfare_check", "send_plan_updated")),
            visits=event_lines(events, ("visit",)),
            panel=panel, panel_problem=problem,
        ))
    return InspectionPack(pupil=pupil, school=pupil.school, as_of=as_of, needs=needs_line(pupil), arrangements=out)
