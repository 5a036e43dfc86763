"""Correcting the record: editing an arrangement's dates, reason, provider and lead; withdrawing a draft;
marking a chronology entry entered in error. Each an audited action; the outsiders get nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from pathways.arrangements.actions import do_end_arrangement, do_record_event
from pathways.arrangements.corrections import do_edit_arrangement, do_mark_event_in_error, do_withdraw_arrangement
from pathways.arrangements.models import Arrangement, EnteredInError, Event, Status
from pathways.audit.models import AuditEvent
from pathways.audit.versions import version_of
from pathways.cases.casefiles import case_for
from pathways.cases.coding import day_sheet
from pathways.cases.judging import judge
from pathways.register.actions import do_record_mark
from pathways.schools.models import Role
from pathways.today.items import today_items
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week
from tests.conftest import sign_in
from tests.providers.portal_helpers import placed_pupil, staff_of
from tests.test_isolation import sister_credential

pytestmark = pytest.mark.django_db

END = dt.date(2026, 3, 27)


def ptt(world: Any, status: str = Status.ACTIVE) -> Arrangement:
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health", end=END, status=status,
                            slots=week(fri=("home", "home")), lead=world.staff[Role.AP_LEAD])


def url(name: str, arrangement: Arrangement, *more: int) -> str:
    return reverse(name, args=[arrangement.school_id, arrangement.id, *more])


def status_of(arrangement: Arrangement, rule_id: str, day: dt.date) -> str:
    result = judge(case_for(arrangement, day)).result
    assert result is not None
    return next(r.status for r in result.requirements if r.id == rule_id)


def edit_data(arrangement: Arrangement, **changes: Any) -> dict[str, Any]:
    data = {"start": arrangement.start.isoformat(), "end": arrangement.end.isoformat() if arrangement.end else "",
            "reason": arrangement.reason, "lead": arrangement.lead_id, "change_reason": "The start was put back.",
            "version": version_of(arrangement)}
    data.update(changes)
    return data


def outsiders(world: Any) -> dict[str, Any]:
    """Those who must get nothing: another school's DSL, the sister school's DSL, a governor, a provider's
    staff with a placement from our school, and the provider sign-in the sister school issued."""
    provider = make_provider(world.school)
    placed_pupil(world.school, provider, first="Pia", last="Placed")
    sister_user, _ = sister_credential(world)
    return {"outsider": world.outsider, "sister_dsl": world.sister_dsl, "governor": world.staff[Role.GOVERNOR],
            "provider_staff": staff_of(provider, world.school, email="pat@willow.example"),
            "sister_credential": sister_user}


# ----------------------------------------------------------------------------- editing an arrangement


def test_the_lead_changes_the_dates_reason_and_lead_and_the_change_is_audited_with_its_reason(
    world: Any, as_user: Any
) -> None:
    arrangement = ptt(world)
    new_start, senco = MONDAY + dt.timedelta(days=7), world.staff[Role.SENCO]
    response = as_user(world.staff[Role.AP_LEAD]).post(url("arrangement-edit", arrangement), edit_data(
        arrangement, start=new_start.isoformat(), end="2026-03-20", reason="ebsa", lead=senco.pk))
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert (arrangement.start, arrangement.end, arrangement.reason, arrangement.lead) == (
        new_start, dt.date(2026, 3, 20), "ebsa", senco)
    row = AuditEvent.objects.get(action="edit arrangement")
    assert row.changes["start"] == [MONDAY.isoformat(), new_start.isoformat()]
    assert row.changes["reason"] == ["mental_health", "ebsa"]
    assert row.changes["lead"] == [world.staff[Role.AP_LEAD].pk, senco.pk]
    assert row.changes["why"] == "The start was put back."


def test_the_form_refuses_behaviour_for_a_part_time_timetable_and_a_missing_reason_for_the_change(
    world: Any, as_user: Any
) -> None:
    arrangement = ptt(world)
    response = as_user(world.staff[Role.AP_LEAD]).post(url("arrangement-edit", arrangement),
                                                       edit_data(arrangement, reason="behaviour", change_reason=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "must not be used to manage behaviour" in body
    assert "Why is this being changed?: Say why the arrangement is being changed." in body
    assert 'aria-describedby="id_change_reason-hint id_change_reason-error"' in body
    assert 'id="id_change_reason-hint"' in body and 'id="id_change_reason-error"' in body
    assert not AuditEvent.objects.filter(action="edit arrangement").exists()


def test_an_edit_made_over_a_newer_change_is_refused_and_says_who_changed_it(world: Any, as_user: Any) -> None:
    arrangement = ptt(world)
    seen = version_of(arrangement)
    do_edit_arrangement(arrangement=arrangement, actor=world.staff[Role.DSL], start=MONDAY, end=END,
                        reason="ebsa", provider=None, lead=world.staff[Role.AP_LEAD], why="The reason was wrong.")
    response = as_user(world.staff[Role.AP_LEAD]).post(url("arrangement-edit", arrangement),
                                                       {**edit_data(arrangement, end="2026-03-13"), "version": seen})
    assert response.status_code == 400
    assert "changed this arrangement" in response.content.decode()
    arrangement.refresh_from_db()
    assert arrangement.end == END


def test_a_new_end_date_is_judged_again_and_the_register_follows_while_recorded_marks_stay(world: Any) -> None:
    arrangement = ptt(world)
    friday = MONDAY + dt.timedelta(days=4)
    with time_machine.travel(dt.datetime(2026, 1, 19, 12, 0), tick=False):
        mark = do_record_mark(pupil=world.pupil, arrangement=arrangement, day=friday, session="am",
                              source="school", actor=world.staff[Role.ATTENDANCE_OFFICER])
        code_before = mark.code
        assert any(r.arrangement.pk == arrangement.pk for r in day_sheet(world.school, friday))
        changed = do_edit_arrangement(arrangement=arrangement, actor=world.staff[Role.AP_LEAD],
                                      start=MONDAY + dt.timedelta(days=7), end=END, reason="mental_health",
                                      provider=None, lead=world.staff[Role.AP_LEAD], why="Started a week later.")
    # The register no longer expects the pupil on the arrangement before its new start ...
    assert not any(r.arrangement.pk == arrangement.pk for r in day_sheet(world.school, friday))
    # ... and the mark recorded that day is kept as it was, and counted in the audit row.
    mark.refresh_from_db()
    assert (mark.code, mark.arrangement_id) == (code_before, arrangement.pk)
    assert changed.marks_outside_dates == 1  # type: ignore[attr-defined]
    assert AuditEvent.objects.get(action="edit arrangement").changes["recorded_marks_kept_outside_dates"] == 1


def test_an_ended_arrangement_is_the_record_and_is_not_edited(world: Any, as_user: Any) -> None:
    arrangement = ptt(world)
    do_end_arrangement(arrangement=arrangement, actor=None, on=dt.date(2026, 2, 6), outcome="full_time_school")
    arrangement.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be changed"):
        do_edit_arrangement(arrangement=arrangement, actor=None, start=MONDAY, end=END, reason="ebsa",
                            provider=None, lead=world.staff[Role.AP_LEAD], why="Too late.")
    page = as_user(world.staff[Role.AP_LEAD]).get(url("arrangement-edit", arrangement)).content.decode()
    assert 'data-testid="closed"' in page and 'novalidate class="pw-form"' not in page


def test_the_arrangement_page_offers_the_edit_to_staff_who_may_plan(world: Any, as_user: Any) -> None:
    arrangement = ptt(world, status=Status.DRAFT)
    page = as_user(world.staff[Role.TEACHER]).get(url("arrangement-detail", arrangement)).content.decode()
    assert url("arrangement-edit", arrangement) in page and url("arrangement-withdraw", arrangement) in page
    trust_page = as_user(world.trust_lead).get(url("arrangement-detail", arrangement)).content.decode()
    assert url("arrangement-edit", arrangement) not in trust_page  # the trust lead reads; the school plans


# ----------------------------------------------------------------------------- withdrawing a draft


def test_a_withdrawn_draft_is_kept_with_its_reason_and_leaves_the_list_and_today(world: Any, as_user: Any) -> None:
    arrangement = ptt(world, status=Status.DRAFT)
    head = world.staff[Role.HEADTEACHER]
    before = {i.pupil.pk for i in today_items(world.school, head, [Role.HEADTEACHER]) if i.pupil}
    assert world.pupil.pk in before
    client = as_user(world.staff[Role.AP_LEAD])
    refused = client.post(url("arrangement-withdraw", arrangement), {"reason": ""})
    assert refused.status_code == 400
    assert "Why is it being withdrawn?: Say why the arrangement is being withdrawn." in refused.content.decode()
    response = client.post(url("arrangement-withdraw", arrangement), {"reason": "The family moved away."})
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.withdrawal_reason) == (Status.WITHDRAWN, "The family moved away.")
    assert AuditEvent.objects.get(action="withdraw arrangement").changes["reason"] == "The family moved away."
    listing = client.get(reverse("arrangement-list", args=[world.school.id])).content.decode()
    assert url("arrangement-detail", arrangement) not in listing
    asked = client.get(reverse("arrangement-list", args=[world.school.id]), {"status": "withdrawn"}).content.decode()
    assert url("arrangement-detail", arrangement) in asked
    assert world.pupil.pk not in {i.pupil.pk for i in today_items(world.school, head, [Role.HEADTEACHER]) if i.pupil}
    page = client.get(url("arrangement-detail", arrangement)).content.decode()
    assert 'data-testid="withdrawn"' in page and "The family moved away." in page


def test_only_a_draft_is_withdrawn(world: Any) -> None:
    arrangement = ptt(world)
    with pytest.raises(ValidationError, match="only a draft can be withdrawn"):
        do_withdraw_arrangement(arrangement=arrangement, actor=world.staff[Role.AP_LEAD], reason="Not needed.")
    assert Arrangement.objects.get(pk=arrangement.pk).status == Status.ACTIVE


# ----------------------------------------------------------------------------- entered in error


def test_an_entry_entered_in_error_is_kept_struck_through_and_the_rules_no_longer_count_it(
    world: Any, as_user: Any
) -> None:
    arrangement = ptt(world)
    consent = do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY - dt.timedelta(days=3),
                              actor=world.staff[Role.AP_LEAD])
    assert status_of(arrangement, "NAT-PTT-AGREEMENT", MONDAY + dt.timedelta(days=7)) == "met"
    client = as_user(world.staff[Role.TEACHER])
    chronology = client.get(url("arrangement-chronology", arrangement)).content.decode()
    assert url("event-in-error", arrangement, consent.pk) in chronology
    refused = client.post(url("event-in-error", arrangement, consent.pk), {"reason": ""})
    assert refused.status_code == 400
    assert "Why was this entry made in error?: Say why the entry was made in error." in refused.content.decode()
    response = client.post(url("event-in-error", arrangement, consent.pk),
                           {"reason": "Recorded against the wrong pupil."})
    assert response.status_code == 302
    assert Event.objects.filter(pk=consent.pk).exists()  # kept
    assert not Event.current.filter(pk=consent.pk).exists()  # out of what the rules and the reports read
    assert status_of(arrangement, "NAT-PTT-AGREEMENT", MONDAY + dt.timedelta(days=7)) == "unmet"
    row = AuditEvent.objects.get(action="mark event entered in error")
    assert row.changes["reason"] == "Recorded against the wrong pupil."
    page = client.get(url("arrangement-chronology", arrangement)).content.decode()
    assert "<del>" in page and "Entered in error" in page and "Recorded against the wrong pupil." in page
    assert url("event-in-error", arrangement, consent.pk) not in page  # marked once
    assert "0 entries in force" in page


def test_an_entry_is_marked_once_and_only_its_latest_version(world: Any) -> None:
    arrangement = ptt(world)
    event = do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None)
    do_mark_event_in_error(event=event, actor=None, reason="No visit took place.")
    with pytest.raises(ValidationError, match="already marked"):
        do_mark_event_in_error(event=event, actor=None, reason="Again.")
    with pytest.raises(ValidationError):
        do_mark_event_in_error(event=do_record_event(arrangement=arrangement, type="visit", date=MONDAY,
                                                     actor=None), actor=None, reason="  ")
    assert EnteredInError.objects.count() == 1


# ----------------------------------------------------------------------------- the outsiders


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "governor", "provider_staff", "sister_credential"])
def test_outsiders_cannot_edit_withdraw_or_mark_in_error(world: Any, who: str) -> None:
    arrangement = ptt(world, status=Status.DRAFT)
    event = do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None)
    user = outsiders(world)[who]
    client = sign_in(Client(), user)
    pages = [url("arrangement-edit", arrangement), url("arrangement-withdraw", arrangement),
             url("event-in-error", arrangement, event.pk)]
    for page in pages:
        expected = 403 if who == "governor" else 404  # a governor reads counts only; anyone else: not theirs
        assert client.get(page).status_code == expected, page
        assert client.post(page, {"reason": "x", **edit_data(arrangement)}).status_code == expected, page
    arrangement.refresh_from_db()
    assert arrangement.status == Status.DRAFT and arrangement.start == MONDAY
    assert not EnteredInError.objects.exists()
    assert not AuditEvent.objects.filter(action__in=("edit arrangement", "withdraw arrangement",
                                                     "mark event entered in error")).exists()
    with pytest.raises((PermissionDenied, ValidationError)):
        do_withdraw_arrangement(arrangement=arrangement, actor=user, reason="Not theirs.")


def test_a_provider_token_of_the_sister_school_opens_none_of_these_pages(world: Any) -> None:
    arrangement = ptt(world, status=Status.DRAFT)
    _, raw = sister_credential(world)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for page in (url("arrangement-edit", arrangement), url("arrangement-withdraw", arrangement)):
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response["Location"]  # a token is no sign-in
