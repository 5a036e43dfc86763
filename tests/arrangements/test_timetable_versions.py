"""No lost update on an arrangement's usual week: a timetable saved over a colleague's later one is
refused, saying who changed what, with the week typed kept to save again."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.arrangements.actions import do_set_timetable
from pathways.arrangements.models import Arrangement, TimetableVersion
from tests.arrangements.helpers import MONDAY, make_arrangement, week
from tests.arrangements.test_records_pages import grid, url

pytestmark = pytest.mark.django_db


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def test_a_timetable_saved_over_a_colleagues_is_refused(world: Any, as_user: Any) -> None:
    arrangement: Arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                                slots=week(fri=("home", "home")))
    client = as_user(world.staff["ap_lead"])
    opened = client.get(url("timetable-edit", arrangement)).content.decode()
    colleague = world.staff["dsl"]
    do_set_timetable(arrangement=arrangement, slots=week(mon=("home", "home")), effective_from=MONDAY,
                     actor=colleague)
    data = {**grid(wed=("online", "online")), "effective_from": MONDAY.isoformat(), "version": version_on(opened)}
    response = client.post(url("timetable-edit", arrangement), data)
    body = response.content.decode()
    assert response.status_code == 400
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} changed this arrangement at" in body
    slots = TimetableVersion.objects.get(arrangement=arrangement, effective_from=MONDAY).slots
    assert slots["mon"] == {"am": "home", "pm": "home"}  # the colleague's week stands
    again = client.post(url("timetable-edit", arrangement), {**data, "version": version_on(body)})
    assert again.status_code == 302
    slots = TimetableVersion.objects.get(arrangement=arrangement, effective_from=MONDAY).slots
    assert slots["wed"] == {"am": "online", "pm": "online"}
