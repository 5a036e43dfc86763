"""The headteacher sees an arrangement the engine cannot judge on Today, follows its action to the school
policy page, gives the school's own value, and Today judges it again: in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.arrangements.helpers import unjudgeable
from tests.browser.conftest import screenshot
from tests.browser.test_today_journey import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_headteacher_fixes_what_the_engine_cannot_judge_from_today(world: Any, live_server: Any, page: Any) -> None:
    unjudgeable(world)
    signed_in(page, live_server, world.staff["headteacher"].username)
    page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
    overdue = page.get_by_test_id("today-overdue")
    assert "Cannot be judged: the policies Pathways holds give" in overdue.inner_text()
    path = screenshot(page, "today-cannot-be-judged")
    page.screenshot(path="/tmp/unjudged-today.png", full_page=True)
    assert path.exists()
    page.get_by_role("link", name="Give the school's own").first.click()
    assert page.url.endswith(f"/schools/{world.school.id}/policy/")
    page.get_by_label("Longest gap in school days between logged contacts", exact=False).fill("5")
    page.get_by_role("button", name="Save").first.click()
    page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
    assert "Cannot be judged" not in page.inner_text("body")
    assert "logged contact with the parents" in page.inner_text("body")
