"""The charts in a real browser, on the demo trust: the Return to Learn pupil's trajectory on the
arrangement page, and the trust lead's compliance over time, each with its figures behind "Show the figures"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from pathways.demo.trust import create_demo_trust
from pathways.schools.models import User
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Any, live_server: Any, username: str) -> None:
    client = sign_in(Client(), User.objects.get(username=username))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_the_trajectory_and_the_trusts_compliance_are_drawn_with_their_figures(
    live_server: Any, page: Any
) -> None:
    demo = create_demo_trust(today=dt.date.today())
    rtl = demo.arrangements["hf_rtl_missed_step_up"]
    signed_in(page, live_server, "holyfamily-dsl")
    page.goto(f"{live_server.url}/schools/{rtl.school_id}/arrangements/{rtl.id}/")
    chart = page.get_by_test_id("chart-trajectory")
    chart.scroll_into_view_if_needed()
    assert chart.locator("svg[role=img] title").text_content() == "Hours in school each week: planned and attended"
    assert chart.locator("svg").bounding_box()["width"] > 600
    chart.screenshot(path=str(SCREENSHOTS / "trajectory.png"))
    chart.get_by_text("Show the figures").click()
    figures = page.get_by_test_id("chart-trajectory-figures")
    assert figures.is_visible() and "Planned in school" in figures.inner_text()
    screenshot(page, "trajectory-page")

    signed_in(page, live_server, "trust-lead")
    page.goto(f"{live_server.url}/trusts/{demo.trust.id}/")
    page.get_by_role("link", name="Compliance over time").click()
    compliance = page.get_by_test_id("chart-compliance")
    assert compliance.locator("svg").is_visible()
    compliance.screenshot(path=str(SCREENSHOTS / "compliance.png"))
    compliance.get_by_text("Show the figures").click()
    assert "Holy Family Catholic High School" in page.get_by_test_id("chart-compliance-figures").inner_text()
    screenshot(page, "compliance-page")
