"""An invitation: a one-time link, valid 72 hours, sent by e-mail; used once; expired or used links say so."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.schools.models import Invitation, Role, User
from pathways.schools.staff_actions import do_invite, do_invite_staff
from tests.conftest import World

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 9, 7, 9, 0, tzinfo=dt.UTC)
PASSWORD = "a-long-new-password-42"


def _invite(world: World, roles: list[str], capture: Any, email: str = "new.head@bedes.example") -> tuple[User, str]:
    with capture(execute=True):
        user, invited = do_invite_staff(school=world.school, email=email, first_name="Nia", last_name="Okafor",
                                        roles=roles, actor=world.trust_lead, base_url="http://testserver")
    assert invited is not None
    return user, invited.link.removeprefix("http://testserver")


def _set_password(client: Client, path: str) -> Any:
    return client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})


def test_the_invitation_is_sent_by_email_and_sets_the_password_once(
        world: World, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(START, tick=False):
        user, path = _invite(world, [Role.TEACHER], django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.head@bedes.example"]
        assert "http://testserver" + path in mail.outbox[0].body
        assert "until 10:00 on Thursday 10 September 2026" in mail.outbox[0].body  # 72 hours, in UK time
        page = client.get(path)
        assert page.status_code == 200 and "Teacher or teaching assistant at St Bede" in page.content.decode()
        response = _set_password(client, path)
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert AuditEvent.objects.filter(action="accept invitation", actor=user).exists()
        client.logout()
        again = client.get(path)
        assert again.status_code == 410 and "already used" in again.content.decode()
        assert _set_password(client, path).status_code == 410


def test_the_link_works_for_72_hours_and_no_longer(world: World, client: Client,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(START, tick=False):
        user, path = _invite(world, [Role.TEACHER], django_capture_on_commit_callbacks)
    with time_machine.travel(START + dt.timedelta(hours=71, minutes=59), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=72), tick=False):
        response = client.get(path)
        assert response.status_code == 410 and "ran out" in response.content.decode()
        assert _set_password(client, path).status_code == 410
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_new_invitation_withdraws_the_old_link(world: World, client: Client,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    user, old = _invite(world, [Role.TEACHER], django_capture_on_commit_callbacks)
    new = do_invite(user=user, school=world.school, actor=world.staff[Role.HEADTEACHER], base_url="http://testserver")
    assert "newer invitation" in client.get(old).content.decode()
    assert client.get(new.link.removeprefix("http://testserver")).status_code == 200


def test_an_unknown_token_is_404(client: Client, db: Any) -> None:
    response = client.get(reverse("invitation", args=["not-a-real-token"]))
    assert response.status_code == 404 and "not recognised" in response.content.decode()


def test_a_headteacher_sets_a_password_then_must_enrol_two_factor(
        world: World, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    _user, path = _invite(world, [Role.HEADTEACHER], django_capture_on_commit_callbacks)
    response = _set_password(client, path)
    assert response.status_code == 302
    # Home sends them to their school; the two-factor middleware holds them at set-up first.
    landing = client.get(reverse("school-home", args=[world.school.id]), follow=True)
    assert landing.redirect_chain[-1][0].startswith(reverse("two-factor-setup"))


def test_a_weak_password_is_refused_and_the_link_still_works(
        world: World, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    user, path = _invite(world, [Role.TEACHER], django_capture_on_commit_callbacks)
    response = client.post(path, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 400
    assert Invitation.objects.get(user=user).used_at is None


def test_the_token_is_kept_only_as_a_hash(world: World, django_capture_on_commit_callbacks: Any) -> None:
    user, path = _invite(world, [Role.TEACHER], django_capture_on_commit_callbacks)
    token = re.search(r"/invitation/([^/]+)/", path).group(1)  # type: ignore[union-attr]
    invitation = Invitation.objects.get(user=user)
    assert token not in invitation.token_hash
    assert not any(token in str(e.changes) for e in AuditEvent.objects.all())
