"""The writes of the census return and the LA return: an export for the MIS, a return recorded as sent to
the local authority. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathways.audit.record import record
from pathways.reports.data.census import Census, PlacementRow
from pathways.reports.data.la_return import LaRow
from pathways.reports.models import CensusExport, LaReturnSent
from pathways.schools.models import School
from pathways.schools.permissions import permission


def _name(pupil: Any) -> str:
    return f"{pupil.last_name}, {pupil.first_name}"


@permission("make_census_return")
@transaction.atomic
def do_export_census(*, school: School, census: Census, rows: list[PlacementRow], actor: Any,
                     now: dt.datetime | None = None) -> CensusExport:
    """Record the export of the census's placements: those passing every check go in the file; each
    refused one is kept with the items that failed."""
    exported = [{"arrangement": r.arrangement.pk, "pupil": _name(r.arrangement.pupil),
                 "provider": r.arrangement.provider.name if r.arrangement.provider else ""} for r in rows if r.ok]
    refused: list[dict[str, Any]] = [
        {"arrangement": r.arrangement.pk, "pupil": _name(r.arrangement.pupil),
         "problems": [list(p) for p in r.problems]} for r in rows if not r.ok]
    export = CensusExport.objects.create(
        school=school, term=census.term, census_day=census.day, exported=exported, refused=refused,
        exported_by=actor if getattr(actor, "pk", None) else None, exported_at=now or timezone.now(),
    )
    record(actor=actor, action="export census AP placements", obj=export, school=school,
           changes={"census_day": census.day, "exported": [e["arrangement"] for e in exported],
                    "refused": {str(r["arrangement"]): [p[0] for p in r["problems"]] for r in refused}},
           label=str(census))
    return export


@permission("send_la_return")
@transaction.atomic
def do_record_la_return_sent(*, school: School, start: dt.date, end: dt.date, sent_to: str,
                             rows: list[tuple[LaRow, list[str]]], actor: Any,
                             now: dt.datetime | None = None) -> LaReturnSent:
    """Record that the part-time timetables return for `start` to `end` went to `sent_to`, with each row
    and the items it lacked."""
    sent_to = sent_to.strip()
    if not sent_to:
        raise ValidationError({"sent_to": "Enter who at the local authority the return was sent to."})
    if len(sent_to) > 300:
        raise ValidationError({"sent_to": "Who it was sent to must be 300 characters or fewer."})
    kept = [{"arrangement": row.arrangement.pk, "pupil": _name(row.pupil), "missing": missing}
            for row, missing in rows]
    sent = LaReturnSent.objects.create(
        school=school, period_start=start, period_end=end, sent_to=sent_to, rows=kept,
        sent_by=actor if getattr(actor, "pk", None) else None, sent_at=now or timezone.now(),
    )
    record(actor=actor, action="send part-time timetables return to the LA", obj=sent, school=school,
           changes={"period_start": start, "period_end": end, "sent_to": sent_to,
                    "rows": [k["arrangement"] for k in kept]}, label=str(sent))
    return sent
