"""The headteacher's Monday: Today offers the part of a duty its line names, and the page it leads to clears it.

On the demo trust, as Holy Family's headteacher: a placement brought in already running without the
headteacher's agreement offers "Record the headteacher's agreement, given after the start"; recorded, the line
goes. A placement ended from its page stays on Today for the provider's final report, its ending's duty."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions_records import do_record_with_form
from pathways.arrangements.models import Arrangement, Status
from pathways.demo.arrangements.forms import demo_answers
from pathways.demo.trust import create_demo_trust
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.schools.models import User
from tests.arrangements.helpers import make_arrangement, week
from tests.browser.conftest import screenshot
from tests.browser.test_today_journey import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _holy_family() -> tuple[User, Any, Pupil, Provider]:
    head = User.objects.get(username="holyfamily-head")
    school = head.staff_roles.first().school  # type: ignore[attr-defined]
    provider = Provider.objects.get(name="Riverside Alternative Provision Academy")
    busy = Arrangement.objects.filter(school=school).values_list("pupil_id", flat=True)
    pupil = Pupil.objects.filter(school=school).exclude(id__in=busy).order_by("last_name").first()
    assert pupil is not None
    return head, school, pupil, provider


def test_the_headteacher_records_an_agreement_given_after_the_start_from_today(live_server: Any, page: Any) -> None:
    today = dt.date.today()
    create_demo_trust(today=today)
    head, school, pupil, provider = _holy_family()
    start = today - dt.timedelta(days=14)
    placement = make_arrangement(pupil, provider=provider, start=start, status=Status.ACTIVE, lead=head,
                                 slots=week(mon=("provider", "provider")))  # brought in running, with no approval
    answers = demo_answers(placement, "consideration_form", start, "", {"lead": head, "head": head})
    do_record_with_form(arrangement=placement, type="consideration_form", date=start - dt.timedelta(days=7),
                        actor=head, answers=answers)  # the form with the parents' agreement was done in time
    signed_in(page, live_server, head.username)
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    line = page.get_by_test_id("today-item").filter(has_text="The headteacher did not agree to the placement").filter(
        has_text=pupil.last_name)
    assert line.count() == 1, line.all_inner_texts()
    offer = "Record the headteacher's agreement, given after the start"
    line.get_by_role("link", name=offer).click()
    assert page.get_by_role("heading", level=1).inner_text() == offer
    page.get_by_test_id("record-late-agreement").click()  # nothing filled in: the note is asked for, by name
    assert page.get_by_role("alert").is_visible() and "Say when and how" in page.get_by_role("alert").inner_text()
    screenshot(page, "late-agreement-errors")
    page.get_by_label("Date").fill(start.isoformat())
    page.get_by_role("textbox").last.fill("Agreed in the planning meeting on the first morning; not recorded then.")
    screenshot(page, "late-agreement-form")
    page.get_by_test_id("record-late-agreement").click()
    assert "agreement of" in page.inner_text("body")
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    gone = page.get_by_test_id("today-item").filter(has_text="The headteacher did not agree").filter(
        has_text=pupil.last_name)
    assert gone.count() == 0
    screenshot(page, "late-agreement-today-after")


def test_a_placement_ended_from_its_page_stays_on_today_for_the_final_report(live_server: Any, page: Any) -> None:
    today = dt.date.today()
    create_demo_trust(today=today)
    head, school, pupil, provider = _holy_family()
    placement = make_arrangement(pupil, provider=provider, start=today - dt.timedelta(days=28), status=Status.ACTIVE,
                                 lead=head, slots=week(mon=("provider", "provider")))
    signed_in(page, live_server, head.username)
    page.goto(f"{live_server.url}/schools/{school.id}/arrangements/{placement.id}/#lifecycle")
    page.get_by_label("Last day of the arrangement").fill(today.isoformat())
    page.get_by_label("Outcome").select_option("full_time_school")
    page.get_by_role("button", name="End the arrangement").click()
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    line = page.get_by_test_id("today-item").filter(has_text="final report").filter(has_text=pupil.last_name)
    assert line.count() == 1, page.get_by_test_id("today-item").all_inner_texts()
    assert "placement ended on" in (line.text_content() or "")
    page.locator("summary", has_text="Coming up").click()  # the later items, folded away
    assert line.is_visible()
    line.screenshot(path=str(screenshot(page, "today-after-the-end").with_name("today-after-the-end-line.png")))
    line.get_by_role("link", name="Record final report").click()  # the ended placement takes its final report
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_role("button", name="Record final report").click()
    page.goto(f"{live_server.url}/schools/{school.id}/today/")
    assert page.get_by_test_id("today-item").filter(has_text=pupil.last_name).count() == 0
