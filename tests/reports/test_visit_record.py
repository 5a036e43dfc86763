"""The record of a visit to the provision (Appendix 5): who visited, when, the pupil, the provider's
checks, attendance, behaviour and progress Pathways holds, and lines for what the form asks and the
chronology does not hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.arrangements.actions import do_correct_event, do_record_event
from pathways.pdf import pdf_text
from tests.providers.portal_helpers import staff_of
from tests.reports.helpers import TODAY, on, place, save_pages

pytestmark = pytest.mark.django_db


def url(world: Any, event: Any, **query: Any) -> str:
    base = reverse("report-visit", args=[world.school.id, event.id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_record_names_the_visit_the_visitor_the_pupil_and_the_provision(world, as_user):
    placed = place(world)
    with on(TODAY):
        response = as_user(world.staff["dsl"]).get(url(world, placed.visit))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Visit to the alternative provision" in page
    assert "Wednesday 21 January 2026" in page
    # The visit's Appendix 5 form prints under its headings, its senior leader and signatures with it.
    assert "then what Aplead Tester wrote on the visit form (Appendix 5)" in page
    for question in ("Name of senior leader", "Director of Performance and Standards", "External agencies involved",
                     "Safeguarding concerns", "Attendance", "Behaviour and pastoral update",
                     "Curriculum and academic progress", "Qualifications and preparation for the next stages of "
                     "education", "Additional comments", "Senior leader", "Headteacher"):
        assert f"Answer: {question}" in page, question
    assert 'data-testid="record-incomplete"' not in page
    assert "Ava Ourpupil" in page and "Willow Farm Rural Skills" in page
    assert "Seen in the workshop; settled and proud of his wall." in page          # additional comments
    assert "Calm-down card agreed with the farm staff." in page                    # behaviour
    for heading in ("Safeguarding concerns", "Attendance", "Behaviour and pastoral update",
                    "Curriculum and academic progress", "Qualifications and preparation for the next stages",
                    "Additional comments", "Director of Performance and Standards", "Headteacher"):
        assert heading in page
    # Sessions from the start of the placement (12 Jan) to the visit: 8 attended of 10.
    assert "attended 8 of 10 possible sessions" in page and "80.0%" in page
    checks = {c.type: c.status for c in response.context["record"].checks}
    assert checks["staff_checks_confirmed"] == "current" and checks["health_and_safety"] == "missing"


def test_a_visit_recorded_without_its_form_says_it_does_not_count(world, as_user):
    from pathways.arrangements.models import Event

    placed = place(world, marks=False)
    bare = Event.objects.create(arrangement=placed.arrangement, type="visit", date=placed.visit.date,
                                note="Popped in.")  # as entries were kept before the forms
    with on(TODAY):
        page = as_user(world.staff["dsl"]).get(url(world, bare)).content.decode()
    assert 'data-testid="record-incomplete"' in page and "Answer: Safeguarding concerns" not in page
    assert "(recorded the visit)" in page


def test_the_progress_report_after_the_visit_is_not_on_its_record(world, as_user):
    placed = place(world)
    with on(TODAY):
        page = as_user(world.staff["dsl"]).get(url(world, placed.visit)).content.decode()
    assert "Finished the bricklaying module" not in page      # recorded on 23 January, after the visit


def test_other_pupils_seen_on_the_same_visit_are_counted_not_named(world, as_user):
    from tests.conftest import make_pupil
    placed = place(world, marks=False)
    jay = make_pupil(world.school, "Jay", "Alsothere")
    other = place(world, jay, provider=placed.provider, marks=False)
    with on(TODAY):
        page = as_user(world.staff["dsl"]).get(url(world, placed.visit)).content.decode()
    assert other.visit.date == placed.visit.date
    assert "and 1 other pupil of the school placed there" in page
    assert "Alsothere" not in page


def test_the_chronology_links_each_visit_to_its_record(world, as_user):
    placed = place(world, marks=False)
    with on(TODAY):
        page = as_user(world.staff["ap_lead"]).get(
            reverse("arrangement-chronology", args=[world.school.id, placed.arrangement.id])).content.decode()
    assert url(world, placed.visit) in page
    assert page.count('data-testid="visit-record"') == 1


def test_a_corrected_visit_has_no_record_of_its_own(world, as_user):
    placed = place(world, marks=False)
    with on(TODAY):
        do_correct_event(event=placed.visit, actor=None, reason="Wrong day", date=dt.date(2026, 1, 22),
                         type="visit", note="Seen on Thursday.")
        assert as_user(world.staff["dsl"]).get(url(world, placed.visit)).status_code == 404


def test_an_event_that_is_not_a_visit_has_no_visit_record(world, as_user):
    placed = place(world, marks=False)
    with on(TODAY):
        review = do_record_event(arrangement=placed.arrangement, type="progress_report", date=TODAY, actor=None)
        assert as_user(world.staff["dsl"]).get(url(world, review)).status_code == 404


def test_the_pdf_is_a_form_with_the_visit_and_lines_to_write_on(world, as_user):
    placed = place(world)
    with on(TODAY):
        response = as_user(world.staff["dsl"]).get(url(world, placed.visit, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="visit-ava-ourpupil-2026-01-21.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Visit to the alternative provision" in text and "Wednesday 21 January 2026" in text
    assert "Willow Farm Rural Skills" in text and "80.0%" in text
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    assert "Qualifications and preparation for the next stages of education" in text
    assert len(save_pages(response.content, "visit-record")) <= 3


def test_outsiders_sister_schools_and_provider_staff_get_404_and_a_governor_403(world, as_user, client):
    placed = place(world, marks=False)
    with on(TODAY):
        for user in (world.outsider, world.sister_dsl, staff_of(placed.provider, world.school)):
            client.logout()
            assert as_user(user).get(url(world, placed.visit)).status_code == 404
        client.logout()
        assert as_user(world.staff["governor"]).get(url(world, placed.visit)).status_code == 403
