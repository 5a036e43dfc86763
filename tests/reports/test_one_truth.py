"""One truth: every report reads the evidence the rules read (pathways/cases/evidence.py).

Over every arrangement of the demo trust, on one day: the inspection evidence pack lists each duty with
the engine's own verdict on that day; the risk assessment it shows is the one whose entry the rules
read, and no duty that reads a risk assessment is met where the pack says there is none; the visits it
lists are the visits the rules count; and the record of each visit (Appendix 5) shows the assessment the
rules read on the day of the visit. A risk assessment typed into the chronology, with no approved
assessment behind it, is added first: the rules must not count what the reports do not show.

The demo is loaded once, for one test that goes over every arrangement (it takes most of the time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.arrangements.requirement_links import LINKS
from pathways.cases.casefiles import case_for
from pathways.demo.trust import DemoTrust, create_demo_trust
from pathways.policy import evaluate
from pathways.reports.data.inspection import inspection_pack
from pathways.reports.data.visit import visit_record

DAY = dt.date(2026, 11, 23)  # a Monday in the autumn term
LONDON = ZoneInfo("Europe/London")
# The duties that read a risk assessment: those a risk assessment entry meets (requirement_links).
READ_RISK_ASSESSMENT = sorted(rid for rid, link in LINKS.items() if "risk_assessment" in link.events)


@pytest.fixture
def demo(db: Any) -> Iterator[DemoTrust]:
    with time_machine.travel(dt.datetime.combine(DAY, dt.time(12), tzinfo=LONDON)):
        trust = create_demo_trust(today=DAY)
        trust.claimed = _claim_an_unassessed_risk_assessment(trust)  # type: ignore[attr-defined]
        yield trust


def _claim_an_unassessed_risk_assessment(demo: DemoTrust) -> Arrangement:
    """A risk assessment entry typed into the chronology of a running placement, today, with no assessment
    written or reviewed behind it (the finding of issue 15: the reports said none while the rules counted
    the entry)."""
    for a in demo.arrangements.values():
        if a.status == Status.ACTIVE and a.kind == "alternative_provision" and not a.risk_assessments.filter(
                completed_on=DAY).exists():
            do_record_event(arrangement=a, type="risk_assessment", date=DAY, actor=None,
                            note="Risk assessment reviewed (no assessment recorded).")
            return a
    raise AssertionError("the demo has no running placement to claim a risk assessment for")


def _statuses(case: Any) -> dict[str, tuple[str, bool]]:
    result = evaluate(case)
    return {r.id: (r.status, r.nothing_due_yet) for r in result.requirements}


def test_every_report_agrees_with_the_engine_on_every_demo_arrangement(demo: DemoTrust) -> None:
    arrangements = list(Arrangement.objects.filter(school__trust=demo.trust).exclude(status=Status.DRAFT)
                        .select_related("pupil").order_by("id"))
    assert len(arrangements) >= 15
    compared_risk = compared_visits = 0
    problems: list[str] = []
    for pupil in {a.pupil for a in arrangements}:
        pack = inspection_pack(pupil, as_of=DAY)
        for ev in pack.arrangements:
            a = ev.arrangement
            name = f"{a} ({a.pk})"
            case = case_for(a, DAY)
            engine = _statuses(case)
            # 1. each duty the pack mentions, with the engine's verdict on the same day
            if ev.panel_problem:
                assert not any(ev.panel.values()), name
                continue
            said = {r.id: ("met", True) if key == "not_yet" else (r.status, r.nothing_due_yet)
                    for key, found in ev.panel.items() for r in found}
            for rid, verdict in said.items():
                if engine.get(rid) != verdict:
                    problems.append(f"{name}: the pack says {rid} is {verdict}, the engine {engine.get(rid)}")
            if set(said) != set(engine):
                problems.append(f"{name}: the pack leaves out {sorted(set(engine) - set(said))}")
            # 2. the risk assessment the pack shows is the one the rules read
            read = sorted(e.date for e in case.events if e.type == "risk_assessment" and e.date <= DAY)
            shown = ev.risk_assessment
            if shown is None:
                if read:
                    problems.append(f"{name}: the pack shows no risk assessment; the rules read one of {read[-1]}")
                for rid in READ_RISK_ASSESSMENT:
                    status, not_yet = engine.get(rid, ("", False))
                    if status == "met" and not not_yet:
                        problems.append(f"{name}: {rid} met while the pack shows no risk assessment")
            elif not read or read[-1] != shown.completed_on:
                problems.append(f"{name}: the pack shows the assessment of {shown.completed_on}; the rules read {read}")
            compared_risk += 1
            # 3. the visits it lists are those the rules count
            counted_visits = [e.date for e in case.events if e.type == "visit"]
            if sorted(v.date for v in ev.visits) != sorted(counted_visits):
                problems.append(f"{name}: the pack lists visits {[v.date for v in ev.visits]}; the rules "
                                f"count {counted_visits}")
            # 4. each visit's record shows the risk assessment the rules read on the day of the visit
            for visit in Event.current.filter(arrangement=a, type="visit"):
                record = visit_record(visit)
                on_the_day = sorted(e.date for e in case_for(a, visit.date).events
                                    if e.type == "risk_assessment" and e.date <= visit.date)
                recorded = record.risk_assessment.completed_on if record.risk_assessment else None
                if recorded != (on_the_day[-1] if on_the_day else None):
                    problems.append(f"{name}: the visit of {visit.date} shows the assessment of {recorded}; the "
                                    f"rules read {on_the_day}")
                compared_visits += 1
    assert not problems, "\n".join(problems)
    assert compared_risk >= 15 and compared_visits >= 1
    # the risk assessment typed into the chronology: the rules do not read it, and no report shows it
    claimed = demo.claimed  # type: ignore[attr-defined]
    assert Event.current.filter(arrangement=claimed, type="risk_assessment", date=DAY).exists()
    assert DAY not in [e.date for e in case_for(claimed, DAY).events if e.type == "risk_assessment"]
    shown = next(ev for ev in inspection_pack(claimed.pupil, as_of=DAY).arrangements if ev.arrangement.pk == claimed.pk)
    assert shown.risk_assessment is None or shown.risk_assessment.completed_on != DAY
