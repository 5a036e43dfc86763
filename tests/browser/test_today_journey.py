"""The trust lead's Today across the trust, and a school's Today, in a real browser on the demo trust."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from pathways.demo.trust import create_demo_trust
from pathways.schools.models import User
from tests.browser.conftest import screenshot
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Any, live_server: Any, username: str) -> None:
    client = sign_in(Client(), User.objects.get(username=username))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_the_trust_lead_opens_the_school_with_most_overdue_from_the_trust_dashboard(
    live_server: Any, page: Any
) -> None:
    demo = create_demo_trust(today=dt.date.today())
    signed_in(page, live_server, "trust-lead")
    page.goto(f"{live_server.url}/trusts/{demo.trust.id}/today/")
    rows = page.get_by_test_id("trust-today-school")
    assert rows.count() == demo.trust.schools.count()
    first = rows.first.get_by_role("link").inner_text()
    screenshot(page, "today-trust")
    rows.first.get_by_role("link").click()
    assert page.get_by_role("heading", name="Today", exact=True).is_visible()
    assert first in page.inner_text("body")
    assert page.get_by_test_id("today-item").count() > 0
    assert page.get_by_role("link", name="Back to the trust's schools").is_visible()
    screenshot(page, "today-school")


def test_a_welfare_check_recorded_from_today_moves_the_next_one_on_at_once(live_server: Any, page: Any) -> None:
    """Today keeps each arrangement's findings between requests; recording the check that a line asks for
    must change that line on the very next page, not tomorrow."""
    today = dt.date.today()
    create_demo_trust(today=today)
    dsl = User.objects.get(username="holyfamily-dsl")
    school = dsl.staff_roles.first().school  # type: ignore[attr-defined]
    signed_in(page, live_server, dsl.username)
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    page.reload()  # the second visit reads the findings kept by the first
    line = page.get_by_test_id("today-item").filter(has_text="Next welfare check due by").filter(
        has_text="Layla Khan")
    assert line.count() == 1
    before = line.inner_text()
    assert f"the last on {today.day} {today:%b %Y}" not in before
    line.get_by_role("link", name="Record welfare check").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Record: welfare check"
    page.get_by_label("Date").fill(today.isoformat())
    screenshot(page, "today-welfare-check-form")
    page.get_by_role("button", name="Record welfare check").click()
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    after = page.get_by_test_id("today-item").filter(has_text="welfare check due by").filter(has_text="Layla Khan")
    assert f"the last on {today.day} {today:%b %Y}" in after.inner_text()
    screenshot(page, "today-after-welfare-check")
