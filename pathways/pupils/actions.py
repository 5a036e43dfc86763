"""The only code that writes pupils. One transaction and one audit row each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.pupils.models import Pupil
from pathways.schools.models import School
from pathways.schools.permissions import permission

PUPIL_FIELDS = (
    "first_name", "last_name", "upn", "former_upn", "date_of_birth", "year_group", "send", "looked_after",
    "social_worker", "child_protection_plan", "medical_condition", "free_school_meals",
    "vulnerability_override", "vulnerability_override_reason", "address_line_1", "address_line_2", "town",
    "postcode", "home_phone", "social_worker_name", "social_worker_team", "social_worker_phone",
    "social_worker_email",
)


@permission("manage_pupils")
@transaction.atomic
def do_create_pupil(*, school: School, actor: Any, **fields: Any) -> Pupil:
    pupil = Pupil(school=school, **fields)
    pupil.full_clean()
    pupil.save()
    record(actor=actor, action="create pupil", obj=pupil, school=school, changes=snapshot(pupil, PUPIL_FIELDS))
    return pupil


@permission("manage_pupils")
@transaction.atomic
def do_update_pupil(*, pupil: Pupil, actor: Any, seen: str | None = None, **fields: Any) -> Pupil:
    """Change a pupil's record. When a temporary UPN is replaced, the former one is kept. With `seen`, the
    version the page was read at (audit.versions), a record changed since is refused (StaleVersion)."""
    if seen is not None:
        refuse_stale(Pupil.objects.select_for_update().get(pk=pupil.pk), seen, what="pupil")
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


@permission("set_legal_hold")
@transaction.atomic
def do_set_legal_hold(*, pupil: Pupil, hold: bool, reason: str, actor: Any) -> Pupil:
    """Put the pupil's records on legal hold, or lift it: the headteacher or the DSL, with a reason each
    time. While on hold, the retention schedule's purge deletes none of the pupil's records."""
    pupil = Pupil.objects.select_for_update().select_related("school").get(pk=pupil.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the hold is being set." if hold else "Say why the hold is lifted."})
    if pupil.legal_hold == hold:
        raise ValidationError("The pupil's records are already on legal hold." if hold
                              else "The pupil's records are not on legal hold.")
    pupil.legal_hold = hold
    pupil.legal_hold_reason = reason if hold else ""
    pupil.legal_hold_since = timezone.now() if hold else None
    pupil.save(update_fields=["legal_hold", "legal_hold_reason", "legal_hold_since", "updated_at"])
    record(actor=actor, action="set legal hold" if hold else "lift legal hold", obj=pupil, school=pupil.school,
           changes={"legal_hold": [not hold, hold], "reason": reason})
    return pupil
