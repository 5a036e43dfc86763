"""Absence follow-up scaled to vulnerability: opened by an unexplained absence from a provider or online
session, closed by recording the welfare check it asks for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.attendance.followups import do_record_follow_up_check, response_for
from pathways.attendance.models import FollowUp
from pathways.audit.models import AuditEvent
from pathways.register.actions import do_record_mark
from pathways.schools.actions import do_update_school
from tests.attendance.helpers import MONDAY, TUESDAY, at_provider, every_day, ptt_at_home, running
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db


def absent(arrangement: Any, *, day: dt.date = MONDAY, session: str = "am", reason: str | None = "unknown",
           attended: bool = False) -> Any:
    return do_record_mark(pupil=arrangement.pupil, arrangement=arrangement, day=day, session=session,
                          attended=attended, reason=reason, source="provider", actor=None)


def high(world: Any, first: str = "Hal", last: str = "Looked") -> Any:
    return make_pupil(world.school, first, last, looked_after=True)


def test_a_low_vulnerability_pupils_unexplained_absence_asks_for_a_phone_call_the_same_day(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    absent(placement)
    follow_up = FollowUp.objects.get()
    assert (follow_up.kind, follow_up.due, follow_up.status) == ("phone", MONDAY, "open")
    assert follow_up.vulnerability == "low"


def test_a_high_vulnerability_pupils_unexplained_absence_asks_for_a_home_visit_the_same_day(world: Any) -> None:
    placement = at_provider(high(world), world.school)
    absent(placement, reason="unauthorised")
    follow_up = FollowUp.objects.get()
    assert (follow_up.kind, follow_up.due) == ("home_visit", MONDAY)
    assert AuditEvent.objects.filter(action="open follow-up", object_id=str(follow_up.pk)).exists()


def test_a_missed_online_lesson_with_no_reason_is_followed_up(world: Any) -> None:
    online = running(world.pupil, "online_learning", every_day("online", "online"))
    absent(online, session="pm", reason=None)
    assert FollowUp.objects.get().mark.session == "pm"


def test_an_explained_absence_or_one_from_school_or_home_is_not_followed_up(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    absent(placement, reason="illness")
    absent(placement, session="pm", attended=True, reason=None)
    ptt = ptt_at_home(make_pupil(world.school, "Pat", "Parttime"))
    do_record_mark(pupil=ptt.pupil, arrangement=ptt, day=MONDAY, session="am", attended=False, reason="unknown",
                   source="school", actor=None)
    assert not FollowUp.objects.exists()


def test_a_mark_corrected_to_an_explained_absence_stands_the_follow_up_down(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    absent(placement)
    absent(placement, reason="illness")
    assert FollowUp.objects.get().status == "not_needed"
    absent(placement)
    assert FollowUp.objects.get().status == "open"


def test_the_school_may_ask_for_a_home_visit_for_medium_vulnerability_too(world: Any) -> None:
    do_update_school(school=world.school, actor=None,
                     policy_settings={"absence_response_home_visit": {"medium": 1}})
    pupil = make_pupil(world.school, "Med", "Ium", send="sen_support")
    world.school.refresh_from_db()
    pupil.refresh_from_db()
    assert response_for(pupil, MONDAY).kind == "home_visit"
    assert response_for(world.pupil, MONDAY).kind == "phone"


def test_the_school_may_allow_a_school_day_more_and_the_due_date_skips_the_weekend(world: Any) -> None:
    do_update_school(school=world.school, actor=None,
                     policy_settings={"absence_response_school_days": {"low": 1}})
    world.pupil.refresh_from_db()
    friday = MONDAY + dt.timedelta(days=4)
    assert response_for(world.pupil, friday).due == MONDAY + dt.timedelta(days=7)


def test_recording_the_phone_call_closes_a_phone_follow_up_with_the_welfare_check(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    follow_up = absent(placement).follow_up
    outcome = do_record_follow_up_check(follow_up=follow_up, kind="phone", date=MONDAY, note="Mum: ill", actor=None,
                                        today=MONDAY)
    follow_up.refresh_from_db()
    event = Event.objects.get(type="welfare_check")
    assert outcome.closed and follow_up.status == "done" and follow_up.done_by == event
    assert event.fields == {"kind": "phone"} and event.arrangement == placement
    assert AuditEvent.objects.filter(action="close follow-up").count() == 1


def test_a_phone_call_does_not_close_a_home_visit_follow_up(world: Any) -> None:
    placement = at_provider(high(world), world.school)
    follow_up = absent(placement).follow_up
    outcome = do_record_follow_up_check(follow_up=follow_up, kind="phone", date=MONDAY, actor=None, today=MONDAY)
    follow_up.refresh_from_db()
    assert not outcome.closed and follow_up.status == "open" and follow_up.done_by is None
    assert "stays open" in outcome.message and "home visit" in outcome.message
    assert Event.objects.filter(type="welfare_check", fields__kind="phone").count() == 1  # the call is evidence
    do_record_follow_up_check(follow_up=follow_up, kind="home_visit", date=MONDAY, actor=None, today=MONDAY)
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.done_by.fields == {"kind": "home_visit"}


# ------------------------------------------------------------------------------------------------ pages


def at(day: dt.date, hour: int = 12) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0), tick=False)


def test_the_list_shows_open_follow_ups_overdue_first(world: Any, as_user: Any) -> None:
    late = absent(at_provider(high(world, "Olive", "Overdue"), world.school)).follow_up
    today = absent(at_provider(make_pupil(world.school, "Tom", "Today"), world.school, name="Oak"), day=TUESDAY)
    with at(TUESDAY):
        response = as_user(world.staff["dsl"]).get(reverse("followup-list", args=[world.school.id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Olive Overdue") < body.index("Tom Today")
    assert "2 open follow-ups" in body and "1 overdue" in body
    row = body.split(f'data-testid="followup-{late.id}"')[1].split("</tr>")[0]
    assert "Home visit" in row and "Overdue" in row and "Record the welfare check" in row
    assert today.follow_up.kind == "phone"
    assert "Secretoutsider" not in body


def test_recording_the_welfare_check_on_the_page_marks_it_done(world: Any, as_user: Any) -> None:
    follow_up = absent(at_provider(world.pupil, world.school)).follow_up
    url = reverse("followup-check", args=[world.school.id, follow_up.id])
    with at(MONDAY, 15):
        response = as_user(world.staff["attendance_officer"]).post(
            url, {"kind": "phone", "date": MONDAY.isoformat(), "note": "Spoke to mum"}, follow=True)
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    body = response.content.decode()
    assert "the follow-up is done" in body and "No absence is waiting to be followed up" in body


def test_a_phone_call_for_a_home_visit_follow_up_says_it_stays_open(world: Any, as_user: Any) -> None:
    follow_up = absent(at_provider(high(world), world.school)).follow_up
    url = reverse("followup-check", args=[world.school.id, follow_up.id])
    client = as_user(world.staff["dsl"])
    with at(MONDAY, 15):
        assert "only a home visit closes this follow-up" in client.get(url).content.decode()
        response = client.post(url, {"kind": "phone", "date": MONDAY.isoformat()}, follow=True)
    assert "the follow-up stays open" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_a_welfare_check_in_the_future_or_without_a_kind_is_refused_naming_the_field(world: Any, as_user: Any) -> None:
    follow_up = absent(at_provider(world.pupil, world.school)).follow_up
    url = reverse("followup-check", args=[world.school.id, follow_up.id])
    with at(MONDAY, 15):
        client = as_user(world.staff["dsl"])
        body = client.post(url, {"kind": "phone", "date": TUESDAY.isoformat()}).content.decode()
        assert "The date of the welfare check is in the future." in body
        body = client.post(url, {"date": MONDAY.isoformat()}).content.decode()
        assert "Choose how the pupil was seen or spoken to." in body
    assert not Event.objects.filter(type="welfare_check").exists()
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_a_governor_neither_sees_the_follow_ups_nor_records_a_check(world: Any, as_user: Any) -> None:
    # Governors see no named child (the role matrix: view_named_records, record_welfare_checks).
    follow_up = absent(at_provider(world.pupil, world.school)).follow_up
    client = as_user(world.staff["governor"])
    listing = client.get(reverse("followup-list", args=[world.school.id]))
    assert listing.status_code == 403 and b"Ava Ourpupil" not in listing.content
    url = reverse("followup-check", args=[world.school.id, follow_up.id])
    assert client.get(url).status_code == 403
    with at(MONDAY, 15):
        assert client.post(url, {"kind": "phone", "date": MONDAY.isoformat()}).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_a_teacher_records_the_welfare_check_they_made(world: Any, as_user: Any) -> None:
    follow_up = absent(at_provider(world.pupil, world.school)).follow_up
    url = reverse("followup-check", args=[world.school.id, follow_up.id])
    with at(MONDAY, 15):
        response = as_user(world.staff["teacher"]).post(url, {"kind": "phone", "date": MONDAY.isoformat()})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


def test_another_schools_staff_get_not_found(world: Any, as_user: Any) -> None:
    follow_up = absent(at_provider(world.pupil, world.school)).follow_up
    client = as_user(world.outsider)
    assert client.get(reverse("followup-list", args=[world.school.id])).status_code == 404
    assert client.get(reverse("followup-check", args=[world.school.id, follow_up.id])).status_code == 404
    assert client.get(reverse("followup-check", args=[world.other.id, follow_up.id])).status_code == 404


def test_the_list_takes_the_same_queries_however_many_follow_ups(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["dsl"])
    url = reverse("followup-list", args=[world.school.id])
    absent(at_provider(world.pupil, world.school))
    client.get(url)
    # 10: +1 since the role matrix: whether the user is a provider's staff (allowed(), for the page's buttons).
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for i in range(6):
        absent(at_provider(make_pupil(world.school, f"P{i}", "Many"), world.school, name=f"Provider {i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "7 open follow-ups" in body


def test_the_follow_ups_are_in_the_schools_navigation(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["attendance_officer"]).get(reverse("pupil-list", args=[world.school.id]))
    assert f'href="{reverse("followup-list", args=[world.school.id])}"' in body.content.decode()
