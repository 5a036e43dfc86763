"""What the rules read of a school's remote education (docs/policy-engine.md, "Extension keys"): the named
lead of the offer in force, the dates of the audits, the last device survey, the register of live sessions
(its recordings and how live lessons are run). Read once for many schools and
days (`facts_of`), then taken as of each day (`on`). Plain data: the case-file adapter turns it into the
engine's school keys."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pathways.policy import casefile as cf
from pathways.remote.models import FamilyAccess, LiveSession, RemoteAudit, RemoteOffer

# How live lessons are run now (REM-LIVE-LESSON-SAFETY): the live sessions of the register held in the last four
# weeks. A product reading of a school's practice, not a number of the law: a lesson run one to one, without
# consent or unrecorded stays on Today for four weeks, and clears once every lesson since has been run safely.
LIVE_PRACTICE = dt.timedelta(days=28)

# The packs whose school-level duties read these facts: schools without one are not asked (no query).
# return-to-learn: RTL-RECORDING-RETENTION reads the recordings of the register of live sessions.
PACKS = frozenset({"remote-education-offer", "special-school-remote", "return-to-learn"})


@dataclass(frozen=True)
class Session:
    """What the rules read of one session of the register of live lessons and recordings."""

    held_on: dt.date
    pre_recorded: bool
    one_to_one: bool
    consented: bool
    recorded: bool
    deleted_on: dt.date | None


@dataclass
class Facts:
    offers: list[tuple[dt.date, int, str]] = field(default_factory=list)  # (applies from, id, lead)
    audits: list[dt.date] = field(default_factory=list)
    surveys: list[dt.date] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

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
        held = [s for s in self.sessions if s.held_on <= day]
        recordings = tuple(cf.Recording(s.held_on, s.deleted_on if s.deleted_on and s.deleted_on <= day else None,
                                        s.pre_recorded) for s in held if s.recorded)
        if recordings:
            out["recordings"] = recordings  # RTL-RECORDING-RETENTION
        live = [s for s in held if not s.pre_recorded and s.held_on > day - LIVE_PRACTICE]
        if live:  # REM-LIVE-LESSON-SAFETY: the register is the log of who ran which call and when
            out["live_lessons"] = cf.LiveLessons(
                written_consent=all(s.consented for s in live), group_only=not any(s.one_to_one for s in live),
                recorded=all(s.recorded for s in live), call_log=True)
        return out


def facts_of(school_ids: Collection[int]) -> dict[int, Facts]:
    """Each school's facts, four queries whatever the number of schools (none for no school)."""
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
    for row in LiveSession.objects.filter(school_id__in=school_ids).order_by("held_on", "id").values(
            "school_id", "held_on", "pre_recorded", "one_to_one", "all_parents_consented", "recorded", "deleted_on"):
        out[row["school_id"]].sessions.append(Session(
            row["held_on"], row["pre_recorded"], row["one_to_one"], row["all_parents_consented"], row["recorded"],
            row["deleted_on"]))
    return out
