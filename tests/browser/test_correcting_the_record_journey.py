"""The AP lead corrects the record: moves a part-time timetable's end date with the reason, marks a consent
recorded against the wrong pupil as entered in error, and withdraws a draft that will not go ahead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Status
from pathways.audit.models import AuditEvent
from tests.arrangements.helpers import make_arrangement, week
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ap_lead_edits_an_arrangement_marks_an_entry_in_error_and_withdraws_a_draft(
    world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=7)
    ap_lead = world.staff["ap_lead"]
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health", start=start,
                                   end=start + dt.timedelta(weeks=10), status=Status.ACTIVE, lead=ap_lead,
                                   slots=week(fri=("home", "home")))
    consent = do_record_event(arrangement=arrangement, type="parent_consent", date=start - dt.timedelta(days=3),
                              actor=ap_lead, note="Signed form from the wrong family")
    base = f"{live_server.url}/schools/{world.school.id}/arrangements/{arrangement.id}"

    sign_in(page, live_server, ap_lead)
    page.goto(base + "/")
    page.get_by_test_id("edit-arrangement").click()
    new_end = start + dt.timedelta(weeks=8)
    page.get_by_label("End date").fill(new_end.isoformat())
    page.get_by_role("button", name="Save the changes").click()
    assert "Why is this being changed?: Say why the arrangement is being changed." in page.content()
    screenshot(page, "correct-1-edit-refused")
    page.get_by_label("Why is this being changed?").fill("The review brought the return to full time forward.")
    page.get_by_role("button", name="Save the changes").click()
    assert "The arrangement is changed." in page.content()
    arrangement.refresh_from_db()
    assert arrangement.end == new_end
    assert AuditEvent.objects.filter(action="edit arrangement").count() == 1
    screenshot(page, "correct-2-edited")

    page.goto(base + "/chronology/")
    page.get_by_test_id("in-error-link").click()
    page.get_by_label("Why was this entry made in error?").fill("The consent form was another pupil's.")
    screenshot(page, "correct-3-in-error-form")
    page.get_by_role("button", name="Mark as entered in error").click()
    assert page.get_by_test_id("in-error-reason").is_visible()
    assert page.locator(f"#entry-{consent.id} del").count() == 1
    screenshot(page, "correct-4-chronology-struck-through")

    draft = make_arrangement(world.pupil, kind="flexi_schooling", reason="parental_request", start=today,
                             lead=ap_lead)
    page.goto(f"{live_server.url}/schools/{world.school.id}/arrangements/{draft.id}/")
    page.get_by_test_id("withdraw-arrangement").click()
    page.get_by_label("Why is it being withdrawn?").fill("The parents chose full-time school after all.")
    page.get_by_role("button", name="Withdraw the draft").click()
    assert page.get_by_test_id("withdrawn").is_visible()
    screenshot(page, "correct-5-withdrawn")
    assert Arrangement.objects.get(pk=draft.pk).status == Status.WITHDRAWN
