from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from pathways.audit.record import record

pytestmark = pytest.mark.django_db


def test_the_headteacher_and_dsl_read_the_audit_trail_and_a_teacher_cannot(world: Any, as_user: Any) -> None:
    url = reverse("audit-trail", args=[world.school.id])
    assert as_user(world.staff["headteacher"]).get(url).status_code == 200
    body = as_user(world.staff["dsl"]).get(url).content.decode()
    assert "Create pupil" in body and "Ourpupil" in body
    assert as_user(world.staff["teacher"]).get(url).status_code == 403


def test_the_audit_trail_shows_only_this_schools_changes(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["dsl"]).get(reverse("audit-trail", args=[world.school.id])).content.decode()
    assert "Secretoutsider" not in body


@pytest.mark.django_db(transaction=True)
def test_an_audit_row_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        record(actor=None, action="x")
    with transaction.atomic():
        assert record(actor=None, action="x").actor_name == "system"
