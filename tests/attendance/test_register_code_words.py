"""The register's codes: the letters for the staff who record them, with one line on why a surprising code is
right (C2 for remote Return to Learn lessons, C for flexi-schooling at home, B off site); the school's words
for everyone else who reads the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.register.code_words import in_words, why
from tests.attendance.helpers import MONDAY, at_provider, every_day, flexi, running
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db


def page(world: Any, user: Any, as_user: Any) -> str:
    with time_machine.travel(dt.datetime(2026, 1, 12, 9), tick=False):
        response = as_user(user).get(reverse("register-day", args=[world.school.id]), {"date": MONDAY.isoformat()})
    assert response.status_code == 200
    return response.content.decode()


def test_why_lines_come_only_where_the_code_surprises() -> None:
    assert "Return to Learn" in why("C2", "return_to_learn", "online")
    assert "flexi-schooling" in why("C", "flexi_schooling", "home")
    assert "remote education" in why("C", "remote_learning", "online")
    assert "provider" in why("B", "alternative_provision", "provider")
    assert why("/", "return_to_learn", "school") == "" and why(None, "flexi_schooling", "home") == ""
    assert in_words("C2", MONDAY).startswith("Leave of absence for a compulsory school age pupil")
    assert in_words("ZZ", MONDAY) == "" and in_words(None, MONDAY) == ""


def test_the_attendance_officer_sees_c2_and_why_on_a_remote_return_to_learn_lesson(world: Any, as_user: Any) -> None:
    rtl = running(world.pupil, "return_to_learn", every_day("school", "online"), reason="medical")
    body = page(world, world.staff["attendance_officer"], as_user)
    line = body.split(f'data-testid="why-{rtl.pupil.pk}-pm"')[1].split("</span>")[0]
    assert "Why C2" in line and "Return to Learn" in line
    assert f'data-testid="why-{rtl.pupil.pk}-am"' not in body  # in school: / needs no explaining


def test_flexi_schooling_at_home_says_why_c(world: Any, as_user: Any) -> None:
    home = flexi(world.pupil)
    body = page(world, world.staff["headteacher"], as_user)
    assert "Why C: on flexi-schooling" in body.split(f'data-testid="why-{home.pupil.pk}-am"')[1]
    assert f'data-testid="why-{home.pupil.pk}-pm"' not in body  # the same reason is said once a day


def test_a_teacher_reads_words_not_code_letters(world: Any, as_user: Any) -> None:
    rtl = running(world.pupil, "return_to_learn", every_day("school", "online"), reason="medical")
    at_provider(make_pupil(world.school, "Ben", "Offsite"), world.school)
    body = page(world, world.staff["teacher"], as_user)
    words = body.split(f'data-testid="expected-words-{rtl.pupil.pk}-pm"')[1].split("</span>")[0]
    assert "part-time timetable" in words
    assert "code <strong" not in body and "Why C2" not in body and "Why B" not in body
    assert "Attending any other approved educational activity" in body
    assert ">Code<" not in body and "Recorded as" in body


def test_another_schools_staff_do_not_see_the_register(world: Any, as_user: Any) -> None:
    running(world.pupil, "return_to_learn", every_day("school", "online"), reason="medical")
    response = as_user(world.outsider).get(reverse("register-day", args=[world.school.id]))
    assert response.status_code == 404
