"""The attendance officer opens a follow-up and sees whom to ring, in order, with the father's no-contact order;
the AP lead sends the progress report to the mother from the report page. In a real browser."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from django.core import mail

from pathways.arrangements.models import Event
from pathways.register.actions import do_record_mark
from pathways.schools.models import HalfTerm
from tests.attendance.helpers import MONDAY, at_provider
from tests.browser.conftest import screenshot, sign_in
from tests.pupils.contacts_helpers import with_contacts
from tests.reports.helpers import place

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


def test_the_ap_lead_sends_the_progress_report_to_the_mother_only(world: Any, live_server: Any, page: Any) -> None:
    placed = place(world)
    with_contacts(world.pupil)
    spring1 = HalfTerm.objects.get(school=world.school, school_year=2025, number=3)
    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/reports/arrangements/{placed.arrangement.id}/progress/"
              f"?half_term={spring1.id}")
    page.get_by_test_id("send-to-parents").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("Jo Mum (Mother), jo@example.org").is_checked()
    excluded = page.get_by_test_id("send-excluded").inner_text()
    assert "Rick Dad" in excluded and "No contact (court order)" in excluded
    assert "No e-mail address" in excluded and "No parental responsibility" in excluded
    keep(screenshot(page, "homevisit-send"), "send")
    page.get_by_test_id("preview").click()
    page.wait_for_load_state("networkidle")
    assert "Jo Mum <jo@example.org>" in page.get_by_test_id("send-preview").inner_text()
    keep(screenshot(page, "homevisit-send-preview"), "send-preview")
    page.get_by_test_id("send").click()
    page.wait_for_load_state("networkidle")
    assert "Progress report sent to Jo Mum" in page.content()
    keep(screenshot(page, "homevisit-sent"), "sent")
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    assert Event.current.filter(arrangement=placed.arrangement, type="progress_report",
                                note__contains="jo@example.org").exists()
