"""Sessions and proxies: no cached copy of a child's record, a new session key after the second factor,
an idle timeout, and the lockout per address across user names as well as per user name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.helpers_auth import current_code, totp_device
from tests.reports.helpers import TODAY, on, place

PASSWORD = "correct-horse-battery"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# --- Cache-Control ------------------------------------------------------------------------------


def test_pages_pdfs_csvs_and_yaml_exports_are_never_stored(world: World, as_user: Any) -> None:
    placement = place(world)
    client = as_user(world.staff["headteacher"])
    school = world.school.id
    with on(TODAY):
        responses = {
            "page": client.get(reverse("pupil-list", args=[school])),
            "pdf": client.get(reverse("report-progress", args=[school, placement.arrangement.pk]), {"format": "pdf"}),
            "csv": client.get(reverse("register-export", args=[school]), {"start": "2026-01-12", "end": "2026-01-16"}),
            "yaml": client.get(reverse("arrangement-export", args=[school, placement.arrangement.pk])),
        }
    assert {k: r.status_code for k, r in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["pdf"]["Content-Type"] == "application/pdf"
    assert responses["yaml"]["Content-Type"].startswith("application/yaml")
    assert {k: no_store(r) for k, r in responses.items()} == dict.fromkeys(responses, True)


# --- the second factor rotates the session key -------------------------------------------------


def test_the_session_key_changes_when_the_code_is_accepted(client: Client, world: World) -> None:
    device = totp_device(world.staff["dsl"])
    sign_in(client, "dsl-ours")
    before = client.session.session_key
    response = client.post(reverse("two-factor"), {"code": current_code(device)})
    assert response.status_code == 302
    after = client.session.session_key
    assert before and after and before != after
    assert client.get(reverse("pupil-list", args=[world.school.id])).status_code == 200  # still verified


# --- idle timeout -------------------------------------------------------------------------------


def test_a_session_unused_for_the_idle_timeout_is_signed_out_with_a_message(client: Client, world: World) -> None:
    start = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
    url = reverse("pupil-list", args=[world.school.id])
    idle = settings.SESSION_IDLE_TIMEOUT
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "teacher-ours")
        assert client.get(url).status_code == 200
        clock.shift(idle - 60)                     # used again just inside the limit: still signed in
        assert client.get(url).status_code == 200
        clock.shift(idle - 60)                     # the limit counts from the last use
        assert client.get(url).status_code == 200
        clock.shift(idle + 1)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert client.session.get("_auth_user_id") is None
        page = client.get(response["Location"]).content.decode()
    assert f"not used for {idle // 60} minutes" in page


# --- lockout per address -------------------------------------------------------------------------


def test_guesses_across_many_user_names_from_one_address_lock_the_address(client: Client, world: World) -> None:
    limit = settings.PATHWAYS_ADDRESS_FAILURE_LIMIT
    names = [f"someone-{n}" for n in range(limit)]
    for name in names[:-1]:                         # one guess each: no user name reaches its own limit
        assert sign_in(client, name, "guess-again").status_code == 200
    assert sign_in(client, names[-1], "guess-again").status_code == 429   # the address reaches its limit
    response = sign_in(client, "teacher-ours")
    assert response.status_code == 429
    assert client.session.get("_auth_user_id") is None
    assert "attempts to sign in to different accounts from this address" in response.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")         # another address is not affected
    assert sign_in(other, "teacher-ours").status_code == 302


def test_fewer_guesses_than_the_address_limit_leave_everyone_free(client: Client, world: World) -> None:
    for n in range(settings.PATHWAYS_ADDRESS_FAILURE_LIMIT - 1):
        sign_in(client, f"someone-{n}", "guess-again")
    assert sign_in(client, "teacher-ours").status_code == 302


def test_signing_in_to_ones_own_account_does_not_wipe_the_count_of_guesses_at_others(
    client: Client, world: World
) -> None:
    limit = settings.PATHWAYS_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        sign_in(client, f"someone-{n}", "guess-again")
    assert sign_in(client, "teacher-ours").status_code == 302
    Client().post(reverse("logout"))
    client.post(reverse("logout"))
    sign_in(client, "someone-last", "guess-again")
    assert sign_in(client, "senco-ours").status_code == 429

