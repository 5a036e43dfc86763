"""An imported case file is evidence: it never carries an approval, a consent or an active status in
(issue "Who may do what", finding 3). They wait on the arrangement for the person whose role it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pathways.arrangements.actions import do_approve, do_record_event
from pathways.arrangements.models import Event, Status
from pathways.cases.casefiles import import_case_file
from tests.arrangements.test_case_file_import_actions import EXAMPLE_03

pytestmark = pytest.mark.django_db

CLAIMS = ("events:\n"
          "  - {date: 2025-09-01, type: headteacher_approval}\n"
          "  - {date: 2025-09-01, type: trust_approval}\n"
          "  - {date: 2025-09-01, type: parent_consent, written: true}\n")


def _file_with_claims() -> str:
    text = EXAMPLE_03.read_text()
    assert "events:\n" in text
    return text.replace("events:\n", CLAIMS, 1)


def test_a_teacher_cannot_import_a_case_file(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        import_case_file(_file_with_claims(), world.school, world.staff["teacher"])
    assert not Event.objects.filter(type="headteacher_approval").exists()


def test_an_import_creates_no_active_arrangement_and_no_approval(world: Any) -> None:
    arrangement = import_case_file(_file_with_claims(), world.school, world.staff["ap_lead"])
    assert arrangement.status == Status.AWAITING_APPROVAL
    types = set(arrangement.events.values_list("type", flat=True))
    assert not types & {"headteacher_approval", "trust_approval", "parent_consent"}
    assert {c["type"] for c in arrangement.to_confirm} >= {"headteacher_approval", "trust_approval", "parent_consent"}
    assert next(c for c in arrangement.to_confirm if c["type"] == "headteacher_approval")["by"] == "the headteacher"


def test_each_claim_is_recorded_only_when_the_person_whose_role_it_is_confirms(world: Any) -> None:
    arrangement = import_case_file(_file_with_claims(), world.school, world.staff["ap_lead"])
    waiting = [c["type"] for c in arrangement.to_confirm]
    with pytest.raises(PermissionDenied):
        do_approve(arrangement=arrangement, actor=world.staff["ap_lead"], on=dt.date(2025, 9, 1))
    with pytest.raises(PermissionDenied):  # the school cannot record the trust's approval itself
        do_record_event(arrangement=arrangement, type="trust_approval", date=dt.date(2025, 9, 1),
                        actor=world.staff["headteacher"])
    do_approve(arrangement=arrangement, actor=world.staff["headteacher"], on=dt.date(2025, 9, 1))
    do_record_event(arrangement=arrangement, type="trust_approval", date=dt.date(2025, 9, 1), actor=world.trust_lead)
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ACTIVE
    assert arrangement.events.get(type="headteacher_approval").recorded_by == world.staff["headteacher"]
    assert arrangement.events.get(type="trust_approval").recorded_by == world.trust_lead
    left = [c["type"] for c in arrangement.to_confirm]
    assert left.count("headteacher_approval") == waiting.count("headteacher_approval") - 1
    assert left.count("trust_approval") == waiting.count("trust_approval") - 1
    assert left.count("parent_consent") == waiting.count("parent_consent") >= 1


def test_the_arrangement_page_lists_what_waits_to_be_confirmed(world: Any, client: Any) -> None:
    from tests.conftest import sign_in

    arrangement = import_case_file(_file_with_claims(), world.school, world.staff["ap_lead"])
    sign_in(client, world.staff["teacher"])
    body = client.get(f"/schools/{world.school.id}/arrangements/{arrangement.id}/").content.decode()
    assert "to be confirmed by the headteacher" in body
    assert "to be confirmed by the trust lead" in body
