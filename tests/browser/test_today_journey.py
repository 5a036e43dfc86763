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
    assert page.get_by_role("heading", name="Today").is_visible()
    assert first in page.inner_text("body")
    assert page.get_by_test_id("today-item").count() > 0
    assert page.get_by_role("link", name="Back to the trust's schools").is_visible()
    screenshot(page, "today-school")
