"""What the rules read of a school's remote education (docs/policy-engine.md, "Extension keys"): the named
lead of the offer in force, the dates of the audits, the last device survey. Read once for many schools and
days (`facts_of`), then taken as of each day (`on`). Plain data: the case-file adapter turns it into the
engine's school keys."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pathways.remote.models import FamilyAccess, RemoteAudit, RemoteOffer

# The packs whose school-level duties read these facts: schools without one are not asked (no query).
PACKS = frozenset({"remote-education-offer", "special-school-remote"})


@dataclass
class Facts:
    offers: list[tuple[dt.date, int, str]] = field(default_factory=list)  # (applies from, id, lead)
    audits: list[dt.date] = field(default_factory=list)
    surveys: list[dt.date] = field(default_factory=list)

    def on(self, day: dt.date) -> dict[str, Any]:
        """The school's extension keys as of `day` (only those the school has recorded)."""
        out: dict[str, Any] = {}
        in_force = [o for o in self.offers if o[0] <= day]
        if in_force:
            out["remote_education_lead"] = max(in_force)[2]
        audits = tuple(sorted(d for d in self.audits if d <= day))
        if audits:
            out["remote_audits"] = audits
        surveyed = [d for d in self.surveys if d <= day]
        if surveyed:
            out["device_survey"] = max(surveyed)
        return out


def facts_of(school_ids: Collection[int]) -> dict[int, Facts]:
    """Each school's facts, three queries whatever the number of schools (none for no school)."""
    out: dict[int, Facts] = defaultdict(Facts)
    if not school_ids:
        return out
    for school_id, start, pk, lead in RemoteOffer.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "effective_from", "id", "lead_name"):
        out[school_id].offers.append((start, pk, lead))
    for school_id, rated_on in RemoteAudit.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "rated_on"):
        out[school_id].audits.append(rated_on)
    for school_id, surveyed_on in FamilyAccess.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "surveyed_on").distinct():
        out[school_id].surveys.append(surveyed_on)
    return out
