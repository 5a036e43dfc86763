"""A school connected to the fake Wonde, its codes reviewed, and pupils placed with a provider."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil
from pathways.writeback.actions import do_fetch_codes, do_review_codes, do_save_connection
from pathways.writeback.models import CodeMapping, OutboxItem
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import place, staff_of
from tests.writeback.fake_wonde import SCHOOL, FakeWonde

DAY = MONDAY.isoformat()


def a_upn(n: int) -> str:
    from pathways.policy.upn import check_letter

    digits = f"{n:012d}"
    letter = check_letter("A" + digits)
    assert letter is not None
    return letter + digits


def with_upn(pupil: Pupil, n: int) -> Pupil:
    do_update_pupil(pupil=pupil, actor=None, upn=a_upn(n))
    return Pupil.objects.get(pk=pupil.pk)


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


def connect(school: Any, wonde: FakeWonde, *, token: str | None = None, timeout: int = 20, batch: int = 200,
            review: bool = True) -> None:
    do_save_connection(school=school, route="wonde", base_url=wonde.base_url, mis_school_id=SCHOOL,
                       token=token or wonde.token, batch_size=batch, actor=None)
    if timeout != 20:
        from pathways.writeback.models import MisConnection

        MisConnection.objects.filter(school=school).update(timeout_seconds=timeout)
    do_fetch_codes(school=school, actor=None)
    if review:
        choices = dict(CodeMapping.objects.filter(school=school).values_list("code", "mis_code_id"))
        do_review_codes(school=school, choices=choices, actor=None)


class Placed:
    def __init__(self, world: Any, wonde: FakeWonde, count: int = 2) -> None:
        self.provider = make_provider(world.school, "Willow Farm")
        self.pupils = [with_upn(make_pupil(world.school, f"Pupil{i}", "Placed"), 500 + i) for i in range(count)]
        self.arrangements = [place(p, self.provider) for p in self.pupils]
        self.member = staff_of(self.provider, world.school)
        self.students = [f"S{i}" for i in range(count)]
        for student, pupil in zip(self.students, self.pupils, strict=True):
            wonde.add_student(student, pupil.upn)


def item_of(pupil: Pupil, session: str = "am", day: dt.date = MONDAY) -> OutboxItem:
    return OutboxItem.objects.get(pupil=pupil, date=day, session=session)
