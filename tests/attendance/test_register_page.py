"""The daily register page: what the attendance officer sees and records, and who may."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.attendance.models import Mark
from pathways.register.actions import do_record_mark
from pathways.schools.actions import do_update_school
from tests.attendance.helpers import MONDAY, at_provider, flexi, ptt_at_home, under_csa
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


def page(world: Any, client: Any, day: dt.date = MONDAY) -> str:
    response = client.get(reverse("register-day", args=[world.school.id]), {"date": day.isoformat()})
    assert response.status_code == 200
    return response.content.decode()


def key(arrangement: Any, session: str) -> str:
    return f"{arrangement.pupil.pk}-{session}"


def field_value(body: str, name: str) -> str:
    tail = body.split(f'name="{name}" value="')[1]
    return tail.split('"')[0]


def test_the_register_prefills_each_session_with_the_engines_code(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    young = ptt_at_home(under_csa(world.school))
    fay = flexi(make_pupil(world.school, "Fay", "Flexi"))
    with at(8):
        body = page(world, as_user(world.staff["attendance_officer"]))
    assert "Register for Monday 12 January 2026" in body
    assert field_value(body, f"code-{key(home, 'pm')}") == "C2"
    assert field_value(body, f"code-{key(home, 'am')}") == "/"
    assert field_value(body, f"code-{key(young, 'pm')}") == "X"
    assert field_value(body, f"code-{key(fay, 'am')}") == "C"
    assert "Secretoutsider" not in body


def test_a_provider_session_shows_what_the_provider_reported_and_what_is_missing(world: Any, as_user: Any) -> None:
    jay = at_provider(make_pupil(world.school, "Jay", "Farm"), world.school)
    with at(9, 12):
        do_record_mark(pupil=jay.pupil, arrangement=jay, day=MONDAY, session="am", attended=False, reason="illness",
                       source="provider", actor=None)
    with at(9, 30):
        body = page(world, as_user(world.staff["attendance_officer"]))
    assert "Reported 09:12" in body.split(f'data-testid="report-{key(jay, "am")}"')[1].split("</td>")[0]
    assert "Absent: illness" in body
    assert field_value(body, f"code-{key(jay, 'am')}") == "I"
    afternoon = body.split(f'data-testid="report-{key(jay, "pm")}"')[1].split("</td>")[0]
    assert "Not yet reported" in afternoon
    assert field_value(body, f"code-{key(jay, 'pm')}") == ""  # pre-filled only once the provider reports
    assert 'data-testid="late-reports"' not in body


def test_an_unreported_provider_morning_is_an_alert_after_the_deadline(world: Any, as_user: Any) -> None:
    at_provider(make_pupil(world.school, "Jay", "Farm"), world.school, name="Willow Farm")
    client = as_user(world.staff["attendance_officer"])
    with at(9, 59):
        assert "has not reported" not in page(world, client)
    with at(10, 25):
        body = page(world, client)
    assert "Willow Farm has not reported Jay&#x27;s morning session; the deadline was 10:00." in body
    assert "afternoon session" not in body.split('data-testid="late-reports"')[1].split("</div>\n</div>")[0]


def test_the_provider_deadline_follows_the_schools_setting(world: Any, as_user: Any) -> None:
    at_provider(make_pupil(world.school, "Jay", "Farm"), world.school, name="Willow Farm")
    settings = dict(world.school.policy_settings or {}, provider_absence_deadline="09:30")
    do_update_school(school=world.school, actor=None, policy_settings=settings)
    with at(9, 45):
        body = page(world, as_user(world.staff["attendance_officer"]))
    assert "the deadline was 09:30" in body


def test_saving_the_register_records_the_engines_codes(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    client = as_user(world.staff["attendance_officer"])
    url = reverse("register-day", args=[world.school.id]) + "?date=2026-01-12"
    with at(9):
        response = client.post(url, {
            f"offered-{key(home, 'am')}": "/", f"code-{key(home, 'am')}": "/",
            f"happened-{key(home, 'am')}": "illness",
            f"offered-{key(home, 'pm')}": "C2", f"code-{key(home, 'pm')}": "C2",
            f"comment-{key(home, 'pm')}": "Work set for home",
        })
        assert response.status_code == 302
        body = client.get(response["Location"]).content.decode()
    assert "2 sessions recorded" in body
    assert dict(Mark.objects.values_list("session", "code")) == {"am": "I", "pm": "C2"}
    assert Mark.objects.get(session="pm").comment == "Work set for home"


def test_a_wrong_code_is_shown_with_the_engines_reason_and_the_right_code(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    client = as_user(world.staff["attendance_officer"])
    url = reverse("register-day", args=[world.school.id]) + "?date=2026-01-12"
    with at(9):
        response = client.post(url, {
            f"offered-{key(home, 'am')}": "/", f"code-{key(home, 'am')}": "/",
            f"offered-{key(home, 'pm')}": "C2", f"code-{key(home, 'pm')}": "b",
        })
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    error = body.split(f'data-testid="error-{key(home, "pm")}"')[1].split("</p>")[0]
    assert "B is never valid for home" in error and "the right code is C2" in error
    assert field_value(body, f"code-{key(home, 'pm')}") == "B"
    assert not Mark.objects.exists()  # nothing half-written: the morning was not kept either


def test_a_provider_report_left_unchanged_stays_the_providers(world: Any, as_user: Any) -> None:
    jay = at_provider(make_pupil(world.school, "Jay", "Farm"), world.school)
    do_record_mark(pupil=jay.pupil, arrangement=jay, day=MONDAY, session="am", source="provider", actor=None)
    client = as_user(world.staff["attendance_officer"])
    with at(11):
        client.post(reverse("register-day", args=[world.school.id]) + "?date=2026-01-12", {
            f"offered-{key(jay, 'am')}": "B", f"code-{key(jay, 'am')}": "B",
            f"offered-{key(jay, 'pm')}": "", f"code-{key(jay, 'pm')}": "",
        })
    assert list(Mark.objects.values_list("session", "source")) == [("am", "provider")]


def test_a_bad_date_says_so_and_shows_today(world: Any, as_user: Any) -> None:
    with at(9):
        response = as_user(world.staff["teacher"]).get(reverse("register-day", args=[world.school.id]),
                                                        {"date": "2026-02-30"})
    body = response.content.decode()
    assert "enter a real date as YYYY-MM-DD" in body and "Register for Monday 12 January 2026" in body


def test_a_teacher_reads_the_register_without_a_form(world: Any, as_user: Any) -> None:
    ptt_at_home(world.pupil)
    with at(9):
        body = page(world, as_user(world.staff["teacher"]))
    assert "Ourpupil, Ava" in body and 'name="code-' not in body and "Save the register" not in body


@pytest.mark.parametrize("role", ["governor", "teacher"])
def test_only_the_register_takers_may_save_it(world: Any, as_user: Any, role: str) -> None:
    home = ptt_at_home(world.pupil)
    with at(9):
        response = as_user(world.staff[role]).post(reverse("register-day", args=[world.school.id]), {
            f"code-{key(home, 'am')}": "/"})
    assert response.status_code == 403
    assert not Mark.objects.exists()


@pytest.mark.parametrize("role", ["attendance_officer", "dsl", "headteacher", "ap_lead"])
def test_the_register_takers_see_the_form(world: Any, as_user: Any, role: str) -> None:
    ptt_at_home(world.pupil)
    with at(9):
        assert "Save the register" in page(world, as_user(world.staff[role]))


def test_another_schools_register_is_not_found(world: Any, as_user: Any) -> None:
    ptt_at_home(world.pupil)
    client = as_user(world.outsider)
    url = reverse("register-day", args=[world.school.id])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"code-{world.pupil.pk}-am": "/"}).status_code == 404


def test_the_register_takes_a_fixed_number_of_queries(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["attendance_officer"])

    def add(n: int, prefix: str) -> None:
        for i in range(n):
            pupil = make_pupil(world.school, f"{prefix}{i}", "Pupil")
            if i % 3 == 0:
                at_provider(pupil, world.school, name=f"{prefix} provider {i}")
            elif i % 3 == 1:
                flexi(pupil)
            else:
                ptt_at_home(pupil)

    add(3, "A")
    with at(10, 30):
        page(world, client)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            page(world, client)
    add(12, "B")
    with at(10, 30), django_assert_max_num_queries(len(few.captured_queries)):
        body = page(world, client)
    assert "15 pupils on arrangements" in body


def test_a_weekend_has_no_register_to_take(world: Any, as_user: Any) -> None:
    ptt_at_home(world.pupil)
    with at(9):
        body = page(world, as_user(world.staff["attendance_officer"]), day=dt.date(2026, 1, 17))
    assert "Saturday 17 January 2026 is not a school day" in body and 'name="code-' not in body


def test_the_right_code_offered_beside_a_wrong_one_can_be_taken(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    client = as_user(world.staff["attendance_officer"])
    url = reverse("register-day", args=[world.school.id]) + "?date=2026-01-12"
    with at(9):
        body = client.post(url, {f"offered-{key(home, 'pm')}": "C2", f"code-{key(home, 'pm')}": "B"}).content.decode()
        assert f'name="use-{key(home, "pm")}" value="C2"' in body and "Use C2 and save" in body
        response = client.post(url, {f"offered-{key(home, 'pm')}": "", f"code-{key(home, 'pm')}": "B",
                                     f"use-{key(home, 'pm')}": "C2"})
    assert response.status_code == 302
    assert list(Mark.objects.values_list("session", "code")) == [("pm", "C2")]


def test_a_late_arrival_in_school_is_recorded_as_l_with_the_minutes(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    client = as_user(world.staff["attendance_officer"])
    url = reverse("register-day", args=[world.school.id]) + "?date=2026-01-12"
    with at(9, 30):
        response = client.post(url, {f"offered-{key(home, 'am')}": "/", f"code-{key(home, 'am')}": "/",
                                     f"arrived-{key(home, 'am')}": "08:55"})
        assert response.status_code == 302
        bad = client.post(url, {f"code-{key(home, 'am')}": "L", f"arrived-{key(home, 'am')}": "nine"})
    mark = Mark.objects.get()
    assert (mark.code, mark.arrived) == ("L", dt.time(8, 55)) and mark.minutes_late
    assert "Arrived: enter the time the pupil arrived, like 09:05." in bad.content.decode()


def test_a_school_in_the_same_trust_cannot_open_the_register(world: Any, as_user: Any) -> None:
    assert as_user(world.sister_dsl).get(reverse("register-day", args=[world.school.id])).status_code == 404


def test_a_register_posted_for_a_bad_date_saves_nothing(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    with at(9):
        response = as_user(world.staff["attendance_officer"]).post(
            reverse("register-day", args=[world.school.id]) + "?date=2026-13-01", {f"code-{key(home, 'am')}": "/"})
    assert "nothing was saved" in response.content.decode()
    assert not Mark.objects.exists()


def test_a_teacher_reads_the_register_and_a_governor_is_refused_it(world: Any, as_user: Any) -> None:
    # The role matrix: the register is a named record (no governor), taking it is take_register (no teacher).
    ptt_at_home(world.pupil)
    with at(9):
        body = page(world, as_user(world.staff["teacher"]))
        governor = as_user(world.staff["governor"]).get(
            reverse("register-day", args=[world.school.id]), {"date": MONDAY.isoformat()})
    assert "Ourpupil, Ava" in body and "Save the register" not in body
    assert governor.status_code == 403 and b"Ourpupil" not in governor.content


def test_from_a_sunday_the_previous_weekday_is_friday(world: Any, as_user: Any) -> None:
    with at(9):
        body = page(world, as_user(world.staff["attendance_officer"]), day=dt.date(2026, 1, 18))
    assert 'href="?date=2026-01-16">Previous weekday' in body and 'href="?date=2026-01-19">Next weekday' in body


def test_a_provider_absence_reported_after_the_deadline_is_flagged_late_on_the_register(
    world: Any, as_user: Any
) -> None:
    jay = at_provider(make_pupil(world.school, "Jay", "Farm"), world.school)
    kim = at_provider(make_pupil(world.school, "Kim", "Early"), world.school, name="Oak Tuition")
    with at(9, 59):
        do_record_mark(pupil=kim.pupil, arrangement=kim, day=MONDAY, session="am", attended=False, reason="illness",
                       source="provider", actor=None)
    with at(10, 25):
        do_record_mark(pupil=jay.pupil, arrangement=jay, day=MONDAY, session="am", attended=False, reason="unknown",
                       source="provider", actor=None)
    with at(10, 30):
        body = page(world, as_user(world.staff["attendance_officer"]))
    assert "Willow Farm reported Jay&#x27;s morning absence late, at 10:25; the deadline was 10:00." in body
    assert "Reported late, 10:25" in body
    assert "Kim&#x27;s morning absence late" not in body and "Reported 09:59" in body
