"""Two-factor sign-in for headteachers and DSLs, with the real TOTP algorithm."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.audit.models import AuditEvent
from pathways.cli import main as cli_main
from pathways.schools.access import access_for
from pathways.schools.actions import do_grant_role, do_update_school
from pathways.schools.models import Role
from pathways.schools.two_factor import needs_two_factor
from tests.conftest import World, make_staff
from tests.helpers_auth import current_code, login_verified, totp_device

PASSWORD = "correct-horse-battery"


def sign_in(client: Client, username: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, **extra})


def two_factor_url(next_url: str) -> str:
    return f"{reverse('two-factor')}?{urlencode({'next': next_url})}"


def a_wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that no step in the tolerance window produces."""
    now = time.time()
    valid = {current_code(device, at=now + step * device.step) for step in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


# --- who is asked -----------------------------------------------------------------------------


def test_a_teacher_is_not_asked_for_a_code(client: Client, world: World) -> None:
    response = sign_in(client, "teacher-ours")
    assert response.url == reverse("home")
    assert client.get(reverse("pupil-list", args=[world.school.id])).status_code == 200


def test_a_dsl_is_asked_for_a_code_after_the_password(client: Client, world: World) -> None:
    wanted = reverse("pupil-list", args=[world.school.id])
    response = sign_in(client, "dsl-ours", next=wanted)
    assert response.status_code == 302
    assert response.url == two_factor_url(wanted)
    assert client.session.get("_auth_user_id") == str(world.staff["dsl"].pk)


def test_a_headteacher_is_asked_for_a_code_too(client: Client, world: World) -> None:
    assert sign_in(client, "headteacher-ours").url.startswith(reverse("two-factor"))


def test_a_dsl_of_a_school_that_switched_two_factor_off_is_not_asked(client: Client, world: World) -> None:
    do_update_school(school=world.school, require_two_factor=False, actor=None)
    response = sign_in(client, "dsl-ours")
    assert response.url == reverse("home")
    assert client.get(reverse("pupil-list", args=[world.school.id])).status_code == 200


def test_a_dsl_is_asked_when_any_of_their_schools_requires_it(client: Client, world: World) -> None:
    do_update_school(school=world.school, require_two_factor=False, actor=None)
    do_grant_role(user=world.staff["dsl"], school=world.sister, role=Role.DSL, actor=None)
    assert sign_in(client, "dsl-ours").url.startswith(reverse("two-factor"))


def test_a_teacher_who_is_dsl_elsewhere_is_asked(client: Client, world: World) -> None:
    user = make_staff(world.school, Role.TEACHER, "teacher-and-dsl")
    do_grant_role(user=user, school=world.sister, role=Role.DSL, actor=None)
    assert sign_in(client, "teacher-and-dsl").url.startswith(reverse("two-factor"))


# --- the middleware holds an unverified DSL at the two-factor page ----------------------------


def test_until_the_code_is_entered_every_page_sends_the_dsl_to_the_two_factor_page(
    client: Client, world: World
) -> None:
    sign_in(client, "dsl-ours")
    for url in (
        reverse("home"),
        reverse("pupil-list", args=[world.school.id]) + "?q=Ava",
        reverse("calendar", args=[world.school.id]),
        reverse("audit-trail", args=[world.school.id]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == two_factor_url(url), url


def test_a_post_from_an_unverified_dsl_is_not_carried_out(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    url = reverse("pupil-create", args=[world.school.id])
    before = AuditEvent.objects.count()
    response = client.post(url, {"first_name": "Sneaky", "last_name": "Pupil"})
    assert response.status_code == 302 and response.url == two_factor_url(url)
    assert AuditEvent.objects.count() == before


def test_signing_out_and_password_reset_stay_open_to_an_unverified_dsl(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert client.session.get("_auth_user_id") is None


def test_login_verified_gives_a_dsl_a_session_that_opens_every_page(client: Client, world: World) -> None:
    login_verified(client, world.staff["dsl"])
    assert client.get(reverse("pupil-list", args=[world.school.id])).status_code == 200
    assert client.get(reverse("audit-trail", args=[world.school.id])).status_code == 200


# --- setting up an authenticator app ----------------------------------------------------------


def test_a_dsl_without_an_app_is_sent_to_set_one_up(client: Client, world: World) -> None:
    response = sign_in(client, "dsl-ours", next="/schools/")
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{reverse('two-factor-setup')}?next=%2Fschools%2F"


def test_the_set_up_page_shows_a_qr_code_and_the_secret_as_text(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    page = client.get(reverse("two-factor-setup")).content.decode()
    device = TOTPDevice.objects.get(user=world.staff["dsl"])
    assert not device.confirmed
    secret = b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert f'data-testid="totp-secret">{grouped}<' in page
    assert 'src="data:image/svg+xml' in page
    assert "the designated safeguarding lead at St Bede&#x27;s Catholic High School" in page
    assert "<script" not in page
    # The header offers no way round the check: only the user's name and signing out.
    assert reverse("switch-school") not in page


def test_reloading_the_set_up_page_keeps_the_same_secret(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    client.get(reverse("two-factor-setup"))
    client.get(reverse("two-factor-setup"))
    assert TOTPDevice.objects.filter(user=world.staff["dsl"]).count() == 1


def test_a_dsl_confirms_the_app_with_its_code_and_goes_on_to_the_page_asked_for(
    client: Client, world: World
) -> None:
    wanted = reverse("pupil-list", args=[world.school.id])
    sign_in(client, "dsl-ours", next=wanted)
    client.get(reverse("two-factor-setup"), {"next": wanted})
    device = TOTPDevice.objects.get(user=world.staff["dsl"])
    response = client.post(reverse("two-factor-setup"), {"code": current_code(device), "next": wanted})
    assert response.status_code == 302 and response.url == wanted
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(wanted).status_code == 200
    assert (
        AuditEvent.objects.filter(action="set up two-factor sign-in", actor=world.staff["dsl"]).count() == 1
    )


def test_a_code_typed_with_a_space_is_accepted(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=world.staff["dsl"])
    code = current_code(device)
    response = client.post(reverse("two-factor-setup"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_a_wrong_code_does_not_confirm_the_app(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=world.staff["dsl"])
    response = client.post(reverse("two-factor-setup"), {"code": a_wrong_code(device)})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_code">That code is not right.' in page
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home")).status_code == 302


def test_a_code_that_is_not_six_digits_says_so(client: Client, world: World) -> None:
    sign_in(client, "dsl-ours")
    client.get(reverse("two-factor-setup"))
    page = client.post(reverse("two-factor-setup"), {"code": "12ab"}).content.decode()
    assert "Enter the code as 6 digits, like 123456" in page
    page = client.post(reverse("two-factor-setup"), {"code": ""}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page


def test_knowing_the_password_is_not_enough_to_add_a_second_app(client: Client, world: World) -> None:
    totp_device(world.staff["dsl"])
    sign_in(client, "dsl-ours")
    response = client.get(reverse("two-factor-setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor"))
    assert TOTPDevice.objects.filter(user=world.staff["dsl"]).count() == 1


# --- entering a code at each sign-in ----------------------------------------------------------


def test_a_dsl_with_an_app_enters_its_code_and_goes_on(client: Client, world: World) -> None:
    device = totp_device(world.staff["dsl"])
    wanted = reverse("audit-trail", args=[world.school.id])
    response = sign_in(client, "dsl-ours", next=wanted)
    page = client.get(response.url).content.decode()
    assert "Enter the code from your authenticator app" in page
    response = client.post(reverse("two-factor"), {"code": current_code(device), "next": wanted})
    assert response.status_code == 302 and response.url == wanted
    assert client.get(wanted).status_code == 200


def test_a_wrong_code_is_refused_and_the_dsl_stays_held(client: Client, world: World) -> None:
    device = totp_device(world.staff["dsl"])
    sign_in(client, "dsl-ours")
    response = client.post(reverse("two-factor"), {"code": a_wrong_code(device)})
    assert response.status_code == 200
    assert (
        "<title>Error: Enter the code from your authenticator app – Pathways</title>"
        in response.content.decode()
    )
    assert client.get(reverse("home")).url.startswith(reverse("two-factor"))


def test_after_a_wrong_code_the_next_try_must_wait(client: Client, world: World) -> None:
    device = totp_device(world.staff["dsl"])
    sign_in(client, "dsl-ours")
    with time_machine.travel(time.time(), tick=False):  # both tries in the same instant
        client.post(reverse("two-factor"), {"code": a_wrong_code(device)})
        page = client.post(reverse("two-factor"), {"code": current_code(device)}).content.decode()
    assert "You have entered too many wrong codes. Wait 1 second," in page
    assert client.get(reverse("home")).url.startswith(reverse("two-factor"))


def test_the_two_factor_page_never_sends_the_user_to_another_site(client: Client, world: World) -> None:
    device = totp_device(world.staff["dsl"])
    sign_in(client, "dsl-ours")
    response = client.post(
        reverse("two-factor"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_a_user_who_needs_no_code_is_sent_on_from_the_two_factor_pages(client: Client, world: World) -> None:
    sign_in(client, "teacher-ours")
    assert client.get(reverse("two-factor")).url == reverse("home")
    assert client.get(reverse("two-factor-setup")).url == reverse("home")
    assert not TOTPDevice.objects.filter(user=world.staff["teacher"]).exists()


def test_the_two_factor_pages_need_a_password_first(client: Client, db: None) -> None:
    response = client.get(reverse("two-factor"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- `python -m pathways totp` ----------------------------------------------------------------


def test_the_totp_command_prints_the_code_of_the_users_app_on_a_local_machine(
    world: World, capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    settings.LOCAL = True  # type: ignore[attr-defined]
    device = totp_device(world.staff["dsl"])
    assert cli_main(["totp", "dsl-ours"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed in {current_code(device, at=time.time() + d) for d in (-30, 0)}


def test_the_totp_command_refuses_to_run_on_a_deployment(
    world: World, capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    settings.LOCAL = False  # type: ignore[attr-defined]
    totp_device(world.staff["dsl"])
    assert cli_main(["totp", "dsl-ours"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "refused" in captured.err


def test_the_totp_command_explains_a_user_without_an_app(
    world: World, capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    settings.LOCAL = True  # type: ignore[attr-defined]
    assert cli_main(["totp", "dsl-ours"]) == 1
    assert "no authenticator app yet" in capsys.readouterr().err
    assert cli_main(["totp", "nobody"]) == 1


def test_checking_a_teacher_costs_no_query_once_their_roles_are_known(
    world: World, django_assert_num_queries: Any
) -> None:
    teacher = world.staff["teacher"]
    access_for(teacher)
    with django_assert_num_queries(0):
        assert not needs_two_factor(teacher)


def test_a_trust_lead_is_asked_for_a_code_because_they_see_every_school(client: Client, world: World) -> None:
    response = sign_in(client, world.trust_lead.username)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor"))
    assert needs_two_factor(world.trust_lead)
