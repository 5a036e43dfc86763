"""The only code that writes pupils. One transaction and one audit row each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pathways.audit.record import changes_between, record, snapshot
from pathways.pupils.models import Pupil
from pathways.schools.models import School

PUPIL_FIELDS = (
    "first_name", "last_name", "upn", "former_upn", "date_of_birth", "year_group", "send", "looked_after",
    "social_worker", "child_protection_plan", "medical_condition", "free_school_meals",
    "vulnerability_override", "vulnerability_override_reason",
)


@transaction.atomic
def do_create_pupil(*, school: School, actor: Any, **fields: Any) -> Pupil:
    pupil = Pupil(school=school, **fields)
    pupil.full_clean()
    pupil.save()
    record(actor=actor, action="create pupil", obj=pupil, school=school, changes=snapshot(pupil, PUPIL_FIELDS))
    return pupil


@transaction.atomic
def do_update_pupil(*, pupil: Pupil, actor: Any, **fields: Any) -> Pupil:
    """Change a pupil's record. When a temporary UPN is replaced, the former one is kept."""
    before = snapshot(pupil, PUPIL_FIELDS)
    new_upn = fields.get("upn", pupil.upn)
    if pupil.upn and new_upn != pupil.upn and pupil.upn_is_temporary:
        fields.setdefault("former_upn", pupil.upn)
    if not fields.get("vulnerability_override", pupil.vulnerability_override):
        fields["vulnerability_override_reason"] = ""
    for name, value in fields.items():
        setattr(pupil, name, value)
    pupil.full_clean()
    pupil.save()
    changes = changes_between(before, snapshot(pupil, PUPIL_FIELDS))
    if changes:
        record(actor=actor, action="update pupil", obj=pupil, school=pupil.school, changes=changes)
    return pupil
