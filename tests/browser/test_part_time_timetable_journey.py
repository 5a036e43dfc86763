"""The AP lead sets up a part-time timetable for a Year 9 pupil with anxiety, sees that written
parental agreement is missing, records the parent's written consent from the link, and sees it met."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.models import Arrangement
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ap_lead_sets_up_a_part_time_timetable_and_records_the_missing_written_consent(
    world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=7)
    end = start + dt.timedelta(weeks=10)
    consent_on = start - dt.timedelta(days=3)

    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/")
    page.get_by_role("link", name="Arrangements").first.click()
    page.get_by_role("link", name="Set up an arrangement").click()

    # Step 1: the pupil and the kind.
    page.get_by_label("Pupil").select_option(label="Ava Ourpupil")
    page.get_by_label("Part-time timetable").check()
    screenshot(page, "ptt-1-choose")
    page.get_by_role("button", name="Continue").click()

    # Step 2: what a part-time timetable needs. In school on Tuesday and Thursday mornings, home otherwise.
    assert page.get_by_role("heading", level=1).inner_text() == "Part-time timetable"
    assert page.locator("select[name='provider']").count() == 0
    page.get_by_label("Reason").select_option(label="Mental health")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("Proposed end date").fill(end.isoformat())
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        for session in ("morning", "afternoon"):
            in_school = day in ("Tuesday", "Thursday") and session == "morning"
            page.get_by_label(f"{day} {session}", exact=True).select_option("school" if in_school else "home")
    page.get_by_label("Step 1: from").fill((start + dt.timedelta(weeks=3)).isoformat())
    page.get_by_label("Step 1: hours a week in school").fill("12")
    page.get_by_label("Step 2: from").fill((start + dt.timedelta(weeks=6)).isoformat())
    page.get_by_label("Step 2: hours a week in school").fill("18")
    screenshot(page, "ptt-2-plan")
    page.get_by_role("button", name="Save as a draft").click()

    # The arrangement page: written parental agreement is unmet.
    arrangement = Arrangement.objects.get(pupil=world.pupil)
    assert page.url.endswith(f"/arrangements/{arrangement.id}/")
    assert "set up as a draft" in page.get_by_role("alert").inner_text()
    week = page.get_by_test_id("week").inner_text()
    assert "Tuesday\tIn school\tAt home" in week and "Monday\tAt home\tAt home" in week
    assert "12 hours a week in school" in page.get_by_test_id("steps").inner_text()
    agreement = page.get_by_test_id("requirement-NAT-PTT-AGREEMENT")
    assert agreement.get_attribute("data-status") == "unmet"
    assert "Unmet" in agreement.inner_text()
    assert "written parental agreement" in agreement.inner_text().lower()
    screenshot(page, "ptt-3-agreement-unmet")

    # Follow its link and record the parent's written consent.
    agreement.get_by_role("link", name="Record parent consent").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record: parent consent"
    assert page.get_by_label("Yes").is_checked()
    page.get_by_label("Date").fill(consent_on.isoformat())
    page.get_by_label("Note").fill("Mother signed the agreement to the times and dates at the planning meeting.")
    screenshot(page, "ptt-4-record-consent")
    page.get_by_role("button", name="Record parent consent").click()

    # Back on the arrangement page: met.
    assert page.url.endswith(f"/arrangements/{arrangement.id}/")
    assert f"Parent consent recorded on {consent_on.day} {consent_on:%B %Y}." in page.get_by_role("alert").inner_text()
    agreement = page.get_by_test_id("requirement-NAT-PTT-AGREEMENT")
    assert agreement.get_attribute("data-status") == "met"
    page.get_by_test_id("met-requirements").locator("summary").click()  # met duties are folded
    assert "Met" in agreement.inner_text()
    screenshot(page, "ptt-5-agreement-met")
    event = arrangement.events.get()
    assert (event.type, event.date, event.fields) == ("parent_consent", consent_on, {"written": True})
