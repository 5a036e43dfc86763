"""The parent progress report (Appendix 6): the pupil, the provider, the half-term's attendance at the
provision and the chronology's progress, targets and next steps; as a page and as a PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.pdf import pdf_text
from pathways.schools.models import HalfTerm
from tests.reports.helpers import TODAY, on, place, save_pages

pytestmark = pytest.mark.django_db


def url(world: Any, arrangement: Any, **query: Any) -> str:
    base = reverse("report-progress", args=[world.school.id, arrangement.id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_report_shows_the_pupil_the_provider_and_eight_of_ten_sessions_as_80_percent(world, as_user):
    placed = place(world)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ava Ourpupil" in page and "Willow Farm Rural Skills" in page
    assert "Spring 1" in page and "5 January 2026 to 13 February 2026" in page
    provision = response.context["report"].attendance.at_provision
    assert (provision.attended, provision.possible, provision.attendance_rate) == (8, 10, 80.0)
    assert "80.0%" in page and "attended 8 of 10 possible sessions" in page
    assert "Finished the bricklaying module ahead of the group." in page       # curriculum
    assert "Calm-down card agreed with the farm staff." in page               # pastoral
    assert "Read for twenty minutes a day" in page                            # targets
    assert "Three days a week back at school after Easter." in page           # next steps
    # The period's Appendix 6 form, recorded on 23 January, prints under each of its headings.
    assert "progress report form (Appendix 6) of 23 January 2026" in page
    for key, question in (("tutor_contact", "AP/ personal tutor contact"), ("senior_leader", "Name of senior leader"),
                          ("director", "Director of Performance and Standards"), ("attendance", "Attendance"),
                          ("pastoral", "Pastoral"), ("curriculum", "Curriculum"),
                          ("next_steps", "Next steps in their education"), ("targets", "Targets"),
                          ("signed_senior_leader", "Senior leader"), ("signed_headteacher", "Headteacher")):
        assert f"Answer: {question}" in page, key
    assert "Tom Brierley, 01632 960123" not in page  # the form's tutor contact, not the provider's contact
    assert "OFFICIAL-SENSITIVE" in page and "Download PDF" in page


def test_another_half_term_counts_only_its_own_sessions(world, as_user):
    placed = place(world)
    spring2 = HalfTerm.objects.get(school=world.school, school_year=2025, number=4)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement, half_term=spring2.id))
    assert response.status_code == 200
    assert "no session recorded in Pathways" in response.content.decode()
    assert "Finished the bricklaying module" not in response.content.decode()
    # No Appendix 6 form in this half-term: the report says so, and prints lines to write on.
    assert 'data-testid="no-form"' in response.content.decode()
    assert "Answer: Pastoral" not in response.content.decode()


def test_a_half_term_of_another_school_is_refused_by_name(world, as_user):
    placed = place(world)
    theirs = HalfTerm.objects.filter(school=world.other).first()
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement, half_term=theirs.id))
    assert response.status_code == 400
    assert "Choose one of the half-terms listed." in response.content.decode()


def test_the_pdf_reads_with_the_figures_marking_and_school_in_the_footer(world, as_user):
    placed = place(world)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement, format="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="progress-report-ava-ourpupil-2026-01-05.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Progress report for parents and carers" in text
    assert "Ava Ourpupil" in text and "80.0%" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "St Bede's Catholic High School" in text and "Page 1 of" in text
    assert "Download PDF" not in text and "Show this period" not in text
    pages = save_pages(response.content, "progress-report")
    assert 1 <= len(pages) <= 3


@pytest.mark.parametrize("who", ["outsider", "sister_dsl"])
def test_staff_of_another_school_get_404(world, as_user, who):
    placed = place(world)
    with on(TODAY):
        assert as_user(getattr(world, who)).get(url(world, placed.arrangement)).status_code == 404
        assert as_user(getattr(world, who)).get(url(world, placed.arrangement, format="pdf")).status_code == 404


def test_a_governor_reads_counts_not_a_pupils_report(world, as_user):
    placed = place(world)
    with on(TODAY):
        assert as_user(world.staff["governor"]).get(url(world, placed.arrangement)).status_code == 403


def test_the_trust_lead_and_a_teacher_of_the_school_read_it(world, as_user, client):
    placed = place(world)
    with on(TODAY):
        assert as_user(world.trust_lead).get(url(world, placed.arrangement)).status_code == 200
        client.logout()
        assert as_user(world.staff["teacher"]).get(url(world, placed.arrangement)).status_code == 200


def test_the_arrangement_page_links_to_the_report(world, as_user):
    placed = place(world)
    with on(TODAY):
        page = as_user(world.staff["ap_lead"]).get(
            reverse("arrangement-detail", args=[world.school.id, placed.arrangement.id])).content.decode()
    assert url(world, placed.arrangement) in page


def test_an_ended_placement_says_how_it_ended_in_place_of_a_next_review(world, as_user):
    from pathways.arrangements.actions import do_end_arrangement
    placed = place(world, marks=False)
    with on(TODAY):
        do_end_arrangement(arrangement=placed.arrangement, actor=None, on=dt.date(2026, 2, 5),
                           outcome="full_time_school")
        page = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement)).content.decode()
    assert "The arrangement has ended: full time school." in page


def test_with_this_half_terms_report_given_the_next_is_due_by_the_end_of_the_next_half_term(world, as_user):
    from pathways.schools.actions import do_update_school
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    placed = place(world, marks=False)
    with on(TODAY):
        page = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement)).content.decode()
    # The progress report of 23 January meets AP-PARENT-MEETINGS for Spring 1; Spring 2 ends 27 March.
    assert "Next review: <strong>by 27 March 2026</strong>" in page


def test_without_a_report_this_half_term_it_is_due_by_its_end(world, as_user):
    from pathways.schools.actions import do_update_school
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    placed = place(world, marks=False)
    spring2 = HalfTerm.objects.get(school=world.school, school_year=2025, number=4)
    with on(dt.date(2026, 3, 2)):
        page = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement, half_term=spring2.id)).content
    assert "Next review: <strong>by 27 March 2026</strong>" in page.decode()
