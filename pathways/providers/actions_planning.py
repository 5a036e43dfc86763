"""The only code that writes Annex D, the school's online learning planning checklist. One transaction
and one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.record import record
from pathways.audit.versions import StaleVersion
from pathways.providers.access import providers_of
from pathways.providers.models import PlanningChecklist, Provider, ProviderKind
from pathways.providers.planning import KEYS, clean_items, gaps, remaining
from pathways.schools.models import School
from pathways.schools.permissions import permission


@permission("manage_providers")
@transaction.atomic
def do_complete_planning_checklist(
    *, provider: Provider, school: School, actor: Any, completed_on: dt.date, items: dict[str, dict[str, str]],
    seen: int | None = None,
) -> PlanningChecklist:
    """Keep the school's Annex D planning checklist for an online learning provider as its next version
    (the earlier ones kept). Each activity says whether it is completed; one marked completed must give
    the person responsible, and is refused, named, without. Activities not yet completed are allowed: it
    is a planning sheet. With `seen`, the version the page was read at (0: none yet), a version saved since
    is not written over (StaleVersion)."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    if provider.kind != ProviderKind.ONLINE_LEARNING:
        raise ValidationError({"provider": f"The planning checklist is for an online learning provider: "
                                           f"{provider.name} is not one."})
    unknown = set(items) - set(KEYS)
    if unknown:
        raise ValidationError({"items": f"Not activities of the checklist: {', '.join(sorted(unknown))}."})
    clean = clean_items(items)
    problems = {f"{key}_{'person' if clean[key]['done'] == 'yes' else 'done'}": what
                for key, what in gaps(clean).items()}
    if completed_on > dt.date.today():
        problems["completed_on"] = "The checklist cannot be completed on a future date."
    if problems:
        raise ValidationError(problems)
    # The school's versions with the provider, locked so that two saves cannot take the same number.
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    latest = PlanningChecklist.objects.filter(school=school, provider=provider).order_by("-version").first()
    current = latest.version if latest else 0
    if seen is not None and seen != current:
        assert latest is not None
        who = latest.completed_by.get_full_name() if latest.completed_by else "Someone"
        raise StaleVersion(
            f"{who} saved version {current} of this checklist ({latest.completed_on:%-d %B %Y}) since you opened "
            "it. Your answers are below, not saved: check them against it and save again.", str(current))
    checklist = PlanningChecklist(
        school=school, provider=provider, version=current + 1, completed_on=completed_on,
        completed_by=actor if getattr(actor, "pk", None) else None, items=clean,
    )
    checklist.full_clean()
    checklist.save()
    record(actor=actor, action="complete planning checklist", obj=checklist, school=school,
           changes={"provider": provider.pk, "version": checklist.version, "completed_on": completed_on,
                    "items": clean, "not_completed": [a.key for a in remaining(clean)]},
           label=f"{provider.name}: {checklist}")
    return checklist
