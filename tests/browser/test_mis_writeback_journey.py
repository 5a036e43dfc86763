"""The attendance officer reconciles a day's marks with the MIS in a real browser: a mark different in
the MIS is written over only when she says, a rejected mark shows the MIS's reason."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.writeback.models import OutboxItem
from pathways.writeback.outbox import send_due
from tests.browser.conftest import screenshot, sign_in
from tests.writeback.fake_wonde import FakeWonde
from tests.writeback.helpers import DAY, item_of
from tests.writeback.test_pages import reported

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_writes_ours_over_a_different_mark(world: Any, live_server: Any, page: Any) -> None:
    with FakeWonde() as wonde:
        _journey(world, live_server, page, wonde)


def _journey(world: Any, live_server: Any, page: Any, wonde: FakeWonde) -> None:
    placed = reported(world, wonde)
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/register/mis-writeback/?date={DAY}")
    assert "The MIS rejected the mark: The student left on 9 Jan 2026." in page.content()
    screenshot(page, "mis-reconciliation")
    page.get_by_role("button", name="Write ours to the MIS").click()
    page.wait_for_load_state("networkidle")
    assert item_of(placed.pupils[0]).status == OutboxItem.Status.PENDING
    send_due(world.school)
    assert wonde.code_of("S0", DAY, "AM") == "I"
