"""The remote learning lead sets out the school's remote education offer, makes the page for parents,
rates the planning and audit tool and records a family's answer to the device survey. In a real browser,
without JavaScript needed by any page."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from pathways.remote.expectations import tool
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_pupil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keep(path: Any, name: str) -> None:
    shutil.copy(path, f"/tmp/remote-{name}.png")


def test_the_remote_learning_lead_sets_out_the_offer_rates_the_audit_and_records_the_survey(
    world: Any, live_server: Any, page: Any
) -> None:
    lead = world.staff["remote_lead"]
    lead.first_name, lead.last_name = "Rosa", "Lead"
    lead.save()
    sister = make_pupil(world.school, "Bea", "Ourpupil", year_group=8)
    sign_in(page, live_server, lead)
    base = f"{live_server.url}/schools/{world.school.id}/remote-education/"
    page.goto(base)
    page.get_by_test_id("change-offer").click()
    page.get_by_label("Remote learning lead").select_option(label="Rosa Lead")
    page.get_by_label("We can start remote education for a pupil at home by the next school day").check()
    page.get_by_label("Platforms and resources").fill("Microsoft Teams for lessons; printed packs on request")
    page.get_by_label("Hours a day in Key Stage 3").fill("5")
    page.get_by_label("Hours a day in Key Stage 4").fill("4.5")
    page.get_by_label("Engagement is checked at least weekly").check()
    page.get_by_label("How engagement is checked").fill("Form tutors check Teams assignments every Friday")
    page.get_by_label("How parents are told when engagement is a concern").fill("A phone call the same day")
    page.get_by_label("Provision for pupils with SEND").fill("Work adapted by the SENCO; therapy sessions online")
    page.get_by_role("button", name="Save the offer").click()
    page.wait_for_load_state("networkidle")
    offer = page.get_by_test_id("offer").inner_text()
    assert "Rosa Lead" in offer and "Microsoft Teams" in offer
    assert page.get_by_test_id("offer-hours").inner_text().count("Below the minimum") == 1
    page.get_by_test_id("publish").click()
    page.wait_for_load_state("networkidle")
    keep(screenshot(page, "remote-offer"), "offer")
    public = page.get_by_test_id("public-link").get_attribute("href")
    page.goto(f"{live_server.url}{public}")
    assert "information for parents and carers" in page.inner_text("h1")
    keep(screenshot(page, "remote-offer-public"), "public")

    page.goto(base + "audits/")
    page.get_by_test_id("new-audit").click()
    for i, key in enumerate(tool().expectation_keys()):
        page.locator(f'input[name="{key}-rating"][value="{("green", "amber", "red")[i % 3]}"]').check()
    page.locator('textarea[name="engagement_weekly-next_steps"]').fill("Add a Wednesday check for Year 11")
    page.get_by_role("button", name="Save the audit").click()
    page.wait_for_load_state("networkidle")
    assert "Add a Wednesday check for Year 11" in page.get_by_test_id("section-deliver").inner_text()
    keep(screenshot(page, "remote-audit"), "audit")

    page.goto(base + "survey/")
    page.get_by_test_id("new-answer").click()
    page.get_by_label("Pupils in the family").select_option(value=[str(world.pupil.id), str(sister.id)])
    page.get_by_label("No device").check()
    page.get_by_label("Mobile data only").check()
    page.get_by_label("The family needs help to learn remotely").check()
    page.get_by_label("What help").fill("A laptop for each child")
    page.get_by_role("button", name="Save the answer").click()
    page.wait_for_load_state("networkidle")
    by_year = page.get_by_test_id("by-year").inner_text()
    assert "Year 8" in by_year and "A laptop for each child" in page.get_by_test_id("pupils").inner_text()
    keep(screenshot(page, "remote-survey"), "survey")
