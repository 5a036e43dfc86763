"""Journey 6: online learning for a medical reason. A pupil with a broken leg is on a consultant's
waiting list. Pathways accepts the waiting-list evidence and not a GP note, asks for the healthcare plan
and the Annex C provider checklist (refused with ten "yes" answers and no evidence, the questions named;
recorded with its evidence and printed), and never codes the online sessions B."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.providers.checklist import KEYS
from pathways.providers.models import ProviderChecklist
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement
from tests.attendance.helpers import MONDAY, every_day
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEDNESDAY = MONDAY + dt.timedelta(days=9)  # the second week of the package


def duty(page: Any, rule: str) -> str:
    return str(page.locator(f"[data-testid=requirement-{rule}]").get_attribute("data-status"))


def test_online_learning_for_a_broken_leg(world: Any, live_server: Any, page: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["online-learning-packages"])
    horizon = make_provider(world.school, "Horizon Live Online School", kind="online_learning",
                            registration="online_accredited")
    pupil = make_pupil(world.school, "Mia", "Walsh", year_group=9)
    online = make_arrangement(pupil, kind="online_learning", reason="medical", start=MONDAY, status="active",
                              provider=horizon, slots=every_day("online", "home"), end=dt.date(2026, 3, 27))
    do_record_event(arrangement=online, type="medical_evidence", date=MONDAY - dt.timedelta(days=3), actor=None,
                    fields={"source": "gp"}, note="GP's note: broken leg, off school for six weeks.")
    detail = live_server.url + reverse("arrangement-detail", args=[world.school.id, online.id])
    with time_machine.travel(dt.datetime(WEDNESDAY.year, WEDNESDAY.month, WEDNESDAY.day, 10, 0), tick=True):
        sign_in(page, live_server, world.staff["ap_lead"])
        page.goto(detail)
        # A GP's note is not the evidence the guidance asks for; the plan and the checklist are asked for.
        assert duty(page, "OLP-MEDICAL-EVIDENCE") == "unmet"
        assert duty(page, "OLP-HEALTHCARE-PLAN") in ("unmet", "due")
        assert duty(page, "OLP-PROVIDER-CHECKLIST") == "unmet"
        screenshot(page, "online-1-gp-note-not-enough")

        page.goto(live_server.url + reverse("event-record", args=[world.school.id, online.id])
                  + "?type=medical_evidence")
        page.get_by_label("Who gave the evidence").select_option("waiting_list")
        page.locator("[name=note]").fill("Letter from the fracture clinic: on the consultant's waiting list.")
        page.get_by_role("button", name="Record").last.click()
        page.wait_for_load_state("networkidle")
        page.goto(detail)
        assert duty(page, "OLP-MEDICAL-EVIDENCE") == "met"

        # The provider checklist: the panel's link leads to Annex C.
        page.locator("[data-testid=requirement-OLP-PROVIDER-CHECKLIST] a").first.click()
        page.wait_for_load_state("networkidle")
        assert "Choosing a provider" in page.locator("h1").inner_text()
        for key in KEYS:
            page.locator(f"input[name='{key}_answer'][value='yes']").check()
        page.get_by_role("button", name="Complete").click()
        page.wait_for_load_state("networkidle")
        summary = page.locator(".govuk-error-summary").inner_text()
        assert summary.count("give the evidence for the yes") == 10
        assert "Safeguarding 3 (How quickly, and by what means, is the school alerted" in summary
        assert not ProviderChecklist.objects.exists()
        screenshot(page, "online-2-annex-c-refused")
        for key in KEYS:
            page.locator(f"[name='{key}_note']").fill(f"Seen for Mia ({key.replace('_', ' ')}): kept on file.")
        page.get_by_role("button", name="Complete").click()
        page.wait_for_load_state("networkidle")
        assert ProviderChecklist.objects.get(provider=horizon).complete
        assert "kept on file" in page.content()
        screenshot(page, "online-3-annex-c-printed")
        page.goto(detail)
        assert duty(page, "OLP-PROVIDER-CHECKLIST") == "met"
        screenshot(page, "online-4-checklist-met")

        # The register: an online session is never B.
        page.context.clear_cookies()
        sign_in(page, live_server, world.staff["attendance_officer"])
        page.goto(live_server.url + reverse("register-day", args=[world.school.id]))
        morning = page.locator(f"[data-testid='row-{pupil.pk}-am']").inner_text()
        assert "code C" in morning.replace("\n", " ") and "code B" not in morning.replace("\n", " ")
        screenshot(page, "online-5-register-code-c")
