"""The register shows a suspended pupil as suspended: not "expected in school", and no arrival time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement
from tests.attendance.helpers import MONDAY, TUESDAY
from tests.conftest import make_pupil, sign_in

pytestmark = pytest.mark.django_db


def suspended_and_in_school(world: Any) -> tuple[Any, Any]:
    suspended = make_arrangement(world.pupil, kind="suspension", reason="suspension", start=MONDAY, end=TUESDAY,
                                 suspension_days=[MONDAY, TUESDAY], status=Status.ACTIVE)
    other = make_pupil(world.school, "Ben", "Inschool")
    ptt = make_arrangement(other, kind="part_time_timetable", reason="mental_health", start=MONDAY,
                           end=dt.date(2026, 3, 27), status=Status.ACTIVE,
                           slots={"mon": {"am": "school", "pm": "home"}})
    return suspended, ptt


@time_machine.travel(dt.datetime(2026, 1, 12, 15, 0), tick=False)
def test_a_suspended_pupil_is_shown_as_suspended_with_no_arrived_at_box(world: Any) -> None:
    _suspended, ptt = suspended_and_in_school(world)
    client = sign_in(Client(), world.staff[Role.ATTENDANCE_OFFICER])
    page = client.get(reverse("register-day", args=[world.school.id]), {"date": MONDAY.isoformat()}).content.decode()
    ours = f"{world.pupil.pk}-am"
    row = re.search(rf'data-testid="row-{ours}">(.*?)</tr>', page, re.S)
    assert row is not None
    assert "Suspended" in row.group(1) and "In school" not in row.group(1)
    assert f'id="arrived-{ours}"' not in page
    # A pupil expected in school keeps the box.
    assert f'id="arrived-{ptt.pupil.pk}-am"' in page


@time_machine.travel(dt.datetime(2026, 1, 12, 15, 0), tick=False)
def test_an_arrival_time_posted_for_a_suspended_pupil_is_not_recorded(world: Any) -> None:
    suspended_and_in_school(world)
    client = sign_in(Client(), world.staff[Role.ATTENDANCE_OFFICER])
    ours = f"{world.pupil.pk}-am"
    client.post(reverse("register-day", args=[world.school.id]) + f"?date={MONDAY.isoformat()}",
                {f"happened-{ours}": "", f"code-{ours}": "E", f"offered-{ours}": "E", f"arrived-{ours}": "09:20",
                 f"comment-{ours}": "Came to the office"})
    from pathways.attendance.models import Mark

    mark = Mark.objects.filter(pupil=world.pupil, date=MONDAY, session="am").first()
    assert mark is not None and mark.arrived is None and mark.code == "E"


@pytest.mark.parametrize("who", ["outsider", "sister_dsl"])
@time_machine.travel(dt.datetime(2026, 1, 12, 15, 0), tick=False)
def test_another_schools_staff_see_no_register_of_ours(world: Any, who: str) -> None:
    suspended_and_in_school(world)
    user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl}[who]
    response = sign_in(Client(), user).get(reverse("register-day", args=[world.school.id]))
    assert response.status_code == 404
