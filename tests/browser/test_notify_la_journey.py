"""The AP lead follows the requirement panel's link to tell the local authority of a part-time
timetable for a pupil with an EHC plan, checks and edits the notice, and sends it by email."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from pathways.arrangements.models import Event
from pathways.pupils.actions import do_update_pupil
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement, week
from tests.browser.conftest import screenshot, sign_in
from tests.notifications.helpers import LA_EMAIL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ap_lead_checks_edits_and_emails_the_notice_from_the_requirement_panel(
    world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 7)  # Monday of last week
    do_update_school(school=world.school, actor=None, la_email=LA_EMAIL, la_contact="Ms Jo Officer",
                     policy_packs=["alternative-pathways"])
    do_update_pupil(pupil=world.pupil, actor=None, send="ehcp", upn="A123456789012")
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health", start=start,
                                   end=start + dt.timedelta(weeks=10),
                                   slots=week(mon=("home", "home"), wed=("school", "home"), fri=("school", "home")))

    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/{arrangement.id}/")
    page.locator("[data-testid=requirement-NAT-PTT-PROFESSIONALS]").get_by_role(
        "link", name="Notify the local authority").click()

    assert page.get_by_test_id("notice-title").inner_text() == "Arrangement for a pupil with an EHC plan"
    assert "Part-time timetable" in page.get_by_test_id("notice-choices").inner_text()
    assert LA_EMAIL in page.get_by_test_id("notice-to").inner_text()
    body = page.get_by_label("Text of the notice")
    assert body.input_value().startswith("Dear Ms Jo Officer,")
    assert "Hours in school each week: 18 of 30 (6 of 10 sessions)" in body.input_value()
    screenshot(page, "notify-1-check-and-edit")

    body.fill(body.input_value().replace("Please contact me", "We review the timetable with the family on "
                                                               "Friday. Please contact me"))
    page.get_by_role("button", name="Send by email").click()

    assert f"The notice is sent to {LA_EMAIL}" in page.content()
    assert "We review the timetable with the family on Friday." in page.get_by_test_id("notice-body").inner_text()
    [sent] = mail.outbox
    assert sent.to == [LA_EMAIL] and "We review the timetable with the family on Friday." in sent.body
    assert Event.current.filter(arrangement=arrangement, type="la_notified").count() == 1
    screenshot(page, "notify-2-sent")

    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/{arrangement.id}/")
    assert page.locator("[data-testid=requirement-NAT-PTT-PROFESSIONALS]").get_attribute("data-status") == "met"
