"""Journey 1 (JOURNEYS.md; seeds/004 §3.6, seeds/000 §5): on Monday morning a provider has not reported by
10:00; at 10:25 it reports an absence. The attendance officer sees the late report flagged, and a follow-up:
the pupil has a social worker, so a home visit today, not a phone call."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests.attendance.helpers import MONDAY
from tests.browser.conftest import PASSWORD, screenshot, sign_in
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import place, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")


def monday_at(hour: int, minute: int) -> Any:
    return time_machine.travel(dt.datetime(MONDAY.year, MONDAY.month, MONDAY.day, hour, minute), tick=True)


def test_a_late_provider_report_is_flagged_and_a_home_visit_is_due_today(
    world: Any, live_server: Any, page: Any
) -> None:
    farm = make_provider(world.school, "Willow Farm")
    jay = make_pupil(world.school, "Jay", "Farmhand", social_worker=True)
    place(jay, farm)
    sam = staff_of(farm, world.school)
    sam.set_password(PASSWORD)
    sam.save()
    officer = world.staff["attendance_officer"]
    register = f"{live_server.url}/schools/{world.school.id}/register/?date={MONDAY.isoformat()}"

    with monday_at(10, 5):
        sign_in(page, live_server, officer)
        page.goto(register)
        banner = page.get_by_test_id("late-reports").inner_text()
        assert "Willow Farm has not reported Jay's morning session; the deadline was 10:00." in banner
        screenshot(page, "journey1-1-not-reported-at-10")
        sign_out(page)

    with monday_at(10, 25):
        sign_in(page, live_server, sam)
        page.goto(f"{live_server.url}/provider/?date={MONDAY.isoformat()}")
        morning = page.get_by_test_id(f"session-{jay.arrangements.get().pk}-am")
        morning.get_by_label("Absent").check()
        morning.get_by_label("Reason for absence").select_option("unknown")
        morning.get_by_role("button", name="Report").click()
        page.wait_for_load_state("networkidle")
        assert "after the 10:00 deadline" in page.content()
        screenshot(page, "journey1-2-provider-reports-at-1025")
        sign_out(page)

    with monday_at(10, 30):
        sign_in(page, live_server, officer)
        page.goto(register)
        banner = page.get_by_test_id("late-reports").inner_text()
        assert "Willow Farm reported Jay's morning absence late, at 10:25; the deadline was 10:00." in banner
        assert "Reported late, 10:25" in page.get_by_test_id(f"report-{jay.pk}-am").inner_text()
        screenshot(page, "journey1-3-late-report-flagged")
        page.get_by_role("link", name="Follow-ups").click()
        row = page.locator("tr", has_text="Jay Farmhand")
        assert "Home visit" in row.inner_text()
        assert "12 Jan 2026" in row.inner_text() or "12 January 2026" in row.inner_text()
        screenshot(page, "journey1-4-home-visit-due-today")
