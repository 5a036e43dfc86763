"""The legal hold: the headteacher or the DSL puts a pupil's records on hold with a reason, and lifts it
with a reason; each is in the audit trail; nobody else may, and another school's staff never see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.pupils.actions import do_set_legal_hold
from pathways.schools.models import Role

pytestmark = pytest.mark.django_db


def url(world: Any, pupil: Any = None) -> str:
    pupil = pupil or world.pupil
    return reverse("pupil-legal-hold", args=[pupil.school_id, pupil.id])


def test_the_dsl_puts_a_pupils_records_on_legal_hold_with_a_reason_and_the_headteacher_lifts_it(
    world: Any, as_user: Any,
) -> None:
    client = as_user(world.staff[Role.DSL])
    page = client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    assert b"Put the records on legal hold" in page.content
    assert client.post(url(world), {"reason": ""}).status_code == 400
    response = client.post(url(world), {"reason": "Subject access request from the family"})
    assert response.status_code == 302
    world.pupil.refresh_from_db()
    assert world.pupil.legal_hold and world.pupil.legal_hold_reason == "Subject access request from the family"
    row = AuditEvent.objects.get(action="set legal hold")
    assert row.changes == {"legal_hold": [False, True], "reason": "Subject access request from the family"}
    assert row.school_id == world.school.id

    client = as_user(world.staff[Role.HEADTEACHER])
    assert b"Lift the legal hold" in client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id])).content
    client.post(url(world), {"reason": "Request answered"})
    world.pupil.refresh_from_db()
    assert not world.pupil.legal_hold and world.pupil.legal_hold_since is None
    assert AuditEvent.objects.get(action="lift legal hold").changes["reason"] == "Request answered"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.AP_LEAD, Role.SENCO, Role.ATTENDANCE_OFFICER, Role.GOVERNOR])
def test_other_roles_neither_see_nor_use_the_legal_hold(world: Any, as_user: Any, role: str) -> None:
    client = as_user(world.staff[role])
    page = client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    assert b"legal-hold-form" not in page.content
    assert client.post(url(world), {"reason": "Because"}).status_code == 403
    world.pupil.refresh_from_db()
    assert not world.pupil.legal_hold and not AuditEvent.objects.filter(action="set legal hold").exists()
    with pytest.raises(PermissionDenied):
        do_set_legal_hold(pupil=world.pupil, hold=True, reason="Because", actor=world.staff[role])


def test_outsiders_get_nothing(world: Any, as_user: Any) -> None:
    from tests.providers.helpers import make_provider

    assert as_user(world.outsider).post(url(world), {"reason": "Because"}).status_code == 404
    assert as_user(world.sister_dsl).get(url(world)).status_code == 404
    assert as_user(world.trust_lead).post(url(world), {"reason": "Because"}).status_code == 403  # reads, never holds
    provider = make_provider(world.school)
    from pathways.providers.models import ProviderStaff
    from tests.conftest import make_staff

    provider_user = make_staff(None, None, "provider-user")
    ProviderStaff.objects.create(user=provider_user, provider=provider, school=world.school)
    assert as_user(provider_user).post(url(world), {"reason": "Because"}).status_code == 404
    world.pupil.refresh_from_db()
    assert not world.pupil.legal_hold


def test_a_hold_needs_a_reason_and_cannot_be_set_twice(world: Any) -> None:
    with pytest.raises(ValidationError):
        do_set_legal_hold(pupil=world.pupil, hold=True, reason="  ", actor=world.staff[Role.DSL])
    do_set_legal_hold(pupil=world.pupil, hold=True, reason="Inquiry", actor=world.staff[Role.DSL])
    with pytest.raises(ValidationError):
        do_set_legal_hold(pupil=world.pupil, hold=True, reason="Again", actor=world.staff[Role.DSL])
