"""The provider reporting API: a provider's system, with its token, sees and reports only its own placements."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from pathways.attendance.models import Mark
from pathways.providers.actions import do_revoke_provider_token
from pathways.providers.models import ProviderToken
from tests.arrangements.helpers import make_provider
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil
from tests.providers.portal_helpers import place, placed_pupil, token_for

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


@pytest.fixture
def farm(world: Any) -> Any:
    return make_provider(world.school, "Willow Farm")


@pytest.fixture
def jay(world: Any, farm: Any) -> Any:
    return placed_pupil(world.school, farm)


@pytest.fixture
def api(world: Any, farm: Any, jay: Any) -> Any:
    token = token_for(farm, world.school)
    client = Client()

    class Api:
        raw = token

        def get(self, path: str, **params: Any) -> Any:
            return client.get(f"/api/v1{path}", params, headers={"authorization": f"Bearer {token}"})

        def post(self, path: str, body: Any) -> Any:
            return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                               headers={"authorization": f"Bearer {token}"})

    return Api()


def mark_body(arrangement: Any, **extra: Any) -> dict[str, Any]:
    body = {"arrangement_id": arrangement.id, "date": MONDAY.isoformat(), "session": "am", "attended": True}
    body.update(extra)
    return body


def test_placements_list_the_providers_pupils_by_first_name_and_initial_with_their_slots(
    api: Any, jay: Any, world: Any
) -> None:
    placed_pupil(world.school, make_provider(world.school, "Oak College"), "Kit", "Oakleaf")
    with at(9):
        response = api.get("/placements")
    assert response.status_code == 200
    [placement] = response.json()
    assert placement["arrangement_id"] == jay.id
    assert placement["pupil"] == "Jay F"
    assert placement["year_group"] == 9
    assert {"day": "mon", "session": "am", "where": "provider"} in placement["slots"]
    assert len(placement["slots"]) == 10
    assert "Kit" not in response.content.decode()


def test_sessions_list_what_is_expected_that_day_and_what_was_reported(api: Any, jay: Any) -> None:
    with at(9, 5):
        api.post("/marks", mark_body(jay))
        response = api.get("/sessions", date=MONDAY.isoformat())
    assert response.status_code == 200
    morning, afternoon = response.json()
    assert (morning["session"], morning["reported"], morning["code"], morning["deadline"]) == ("am", True, "B", "10:00")
    assert (afternoon["session"], afternoon["reported"], afternoon["code"]) == ("pm", False, None)


def test_sessions_need_a_date(api: Any) -> None:
    response = api.get("/sessions")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "date"


def test_posting_a_mark_stores_the_engines_code_and_the_time_of_the_report(api: Any, jay: Any) -> None:
    with at(9, 12):
        response = api.post("/marks", mark_body(jay, attended=False, reason="illness", comment="Rang in"))
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["late"], body["attended"], body["reason"]) == ("I", False, False, "illness")
    mark = Mark.objects.get(pupil=jay.pupil, date=MONDAY, session="am")
    assert (mark.source, mark.comment, mark.reported_at.strftime("%H:%M")) == ("provider", "Rang in", "09:12")


def test_an_absence_reported_after_the_deadline_comes_back_late(api: Any, jay: Any) -> None:
    with at(10, 25):
        response = api.post("/marks", mark_body(jay, attended=False, reason="unknown"))
    assert response.status_code == 200
    assert response.json()["late"] is True
    assert response.json()["deadline"] == "10:00"


def test_bad_input_is_422_naming_the_field_and_writes_nothing(api: Any, jay: Any) -> None:
    with at(9):
        wrong_session = api.post("/marks", mark_body(jay, session="evening"))
        wrong_reason = api.post("/marks", mark_body(jay, attended=False, reason="bored"))
        no_reason = api.post("/marks", mark_body(jay, attended=False))
        no_date = api.post("/marks", {"arrangement_id": jay.id, "session": "am", "attended": True})
        future = api.post("/marks", mark_body(jay, date=(MONDAY + dt.timedelta(days=1)).isoformat()))
    assert [r.status_code for r in (wrong_session, wrong_reason, no_reason, no_date, future)] == [422] * 5
    assert wrong_session.json()["detail"][0]["loc"][-1] == "session"
    assert wrong_reason.json()["detail"][0]["loc"][-1] == "reason"
    assert "not a reason for absence" in wrong_reason.json()["detail"][0]["msg"]
    assert no_reason.json()["detail"][0]["loc"][-1] == "reason"
    assert no_date.json()["detail"][0]["loc"][-1] == "date"
    assert future.json()["detail"][0]["loc"][-1] == "date"
    assert not Mark.objects.exists()


def test_a_session_spent_in_school_is_refused_naming_the_session(api: Any, world: Any, farm: Any) -> None:
    half = place(make_pupil(world.school, "Lou", "Halfday"), farm, am="provider", pm="school")
    with at(14):
        response = api.post("/marks", mark_body(half, session="pm"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "session"


def test_another_providers_arrangement_is_404(api: Any, world: Any) -> None:
    kit = placed_pupil(world.school, make_provider(world.school, "Oak College"), "Kit", "Oakleaf")
    with at(9):
        response = api.post("/marks", mark_body(kit))
    assert response.status_code == 404
    assert not Mark.objects.exists()


def test_an_outsider_providers_token_sees_none_of_our_pupils(world: Any, jay: Any) -> None:
    outsider = make_provider(world.other, "Riverside Outreach")
    place(world.other_pupil, outsider)
    token = token_for(outsider, world.other)
    client = Client(headers={"authorization": f"Bearer {token}"})
    with at(9):
        placements = client.get("/api/v1/placements")
        sessions = client.get("/api/v1/sessions", {"date": MONDAY.isoformat()})
        posted = client.post("/api/v1/marks", json.dumps(mark_body(jay)), content_type="application/json")
    assert [p["pupil"] for p in placements.json()] == ["Zed S"]
    assert {s["arrangement_id"] for s in sessions.json()} == {world.other_pupil.arrangements.get().id}
    assert "Jay" not in placements.content.decode() + sessions.content.decode()
    assert posted.status_code == 404
    assert not Mark.objects.filter(pupil=jay.pupil).exists()


def test_a_revoked_token_is_401(api: Any, world: Any, jay: Any) -> None:
    do_revoke_provider_token(token=ProviderToken.objects.get(), school=world.school, actor=None)
    with at(9):
        assert api.get("/placements").status_code == 401
        assert api.post("/marks", mark_body(jay)).status_code == 401
    assert not Mark.objects.exists()


def test_no_token_or_a_wrong_one_is_401(jay: Any) -> None:
    assert Client().get("/api/v1/placements").status_code == 401
    assert Client(headers={"authorization": "Bearer pwp_guess"}).get("/api/v1/placements").status_code == 401


def test_a_token_records_when_it_was_last_used(api: Any) -> None:
    with at(9, 30):
        api.get("/placements")
    used = ProviderToken.objects.get().last_used_at
    assert used is not None and used.strftime("%H:%M") == "09:30"


def test_the_openapi_document_describes_the_three_endpoints(client: Any) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/placements", "/api/v1/sessions", "/api/v1/marks"} <= set(paths)
    assert "bearer" in json.dumps(response.json()["components"]["securitySchemes"]).lower()
