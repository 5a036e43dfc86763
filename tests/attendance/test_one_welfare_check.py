"""An absence follow-up and a welfare check are one record: recording the call once, wherever it is
recorded, closes the follow-ups it answers and meets the duty the engine reads from the chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.attendance.models import FollowUp
from pathways.register.actions import do_record_mark
from pathways.schools.models import Role
from pathways.today.items import today_items
from tests.attendance.helpers import MONDAY, at_provider, every_day, running
from tests.conftest import make_pupil, sign_in
from tests.test_isolation import sister_credential

pytestmark = pytest.mark.django_db


def missed_both_sessions(arrangement: Any) -> list[FollowUp]:
    for session in ("am", "pm"):
        do_record_mark(pupil=arrangement.pupil, arrangement=arrangement, day=MONDAY, session=session,
                       attended=False, reason="unknown", source="provider", actor=None)
    return list(FollowUp.objects.filter(arrangement=arrangement).order_by("mark__session"))


def at_three() -> Any:
    return time_machine.travel(dt.datetime(2026, 1, 12, 15, 0), tick=False)


def test_a_welfare_check_recorded_from_the_chronology_closes_both_follow_ups_of_the_day(
    world: Any, as_user: Any
) -> None:
    online = running(world.pupil, "online_learning", every_day("online", "online"), reason="medical",
                     provider=at_provider(make_pupil(world.school, "Pip", "Other"), world.school).provider)
    follow_ups = missed_both_sessions(online)
    assert [f.status for f in follow_ups] == ["open", "open"]
    with at_three():
        officer = world.staff[Role.ATTENDANCE_OFFICER]
        before = [i.what for i in today_items(world.school, officer, [Role.ATTENDANCE_OFFICER])
                  if i.pupil == world.pupil and i.action == "Record the welfare check"]
        assert len(before) == 2
        response = as_user(officer).post(
            reverse("event-record", args=[world.school.id, online.id]),
            {"type": "welfare_check", "date": MONDAY.isoformat(), "kind": "phone", "note": "Spoke to mum: ill"},
            follow=True)
        assert "It answers 2 absence follow-ups, now done." in response.content.decode()
        after = [i for i in today_items(world.school, officer, [Role.ATTENDANCE_OFFICER])
                 if i.pupil == world.pupil and i.source == "Absence follow-up"]
    event = Event.objects.get(type="welfare_check")
    assert [(f.status, f.done_by_id) for f in FollowUp.objects.filter(arrangement=online)] == [
        ("done", event.pk), ("done", event.pk)]
    assert after == []


def test_a_welfare_check_recorded_on_a_follow_up_closes_the_pupils_other_follow_up_too(
    world: Any, as_user: Any
) -> None:
    follow_ups = missed_both_sessions(at_provider(world.pupil, world.school))
    with at_three():
        as_user(world.staff[Role.DSL]).post(reverse("followup-check", args=[world.school.id, follow_ups[0].id]),
                                            {"kind": "phone", "date": MONDAY.isoformat()})
    assert Event.objects.filter(type="welfare_check").count() == 1  # the call recorded once
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"done"}


def test_a_phone_call_does_not_close_a_home_visit_follow_up(world: Any, as_user: Any) -> None:
    looked_after = make_pupil(world.school, "Hal", "Looked", looked_after=True)
    follow_ups = missed_both_sessions(at_provider(looked_after, world.school))
    assert {f.kind for f in follow_ups} == {"home_visit"}
    with at_three():
        as_user(world.staff[Role.DSL]).post(
            reverse("event-record", args=[world.school.id, follow_ups[0].arrangement_id]),
            {"type": "welfare_check", "date": MONDAY.isoformat(), "kind": "phone"})
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"open"}


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "governor", "sister_credential"])
def test_no_outsider_records_a_welfare_check_on_our_pupil(world: Any, who: str) -> None:
    placement = at_provider(world.pupil, world.school)
    missed_both_sessions(placement)
    user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl, "governor": world.staff[Role.GOVERNOR],
            "sister_credential": None}[who] or sister_credential(world)[0]
    with at_three():
        response = sign_in(Client(), user).post(
            reverse("event-record", args=[world.school.id, placement.id]),
            {"type": "welfare_check", "date": MONDAY.isoformat(), "kind": "phone"})
    assert response.status_code == (403 if who == "governor" else 404)
    assert not Event.objects.filter(type="welfare_check").exists()
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"open"}
