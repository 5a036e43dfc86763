"""The placement's school census details (the reason for the placement): one action, its audit row, the
version the form was read at checked (no lost update)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.models import Arrangement, CensusPlacementReason
from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.schools.permissions import permission

CENSUS_FIELDS = ("census_placement_reason",)


@permission("make_census_return")
@transaction.atomic
def do_set_census_details(*, arrangement: Arrangement, reason: str, actor: Any, seen: str | None = None) -> Arrangement:
    locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    refuse_stale(locked, seen, what="placement")
    if reason not in CensusPlacementReason.values:
        raise ValidationError({"reason": "Choose the reason for the placement."})
    before = snapshot(locked, CENSUS_FIELDS)
    locked.census_placement_reason = reason
    locked.save(update_fields=["census_placement_reason", "updated_at"])
    record(actor=actor, action="change census details", obj=locked, school=locked.school,
           changes=changes_between(before, snapshot(locked, CENSUS_FIELDS)), label=str(locked),
           pupil=locked.pupil_id)
    return locked
