"""The school's remote education offer (002): dated versions, the role matrix, the public page and PDF,
and REM-LEAD and REM-AUDIT reading what the school recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy.engine import evaluate
from pathways.remote.actions import do_change_remote_offer, do_publish_remote_offer, do_record_remote_audit
from pathways.remote.expectations import tool
from pathways.remote.models import RemoteOffer, offer_on
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat


def offer_values(**extra: Any) -> dict[str, Any]:
    return {"effective_from": d("2025-09-01"), "lead_name": "Rosa Lead", "next_day_capacity": True,
            "platforms": "Microsoft Teams; printed packs", "hours_ks3": 5, "hours_ks4": 4, "engagement_weekly": True,
            "engagement_how": "Teams assignments checked every Friday", "parents_told_how": "A phone call that day",
            "send_provision": "Work set by the SENCO with the class teacher", **extra}


def form_post(world: Any, **extra: str) -> dict[str, str]:
    return {"effective_from": "2025-09-01", "lead": str(world.staff["remote_lead"].id), "next_day_capacity": "on",
            "platforms": "Microsoft Teams", "hours_ks3": "5", "hours_ks4": "5", "engagement_weekly": "on",
            "engagement_how": "Assignments checked weekly", "parents_told_how": "Phone call the same day",
            "send_provision": "Adapted packs", **extra}


def test_the_offer_on_a_past_day_is_the_version_then_in_force(world: Any) -> None:
    do_change_remote_offer(school=world.school, actor=None, values=offer_values())
    do_change_remote_offer(school=world.school, actor=None,
                           values=offer_values(effective_from=d("2026-01-05"), lead_name="Sam New"))
    assert offer_on(world.school, d("2025-08-31")) is None
    assert offer_on(world.school, d("2025-12-19")).lead_name == "Rosa Lead"
    assert offer_on(world.school, d("2026-01-05")).lead_name == "Sam New"
    assert RemoteOffer.objects.filter(school=world.school).count() == 2
    assert AuditEvent.objects.filter(action="changed the remote education offer").count() == 2


@pytest.mark.parametrize("role", ["headteacher", "remote_lead"])
def test_the_headteacher_and_the_remote_learning_lead_change_the_offer(world: Any, client: Any, role: str) -> None:
    sign_in(client, world.staff[role])
    response = client.post(reverse("remote-offer-edit", args=[world.school.id]), form_post(world))
    assert response.status_code == 302
    offer = offer_on(world.school, d("2025-09-01"))
    assert offer.lead == world.staff["remote_lead"] and offer.created_by == world.staff[role]
    page = client.get(reverse("remote-offer", args=[world.school.id]) + "?on=2025-09-02")
    assert b"Microsoft Teams" in page.content


@pytest.mark.parametrize("role", ["dsl", "teacher", "governor", "senco"])
def test_other_roles_read_the_offer_but_cannot_change_it(world: Any, client: Any, role: str) -> None:
    sign_in(client, world.staff[role])
    assert client.get(reverse("remote-offer", args=[world.school.id])).status_code == 200
    assert client.post(reverse("remote-offer-edit", args=[world.school.id]), form_post(world)).status_code == 403
    assert not RemoteOffer.objects.exists()
    with pytest.raises(PermissionDenied):
        do_change_remote_offer(school=world.school, actor=world.staff[role], values=offer_values())


def test_outsiders_get_nothing(world: Any, client: Any) -> None:
    do_change_remote_offer(school=world.school, actor=None, values=offer_values())
    for user in (world.outsider, world.sister_dsl):
        sign_in(client, user)
        assert client.get(reverse("remote-offer", args=[world.school.id])).status_code == 404
        assert client.post(reverse("remote-offer-edit", args=[world.school.id]), form_post(world)).status_code == 404
    assert RemoteOffer.objects.count() == 1


def test_a_change_made_since_the_form_was_read_is_not_lost(world: Any, client: Any) -> None:
    first = do_change_remote_offer(school=world.school, actor=None, values=offer_values())
    do_change_remote_offer(school=world.school, actor=None, values=offer_values(platforms="Google Classroom"))
    sign_in(client, world.staff["headteacher"])
    response = client.post(reverse("remote-offer-edit", args=[world.school.id]),
                           form_post(world, seen=str(first.id)))
    assert response.status_code == 400 and b"changed the offer" in response.content
    assert RemoteOffer.objects.count() == 2


def test_the_form_shows_its_errors_and_saves_nothing(world: Any, client: Any) -> None:
    sign_in(client, world.staff["headteacher"])
    response = client.post(reverse("remote-offer-edit", args=[world.school.id]),
                           form_post(world, hours_ks3="nine", platforms=""))
    assert response.status_code == 400 and b"There is a problem" in response.content
    body = response.content.decode()
    assert 'aria-describedby="id_platforms-hint id_platforms-error"' in body  # the hint and the error, read out
    assert 'id="id_platforms-hint"' in body and 'id="id_platforms-error"' in body
    assert not RemoteOffer.objects.exists()


def test_hours_below_the_dated_minimum_are_flagged_with_its_source(world: Any, client: Any) -> None:
    do_change_remote_offer(school=world.school, actor=None, values=offer_values(hours_ks3=5, hours_ks4=4))
    sign_in(client, world.staff["teacher"])
    page = client.get(reverse("remote-offer", args=[world.school.id]) + "?on=2025-10-01").content.decode()
    assert page.count("Below the minimum") == 1  # Key Stage 4: 4 hours against 5
    assert "DfE remote education expectations (2021)" in page


def test_the_page_for_parents_opens_by_its_link_only(world: Any, client: Any) -> None:
    do_change_remote_offer(school=world.school, actor=None, values=offer_values(effective_from=d("2020-10-01")))
    link = do_publish_remote_offer(school=world.school, actor=world.staff["remote_lead"])
    assert len(link.token) >= 32
    page = client.get(reverse("remote-offer-public", args=[link.token]))
    assert page.status_code == 200 and b"Rosa Lead" in page.content
    assert client.get(reverse("remote-offer-public", args=["x" * 32])).status_code == 404
    pdf = client.get(reverse("remote-offer-public-pdf", args=[link.token]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    replaced = do_publish_remote_offer(school=world.school, actor=world.staff["headteacher"], new_link=True)
    assert client.get(reverse("remote-offer-public", args=[link.token])).status_code == 404
    assert client.get(reverse("remote-offer-public", args=[replaced.token])).status_code == 200


def ratings(rating: str = "green") -> dict[str, dict[str, Any]]:
    return {k: {"rating": rating, "doing": "Teams", "next_steps": "Train staff", "who": "RL",
                "by_when": d("2025-12-01")} for k in tool().expectation_keys()}


def test_an_audit_rates_every_expectation(world: Any) -> None:
    partial = ratings()
    partial.pop(tool().expectation_keys()[0])
    with pytest.raises(ValidationError):
        do_record_remote_audit(school=world.school, actor=None, rated_on=d("2025-10-01"), ratings=partial)
    audit = do_record_remote_audit(school=world.school, actor=None, rated_on=d("2025-10-01"), ratings=ratings())
    assert audit.ratings.count() == len(tool().expectation_keys()) > 20


def test_the_audit_page_shows_the_previous_audit_beside_it(world: Any, client: Any) -> None:
    do_record_remote_audit(school=world.school, actor=None, rated_on=d("2025-10-01"), ratings=ratings("red"))
    later = do_record_remote_audit(school=world.school, actor=None, rated_on=d("2026-01-10"), ratings=ratings())
    sign_in(client, world.staff["governor"])
    page = client.get(reverse("remote-audit-detail", args=[world.school.id, later.id])).content.decode()
    assert "Beside each rating: the audit of 1 October 2025" in page
    key = tool().expectation_keys()[0]
    assert 'data-testid="previous-' + key + '"><span class="pw-rag pw-rag--red">' in page


def test_the_audit_form_starts_from_the_last_audit_and_saves(world: Any, client: Any) -> None:
    do_record_remote_audit(school=world.school, actor=None, rated_on=d("2025-10-01"), ratings=ratings("amber"))
    sign_in(client, world.staff["remote_lead"])
    url = reverse("remote-audit-new", args=[world.school.id])
    form = client.get(url).content.decode()
    assert form.count('value="amber" checked') == len(tool().expectation_keys())
    data = {"rated_on": "2026-01-10"}
    for k in tool().expectation_keys():
        data[f"{k}-rating"] = "green"
    data[f"{tool().expectation_keys()[1]}-rating"] = ""
    assert client.post(url, data).status_code == 400
    data[f"{tool().expectation_keys()[1]}-rating"] = "red"
    assert client.post(url, data).status_code == 302
    assert AuditEvent.objects.filter(action="rated the remote education planning and audit tool",
                                     actor=world.staff["remote_lead"]).count() == 1


def test_rem_lead_and_rem_audit_read_what_the_school_recorded(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["remote-education-offer"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-10-06"))
    result = evaluate(case_for(arrangement, d("2025-10-08")))
    assert result.status("REM-LEAD") == "unmet" and result.status("REM-AUDIT") == "unmet"
    do_change_remote_offer(school=world.school, actor=None, values=offer_values())
    do_record_remote_audit(school=world.school, actor=None, rated_on=d("2025-09-20"), ratings=ratings())
    result = evaluate(case_for(arrangement, d("2025-10-08")))
    assert result.status("REM-LEAD") == "met", result.get("REM-LEAD")
    assert "Rosa Lead" in result.get("REM-LEAD").message
    assert result.status("REM-AUDIT") != "unmet", result.get("REM-AUDIT")
    # Before the offer applied, no lead was named.
    assert evaluate(case_for(arrangement, d("2025-08-29"))).status("REM-LEAD") == "unmet"
