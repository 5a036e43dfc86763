"""Journey 9, the DSL's Friday, in a real browser on the demo trust: from Today to the pupils not in full-time
school by vulnerability, who has not been seen by school staff within their interval, and one pupil's
chronology filtered to the welfare checks and printed for a strategy meeting; then the pupil's contact log,
where the DSL records a home visit with senior leaders told."""

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


def test_the_dsl_walks_through_the_three_views_of_their_week(live_server: Any, page: Any) -> None:
    demo = create_demo_trust(today=dt.date.today())
    school = demo.schools["oakfield"]
    assert {"remote-education-offer", "special-school-remote"} <= set(school.policy_packs)
    client = sign_in(Client(), User.objects.get(username="oakfield-dsl"))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    page.get_by_test_id("dsl-week-link").click()

    # (a) Every pupil not in full-time school, by vulnerability, where they are and the next duty.
    assert "pupils not in full-time school" in page.get_by_role("heading", level=1).inner_text()
    rows = page.get_by_test_id("week-row")
    assert rows.count() == 4  # Oakfield's remote learner, placement, part-time timetable and hospital pupil
    assert "Remote learning" in page.inner_text("body") and "Education for health needs" in page.inner_text("body")
    assert page.get_by_test_id("week-duty").count() == 4
    screenshot(page, "dsl-week")

    # (b) Last seen by school staff, overdue first.
    page.get_by_test_id("last-seen-link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Last seen by school staff"
    seen = page.get_by_test_id("seen-row")
    assert seen.count() == 4
    remote = demo.arrangements["ok_remote"].pupil
    assert remote.full_name in seen.first.inner_text()  # seen at home once, early on: overdue
    assert "Overdue" in seen.first.inner_text() and "Welfare check in person" in seen.first.inner_text()
    screenshot(page, "dsl-week-last-seen")

    # (c) The pupil's chronology across every arrangement, filtered to welfare checks, and as it prints.
    seen.first.get_by_role("link", name=remote.full_name, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Chronology: {remote.full_name}"
    everything = page.get_by_test_id("chronology-entry").count()
    page.get_by_label("Welfare checks and visits").check()
    page.get_by_role("button", name="Show these").click()
    assert "type=welfare_checks" in page.url
    checks = page.get_by_test_id("chronology-entry")
    assert 0 < checks.count() < everything
    assert all(k == "welfare_checks" for k in checks.evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    screenshot(page, "dsl-week-chronology")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Show these").is_visible()
    screenshot(page, "dsl-week-chronology-print")

    # (d) The pupil's contact log: the DSL records yesterday's home visit, senior leaders told today.
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/schools/{school.id}/pupils/{remote.id}/")
    page.get_by_test_id("contact-log-link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Contact log"
    assert "Class Dojo" in page.get_by_test_id("contact-log").inner_text()  # the demo's messages
    today = dt.date.today()
    page.get_by_role("radio", name="Home visit").check()
    page.get_by_label("Date", exact=True).fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Time").fill("15:30")
    page.get_by_label("With whom").fill("Mum and Dad")
    page.get_by_label("Outcome").fill("New work pack delivered; he showed us his reading book.")
    page.locator("#id_slt_informed_0").check()  # Yes
    page.get_by_label("Home visits: date senior leaders were told").fill(today.isoformat())
    page.get_by_role("button", name="Save the contact").click()
    assert "The contact is in the log." in page.inner_text("body")
    newest = page.get_by_test_id("contact-log").locator("tbody tr").first.inner_text()
    assert "Home visit" in newest and "Mum and Dad" in newest and f"Yes, on {today:%-d %B %Y}" in newest
    screenshot(page, "dsl-contact-log")
