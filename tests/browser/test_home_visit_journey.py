"""The attendance officer opens a follow-up and sees whom to ring, in order, with the father's no-contact order.
In a real browser. (The AP lead sending the progress report to the mother only: test_half_term_visit_journey.)"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from pathways.register.actions import do_record_mark
from tests.attendance.helpers import MONDAY, at_provider
from tests.browser.conftest import screenshot, sign_in
from tests.pupils.contacts_helpers import with_contacts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keep(path: Any, name: str) -> None:
    shutil.copy(path, f"/tmp/homevisit-{name}.png")


def test_the_follow_up_lists_whom_to_ring_and_never_offers_the_restricted_father(
    world: Any, live_server: Any, page: Any
) -> None:
    with_contacts(world.pupil)
    placement = at_provider(world.pupil, world.school)
    do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="am", attended=False,
                   reason="unknown", source="provider", actor=None)
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/follow-ups/")
    page.locator("tr", has_text="Ava Ourpupil").get_by_role("link", name="Record the welfare check").click()
    page.wait_for_load_state("networkidle")
    contacts = page.get_by_test_id("pupil-contacts")
    rows = contacts.locator("tbody tr")
    assert [rows.nth(i).locator("td").nth(1).inner_text().split("\n")[0] for i in range(4)] == [
        "Jo Mum", "Rick Dad", "Edna Gran", "Sue Aunt"]
    assert contacts.get_by_role("link", name="07700 900101").get_attribute("href") == "tel:07700 900101"
    dad = page.locator('tr[data-restricted="no_contact"]')
    assert "No contact (court order): Court order, see file" in dad.inner_text()
    assert dad.locator("a").count() == 0 and "Do not contact" in dad.inner_text()
    assert "14 Larch Close" in page.get_by_test_id("pupil-address").inner_text()
    keep(screenshot(page, "homevisit-followup"), "followup")

