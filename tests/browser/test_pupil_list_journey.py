"""A member of staff signs in and finds a pupil, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, live_server: Any, username: str, password: str = "correct-horse-battery") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_the_attendance_officer_signs_in_and_finds_a_pupil(world: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server, world.staff["attendance_officer"].username)
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
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    dsl = world.staff["dsl"]
    device = TOTPDevice.objects.create(user=dsl, name="phone", confirmed=True)
    sign_in(page, live_server, dsl.username)
    assert "pupils" not in page.url
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
    page.locator("input[name='otp_token'], input[name='token'], input[autocomplete='one-time-code']").first.fill(code)
    page.get_by_role("button").filter(has_text="Continue").or_(page.get_by_role("button").filter(has_text="Verify")).first.click()
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/")
    assert "Ourpupil, Ava" in page.get_by_test_id("pupil-table").inner_text()
    screenshot(page, "pupil-list-dsl")
