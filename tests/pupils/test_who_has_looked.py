"""'Who has looked at this child's record': the read rows of one pupil, newest first, for the headteacher
and the DSL only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.audit.record import record_read
from tests.conftest import World


def _url(world: World) -> str:
    return reverse("pupil-reads", args=[world.school.id, world.pupil.id])


def test_the_dsl_sees_who_opened_the_childs_record_newest_first(world: World, as_user: Any) -> None:
    assert as_user(world.staff["teacher"]).get(
        reverse("pupil-detail", args=[world.school.id, world.pupil.id])).status_code == 200
    assert as_user(world.staff["senco"]).get(
        reverse("pupil-attendance", args=[world.school.id, world.pupil.id])).status_code == 200
    # Another child's reads and another school's are not this child's.
    record_read(world.staff["teacher"], "pupil page", world.other_pupil, school=world.other, pupil=world.other_pupil)
    page = as_user(world.staff["dsl"]).get(_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Opened attendance record") < body.index("Opened pupil page")
    assert "Senco Tester" in body and "Teacher Tester" in body
    assert "Secretoutsider" not in body
    # Opening the list is not a reading of the child's record.
    assert AuditEvent.objects.filter(kind="read", pupil_id=world.pupil.id).count() == 2


def test_the_list_is_paginated(world: World, as_user: Any) -> None:
    for _ in range(55):
        record_read(world.staff["teacher"], "pupil page", world.pupil, school=world.school, pupil=world.pupil)
    client = as_user(world.staff["headteacher"])
    first = client.get(_url(world)).content.decode()
    assert "Page 1 of 2" in first and first.count("Opened pupil page") == 50
    assert client.get(_url(world), {"page": 2}).content.decode().count("Opened pupil page") == 5


def test_the_pupil_page_links_to_it_for_leaders_only(world: World, as_user: Any) -> None:
    detail = reverse("pupil-detail", args=[world.school.id, world.pupil.id])
    assert _url(world) in as_user(world.staff["dsl"]).get(detail).content.decode()
    assert _url(world) not in as_user(world.staff["teacher"]).get(detail).content.decode()


@pytest.mark.parametrize("who,status", [
    ("teacher", 403), ("governor", 403), ("attendance_officer", 403), ("senco", 403), ("ap_lead", 403),
    ("outsider", 404), ("sister_dsl", 404), ("trust_lead", 403), ("provider", 404),
])
def test_nobody_else_sees_it(world: World, as_user: Any, who: str, status: int) -> None:
    from tests.test_isolation import _provider_staff_of_ours

    record_read(world.staff["headteacher"], "pupil page", world.pupil, school=world.school, pupil=world.pupil)
    user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl, "trust_lead": world.trust_lead,
            "provider": None}.get(who) or world.staff.get(who)
    if who == "provider":
        user = _provider_staff_of_ours(world)
    response = as_user(user).get(_url(world))
    assert response.status_code == status
    assert "Headteacher Tester" not in response.content.decode()
