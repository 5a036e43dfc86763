"""The headteacher's agreement given after the start: an arrangement already active or ended with no
headteacher's approval in its chronology (brought in from an MIS or a case file without one) has it recorded
after the event, with its real date and a note; the duty that asks for it then shows as met late. The
action and its refusals, the page and who reaches it, and the link on the arrangement's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from pathways.arrangements.actions import do_approve, do_correct_event, do_submit_for_approval
from pathways.arrangements.approvals import do_record_late_agreement, needs_late_agreement
from pathways.arrangements.models import Arrangement, EnteredInError, Event, Status
from pathways.audit.models import AuditEvent
from pathways.audit.versions import StaleVersion, version_of
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement, make_provider
from tests.arrangements.record_helpers import record_with_form
from tests.conftest import sign_in
from tests.providers.portal_helpers import placed_pupil, staff_of
from tests.test_isolation import sister_credential

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 28)  # a Wednesday, two weeks after the start (MONDAY, 12 Jan 2026)
AGREED = dt.date(2026, 1, 20)  # after the start
NOTE = "Agreed at the Tuesday briefing; the import from the MIS brought no record of it."


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 28, 10, 0), tick=False):
        yield


def placement(world: Any, status: str = Status.ACTIVE) -> Arrangement:
    """A placement at a provider, put in `status` without the approval journey (as an import from the MIS
    would bring it), its consideration form recorded before the start."""
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), slots=at_provider(4),
                                   lead=world.staff[Role.AP_LEAD])
    record_with_form(arrangement=arrangement, type="consideration_form", date=MONDAY - dt.timedelta(days=7),
                     actor=world.staff[Role.AP_LEAD])
    Arrangement.objects.filter(pk=arrangement.pk).update(status=status)
    arrangement.refresh_from_db()
    return arrangement


def page(arrangement: Arrangement) -> str:
    return reverse("arrangement-late-agreement", args=[arrangement.school_id, arrangement.id])


def detail(arrangement: Arrangement) -> str:
    return reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id])


def record(arrangement: Arrangement, world: Any, **changes: Any) -> Event:
    kwargs: dict[str, Any] = {"arrangement": arrangement, "actor": world.staff[Role.HEADTEACHER], "on": AGREED,
                              "note": NOTE}
    kwargs.update(changes)
    return do_record_late_agreement(**kwargs)


def agreement_duty(arrangement: Arrangement) -> Any:
    found = evaluate(case_for(arrangement, TODAY)).get("AP-HEADTEACHER-AGREEMENT")
    assert found is not None
    return found


# ----------------------------------------------------------------------------- the action


def test_the_headteacher_records_the_agreement_and_the_status_stays(world: Any) -> None:
    arrangement = placement(world)
    head = world.staff[Role.HEADTEACHER]
    event = record(arrangement, world, seen=version_of(arrangement))
    assert (event.type, event.date, event.note, event.recorded_by) == ("headteacher_approval", AGREED, NOTE, head)
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ACTIVE
    row = AuditEvent.objects.get(action="record late headteacher agreement")
    assert row.changes["event"] == event.pk and row.changes["date"] == "2026-01-20"
    assert row.actor == head
    assert not needs_late_agreement(arrangement)


def test_the_duty_unmet_without_the_agreement_shows_as_met_late_once_it_is_recorded(world: Any) -> None:
    arrangement = placement(world)
    before = agreement_duty(arrangement)
    assert before.status == "unmet" and "The headteacher did not agree" in before.message
    record(arrangement, world)
    after = agreement_duty(arrangement)
    assert (after.status, after.late) == ("met", True)


def test_an_agreement_dated_by_the_start_meets_the_duty_on_time_even_before_the_arrangement_was_set_up(
    world: Any
) -> None:
    """The date is the day the headteacher agreed, which may be before Pathways held the arrangement."""
    arrangement = placement(world)
    before_set_up = arrangement.created_at.date() - dt.timedelta(days=30)
    record(arrangement, world, on=before_set_up)
    after = agreement_duty(arrangement)
    assert (after.status, after.late) == ("met", False)


def test_an_ended_arrangement_takes_it_and_an_imported_claim_of_it_is_confirmed(world: Any) -> None:
    arrangement = placement(world, status=Status.ENDED)
    claim = {"type": "headteacher_approval", "label": "Headteacher's approval", "date": "2026-01-05",
             "by": "the headteacher", "fields": {}}
    Arrangement.objects.filter(pk=arrangement.pk).update(to_confirm=[claim])
    arrangement.refresh_from_db()
    assert needs_late_agreement(arrangement)
    record(arrangement, world)
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ENDED and arrangement.to_confirm == []


@pytest.mark.parametrize(("status", "words"), [
    (Status.DRAFT, "send it for the headteacher's approval instead"),
    (Status.AWAITING_APPROVAL, "approve it on the approval page instead"),
    (Status.WITHDRAWN, "This draft was withdrawn"),
])
def test_an_arrangement_not_yet_approved_or_withdrawn_is_refused(world: Any, status: str, words: str) -> None:
    arrangement = placement(world, status=status)
    assert not needs_late_agreement(arrangement)
    with pytest.raises(ValidationError) as refused:
        record(arrangement, world)
    assert words in refused.value.message_dict["status"][0]
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


def test_an_agreement_already_recorded_is_refused_and_a_corrected_one_counts_by_its_correction(
    world: Any
) -> None:
    arrangement = placement(world, status=Status.DRAFT)
    do_submit_for_approval(arrangement=arrangement, actor=None)
    do_approve(arrangement=arrangement, actor=world.staff[Role.HEADTEACHER], on=MONDAY)
    arrangement.refresh_from_db()
    assert not needs_late_agreement(arrangement)
    with pytest.raises(ValidationError) as refused:
        record(arrangement, world)
    assert "already recorded, on 12 January 2026" in refused.value.message_dict["headteacher_approval"][0]
    approval = Event.current.get(arrangement=arrangement, type="headteacher_approval")
    do_correct_event(event=approval, actor=world.staff[Role.HEADTEACHER], reason="The date was wrong.",
                     date=MONDAY - dt.timedelta(days=1))
    assert not needs_late_agreement(arrangement)
    with pytest.raises(ValidationError):
        record(arrangement, world)


def test_an_approval_left_out_of_what_the_rules_read_does_not_count(world: Any) -> None:
    """An entry marked entered in error (Event.current leaves it out) is no agreement."""
    arrangement = placement(world)
    wrong = Event.objects.create(arrangement=arrangement, type="headteacher_approval", date=MONDAY)
    assert not needs_late_agreement(arrangement)
    EnteredInError.objects.create(event=wrong, reason="Recorded on the wrong pupil.")
    assert needs_late_agreement(arrangement)
    assert record(arrangement, world).date == AGREED


def test_a_date_in_the_future_and_a_blank_note_are_refused_naming_their_field(world: Any) -> None:
    arrangement = placement(world)
    with pytest.raises(ValidationError) as future:
        record(arrangement, world, on=TODAY + dt.timedelta(days=1))
    assert "in the future" in future.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as blank:
        record(arrangement, world, note="   ")
    assert blank.value.message_dict["note"] == [
        "Say when and how the headteacher agreed, and why it is recorded now."]
    assert record(arrangement, world, on=TODAY).date == TODAY  # today is not the future
    assert AuditEvent.objects.filter(action="record late headteacher agreement").count() == 1


def test_a_page_read_before_the_arrangement_changed_is_refused(world: Any) -> None:
    arrangement = placement(world)
    seen = version_of(arrangement)
    Arrangement.objects.filter(pk=arrangement.pk).update(updated_at=arrangement.updated_at + dt.timedelta(seconds=5))
    with pytest.raises(StaleVersion):
        record(arrangement, world, seen=seen)
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


@pytest.mark.parametrize("role", [Role.DSL, Role.AP_LEAD, Role.GOVERNOR])
def test_only_the_headteacher_records_it(world: Any, role: str) -> None:
    arrangement = placement(world)
    with pytest.raises(PermissionDenied):
        record(arrangement, world, actor=world.staff[role])
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


# ----------------------------------------------------------------------------- the page


def test_the_headteacher_opens_the_page_and_records_the_agreement(world: Any, as_user: Any) -> None:
    arrangement = placement(world)
    head = as_user(world.staff[Role.HEADTEACHER])
    body = head.get(page(arrangement)).content.decode()
    assert "Ava Ourpupil" in body and "Alternative provision" in body and "12 January 2026" in body
    assert 'data-testid="record-late-agreement"' in body and 'value="2026-01-28"' in body
    version = body.split('name="version" value="')[1].split('"')[0]
    blank = head.post(page(arrangement), {"on": "2026-01-20", "note": "", "version": version})
    assert blank.status_code == 400 and "Say when and how the headteacher agreed" in blank.content.decode()
    future = head.post(page(arrangement), {"on": "2026-01-29", "note": NOTE, "version": version})
    assert future.status_code == 400 and "in the future" in future.content.decode()
    done = head.post(page(arrangement), {"on": "2026-01-20", "note": NOTE, "version": version}, follow=True)
    assert done.redirect_chain == [(detail(arrangement), 302)]
    assert ("The headteacher&#x27;s agreement of 20 January 2026 is recorded; it came after the start on "
            "12 January 2026, so the duty shows as met late.") in done.content.decode()
    assert Event.current.get(arrangement=arrangement, type="headteacher_approval").date == AGREED
    again = head.get(page(arrangement)).content.decode()
    assert 'data-testid="late-agreement-closed"' in again and "already recorded, on 20 January 2026" in again
    assert 'data-testid="record-late-agreement"' not in again


def test_the_page_refuses_a_version_older_than_the_arrangement(world: Any, as_user: Any) -> None:
    arrangement = placement(world)
    head = as_user(world.staff[Role.HEADTEACHER])
    version = version_of(arrangement)
    Arrangement.objects.filter(pk=arrangement.pk).update(updated_at=arrangement.updated_at + dt.timedelta(seconds=5))
    stale = head.post(page(arrangement), {"on": "2026-01-20", "note": NOTE, "version": version})
    assert stale.status_code == 400 and "were not saved" in stale.content.decode()
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


def test_a_draft_shows_where_it_is_approved_and_its_post_writes_nothing(world: Any, as_user: Any) -> None:
    arrangement = placement(world, status=Status.AWAITING_APPROVAL)
    head = as_user(world.staff[Role.HEADTEACHER])
    body = head.get(page(arrangement)).content.decode()
    assert 'data-testid="late-agreement-closed"' in body and 'data-testid="record-late-agreement"' not in body
    assert reverse("arrangement-approve", args=[arrangement.school_id, arrangement.id]) in body
    refused = head.post(page(arrangement), {"on": "2026-01-20", "note": NOTE})
    assert refused.status_code == 400 and "approve it on the approval page instead" in refused.content.decode()
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


@pytest.mark.parametrize("role", [Role.DSL, Role.AP_LEAD])
def test_staff_who_do_not_approve_are_refused_the_page(world: Any, as_user: Any, role: str) -> None:
    arrangement = placement(world)
    client = as_user(world.staff[role])
    assert client.get(page(arrangement)).status_code == 403
    assert client.post(page(arrangement), {"on": "2026-01-20", "note": NOTE,
                                           "version": version_of(arrangement)}).status_code == 403
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


def outsiders(world: Any) -> dict[str, Any]:
    """Those who must get nothing: another trust's DSL, the sister school's DSL, a governor, a provider's
    staff with a placement from our school, and the provider sign-in the sister school issued."""
    provider = make_provider(world.school, "Ashworth Riding")
    placed_pupil(world.school, provider, first="Pia", last="Placed")
    return {"outsider": world.outsider, "sister_dsl": world.sister_dsl, "governor": world.staff[Role.GOVERNOR],
            "provider_staff": staff_of(provider, world.school, email="pat@ashworth.example"),
            "sister_credential": sister_credential(world)[0]}


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "governor", "provider_staff", "sister_credential"])
def test_outsiders_get_nothing(world: Any, who: str) -> None:
    arrangement = placement(world)
    client = sign_in(Client(), outsiders(world)[who])
    expected = 403 if who == "governor" else 404  # a governor reads counts only; anyone else: not theirs
    response = client.get(page(arrangement))
    assert response.status_code == expected
    assert "Ava Ourpupil" not in response.content.decode()
    posted = client.post(page(arrangement), {"on": "2026-01-20", "note": NOTE, "version": version_of(arrangement)})
    assert posted.status_code == expected
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()
    assert not AuditEvent.objects.filter(action="record late headteacher agreement").exists()


def test_a_provider_token_of_the_sister_school_is_no_sign_in(world: Any) -> None:
    arrangement = placement(world)
    _, raw = sister_credential(world)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for response in (client.get(page(arrangement)), client.post(page(arrangement), {"on": "2026-01-20",
                                                                                     "note": NOTE})):
        assert response.status_code == 302 and "/login" in response["Location"]
    assert not Event.objects.filter(arrangement=arrangement, type="headteacher_approval").exists()


# ----------------------------------------------------------------------------- the link on the arrangement's page


LINK = 'data-testid="late-agreement-link"'


def test_the_link_is_the_headteachers_on_an_active_or_ended_arrangement_with_no_agreement(
    world: Any, as_user: Any
) -> None:
    arrangement = placement(world)
    head = as_user(world.staff[Role.HEADTEACHER])
    body = head.get(detail(arrangement)).content.decode()
    assert LINK in body and page(arrangement) in body
    assert "Record the headteacher&#x27;s agreement, given after the start" in body
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.ENDED)
    assert LINK in head.get(detail(arrangement)).content.decode()
    record(arrangement, world)
    assert LINK not in head.get(detail(arrangement)).content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.AWAITING_APPROVAL, Status.WITHDRAWN])
def test_no_link_before_approval_or_on_a_withdrawn_draft(world: Any, as_user: Any, status: str) -> None:
    arrangement = placement(world, status=status)
    assert LINK not in as_user(world.staff[Role.HEADTEACHER]).get(detail(arrangement)).content.decode()


def test_no_link_for_staff_who_do_not_approve(world: Any, as_user: Any) -> None:
    arrangement = placement(world)
    body = as_user(world.staff[Role.AP_LEAD]).get(detail(arrangement)).content.decode()
    assert "Record and decide" in body and LINK not in body
