"""The AP lead fills in each of the policies' forms in a real browser: refused empty with every missing
question named, recorded complete, and printed as the seed's form (the page and its PDF)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.arrangements.record_templates import TEMPLATES, item_keys
from pathways.pdf import pdf_to_png_pages
from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in
from tests.reports.helpers import place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("event_type", sorted(TEMPLATES))
def test_each_form_is_refused_empty_then_recorded_and_printed(
    world: Any, live_server: Any, page: Any, event_type: str
) -> None:
    arrangement = place(world, marks=False).arrangement
    template = TEMPLATES[event_type]
    sign_in(page, live_server, world.staff["ap_lead"])
    page.goto(live_server.url + reverse("event-record", args=[arrangement.school_id, arrangement.id])
              + f"?type={event_type}")
    before = Event.objects.filter(arrangement=arrangement, type=event_type).count()
    page.get_by_role("button", name=f"Record the {template.name.lower()}").click()
    page.wait_for_load_state("networkidle")
    summary = page.locator(".govuk-error-summary").inner_text()
    for q in template.questions:
        assert (q.label in summary) == q.required, q.label
    screenshot(page, f"record-form-{event_type}-refused")
    for q in template.questions:
        if q.kind in ("agree", "yes_no"):
            page.locator(f"input[name='{q.key}']").first.check()
        else:
            page.locator(f"[name='{q.key}']").fill(f"{q.label[:40]}: written for the pupil.")
    for item in template.checklist:
        for key in item_keys(item, template):
            part = key.rsplit("__", 1)[1]
            if part == "done":
                page.locator(f"input[name='{key}'][value='yes']").check()
            elif part == "by":
                page.locator(f"[name='{key}']").fill("2026-01-20")
            else:
                page.locator(f"[name='{key}']").fill("Ms Price, AP lead")
    page.get_by_role("button", name=f"Record the {template.name.lower()}").click()
    page.wait_for_load_state("networkidle")
    assert "recorded on" in page.locator(".govuk-notification-banner, .pw-messages, body").first.inner_text()
    event = Event.objects.filter(arrangement=arrangement, type=event_type).order_by("-id").first()
    assert Event.objects.filter(arrangement=arrangement, type=event_type).count() == before + 1
    assert event is not None and event.record.complete
    printed = live_server.url + reverse("event-record-print", args=[arrangement.school_id, arrangement.id, event.id])
    page.goto(printed)
    assert template.name in page.locator("h1").inner_text()
    assert "Not answered" not in page.content() or any(not q.required for q in template.questions)
    screenshot(page, f"record-form-{event_type}-printed")
    response = page.request.get(printed + "?format=pdf")
    assert response.headers["content-type"] == "application/pdf"
    first = pdf_to_png_pages(response.body())[0]
    (SCREENSHOTS / f"record-form-{event_type}-pdf.png").write_bytes(first)
