"""Read audit on the provider's side: the provider's attendance page and the provider API's placements and
sessions show pupils' records, so each answer writes a read row for each pupil it shows, named as the
provider's member of staff or the API token, in the placing school's trail, and the pupil's "who has looked
at this child's record" page lists it. The sister school's reads stay out of ours."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from pathways.audit.models import AuditEvent
from tests.arrangements.helpers import make_provider
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil, sign_in
from tests.providers.portal_helpers import place, placed_pupil, staff_of, token_for

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


@pytest.fixture
def farm(world: Any) -> Any:
    return make_provider(world.school, "Willow Farm")


@pytest.fixture
def ours(world: Any, farm: Any) -> Any:
    return placed_pupil(world.school, farm)


@pytest.fixture
def theirs(world: Any, farm: Any) -> Any:
    return place(make_pupil(world.sister, "Sid", "Sisterpupil"), farm)


def reads_of(pupil: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.READ, pupil_id=pupil.pk).order_by("id"))


def who_has_looked(world: Any, pupil: Any) -> str:
    page = sign_in(Client(), world.staff["headteacher"]).get(reverse("pupil-reads", args=[world.school.id, pupil.id]))
    assert page.status_code == 200
    return page.content.decode()


def test_the_providers_attendance_page_records_a_read_of_each_pupil_it_shows(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    second = placed_pupil(world.school, farm, "Kit", "Fieldhand")
    user = staff_of(farm, world.school)
    client = sign_in(Client(), user)
    with at(9):
        assert client.get(reverse("provider-home"), {"date": MONDAY.isoformat()}).status_code == 200
    for placement in (ours, second):
        [row] = reads_of(placement.pupil)  # one a pupil, though the page shows both sessions
        assert row.actor == user and row.school_id == world.school.id
        assert row.actor_name == "Sam Farmer (Willow Farm's staff)"
        assert row.object_id == str(placement.id) and row.action.startswith("opened the provider's attendance page")
    assert reads_of(theirs.pupil) == []  # the sister school's pupil was not on the page
    page = who_has_looked(world, ours.pupil)
    assert escape("Sam Farmer (Willow Farm's staff)") in page
    assert "Opened the provider" in page


@pytest.mark.parametrize("path", ["/api/v1/placements", "/api/v1/sessions"])
def test_the_provider_api_records_a_read_of_each_pupil_it_returns_named_as_the_token(
    world: Any, farm: Any, ours: Any, theirs: Any, path: str
) -> None:
    api = Client(headers={"authorization": f"Bearer {token_for(farm, world.school, 'Farm MIS')}"})
    with at(9):
        response = api.get(path, {"date": MONDAY.isoformat()} if path.endswith("sessions") else {})
    assert response.status_code == 200 and response.json()
    [row] = reads_of(ours.pupil)
    assert row.actor is None and row.actor_name == "API token Farm MIS (Willow Farm)"
    assert row.school_id == world.school.id and row.object_id == str(ours.id)
    assert "provider API" in row.action
    assert reads_of(theirs.pupil) == []
    assert "API token Farm MIS (Willow Farm)" in who_has_looked(world, ours.pupil)


def test_the_sister_schools_token_reads_land_in_the_sister_schools_trail_only(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    api = Client(headers={"authorization": f"Bearer {token_for(farm, world.sister, 'Sister feed')}"})
    with at(9):
        assert api.get("/api/v1/placements").status_code == 200
    [row] = reads_of(theirs.pupil)
    assert row.school_id == world.sister.id
    assert not AuditEvent.objects.filter(school=world.school, kind=AuditEvent.Kind.READ).exists()
    assert "Sister feed" not in who_has_looked(world, ours.pupil)


def test_a_refused_token_records_no_read(world: Any, farm: Any, ours: Any) -> None:
    api = Client(headers={"authorization": "Bearer pwp_not-a-token"})
    with at(9):
        assert api.get("/api/v1/placements").status_code == 401
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.READ).exists()
