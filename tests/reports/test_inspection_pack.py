"""The inspection evidence pack: one document for one pupil answering, arrangement by arrangement, what
inspectors consider about off-site provision (Annex A), with the rules' verdicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.arrangements.actions import do_end_arrangement, do_record_event
from pathways.cases.casefiles import case_for
from pathways.pdf import pdf_text
from pathways.policy import evaluate
from pathways.safeguarding.actions import do_complete_risk_assessment, do_start_risk_assessment
from tests.arrangements.helpers import make_arrangement
from tests.attendance.helpers import every_day
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import staff_of
from tests.reports.helpers import START, TODAY, on, place, save_pages

pytestmark = pytest.mark.django_db


def url(world: Any, pupil: Any = None, **query: Any) -> str:
    base = reverse("report-inspection", args=[world.school.id, (pupil or world.pupil).id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def evidence(world: Any) -> Any:
    placed = place(world)
    with on(START, 9):
        do_record_event(arrangement=placed.arrangement, type="slt_decision", date=dt.date(2026, 1, 8),
                        actor=world.staff["dsl"], note="Off-site for a term to avoid a permanent exclusion.")
        ra = do_start_risk_assessment(arrangement=placed.arrangement, template="alternative_provision",
                                      actor=world.staff["dsl"])
        do_complete_risk_assessment(risk_assessment=ra, on=dt.date(2026, 1, 9), next_review_due=dt.date(2026, 4, 17),
                                    actor=world.staff["dsl"], approved_by="Mrs Hughes, Headteacher")
    return placed


def test_each_question_is_answered_with_the_pupils_records(world, as_user):
    evidence(world)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inspection evidence: Ava Ourpupil" in page
    for heading in ("Why the pupil is educated off-site", "Registration checks", "Safeguarding checks",
                    "Curriculum", "Progress", "Attendance", "Behaviour and personal development"):
        assert heading in page
    assert "Risk of exclusion" in page and "Off-site for a term to avoid a permanent exclusion." in page
    assert "Not registered as a school" in page and "Registration checked on 1 September 2025" in page
    assert "1 pupil of compulsory school age attends full time from schools in the trust" in page  # threshold
    assert "Staff safeguarding checks confirmed in writing" in page and "31 Aug 2026" in page
    assert "version 1: completed 9 January 2026" in page and "next review by 17 April 2026" in page
    assert "At the provider: 30 hours" in page and "30 hours a week" in page
    assert "Finished the bricklaying module ahead of the group." in page
    assert "Calm-down card agreed with the farm staff." in page
    assert "attended 8 of 10 possible sessions" in page and "80.0%" in page
    assert "21 Jan 2026 (Aplead Tester)" in page                                         # the visit


def test_the_requirement_summary_is_the_engines(world, as_user):
    placed = evidence(world)
    with on(TODAY):
        response = as_user(world.staff["dsl"]).get(url(world))
        result = evaluate(case_for(placed.arrangement, TODAY))
    unmet = [r.id for r in result.requirements if r.status == "unmet"]
    met = [r.id for r in result.requirements if r.status == "met"]
    assert f"{len(unmet)} unmet</strong>" in response.content.decode()
    assert f"{len(met)} met, judged on 6 February 2026" in response.content.decode()
    assert "NAT-AP-PARENT-INFORMATION" in unmet
    assert 'data-testid="unmet-NAT-AP-PARENT-INFORMATION"' in response.content.decode()


def test_a_draft_is_not_evidence(world, as_user):
    with on(START):
        make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health")
        response = as_user(world.staff["dsl"]).get(url(world))
    assert response.context["pack"].arrangements == []
    assert "has no arrangement beyond a draft" in response.content.decode()


def test_the_pdf_reads_with_every_section(world, as_user):
    evidence(world)
    with on(TODAY):
        response = as_user(world.staff["dsl"]).get(url(world, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="inspection-evidence-ava-ourpupil-2026-02-06.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Inspection evidence: Ava Ourpupil" in text
    assert "1. Why the pupil is educated off-site" in text and "7. Behaviour and personal development" in text
    assert "80.0%" in text and "Willow Farm Rural Skills" in text and "OFFICIAL-SENSITIVE" in text
    assert "Download PDF" not in text
    assert len(save_pages(response.content, "inspection-pack")) <= 5


def test_the_pupil_page_links_to_the_pack(world, as_user):
    with on(TODAY):
        page = as_user(world.staff["teacher"]).get(
            reverse("pupil-detail", args=[world.school.id, world.pupil.id])).content.decode()
    assert url(world) in page


@pytest.mark.parametrize("role", ["headteacher", "dsl", "ap_lead", "senco", "attendance_officer", "teacher"])
def test_staff_of_the_school_read_it(world, as_user, role):
    with on(TODAY):
        assert as_user(world.staff[role]).get(url(world)).status_code == 200


def test_the_trust_lead_reads_it_and_a_governor_is_refused(world, as_user, client):
    with on(TODAY):
        assert as_user(world.trust_lead).get(url(world)).status_code == 200
        client.logout()
        assert as_user(world.staff["governor"]).get(url(world)).status_code == 403
        page = as_user(world.staff["governor"]).get(
            reverse("pupil-detail", args=[world.school.id, world.pupil.id])).content.decode()
    assert url(world) not in page


def test_another_schools_staff_and_a_providers_staff_get_404(world, as_user, client):
    placed = place(world, marks=False)
    with on(TODAY):
        for user in (world.outsider, world.sister_dsl, staff_of(placed.provider, world.school)):
            client.logout()
            assert as_user(user).get(url(world)).status_code == 404
            assert as_user(user).get(url(world, format="pdf")).status_code == 404
        client.logout()
        # Our DSL asking for the other trust's pupil through our school's id.
        assert as_user(world.staff["dsl"]).get(url(world, world.other_pupil)).status_code == 404


def test_the_query_count_does_not_grow_with_the_arrangements(world, as_user):
    evidence(world)
    with on(TODAY):
        client = as_user(world.staff["dsl"])
        client.get(url(world))
        with CaptureQueriesContext(connection) as small:
            client.get(url(world))
    with on(dt.date(2025, 9, 8)):
        earlier = [
            make_arrangement(world.pupil, kind="part_time_timetable", start=dt.date(2025, 9, 8),
                             end=dt.date(2025, 10, 17), status="active", reason="mental_health",
                             slots=every_day("school", "home")),
            make_arrangement(world.pupil, start=dt.date(2025, 11, 3), end=dt.date(2025, 12, 19), status="active",
                             provider=make_provider(world.school, "Riverbank Motor Project"),
                             slots=every_day("provider", "school")),
        ]
    for arrangement in earlier:
        with on(arrangement.end):
            do_end_arrangement(arrangement=arrangement, actor=None, on=arrangement.end, outcome="full_time_school")
    with on(TODAY), CaptureQueriesContext(connection) as large:
        response = client.get(url(world))
    assert len(response.context["pack"].arrangements) == 3
    assert len(large.captured_queries) == len(small.captured_queries)
