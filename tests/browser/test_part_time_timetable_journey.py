"""Journeys 2 and 3 (JOURNEYS.md; seeds/004 §4).

Journey 2: a head of year proposes a part-time timetable for a Year 9 pupil with
anxiety. Pathways asks for the reason and refuses "behaviour", naming the field; asks for the weekly pattern
(Tuesday and Thursday mornings in school at first), the steps back to full time and the end date; and shows
what is missing before it can start: written parental agreement, the headteacher's approval, the DSL's risk
assessment, the local authority's notice and a review each half-term. The head of year records the parent's
written agreement from its line and sends the timetable for the headteacher's approval.

Journey 3: the headteacher approves it from Today, having seen the risk assessment and the steps back to full
time; in the last week of the half-term Today tells the headteacher, unasked, that the local governing body
must be told of it by the end of the half-term, and recording that clears it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from pathways.arrangements.actions import do_create_arrangement_with_plan, do_record_event, do_submit_for_approval
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import week
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_pupil
from tests.safeguarding.helpers import completed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPOSED_ON = dt.date(2026, 1, 12)  # a Monday of the spring term's first half (Spring 1 ends on 13 February)
START = dt.date(2026, 1, 19)
END = dt.date(2026, 3, 27)


def at(day: dt.date, hour: int = 9) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0), tick=True)


def test_a_head_of_year_proposes_a_part_time_timetable_and_sees_what_is_missing_before_it_starts(
    world: Any, live_server: Any, page: Any
) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    noah = make_pupil(world.school, "Noah", "Bennett", year_group=9)
    head_of_year = world.staff["teacher"]
    head_of_year.first_name, head_of_year.last_name = "Sam", "Okafor"
    head_of_year.save()
    consent_on = PROPOSED_ON

    with at(PROPOSED_ON):
        sign_in(page, live_server, head_of_year)
        page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/")
        page.get_by_role("link", name="Arrangements").first.click()
        page.get_by_role("link", name="Set up an arrangement").click()
        page.get_by_label("Pupil").select_option(label="Noah Bennett")
        page.get_by_label("Part-time timetable").check()
        screenshot(page, "journey2-1-choose")
        page.get_by_role("button", name="Continue").click()

        # A part-time timetable to manage behaviour, with no end date: refused, each field named.
        assert page.get_by_role("heading", level=1).inner_text() == "Part-time timetable"
        assert page.locator("select[name='provider']").count() == 0
        page.get_by_label("Reason").select_option(label="Behaviour")
        page.get_by_label("Start date").fill(START.isoformat())
        page.get_by_role("button", name="Save as a draft").click()
        assert page.title().startswith("Error: ")
        summary = page.locator(".govuk-error-summary")
        # The page's script moves the focus to the summary once it has run: waited for, failing if it never does.
        page.wait_for_function("() => document.activeElement === document.querySelector('.govuk-error-summary')",
                               timeout=5000)
        assert summary.evaluate("e => document.activeElement === e")
        refused = summary.get_by_role("link", name="must not be used to manage behaviour")
        assert refused.get_attribute("href") == "#id_reason"
        no_end = summary.get_by_role("link", name="Enter the proposed end date")
        assert no_end.get_attribute("href") == "#id_end"
        assert "must not be used to manage behaviour" in page.locator("#id_reason-error").inner_text()
        assert "NAT-PTT" not in summary.inner_text()  # the school's words, not the rule's id
        assert not Arrangement.objects.filter(pupil=noah).exists()
        screenshot(page, "journey2-2-behaviour-refused")

        # The reason, the weekly pattern, the steps back to full time and the end date.
        page.get_by_label("Reason").select_option(label="Mental health")
        page.get_by_label("Proposed end date").fill(END.isoformat())
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
            for session in ("morning", "afternoon"):
                in_school = day in ("Tuesday", "Thursday") and session == "morning"
                page.get_by_label(f"{day} {session}", exact=True).select_option("school" if in_school else "home")
        page.get_by_label("Step 1: from").fill("2026-02-23")
        page.get_by_label("Step 1: hours a week in school").fill("12.5")
        page.get_by_label("Step 2: from").fill("2026-03-09")
        page.get_by_label("Step 2: hours a week in school").fill("20")
        screenshot(page, "journey2-3-plan")
        page.get_by_role("button", name="Save as a draft").click()

        # What is missing before it can start.
        arrangement = Arrangement.objects.get(pupil=noah)
        assert page.url.endswith(f"/arrangements/{arrangement.id}/")
        assert "set up as a draft" in page.get_by_role("alert").inner_text()
        week = page.get_by_test_id("week").inner_text()
        assert "Tuesday\tIn school\tAt home" in week and "Monday\tAt home\tAt home" in week
        steps = page.get_by_test_id("steps").inner_text()
        assert "From 23 Feb 2026: 12.5 hours a week in school" in steps and "From 9 Mar 2026: 20 hours" in steps
        missing = {
            "NAT-PTT-AGREEMENT": "written parental agreement",
            "PTT-HEADTEACHER-APPROVAL": "headteacher must approve",
            "PTT-RISK-ASSESSMENT": "risk assessment",
            "PTT-LA-NOTIFIED": "tell the local authority",
        }
        for rule, words in missing.items():
            line = page.get_by_test_id(f"requirement-{rule}")
            assert line.get_attribute("data-status") == "due", (rule, line.inner_text())
            assert words in line.inner_text().lower(), (rule, line.inner_text())
        # The first half-termly review: nothing due until the half-term ends, and never shown as met.
        page.get_by_test_id("not-yet-requirements").locator("summary").click()
        reviews = page.get_by_test_id("requirement-PTT-REVIEWS")
        assert "Nothing due yet" in reviews.inner_text() and "review meeting with the parents" in reviews.inner_text()
        screenshot(page, "journey2-4-what-is-missing")

        # The parent's written agreement, from its line.
        agreement = page.get_by_test_id("requirement-NAT-PTT-AGREEMENT")
        agreement.get_by_role("link", name="Record parent consent").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Record: parent consent"
        assert page.get_by_label("Yes").is_checked()
        page.get_by_label("Date").fill(consent_on.isoformat())
        page.get_by_label("Note").fill("Mother signed the agreement to the times and dates at the planning meeting.")
        screenshot(page, "journey2-5-record-consent")
        page.get_by_role("button", name="Record parent consent").click()
        assert page.url.endswith(f"/arrangements/{arrangement.id}/")
        assert "Parent consent recorded on 12 January 2026." in page.get_by_role("alert").inner_text()
        assert page.get_by_test_id("requirement-NAT-PTT-AGREEMENT").get_attribute("data-status") == "met"
        event = arrangement.events.get()
        assert (event.type, event.date, event.fields) == ("parent_consent", consent_on, {"written": True})

        # Sent for the headteacher's approval.
        page.get_by_role("button", name="Send for the headteacher's approval").click()
        assert Arrangement.objects.get(pk=arrangement.pk).status == Status.AWAITING_APPROVAL
        assert "Waiting for the headteacher's approval." in page.content()
        screenshot(page, "journey2-6-sent-for-approval")


def test_the_headteacher_approves_from_today_and_is_reminded_to_tell_the_governors_at_the_half_term_end(
    world: Any, live_server: Any, page: Any
) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    head = world.staff["headteacher"]
    with at(PROPOSED_ON, 8):
        noah = make_pupil(world.school, "Noah", "Bennett", year_group=9)
        tuesday_thursday_mornings = week(mon=("home", "home"), tue=("school", "home"), wed=("home", "home"),
                                         thu=("school", "home"), fri=("home", "home"))
        ptt = do_create_arrangement_with_plan(
            pupil=noah, actor=world.staff["teacher"], kind="part_time_timetable", reason="mental_health",
            start=START, end=END, slots=tuesday_thursday_mornings,
            steps=[(dt.date(2026, 2, 23), 12.5), (dt.date(2026, 3, 9), 20)])
        do_record_event(arrangement=ptt, type="parent_consent", date=PROPOSED_ON, fields={"written": True},
                        actor=world.staff["teacher"], note="Mother signed the agreement.")
        completed(ptt, on=PROPOSED_ON, next_review_due=dt.date(2026, 2, 13), actor=world.staff["dsl"])
        do_submit_for_approval(arrangement=ptt, actor=world.staff["teacher"])

    with at(dt.date(2026, 1, 14)):
        sign_in(page, live_server, head)
        page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
        line = page.get_by_test_id("today-item").filter(has_text="Noah Bennett").filter(
            has_text="Approve or refuse the part-time timetable")
        assert line.count() == 1
        screenshot(page, "journey3-1-today-approval")
        line.get_by_role("link", name="Approve for Noah Bennett").click()

        # The approval page: the steps back to full time and the risk assessment, which opens.
        assert page.get_by_role("heading", level=1).inner_text() == "The headteacher's approval"
        summary = page.locator(".govuk-summary-list").inner_text()
        assert "From 23 Feb 2026: 12.5 hours a week in school" in summary
        assert "From 9 Mar 2026: 20 hours a week in school" in summary
        assert "Mental health" in summary and "From 19 January 2026 to 27 March 2026" in summary
        screenshot(page, "journey3-2-approval")
        page.locator(".govuk-summary-list").get_by_role("link").first.click()
        printed = page.get_by_test_id("risk-assessment-print").inner_text()
        assert "Noah Bennett" in printed and "Mrs Hughes, Headteacher" in printed and "12 January 2026" in printed
        screenshot(page, "journey3-3-risk-assessment")
        page.go_back()
        page.get_by_label("Note").fill("Read the risk assessment and the steps back; agreed with the family.")
        page.get_by_test_id("approve").click()
        assert "Approved: the arrangement is active." in page.get_by_role("alert").inner_text()
        assert Arrangement.objects.get(pk=ptt.pk).status == Status.ACTIVE
        approval = Event.current.get(arrangement=ptt, type="headteacher_approval")
        assert (approval.date, approval.recorded_by) == (dt.date(2026, 1, 14), head)
        screenshot(page, "journey3-4-approved")

    # The last week of the half-term: no one has remembered, and Today says so.
    with at(dt.date(2026, 2, 9)):
        page.context.clear_cookies()
        sign_in(page, live_server, head)
        page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
        governors = page.get_by_test_id("today-item").filter(has_text="Noah Bennett").filter(
            has_text="Tell the local governing body")
        assert governors.count() == 1
        assert "by 13 Feb 2026, the end of Spring 1" in governors.inner_text()
        screenshot(page, "journey3-5-today-tell-the-governors")
        governors.get_by_role("link", name="Record governors informed for Noah Bennett").click()
        page.get_by_label("Date").fill("2026-02-09")
        page.get_by_label("Note").fill("Reported to the local governing body's meeting.")
        screenshot(page, "journey3-6-governors-informed")
        page.get_by_role("button", name="Record governors informed").click()
        assert Event.current.filter(arrangement=ptt, type="governors_informed", date=dt.date(2026, 2, 9)).exists()
        page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
        assert page.get_by_test_id("today-item").filter(has_text="Tell the local governing body").count() == 0
        screenshot(page, "journey3-7-today-after")
