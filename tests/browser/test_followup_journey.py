"""The attendance officer follows up a highly vulnerable pupil's unexplained absence from a provider, and
reads the pupil's year of sessions, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.attendance.models import FollowUp
from pathways.register.actions import do_record_mark
from tests.attendance.helpers import MONDAY, at_provider
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_pupil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_call_leaves_a_home_visit_open_until_the_visit_is_recorded(
    world: Any, live_server: Any, page: Any
) -> None:
    pupil = make_pupil(world.school, "Hal", "Looked", looked_after=True)
    placement = at_provider(pupil, world.school)
    do_record_mark(pupil=pupil, arrangement=placement, day=MONDAY, session="am", attended=False, reason="unknown",
                   source="provider", actor=None)
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/")
    page.get_by_role("link", name="Follow-ups").click()
    row = page.locator("tr", has_text="Hal Looked")
    assert "Home visit" in row.inner_text() and "Overdue" in row.inner_text()
    screenshot(page, "followup-list")

    row.get_by_role("link", name="Record the welfare check").click()
    assert page.get_by_label("Home visit").is_checked()
    page.get_by_label("Phone call").check()
    page.get_by_label("Date of the welfare check").fill(MONDAY.isoformat())
    page.get_by_role("button", name="Record the welfare check").click()
    page.wait_for_load_state("networkidle")
    assert "the follow-up stays open" in page.content()
    screenshot(page, "followup-phone-call-not-enough")

    page.get_by_label("Home visit").check()
    page.get_by_label("Date of the welfare check").fill(MONDAY.isoformat())
    page.get_by_role("button", name="Record the welfare check").click()
    page.wait_for_load_state("networkidle")
    assert "No absence is waiting to be followed up" in page.content()
    assert FollowUp.objects.get().status == "done"

    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/{pupil.id}/")
    page.get_by_role("link", name="Attendance this school year").click()
    page.goto(page.url + "?year=2025")
    cell = page.locator('[data-session="2026-01-12-am"]')
    assert cell.get_attribute("data-code") == "N" and cell.locator("text").text_content() == "N"
    assert "unauthorised absence" in (cell.get_attribute("aria-label") or "")
    screenshot(page, "pupil-attendance-year")
