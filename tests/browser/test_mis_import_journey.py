"""The attendance officer imports marks from an MIS CSV and reads the report, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.attendance.models import Mark, MarkImport
from tests.attendance.helpers import ptt_at_home
from tests.attendance.test_mis import HEADER, with_upn
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_all_or_nothing_import_with_a_wrong_code_writes_nothing_and_says_why(
    world: Any, live_server: Any, page: Any, tmp_path: Any
) -> None:
    ava = with_upn(world.pupil, 1)
    ptt_at_home(ava)
    csv = tmp_path / "monday.csv"
    csv.write_text(HEADER + f"{ava.upn},2026-01-12,AM,/,,\n{ava.upn},2026-01-12,PM,B,,\n"
                   "A999999999999,2026-01-12,AM,/,,\n")
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/register/import/")
    page.get_by_label("MIS CSV file").set_input_files(str(csv))
    page.get_by_label("All or nothing").check()
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Import report"
    assert "Nothing was written: 2 rows rejected" in page.content()
    rejected = page.get_by_test_id("rejected-rows").inner_text()
    assert "the right code is C2" in rejected
    assert "UPN A999999999999 is not a pupil" in rejected
    assert Mark.objects.count() == 0
    screenshot(page, "mis-import-report")


def test_a_long_import_shows_its_progress_and_refreshes_itself(world: Any, live_server: Any, page: Any) -> None:
    running = MarkImport.objects.create(school=world.school, filename="year.csv", status="running",
                                        rows_total=400_000, rows_done=120_000)
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/register/imports/{running.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Importing marks"
    assert page.locator("progress").get_attribute("value") == "120000"
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    assert "120000 of 400000 rows checked (30%)" in page.get_by_text("rows checked").inner_text()
    screenshot(page, "mis-import-progress")
