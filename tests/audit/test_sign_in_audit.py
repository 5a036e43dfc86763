"""Sign-ins, failed sign-ins and failed two-factor checks are in the audit trail: who (or which user name
was tried), from which address, when; never the password or the code."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from pathways.audit.models import AuditEvent
from tests.conftest import World
from tests.helpers_auth import totp_device
from tests.schools.test_two_factor import PASSWORD, a_wrong_code


def _sign_ins() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN).order_by("id"))


def _everything(row: AuditEvent) -> str:
    return " ".join(str(v) for v in (row.actor_name, row.action, row.object_label, row.changes))


def test_a_sign_in_is_recorded_in_the_school_of_the_person(client: Client, world: World) -> None:
    client.post(reverse("login"), {"username": "teacher-ours", "password": PASSWORD})
    [row] = _sign_ins()
    assert (row.action, row.actor, row.school, row.changes["address"]) == (
        "signed in", world.staff["teacher"], world.school, "127.0.0.1")
    assert PASSWORD not in _everything(row)


def test_a_wrong_password_is_recorded_with_the_user_name_tried_and_never_the_password(
        client: Client, world: World) -> None:
    client.post(reverse("login"), {"username": "teacher-ours", "password": "Guess-Number-One"})
    [row] = _sign_ins()
    assert (row.action, row.actor, row.school) == ("sign-in failed", None, world.school)
    assert row.changes["username"] == "teacher-ours" and row.object_id == str(world.staff["teacher"].pk)
    assert row.actor_name == "not signed in"
    assert "Guess-Number-One" not in _everything(row)
    assert not client.session.get("_auth_user_id")


def test_a_user_name_that_does_not_exist_is_kept_for_the_administrator(client: Client, world: World) -> None:
    client.post(reverse("login"), {"username": "admin", "password": "Guess-Number-Two"})
    [row] = _sign_ins()
    assert (row.action, row.school, row.object_id, row.changes["username"]) == ("sign-in failed", None, "", "admin")
    assert "Guess-Number-Two" not in _everything(row)
    # Not in any school's trail: nobody there was tried.
    assert not AuditEvent.objects.filter(school=world.school, kind=AuditEvent.Kind.SIGN_IN).exists()


def test_a_wrong_two_factor_code_is_recorded_and_the_code_is_not(client: Client, world: World) -> None:
    dsl = world.staff["dsl"]
    device = totp_device(dsl)
    client.post(reverse("login"), {"username": "dsl-ours", "password": PASSWORD})
    wrong = a_wrong_code(device)
    response = client.post(reverse("two-factor"), {"code": wrong})
    assert response.status_code == 200
    failed = [r for r in _sign_ins() if r.action.startswith("two-factor")]
    assert [(r.action, r.actor, r.school) for r in failed] == [
        ("two-factor check failed: wrong code", dsl, world.school)]
    assert wrong not in _everything(failed[0])


def test_a_malformed_code_is_a_form_error_not_an_audit_row(client: Client, world: World) -> None:
    totp_device(world.staff["dsl"])
    client.post(reverse("login"), {"username": "dsl-ours", "password": PASSWORD})
    client.post(reverse("two-factor"), {"code": "12"})
    assert not [r for r in _sign_ins() if r.action.startswith("two-factor")]


def test_the_headteacher_sees_sign_ins_in_the_trail_and_a_teacher_cannot(client: Client, world: World,
                                                                          as_user: Any) -> None:
    Client().post(reverse("login"), {"username": "teacher-ours", "password": "Guess-Number-Three"})
    trail = reverse("audit-trail", args=[world.school.id])
    page = as_user(world.staff["headteacher"]).get(trail, {"kind": "sign_in"}).content.decode()
    assert "Sign-in failed" in page and "teacher-ours" in page
    assert as_user(world.staff["teacher"]).get(trail).status_code == 403
