"""The AP lead adapts a part-time timetable's risk assessment and prints it, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.arrangements.models import Event
from tests.browser.conftest import screenshot, sign_in
from tests.safeguarding.helpers import part_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ap_lead_adapts_completes_and_prints_a_risk_assessment(
    world: Any, live_server: Any, page: Any
) -> None:
    arrangement = part_time(world.pupil)
    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/risk-assessments/?arrangement={arrangement.id}")
    page.get_by_role("link", name="Start a risk assessment").click()
    assert page.get_by_label("Part-time timetable").is_checked()
    page.get_by_role("button", name="Start from the template").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("risk-row").count() == 13
    page.locator("#id_rows-0-control_measures").fill("Grandmother supervises afternoons\nDSL phones home on Fridays")
    page.locator("#id_rows-10-area").fill("Travel")
    page.locator("#id_rows-10-hazard").fill("Walks home alone at noon")
    page.locator("#id_rows-10-likelihood").select_option("medium")
    page.locator("#id_rows-10-control_measures").fill("Parent collects at 12:00")
    screenshot(page, "risk-assessment-edit")
    page.get_by_role("button", name="Save and complete").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Date of assessment").fill("2026-01-08")
    page.get_by_label("Next review due").fill("2026-02-13")
    page.get_by_label("Approved by").fill("Mrs Hughes, Headteacher")
    page.get_by_role("button", name="Complete the risk assessment").click()
    page.wait_for_load_state("networkidle")
    printed = page.get_by_test_id("risk-assessment-print").inner_text()
    assert "Ava Ourpupil" in printed and "DSL phones home on Fridays" in printed
    assert "Walks home alone at noon" in printed and "Mrs Hughes, Headteacher" in printed
    assert "8 January 2026" in printed and "13 February 2026" in printed
    screenshot(page, "risk-assessment-print")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Review the risk assessment").is_visible()
    assert not page.locator(".pw-header").is_visible()
    screenshot(page, "risk-assessment-printed")
    assert Event.current.filter(arrangement=arrangement, type="risk_assessment").count() == 1
