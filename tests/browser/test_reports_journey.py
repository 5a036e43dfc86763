"""A governor reads the termly report and an AP lead opens a pupil's inspection evidence, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.reports.helpers import part_time, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_governor_reads_the_spring_terms_report_from_the_today_page(world: Any, live_server: Any, page: Any) -> None:
    place(world, marks=False)
    part_time(world)
    sign_in(page, live_server, world.staff["governor"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
    page.get_by_test_id("reports-link").click()
    page.get_by_role("link", name="Report to the local governing body").click()
    page.get_by_label("School year").select_option("2025")
    page.get_by_label("Term").select_option("spring")
    page.get_by_role("button", name="Show this term").click()
    page.wait_for_load_state("networkidle")
    assert "Spring term 2025-26" in page.locator("h1").locator("..").inner_text()
    kinds = page.get_by_test_id("kinds").inner_text()
    assert "Alternative provision" in kinds and "Part-time timetable" in kinds
    assert page.get_by_test_id("totals").inner_text().split()[-3:] == ["2", "2", "0"]
    assert "Willow Farm Rural Skills" in page.get_by_test_id("providers").inner_text()
    assert "Ourpupil" not in page.content() and "Parttime" not in page.content()
    assert page.get_by_test_id("download-pdf").is_visible()
    screenshot(page, "reports-governors")
    with page.expect_response(lambda r: "format=pdf" in r.url) as answer:
        page.evaluate("url => fetch(url)", page.get_by_test_id("download-pdf").get_attribute("href"))
    assert answer.value.headers["content-type"] == "application/pdf"


def test_the_ap_lead_opens_a_pupils_inspection_evidence_from_the_pupil_page(
    world: Any, live_server: Any, page: Any
) -> None:
    place(world)
    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/{world.pupil.id}/")
    page.get_by_test_id("inspection-link").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Inspection evidence: Ava Ourpupil"
    assert page.get_by_test_id("marking").inner_text() == "OFFICIAL-SENSITIVE"
    sections = page.get_by_test_id("arrangement").inner_text()
    for heading in ("1. Why the pupil is educated off-site", "2. Registration checks", "3. Safeguarding checks",
                    "4. Curriculum", "5. Progress", "6. Attendance", "7. Behaviour and personal development"):
        assert heading in sections
    assert "80.0%" in page.get_by_test_id("attendance").inner_text()
    screenshot(page, "reports-inspection-pack")
    page.emulate_media(media="print")
    assert not page.get_by_test_id("download-pdf").is_visible()
    assert not page.locator(".pw-header").is_visible()


def test_the_attendance_officer_chooses_dates_and_downloads_the_return(world: Any, live_server: Any, page: Any) -> None:
    part_time(world, upn="A123456789012")
    place(world, marks=False)
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/reports/")
    page.get_by_role("link", name="Part-time timetables return to the local authority").click()
    page.get_by_label("From", exact=True).fill("2026-01-05")
    page.get_by_label("To", exact=True).fill("2026-02-13")
    page.get_by_role("button", name="Show these dates").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("count").inner_text() == "1 part-time timetable from 5 January 2026 to 13 February 2026."
    assert "A123456789012" in page.get_by_test_id("la-rows").inner_text()
    screenshot(page, "reports-la-return")
    with page.expect_download() as download:
        page.get_by_test_id("download-csv").click()
    assert download.value.suggested_filename == (
        f"part-time-timetables-{world.school.laestab}-2026-01-05-to-2026-02-13.csv")
