"""The governors' termly report: arrangements counted by kind, the compliance rate from the policy
engine, outcomes and providers with their registration; pupils counted, never named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.arrangements.actions import do_end_arrangement
from pathways.pdf import pdf_text
from tests.providers.portal_helpers import staff_of
from tests.reports.helpers import TODAY, on, part_time, place, save_pages

pytestmark = pytest.mark.django_db


def url(world: Any, **query: Any) -> str:
    base = reverse("report-governors", args=[world.school.id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def spring(world: Any) -> Any:
    """In the spring term 2026: the AP placement (parents not given written information: unmet), a
    compliant part-time timetable, and one from the autumn that ended on 2 February, back full time."""
    placed = place(world, marks=False)
    part_time(world)
    ended = part_time(world, "Cy", "Returned", start=dt.date(2025, 11, 3), end=dt.date(2026, 3, 20))
    with on(dt.date(2026, 2, 2)):
        do_end_arrangement(arrangement=ended, actor=None, on=dt.date(2026, 2, 2), outcome="full_time_school")
    return placed


def test_the_term_counts_arrangements_by_kind_and_the_compliance_rate(world, as_user):
    spring(world)
    with on(TODAY):
        response = as_user(world.staff["governor"]).get(url(world))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.term_name == "Spring term 2025-26"
    assert (report.start, report.end) == (dt.date(2026, 1, 5), dt.date(2026, 3, 27))
    rows = {k.kind: (k.active, k.started, k.ended) for k in report.kinds}
    assert rows == {"Alternative provision": (1, 1, 0), "Part-time timetable": (2, 1, 1)}
    assert (report.totals.active, report.totals.started, report.totals.ended) == (3, 2, 1)
    # Running on 6 February: the placement (unmet) and one part-time timetable (all met).
    assert (report.judged, report.compliant, report.compliance_rate) == (2, 1, 50.0)
    page = response.content.decode()
    assert "50.0%" in page and "1 of 2" in page
    assert "Parents given written information about the placement before it starts" in page
    assert "Full time school: 1" in page
    assert "Willow Farm Rural Skills" in page and "Not registered as a school" in page


def test_pupils_are_counted_never_named(world, as_user):
    spring(world)
    with on(TODAY):
        page = as_user(world.staff["governor"]).get(url(world)).content.decode()
        pdf = as_user(world.staff["governor"]).get(url(world, format="pdf")).content
    for name in ("Ourpupil", "Parttime", "Returned"):
        assert name not in page
        assert name not in pdf_text(pdf)


def test_another_term_is_chosen_by_year_and_term(world, as_user):
    spring(world)
    with on(TODAY):
        response = as_user(world.staff["governor"]).get(url(world, year=2025, term="autumn"))
    report = response.context["report"]
    assert report.term_name == "Autumn term 2025-26"
    assert {k.kind: (k.active, k.started, k.ended) for k in report.kinds} == {"Part-time timetable": (1, 1, 0)}
    assert report.judged == 1          # the part-time timetable, running on 19 December


def test_a_term_not_in_the_calendar_is_refused_with_its_field_named(world, as_user):
    with on(TODAY):
        response = as_user(world.staff["governor"]).get(url(world, year=1999, term="winter"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the school years listed." in page and "Choose autumn, spring or summer." in page


def test_the_pdf_reads_with_its_figures_and_marking(world, as_user):
    spring(world)
    with on(TODAY):
        response = as_user(world.staff["headteacher"]).get(url(world, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Report to the local governing body" in text and "Spring term 2025-26" in text
    assert "50.0%" in text and "Willow Farm Rural Skills" in text
    assert "OFFICIAL-SENSITIVE" in text and "St Bede's Catholic High School" in text
    assert "Show this term" not in text
    assert len(save_pages(response.content, "governors-report")) <= 3


@pytest.mark.parametrize("role", ["governor", "headteacher", "dsl"])
def test_governors_the_headteacher_and_the_dsl_read_it(world, as_user, role):
    with on(TODAY):
        assert as_user(world.staff[role]).get(url(world)).status_code == 200


def test_the_trust_lead_reads_it(world, as_user):
    with on(TODAY):
        assert as_user(world.trust_lead).get(url(world)).status_code == 200


@pytest.mark.parametrize("role", ["teacher", "ap_lead", "senco", "attendance_officer"])
def test_other_staff_of_the_school_are_refused(world, as_user, role):
    with on(TODAY):
        assert as_user(world.staff[role]).get(url(world)).status_code == 403


def test_another_schools_staff_and_a_providers_staff_get_404(world, as_user, client):
    placed = spring(world)
    with on(TODAY):
        for user in (world.outsider, world.sister_dsl, staff_of(placed.provider, world.school)):
            client.logout()
            assert as_user(user).get(url(world)).status_code == 404
            assert as_user(user).get(url(world, format="pdf")).status_code == 404


def _queries(client: Any, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_arrangements(world, as_user):
    spring(world)
    with on(TODAY):
        client = as_user(world.staff["governor"])
        client.get(url(world))
        small = _queries(client, url(world))
    for n in range(4):
        part_time(world, f"Extra{n}", "Pupil", compliant=n % 2 == 0)
    with on(TODAY):
        large = _queries(client, url(world))
        report = client.get(url(world)).context["report"]
    assert report.totals.active == 7
    assert large == small
