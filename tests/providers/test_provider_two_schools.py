"""One person, provider sign-ins from two schools. A provider of the trust takes pupils from our school and
the sister school; each school invites the same member of the provider's staff. They keep one sign-in
holding a row from each school: the portal shows the union of the two schools' placements, each school's
through its own row; a report reaches a placement only through the school that placed it; removing one
school's row leaves the other's. A credential the sister school issued still reaches nothing of ours."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from pathways.attendance.models import Mark
from pathways.audit.models import AuditEvent
from pathways.providers.models import ProviderStaff
from tests.arrangements.helpers import make_provider
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil, sign_in
from tests.providers.portal_helpers import place, placed_pupil, staff_of, token_for

pytestmark = pytest.mark.django_db

EMAIL = "sam@willowfarm.example"


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


@pytest.fixture
def farm(world: Any) -> Any:
    return make_provider(world.school, "Willow Farm")


@pytest.fixture
def ours(world: Any, farm: Any) -> Any:
    return placed_pupil(world.school, farm)  # Jay Farmhand


@pytest.fixture
def theirs(world: Any, farm: Any) -> Any:
    return place(make_pupil(world.sister, "Sid", "Sisterpupil"), farm)


def invite(client: Client, school: Any, farm: Any) -> Any:
    return client.post(reverse("provider-invite", args=[school.id, farm.id]),
                       {"first_name": "Sam", "last_name": "Farmer", "email": EMAIL})


def home(client: Client) -> Any:
    return client.get(reverse("provider-home"), {"date": MONDAY.isoformat()})


def report(client: Client, arrangement: Any) -> Any:
    return client.post(f"{reverse('provider-home')}?date={MONDAY.isoformat()}",
                       {"arrangement": arrangement.id, "session": "am", "attended": "no", "reason": "unknown"})


def test_the_sister_school_invites_a_provider_user_we_invited_and_they_keep_one_sign_in(
    world: Any, farm: Any, ours: Any, theirs: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = staff_of(farm, world.school, EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(sign_in(Client(), world.sister_dsl), world.sister, farm)
    assert response.status_code == 302
    rows = ProviderStaff.objects.filter(user=user).order_by("school__name")
    assert {(r.school_id, r.provider_id, r.active) for r in rows} == {
        (world.school.id, farm.id, True), (world.sister.id, farm.id, True)}
    [email] = mailoutbox  # no new password: they sign in as before, and are told the sister school's pupils are on it
    assert email.to == [EMAIL] and world.sister.name in email.subject
    assert "/accounts/reset/" not in email.body and reverse("provider-home") in email.body
    audit = AuditEvent.objects.get(action="invite provider staff", school=world.sister)
    assert audit.actor == world.sister_dsl and audit.changes["existing_sign_in"] is True


def test_the_portal_shows_both_schools_placements_each_with_its_school(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    user = staff_of(farm, world.school, EMAIL)
    staff_of(farm, world.sister, EMAIL)
    client = sign_in(Client(), user)
    with at(9):
        page = home(client).content.decode()
    assert f'data-testid="session-{ours.id}-am"' in page and f'data-testid="session-{theirs.id}-am"' in page
    assert escape(world.school.name) in page and escape(world.sister.name) in page
    with at(9, 5):
        assert report(client, ours).status_code == 302
        assert report(client, theirs).status_code == 302
    assert Mark.objects.get(pupil=ours.pupil).school_id == world.school.id
    assert Mark.objects.get(pupil=theirs.pupil).school_id == world.sister.id


def test_removing_one_schools_row_leaves_the_other_schools(world: Any, farm: Any, ours: Any, theirs: Any) -> None:
    user = staff_of(farm, world.school, EMAIL)
    staff_of(farm, world.sister, EMAIL)
    mine = ProviderStaff.objects.get(user=user, school=world.school)
    removed = sign_in(Client(), world.staff["dsl"]).post(
        reverse("provider-staff-remove", args=[world.school.id, farm.id, mine.id]))
    assert removed.status_code == 302
    client = sign_in(Client(), user)
    with at(9):
        page = home(client)
        posted = report(client, ours)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'data-testid="session-{theirs.id}-am"' in body
    assert "Jay" not in body and escape(world.school.name) not in body  # our pupil is gone from their page
    assert posted.status_code == 404 and not Mark.objects.filter(pupil=ours.pupil).exists()
    assert ProviderStaff.objects.get(user=user, school=world.sister).active


def test_a_sign_in_only_the_sister_school_issued_reaches_nothing_of_ours(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    client = sign_in(Client(), staff_of(farm, world.sister, EMAIL))
    token = token_for(farm, world.sister)
    api = Client(headers={"authorization": f"Bearer {token}"})
    with at(9):
        page = home(client).content.decode()
        posted = report(client, ours)
        listed = api.get("/api/v1/placements").json()
        sessions = api.get("/api/v1/sessions", {"date": MONDAY.isoformat()}).json()
        api_posted = api.post("/api/v1/marks", json.dumps({"arrangement_id": ours.id, "date": MONDAY.isoformat(),
                                                           "session": "am", "attended": True}),
                              content_type="application/json")
    assert "Jay" not in page and escape(world.school.name) not in page
    assert [p["arrangement_id"] for p in listed] == [theirs.id]
    assert {s["arrangement_id"] for s in sessions} == {theirs.id}
    assert (posted.status_code, api_posted.status_code) == (404, 404)
    assert not Mark.objects.filter(pupil=ours.pupil).exists()
    assert not AuditEvent.objects.filter(school=world.school, kind=AuditEvent.Kind.READ).exists()


def test_a_schools_staff_or_trust_lead_cannot_be_added_as_provider_staff(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    staff_of(farm, world.school, EMAIL)
    client = sign_in(Client(), world.sister_dsl)
    for person in (world.staff["teacher"], world.trust_lead):
        response = client.post(reverse("provider-invite", args=[world.sister.id, farm.id]),
                               {"first_name": "Eve", "last_name": "Staff", "email": person.email})
        assert response.status_code == 400
        assert "already has a Pathways sign-in" in response.content.decode()
        assert not ProviderStaff.objects.filter(user=person).exists()
