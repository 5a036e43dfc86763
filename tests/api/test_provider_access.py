"""Provider access belongs to the placing school (issue "Who may do what", finding 1).

A token or a provider staff sign-in is issued by one school and reaches only that school's placements
with the provider, though the provider (a trust's) takes pupils from every school of the trust. Each
school's tokens and sign-ins are its own to see and revoke; only its headteacher and DSL manage them.
Tokens expire; the API is rate-limited; its OpenAPI document declares its errors; a control character
in a comment is a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from pathways.attendance.models import Mark
from pathways.providers.models import ProviderStaff, ProviderToken
from tests.arrangements.helpers import make_provider
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil, sign_in
from tests.providers.portal_helpers import place, placed_pupil, staff_of, token_for

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


def bearer(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def mark_body(arrangement: Any, **extra: Any) -> dict[str, Any]:
    body = {"arrangement_id": arrangement.id, "date": MONDAY.isoformat(), "session": "am", "attended": True}
    body.update(extra)
    return body


@pytest.fixture
def farm(world: Any) -> Any:
    """A provider of the trust: our school and the sister school both place pupils there."""
    return make_provider(world.school, "Willow Farm")


@pytest.fixture
def ours(world: Any, farm: Any) -> Any:
    return placed_pupil(world.school, farm)


@pytest.fixture
def theirs(world: Any, farm: Any) -> Any:
    return place(make_pupil(world.sister, "Sid", "Sisterpupil"), farm)


def test_a_token_the_sister_school_issued_sees_and_writes_none_of_our_placements(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    client = bearer(token_for(farm, world.sister))
    with at(9):
        placements = client.get("/api/v1/placements")
        sessions = client.get("/api/v1/sessions", {"date": MONDAY.isoformat()})
        posted = client.post("/api/v1/marks", json.dumps(mark_body(ours, attended=False, reason="unknown")),
                             content_type="application/json")
    assert [p["arrangement_id"] for p in placements.json()] == [theirs.id]
    assert {s["arrangement_id"] for s in sessions.json()} == {theirs.id}
    body = placements.content.decode() + sessions.content.decode()
    assert "Jay" not in body and world.school.name not in body
    assert posted.status_code == 404
    assert not Mark.objects.filter(pupil=ours.pupil).exists()


def test_our_token_still_reports_our_placements(world: Any, farm: Any, ours: Any, theirs: Any) -> None:
    client = bearer(token_for(farm, world.school))
    with at(9):
        assert [p["arrangement_id"] for p in client.get("/api/v1/placements").json()] == [ours.id]
        posted = client.post("/api/v1/marks", json.dumps(mark_body(ours)), content_type="application/json")
    assert posted.status_code == 200


def test_a_provider_user_the_sister_school_invited_sees_none_of_our_pupils(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    client = sign_in(Client(), staff_of(farm, world.sister))
    with at(9):
        page = client.get(reverse("provider-home"), {"date": MONDAY.isoformat()})
        posted = client.post(f"{reverse('provider-home')}?date={MONDAY.isoformat()}",
                             {"arrangement": ours.id, "session": "am", "attended": "no", "reason": "unknown"})
    assert page.status_code == 200
    assert "Sid" in page.content.decode()
    assert "Jay" not in page.content.decode()
    assert posted.status_code == 404
    assert not Mark.objects.filter(pupil=ours.pupil).exists()


def reporting(world: Any, farm: Any, school: Any = None) -> str:
    return reverse("provider-reporting", args=[(school or world.school).id, farm.id])


def test_only_the_headteacher_and_dsl_create_tokens_and_invite_provider_staff(
    world: Any, farm: Any, ours: Any
) -> None:
    for role in ("teacher", "attendance_officer", "ap_lead", "senco", "governor"):
        client = sign_in(Client(), world.staff[role])
        created = client.post(reverse("provider-token-create", args=[world.school.id, farm.id]), {"name": "Mine"})
        invited = client.post(reverse("provider-invite", args=[world.school.id, farm.id]),
                              {"first_name": "Eve", "last_name": "Chosen", "email": "eve@example.org"})
        assert (role, created.status_code, invited.status_code) == (role, 403, 403)
    assert not ProviderToken.objects.exists() and not ProviderStaff.objects.exists()
    for role in ("headteacher", "dsl"):
        client = sign_in(Client(), world.staff[role])
        created = client.post(reverse("provider-token-create", args=[world.school.id, farm.id]), {"name": role})
        assert created.status_code == 200
    assert ProviderToken.objects.filter(school=world.school).count() == 2


def test_a_school_neither_sees_nor_revokes_a_token_or_sign_in_another_school_issued(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    token_for(farm, world.school, "Bede attendance feed")
    staff_of(farm, world.school, "ours@willowfarm.example")
    sister_token = ProviderToken.objects.get(name="Bede attendance feed")
    member = ProviderStaff.objects.get()
    client = sign_in(Client(), world.sister_dsl)
    page = client.get(reporting(world, farm, world.sister))
    assert page.status_code == 200
    assert "Bede attendance feed" not in page.content.decode()
    assert "ours@willowfarm.example" not in page.content.decode()
    revoked = client.post(reverse("provider-token-revoke", args=[world.sister.id, farm.id, sister_token.id]))
    removed = client.post(reverse("provider-staff-remove", args=[world.sister.id, farm.id, member.id]))
    assert (revoked.status_code, removed.status_code) == (404, 404)
    sister_token.refresh_from_db()
    member.refresh_from_db()
    assert sister_token.revoked_at is None and member.active


def test_a_school_removes_the_sign_in_it_gave(world: Any, farm: Any, ours: Any) -> None:
    user = staff_of(farm, world.school)
    member = ProviderStaff.objects.get()
    client = sign_in(Client(), world.staff["dsl"])
    response = client.post(reverse("provider-staff-remove", args=[world.school.id, farm.id, member.id]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.active
    assert sign_in(Client(), user).get(reverse("provider-home")).status_code == 404


def test_another_school_cannot_take_over_a_sign_in_by_inviting_its_email(
    world: Any, farm: Any, ours: Any, theirs: Any
) -> None:
    """Inviting the same person adds the sister school's own row to their sign-in (tests/providers/
    test_provider_two_schools.py); ours stays ours, untouched, and the sister school still neither sees
    nor removes it."""
    staff_of(farm, world.school, "sam@willowfarm.example")
    client = sign_in(Client(), world.sister_dsl)
    response = client.post(reverse("provider-invite", args=[world.sister.id, farm.id]),
                           {"first_name": "Sam", "last_name": "Farmer", "email": "sam@willowfarm.example"})
    assert response.status_code == 302
    mine = ProviderStaff.objects.get(school=world.school)
    assert mine.active and mine.invited_by is None  # not re-issued, not moved to the sister school
    assert ProviderStaff.objects.filter(school=world.sister, user=mine.user).count() == 1
    removed = client.post(reverse("provider-staff-remove", args=[world.sister.id, farm.id, mine.id]))
    assert removed.status_code == 404
    mine.refresh_from_db()
    assert mine.active


# Expiry ------------------------------------------------------------------------------------------


def test_a_token_expires_after_twelve_months_shown_on_the_tokens_page(world: Any, farm: Any, ours: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC), tick=False):
        raw = token_for(farm, world.school)
    token = ProviderToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == dt.date(2027, 1, 12)
    page = sign_in(Client(), world.staff["dsl"]).get(reporting(world, farm))
    assert "12 Jan 2027" in page.content.decode()
    with time_machine.travel(dt.datetime(2027, 1, 12, 10, tzinfo=dt.UTC), tick=False):
        response = bearer(raw).get("/api/v1/placements")
    assert response.status_code == 401
    assert "expired on 12 January 2027" in response.json()["detail"]
    assert world.school.name in response.json()["detail"]


@override_settings(PATHWAYS_PROVIDER_TOKEN_MONTHS=3)
def test_the_lifetime_of_a_token_is_a_setting(world: Any, farm: Any, ours: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        token_for(farm, world.school)
    assert timezone.localtime(ProviderToken.objects.get().expires_at).date() == dt.date(2027, 2, 28)


# Rate limits -------------------------------------------------------------------------------------


@override_settings(PATHWAYS_API_TOKEN_RATE="3/m")
def test_a_token_making_too_many_requests_gets_429(world: Any, farm: Any, ours: Any) -> None:
    client = bearer(token_for(farm, world.school))
    other = bearer(token_for(farm, world.school, "Their app"))
    codes = [client.get("/api/v1/placements").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert other.get("/api/v1/placements").status_code == 200  # counted per token


@override_settings(PATHWAYS_API_ANONYMOUS_RATE="2/m")
def test_guessing_tokens_from_one_address_gets_429(ours: Any) -> None:
    codes = [bearer(f"pwp_guess{n}").get("/api/v1/placements").status_code for n in range(3)]
    assert codes == [401, 401, 429]


# The OpenAPI document ----------------------------------------------------------------------------


def test_the_openapi_document_declares_every_operations_errors(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    declared = {(path, method): set(op["responses"]) for path, ops in paths.items() for method, op in ops.items()}
    for (path, method), codes in declared.items():
        assert {"200", "401", "429"} <= codes, (path, method, codes)
    assert "422" in declared[("/api/v1/sessions", "get")]
    assert {"400", "404", "422"} <= declared[("/api/v1/marks", "post")]


# Control characters ------------------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["late\x00bus", "bell\x07", "esc\x1b[31m"])
def test_a_control_character_in_a_comment_is_a_422_naming_the_field(
    world: Any, farm: Any, ours: Any, comment: str
) -> None:
    client = bearer(token_for(farm, world.school))
    with at(9):
        response = client.post("/api/v1/marks", json.dumps(mark_body(ours, comment=comment)),
                               content_type="application/json")
    assert response.status_code == 422
    assert any(item["loc"][-1] == "comment" for item in response.json()["detail"])
    assert not Mark.objects.exists()


def test_a_comment_over_several_lines_is_kept(world: Any, farm: Any, ours: Any) -> None:
    client = bearer(token_for(farm, world.school))
    with at(9):
        response = client.post("/api/v1/marks", json.dumps(mark_body(ours, comment="Arrived late.\nBus.")),
                               content_type="application/json")
    assert response.status_code == 200
    assert Mark.objects.get().comment == "Arrived late.\nBus."


def test_a_malformed_body_is_400(world: Any, farm: Any, ours: Any) -> None:
    client = bearer(token_for(farm, world.school))
    with at(9):
        response = client.post("/api/v1/marks", "{not json", content_type="application/json")
    assert response.status_code == 400
