"""The AP lead sets up a part-time timetable the SENCO will run, sees the SENCO as its lead with what
needs doing first and what is met folded away, then hands it to the pupil's teacher."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement
from pathways.audit.models import AuditEvent
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ap_lead_sets_up_an_arrangement_led_by_the_senco_and_hands_it_on(
    world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=7)
    senco, teacher = world.staff["senco"], world.staff["teacher"]

    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/new/?pupil={world.pupil.id}"
              "&kind=part_time_timetable")
    lead = page.get_by_label("Who leads this arrangement?")
    assert lead.input_value() == str(world.staff["ap_lead"].pk)  # the person setting it up, unless changed
    lead.select_option(str(senco.pk))
    page.get_by_label("Reason").select_option(label="Mental health")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("Proposed end date").fill((start + dt.timedelta(weeks=10)).isoformat())
    page.get_by_label("Monday morning", exact=True).select_option("home")
    page.get_by_label("Monday afternoon", exact=True).select_option("home")
    screenshot(page, "lead-1-set-up")
    page.get_by_role("button", name="Save as a draft").click()

    arrangement = Arrangement.objects.get()
    assert arrangement.lead == senco and arrangement.created_by == world.staff["ap_lead"]
    do_record_event(arrangement=arrangement, type="parent_consent", date=start - dt.timedelta(days=3),
                    actor=world.staff["ap_lead"])
    page.reload()
    assert page.get_by_test_id("lead").inner_text() == str(senco)
    met = page.get_by_test_id("met-requirements")
    assert met.is_visible() and met.get_attribute("open") is None
    assert page.locator("[data-testid=met-requirements] [data-status=met]").first.is_hidden()
    # What needs doing is shown open, above the fold.
    assert page.locator("[data-testid=requirement-panel] > :is([data-status=unmet], [data-status=due])").count()
    screenshot(page, "lead-2-arrangement-page")

    page.get_by_text("Met (").click()
    assert page.locator("[data-testid=met-requirements] [data-status=met]").first.is_visible()
    page.get_by_text("Change who leads this arrangement").click()
    page.get_by_label("Who leads this arrangement?").select_option(str(teacher.pk))
    screenshot(page, "lead-3-change")
    page.get_by_role("button", name="Change the lead").click()
    assert f"{teacher} now leads this arrangement." in page.content()
    assert page.get_by_test_id("lead").inner_text() == str(teacher)
    assert AuditEvent.objects.filter(action="change arrangement lead").count() == 1
    screenshot(page, "lead-4-changed")

    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/?mine=on")
    assert "No arrangements match" in page.content()  # the AP lead no longer leads it
    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/")
    assert page.get_by_test_id(f"lead-{arrangement.id}").inner_text() == str(teacher)
    screenshot(page, "lead-5-list")
