"""The device survey: the action that records a family's answer, and the summary by year group and by
vulnerability (each pupil counted by their latest answer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.models import Event
from pathways.audit.record import record
from pathways.pupils.models import Pupil
from pathways.remote.models_survey import FamilyAccess
from pathways.schools.models import School
from pathways.schools.permissions import permission


@permission("manage_remote_education")
@transaction.atomic
def do_record_family_access(*, school: School, actor: Any, pupils: Iterable[Pupil], surveyed_on: dt.date,
                            device: str, connection: str, needs_help: bool = False, help_needed: str = "",
                            lent: str = "", equipment_agreement: Event | None = None) -> FamilyAccess:
    """One family's answer for the pupils it names (siblings share it)."""
    chosen = list(pupils)
    if not chosen:
        raise ValidationError({"pupils": "Choose the pupil, and any brothers or sisters at the school."})
    if any(p.school_id != school.pk for p in chosen):
        raise ValidationError({"pupils": "Choose pupils of this school."})
    if equipment_agreement is not None and (
            equipment_agreement.type != "equipment_agreement"
            or equipment_agreement.arrangement.pupil_id not in {p.pk for p in chosen}):
        raise ValidationError({"equipment_agreement": "Choose an equipment agreement of one of these pupils."})
    answer = FamilyAccess(school=school, surveyed_on=surveyed_on, device=device, connection=connection,
                          needs_help=needs_help, help_needed=help_needed, lent=lent,
                          equipment_agreement=equipment_agreement,
                          created_by=actor if getattr(actor, "pk", None) else None)
    answer.full_clean()
    answer.save()
    answer.pupils.set(chosen)
    record(actor=actor, action="recorded a family's access to devices and the internet", obj=answer, school=school,
           changes={"pupils": ", ".join(p.full_name for p in chosen), "device": answer.get_device_display(),
                    "internet": answer.get_connection_display(), "needs help": needs_help, "lent": lent})
    return answer


@dataclass
class Tally:
    pupils: int = 0
    surveyed: int = 0
    without_access: int = 0
    needs_help: int = 0
    lent: int = 0


@dataclass
class Summary:
    by_year: dict[int | None, Tally] = field(default_factory=dict)
    by_vulnerability: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)
    latest: dict[int, FamilyAccess] = field(default_factory=dict)  # pupil id -> their latest answer
    last_survey: dt.date | None = None


def latest_answers(school: School, on: dt.date | None = None) -> dict[int, FamilyAccess]:
    answers = FamilyAccess.objects.filter(school=school).prefetch_related("pupils").order_by("surveyed_on", "id")
    if on is not None:
        answers = answers.filter(surveyed_on__lte=on)
    out: dict[int, FamilyAccess] = {}
    for a in answers:
        for p in a.pupils.all():
            out[p.pk] = a
    return out


def summary(school: School, pupils: Iterable[Pupil], on: dt.date) -> Summary:
    latest = latest_answers(school, on)
    out = Summary(latest=latest, last_survey=max((a.surveyed_on for a in latest.values()), default=None))
    for p in pupils:
        year: int | None = p.year_group_on(on)
        for tally in (out.by_year.setdefault(year, Tally()), out.by_vulnerability.setdefault(p.vulnerability, Tally()),
                      out.total):
            tally.pupils += 1
            answer = latest.get(p.pk)
            if answer is None:
                continue
            tally.surveyed += 1
            tally.without_access += answer.without_access
            tally.needs_help += answer.needs_help
            tally.lent += bool(answer.lent or answer.equipment_agreement_id)
    out.by_year = dict(sorted(out.by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    return out
