"""Journey 5 (JOURNEYS.md; seeds/004 Appendix 3, 5 and 6): the half-term visit. The AP lead visits the
provision, records the visit on its form (Appendix 5: refused empty, with the questions named), the pupil's
views, and the parents' progress report (Appendix 6); prints the visit record, which carries what the visit
form says; and sends the progress report, printed from its form, to the mother only, as a PDF. What the
printed records say about the duties agrees with the engine's judgement on the same day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.cases.casefiles import case_for
from pathways.cases.judging import judge
from pathways.pdf import pdf_text, pdf_to_png_pages
from pathways.schools.actions import do_update_school
from pathways.schools.models import HalfTerm
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in
from tests.pupils.contacts_helpers import with_contacts
from tests.reports.helpers import place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISIT_DAY = dt.date(2026, 2, 11)  # the last week of Spring 1 (5 January to 13 February 2026)

VISIT = {
    "Name of senior leader": "Mrs Ruth Price, Assistant Headteacher",
    "Director of Performance and Standards": "Mr Alan Reid",
    "External agencies involved": "Early help worker, Northshire",
    "Safeguarding concerns": "None. Farm staff know the DSL's number; the sign-in book was up to date.",
    "Attendance": "Two days ill in January; otherwise on time every day.",
    "Behaviour and pastoral update": "Settled; uses the calm-down card twice a week, less than in January.",
    "Curriculum and academic progress": "Bricklaying module finished; reading twenty minutes a day with staff.",
    "Qualifications and preparation for the next stages of education": "Level 1 construction by Easter.",
    "Additional comments": "Proud to show the wall he built.",
    "Senior leader": "Ruth Price, 11 February 2026",
    "Headteacher": "Mrs Hughes, 12 February 2026",
}
VIEWS = {
    "How the views were gathered and by whom": "Ruth Price spoke with Ava at the farm, her key worker present.",
    "What the pupil said, in their words where possible": "\u201cI like being outside. I want to do more maths "
                                                         "for the measuring.\u201d",
    "What the school will do in response": "A maths tutor for measuring, one hour a week at school.",
}
PROGRESS = {
    "Name of senior leader": "Mrs Ruth Price, Assistant Headteacher",
    "Director of Performance and Standards": "Mr Alan Reid",
    "AP/ personal tutor contact": "Tom Brierley, Willow Farm, 01632 960123",
    "Attendance": "Ava attended 8 of 10 sessions at the farm; two days ill.",
    "Pastoral": "Settled and proud of her work; the calm-down card is needed less.",
    "Curriculum": "Bricklaying module done; now on the Level 1 construction unit, measuring and costing a wall.",
    "Next steps in their education": "Back at school three days a week after Easter; full time in the summer term.",
    "Targets": "Level 1 construction by Easter; an hour of maths a week on measuring.",
    "Senior leader": "Ruth Price, 11 February 2026",
    "Headteacher": "Mrs Hughes, 12 February 2026",
}


def fill(page: Any, answers: dict[str, str]) -> None:
    for label, text in answers.items():
        field = page.get_by_label(label, exact=True)
        (field if field.count() else page.get_by_label(f"{label} (optional)", exact=True)).fill(text)


def record(page: Any, live_server: Any, arrangement: Any, event_type: str, button: str) -> None:
    page.goto(live_server.url + reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id]))
    page.get_by_label("Record an entry in the chronology").select_option(event_type)
    page.get_by_role("button", name="Record", exact=True).click()
    assert page.get_by_role("button", name=button).is_visible()


def test_the_ap_lead_records_the_half_term_visit_the_pupils_views_and_sends_the_progress_report(
    world: Any, live_server: Any, page: Any
) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    placed = place(world)
    arrangement = placed.arrangement
    with_contacts(world.pupil)
    spring1 = HalfTerm.objects.get(school=world.school, school_year=2025, number=3)
    ap_lead = world.staff["ap_lead"]

    with time_machine.travel(dt.datetime(2026, 2, 11, 15, 0), tick=True):
        sign_in(page, live_server, ap_lead)

        # The visit (Appendix 5): refused empty, each missing question named; then recorded in full.
        record(page, live_server, arrangement, "visit", "Record the visit to the alternative provision")
        page.get_by_role("button", name="Record the visit to the alternative provision").click()
        assert page.title().startswith("Error: ")
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "Safeguarding concerns" in summary and "Curriculum and academic progress" in summary
        assert "Additional comments" not in summary  # the one question the form leaves optional
        screenshot(page, "journey5-1-visit-refused-empty")
        fill(page, VISIT)
        screenshot(page, "journey5-2-visit-form")
        page.get_by_role("button", name="Record the visit to the alternative provision").click()
        assert "recorded on" in page.get_by_role("alert").inner_text()
        visit = Event.current.filter(arrangement=arrangement, type="visit", date=VISIT_DAY).get()
        assert visit.record.complete

        # The pupil's views, and the parents' progress report (Appendix 6).
        record(page, live_server, arrangement, "pupil_views", "Record the pupil views")
        fill(page, VIEWS)
        screenshot(page, "journey5-3-pupil-views-form")
        page.get_by_role("button", name="Record the pupil views").click()
        assert "recorded on" in page.get_by_role("alert").inner_text()
        record(page, live_server, arrangement, "progress_report", "Record the progress report for parents and carers")
        fill(page, PROGRESS)
        screenshot(page, "journey5-4-progress-report-form")
        page.get_by_role("button", name="Record the progress report for parents and carers").click()
        assert "recorded on" in page.get_by_role("alert").inner_text()

        # The engine, on the same day: the half-term's visit, views and progress report are met; no risk
        # assessment is in force.
        result = judge(case_for(arrangement, VISIT_DAY)).result
        assert result is not None
        verdicts = {r.id: r.status for r in result.requirements}
        assert (verdicts["AP-VISITS"], verdicts["AP-PUPIL-VIEWS"], verdicts["AP-PARENT-MEETINGS"]) == (
            "met", "met", "met")
        assert verdicts["AP-RISK-ASSESSMENT"] == "unmet"

        # The printed visit record, from the chronology: the form's answers under the seed's headings.
        page.goto(live_server.url + reverse("arrangement-chronology", args=[world.school.id, arrangement.id]))
        page.get_by_role("link", name="Record of the visit (Appendix 5) of 11 February 2026").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Visit to the alternative provision"
        assert page.get_by_test_id("visited-by").inner_text() == VISIT["Name of senior leader"]
        assert page.get_by_test_id("answer-safeguarding").inner_text() == VISIT["Safeguarding concerns"]
        assert VISIT["Curriculum and academic progress"] in page.get_by_test_id("progress").inner_text()
        assert "I want to do more maths" in page.get_by_test_id("behaviour").inner_text()  # the pupil's views
        assert VISIT["Headteacher"] in page.get_by_test_id("signed-headteacher").inner_text()
        # ...and, as the engine says, no risk assessment in force on the day.
        safeguarding = page.get_by_test_id("safeguarding").inner_text()
        assert "No approved risk assessment by the day of the visit." in safeguarding
        screenshot(page, "journey5-5-visit-record")
        printed = page.request.get(page.url + "?format=pdf")
        assert printed.headers["content-type"] == "application/pdf"
        assert VISIT["Safeguarding concerns"] in pdf_text(printed.body())
        (SCREENSHOTS / "journey5-6-visit-record-pdf.png").write_bytes(pdf_to_png_pages(printed.body())[0])

        # The progress report for Spring 1, from its form; its next review agrees with the engine.
        page.goto(live_server.url + reverse("report-progress", args=[world.school.id, arrangement.id])
                  + f"?half_term={spring1.id}")
        from_the_form = page.get_by_test_id("from-the-form").inner_text()
        assert "progress report form (Appendix 6) of 11 February 2026" in from_the_form
        assert page.get_by_test_id("tutor-contact").inner_text() == PROGRESS["AP/ personal tutor contact"]
        assert page.get_by_test_id("answer-pastoral").inner_text() == PROGRESS["Pastoral"]
        assert page.get_by_test_id("answer-targets").inner_text() == PROGRESS["Targets"]
        assert "A review is overdue" not in page.get_by_test_id("next-review").inner_text()
        assert not any(r.status == "unmet" for r in result.requirements if r.id == "AP-PARENT-MEETINGS")
        screenshot(page, "journey5-7-progress-report")

        # Sent to the mother only (the father has a no-contact order), as a PDF printed from the form.
        page.get_by_test_id("send-to-parents").click()
        assert page.get_by_label("Jo Mum (Mother), jo@example.org").is_checked()
        excluded = page.get_by_test_id("send-excluded").inner_text()
        assert "Rick Dad" in excluded and "No contact (court order)" in excluded
        assert "No e-mail address" in excluded and "No parental responsibility" in excluded
        screenshot(page, "journey5-8-send")
        page.get_by_test_id("preview").click()
        assert "Jo Mum <jo@example.org>" in page.get_by_test_id("send-preview").inner_text()
        page.get_by_test_id("send").click()
        assert "Progress report sent to Jo Mum" in page.get_by_role("alert").inner_text()
        screenshot(page, "journey5-9-sent")

    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    name, pdf, kind = mail.outbox[0].attachments[0]
    assert kind == "application/pdf" and name.endswith(".pdf")
    text = pdf_text(pdf)
    for answer in (PROGRESS["Pastoral"], PROGRESS["Targets"], PROGRESS["AP/ personal tutor contact"]):
        assert " ".join(answer.split()) in " ".join(text.split()), answer
    for n, png in enumerate(pdf_to_png_pages(pdf)[:2], 1):
        (SCREENSHOTS / f"journey5-10-sent-progress-report-pdf-{n}.png").write_bytes(png)
    assert Event.current.filter(arrangement=arrangement, type="progress_report",
                                note__contains="jo@example.org").exists()
