"""Signing in and out, password reset by email, and lockout after repeated wrong passwords."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import World

PASSWORD = "correct-horse-battery"


def sign_in(client: Client, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# --- the sign-in page -------------------------------------------------------------------------


def test_the_sign_in_page_asks_for_username_and_password_and_offers_a_reset(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in – Pathways</title>" in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert reverse("password_reset") in page
    assert "There is a problem" not in page


def test_every_page_uses_the_compiled_stylesheet_and_no_script(client: Client, db: None) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "/static/vendor/pathways.css" in page
    assert "<script" not in page


def test_the_stylesheet_uses_arial_and_ships_no_gds_font(db: None) -> None:
    css = Path(settings.BASE_DIR, "pathways/static/vendor/pathways.css")
    if not css.exists():
        pytest.skip("scripts/bootstrap has not compiled the stylesheet")
    text = css.read_text()
    assert "arial" in text
    assert "GDS Transport" not in text
    assert "@font-face" not in text


def test_a_teacher_signs_in_with_the_right_password_and_is_not_asked_for_a_code(
    client: Client, world: World
) -> None:
    response = sign_in(client, "teacher-ours", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert signed_in_user_id(client) == str(world.staff["teacher"].pk)


def test_an_empty_form_names_both_missing_fields_in_the_error_summary(client: Client, db: None) -> None:
    response = sign_in(client, "", "")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – Pathways</title>" in page
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert 'govuk-input--error" id="id_username"' in page


def test_a_wrong_password_is_refused_with_a_message_linked_to_the_form(client: Client, world: World) -> None:
    response = sign_in(client, "teacher-ours", "not-the-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert (
        '<a href="#id_username">Enter a correct username and password. Both are case-sensitive.</a>' in page
    )
    assert 'value="teacher-ours"' in page
    assert 'value="not-the-password"' not in page


def test_signing_in_goes_on_to_the_page_that_was_asked_for(client: Client, world: World) -> None:
    wanted = reverse("pupil-list", args=[world.school.id])
    first = client.get(wanted)
    assert first.status_code == 302 and first.url.startswith(reverse("login"))
    response = sign_in(client, "teacher-ours", PASSWORD, next=wanted)
    assert response.url == wanted


def test_signing_in_never_redirects_to_another_site(client: Client, world: World) -> None:
    response = sign_in(client, "teacher-ours", PASSWORD, next="https://evil.example/steal")
    assert response.url == reverse("home")


def test_sign_out_must_be_a_post_and_ends_the_session(client: Client, world: World) -> None:
    sign_in(client, "teacher-ours", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_user_id(client) is not None
    response = client.post(reverse("logout"), follow=True)
    assert signed_in_user_id(client) is None
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_header_shows_the_signed_in_user_and_a_sign_out_button(client: Client, world: World) -> None:
    sign_in(client, "teacher-ours", PASSWORD)
    page = client.get(reverse("pupil-list", args=[world.school.id])).content.decode()
    assert 'data-testid="current-user">Teacher Tester<' in page
    assert f'action="{reverse("logout")}"' in page
    assert 'data-testid="current-school">St Bede&#x27;s Catholic High School<' in page


# --- lockout ----------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_so_the_right_one_then_fails(
    client: Client, world: World
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "teacher-ours", "guess-again")
    response = sign_in(client, "teacher-ours", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    assert "Signing in is paused for 30 minutes" in page
    assert "<strong>teacher-ours</strong>" in page
    assert reverse("password_reset") in page


def test_four_wrong_passwords_do_not_lock_the_account(client: Client, world: World) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "teacher-ours", "guess-again")
    response = sign_in(client, "teacher-ours", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(world.staff["teacher"].pk)


def test_a_locked_out_account_leaves_other_users_free_to_sign_in(client: Client, world: World) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "teacher-ours", "guess-again")
    response = sign_in(client, "senco-ours", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(world.staff["senco"].pk)


# --- password reset ---------------------------------------------------------------------------


def _reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_password_reset_emails_a_link_that_sets_a_new_password(client: Client, world: World) -> None:
    response = client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Pathways password"
    assert message.to == ["teacher-ours@example.org"]

    form = client.get(_reset_link(message), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"},
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert sign_in(Client(), "teacher-ours", "a-long-new-password-42").status_code == 302
    assert sign_in(Client(), "teacher-ours", PASSWORD).status_code == 200


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client: Client, world: World
) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_reset_without_a_valid_email_address_says_what_is_wrong(client: Client, db: None) -> None:
    page = client.post(reverse("password_reset"), {"email": "not an address"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.org" in page
    page = client.post(reverse("password_reset"), {"email": ""}).content.decode()
    assert '<a href="#id_email">Enter your email address</a>' in page


def test_a_new_password_that_breaks_the_rules_is_refused_on_the_first_box(
    client: Client, world: World
) -> None:
    client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"})
    form = client.get(_reset_link(mail.outbox[0]), follow=True)
    url = form.redirect_chain[-1][0]
    page = client.post(url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    assert '<a href="#id_new_password1">This password is too short.' in page
    page = client.post(
        url, {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-43"}
    ).content.decode()
    assert '<a href="#id_new_password2">The two passwords are not the same.' in page


def test_a_used_reset_link_says_it_no_longer_works(client: Client, world: World) -> None:
    client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"})
    link = _reset_link(mail.outbox[0])
    form = client.get(link, follow=True)
    new = {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"}
    client.post(form.redirect_chain[-1][0], new)
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_resetting_the_password_lifts_a_lockout(client: Client, world: World) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "teacher-ours", "guess-again")
    assert sign_in(client, "teacher-ours", PASSWORD).status_code == 429
    client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"})
    form = client.get(_reset_link(mail.outbox[0]), follow=True)
    new = {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"}
    client.post(form.redirect_chain[-1][0], new)
    assert sign_in(client, "teacher-ours", "a-long-new-password-42").status_code == 302


def test_a_reset_link_stops_working_after_an_hour(client: Client, world: World) -> None:
    client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"})
    link = _reset_link(mail.outbox[0])
    assert "within an hour" in mail.outbox[0].body
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)):
        page = client.get(link, follow=True).content.decode()
    assert "This link does not work" in page
