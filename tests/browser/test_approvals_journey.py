"""Journey 4 with its approvals: the headteacher opens, from Today, the approval of a fifth full-time pupil at
an unregistered provider (one of the five still awaiting approval) and is refused with the reason and what
would make it lawful; the trust lead approves another placement there from the trust's approvals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_submit_for_approval
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import at_provider, make_arrangement, make_provider, record_trust_forms
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_pupil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_headteacher_is_refused_a_breach_and_the_trust_lead_approves_from_the_queue(
    world: Any, live_server: Any, page: Any
) -> None:
    today = dt.date.today()
    start = today + dt.timedelta(days=7)
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    # One pupil from another setting, Amy and Ben running, Dan awaiting approval: George would be the fifth.
    willow = make_provider(world.school, "Willow Farm", elsewhere_full_time_compulsory_age=1)
    for school, name, status in ((world.sister, "Amy", Status.ACTIVE), (world.school, "Ben", Status.ACTIVE),
                                 (world.school, "Dan", Status.AWAITING_APPROVAL)):
        make_arrangement(make_pupil(school, name, "Placed"), provider=willow, status=status,
                         start=today - dt.timedelta(days=14), slots=at_provider(8))
    george = make_arrangement(make_pupil(world.school, "George", "Byrne"), provider=willow, start=start,
                              slots=at_provider(8))
    do_submit_for_approval(arrangement=george, actor=None)

    # The headteacher opens the approval from Today and is refused, with the reason.
    sign_in(page, live_server, world.staff["headteacher"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
    row = page.locator("[data-testid=today-item]", has_text="George Byrne").filter(has_text="Approve or refuse")
    screenshot(page, "approvals-1-today")
    row.get_by_role("link", name="Approve").click()
    refused = page.get_by_test_id("approval-refused")
    assert refused.is_visible()
    text = refused.inner_text()
    assert "Willow Farm educates 5 pupils of compulsory school age full time" in text
    assert "What would make it lawful" in text and "Choose a registered provider" in text
    assert page.get_by_test_id("approve").count() == 0
    screenshot(page, "approvals-2-refused")
    george.refresh_from_db()
    assert george.status == Status.AWAITING_APPROVAL

    # Cara goes there part time (no breach), with the school's forms: the trust lead approves her placement.
    cara = make_arrangement(make_pupil(world.school, "Cara", "Quinn"), provider=willow, start=start,
                            slots=at_provider(4))
    record_trust_forms(cara, world, today, note="Parents and the headteacher agree.")
    do_submit_for_approval(arrangement=cara, actor=None)
    page.context.clear_cookies()
    sign_in(page, live_server, world.trust_lead)
    page.goto(f"{live_server.url}/trusts/{world.trust.id}/approvals/")
    queue_row = page.locator("[data-testid=trust-approval-row]", has_text="Cara Quinn")
    assert "Consideration form (Appendix 1a)" in queue_row.inner_text()
    screenshot(page, "approvals-3-trust-queue")
    queue_row.get_by_role("link", name="Approve or refuse").click()
    page.get_by_label("Approve the placement").check()
    page.get_by_label("On what grounds?").fill("Read 1a, 1b and the risk assessment: approved, part time only.")
    screenshot(page, "approvals-4-trust-decision")
    page.get_by_role("button", name="Record the trust's decision").click()
    assert "The trust approved the placement of Cara Quinn with Willow Farm." in page.content()
    screenshot(page, "approvals-5-trust-approved")
    approval = Event.current.get(arrangement=cara, type="trust_approval")
    assert approval.recorded_by == world.trust_lead and approval.note.startswith("Read 1a")
    assert Arrangement.objects.get(pk=cara.pk).status == Status.AWAITING_APPROVAL  # the headteacher's next
