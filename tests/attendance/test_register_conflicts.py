"""No lost update on the register: a session recorded by someone else after the page was opened is not
overwritten by saving the page; the page shows it with the other person's mark and lets the officer choose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.attendance.models import Mark
from pathways.register.actions import do_record_day, do_record_mark
from tests.attendance.helpers import MONDAY, ptt_at_home

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> Any:
    return time_machine.travel(dt.datetime(MONDAY.year, MONDAY.month, MONDAY.day, hour, minute), tick=False)


def url(world: Any) -> str:
    return reverse("register-day", args=[world.school.id]) + "?date=" + MONDAY.isoformat()


def value(body: str, name: str) -> str:
    return body.split(f'name="{name}" value="')[1].split('"')[0]


def form_as_shown(body: str, keys: list[str]) -> dict[str, str]:
    """What the browser posts back for these sessions when nothing is touched (every session attended)."""
    data = {}
    for key in keys:
        for name in ("offered", "code", "comment", "seen"):
            data[f"{name}-{key}"] = value(body, f"{name}-{key}")
        data[f"happened-{key}"] = ""
    return data


def test_saving_a_page_opened_before_a_colleague_recorded_an_illness_keeps_the_illness(
    world: Any, as_user: Any
) -> None:
    home = ptt_at_home(world.pupil)
    am, pm = f"{world.pupil.pk}-am", f"{world.pupil.pk}-pm"
    officer = world.staff["attendance_officer"]
    colleague = world.staff["dsl"]
    client = as_user(officer)
    with at(8, 50):
        opened = client.get(url(world)).content.decode()  # the officer opens the register
        do_record_mark(pupil=world.pupil, arrangement=home, day=MONDAY, session="am", attended=False,
                       reason="illness", source="school", actor=colleague)  # a colleague records an illness
    with at(9, 5):
        response = client.post(url(world), form_as_shown(opened, [am, pm]))  # the stale page saved
    assert response.status_code == 200  # not "2 sessions recorded"
    body = response.content.decode()
    morning = Mark.objects.get(session="am")
    assert (morning.code, morning.absence_reason, morning.recorded_by) == ("I", "illness", colleague)
    assert Mark.objects.get(session="pm").code == "C2"  # the session without conflict was saved
    assert 'data-testid="conflicts"' in body and "1 session changed since you opened the register" in body
    conflict = body.split(f'data-testid="conflict-{am}"')[1].split("</legend>")[0]
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} recorded absent: illness (I) at 08:50" in conflict
    assert value(body, f"seen-{am}") == morning.version  # the other person's version, for "use mine"
    assert f'data-testid="conflict-{pm}"' not in body


def test_the_officer_chooses_per_session_keep_theirs_or_use_mine(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    am, pm = f"{world.pupil.pk}-am", f"{world.pupil.pk}-pm"
    client = as_user(world.staff["attendance_officer"])
    with at(8, 50):
        opened = client.get(url(world)).content.decode()
        for session in ("am", "pm"):
            do_record_mark(pupil=world.pupil, arrangement=home, day=MONDAY, session=session, attended=False,
                           reason="illness", source="school", actor=world.staff["dsl"])
    with at(9, 5):
        body = client.post(url(world), form_as_shown(opened, [am, pm])).content.decode()
        assert "2 sessions changed" in body and "0 sessions saved" in body
        again = form_as_shown(body, [am, pm])
        again.update({f"happened-{am}": "", f"happened-{pm}": "", f"resolve-{am}": "mine", f"resolve-{pm}": "theirs"})
        response = client.post(url(world), again)
    assert response.status_code == 302
    assert dict(Mark.objects.values_list("session", "absence_reason")) == {"am": "", "pm": "illness"}
    assert Mark.objects.get(session="am").attended is True


def test_what_the_officer_typed_is_kept_on_the_conflict(world: Any, as_user: Any) -> None:
    home = ptt_at_home(world.pupil)
    am, pm = f"{world.pupil.pk}-am", f"{world.pupil.pk}-pm"
    client = as_user(world.staff["attendance_officer"])
    with at(8, 50):
        opened = client.get(url(world)).content.decode()
        do_record_mark(pupil=world.pupil, arrangement=home, day=MONDAY, session="am", attended=False,
                       reason="illness", source="school", actor=world.staff["dsl"])
    data = form_as_shown(opened, [am, pm])
    data[f"comment-{am}"] = "Seen at the gate"
    with at(9, 5):
        body = client.post(url(world), data).content.decode()
    assert value(body, f"comment-{am}") == "Seen at the gate"
    assert Mark.objects.get(session="am").comment == ""


def test_the_action_reports_the_conflict_and_saves_the_rest(world: Any) -> None:
    home = ptt_at_home(world.pupil)
    with at(9):
        do_record_mark(pupil=world.pupil, arrangement=home, day=MONDAY, session="am", attended=False,
                       reason="illness", source="provider", actor=None)
        saved = do_record_day(school=world.school, day=MONDAY, actor=world.staff["attendance_officer"], rows=[
            {"pupil": world.pupil, "session": "am", "attended": True, "seen": ""},
            {"pupil": world.pupil, "session": "pm", "attended": True, "seen": ""},
        ])
    assert [m.session for m in saved] == ["pm"]
    [conflict] = saved.conflicts
    assert (conflict.session, conflict.theirs.code, conflict.by) == ("am", "I", "The provider")
    assert Mark.objects.get(session="am").absence_reason == "illness"
