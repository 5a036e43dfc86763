"""A member of staff signs in and finds a pupil, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_attendance_officer_signs_in_and_finds_a_pupil(world: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.get_by_role("link", name="Pupils").first.click()
    assert page.get_by_test_id("current-school").inner_text() == world.school.name
    table = page.get_by_test_id("pupil-table")
    assert "Ourpupil, Ava" in table.inner_text()
    assert "Secretoutsider" not in page.content()
    page.get_by_label("Name or UPN").fill("ourpupil")
    page.get_by_role("button", name="Filter").click()
    assert "1 pupil" in page.get_by_test_id("pupil-count").inner_text()
    screenshot(page, "pupil-list")
    page.get_by_role("link", name="Ourpupil, Ava").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ava Ourpupil"
    screenshot(page, "pupil-page")


def test_a_dsl_is_asked_for_a_two_factor_code_before_the_pupil_list(world: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server, world.staff["dsl"])  # refuses to go on unless the code is asked for first
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/")
    assert "Ourpupil, Ava" in page.get_by_test_id("pupil-table").inner_text()
    screenshot(page, "pupil-list-dsl")
