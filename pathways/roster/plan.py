"""Comparing the checked records with the school's pupils: who is created, what changed for whom, who left,
and who is missing from a full file while an arrangement is open (flagged to the headteacher instead)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pathways.arrangements.models import Arrangement, Status
from pathways.pupils.models import Pupil, PupilContact
from pathways.pupils.roster_actions import CONTACT_FIELDS, ROSTER_FIELDS, RosterPlan
from pathways.roster.check import CheckedRecord
from pathways.roster.records import RosterFile

OPEN = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.ACTIVE)
# Fields a file may leave blank without blanking what Pathways has (an MIS id, a registration group).
KEEP_WHEN_BLANK = ("mis_id", "reg_group", "former_upn")


def plan_roster(
    school_id: int, roster: RosterFile, records: list[CheckedRecord], on: dt.date, rejected_upns: set[str]
) -> tuple[RosterPlan, int]:
    """The plan, and how many records are unchanged. A pupil whose record was rejected has not left.

    The school's pupils are read once as rows of the roster's fields (no model instance for the pupils a
    file leaves unchanged: most of them, most of the time); a Pupil is made only for a pupil to write."""
    rows = list(Pupil.objects.filter(school_id=school_id).values("id", "school_id", *ROSTER_FIELDS))
    by_upn = {r["upn"]: r for r in rows if r["upn"]}
    contacts = _contacts_of(school_id) if "contacts" in roster.present else {}
    present = {name for name in (*ROSTER_FIELDS, *_FROM) if _FROM.get(name, name) in roster.present}
    plan, unchanged, seen = RosterPlan(), 0, set()
    pupils: dict[int, Pupil] = {}  # the pupils to write, each made once
    for rec in records:
        fields = {k: v for k, v in rec.fields.items() if k in present}
        row = by_upn.get(rec.fields["upn"]) or by_upn.get(rec.fields.get("former_upn") or "\0")
        new_contacts = rec.contacts if "contacts" in roster.present else None
        if row is None:
            plan.creates.append(({k: v for k, v in fields.items() if v is not None or k == "year_group"},
                                 new_contacts or []))
            continue
        seen.add(row["id"])
        changes: dict[str, list[Any]] = {}
        for name, value in fields.items():
            if name in KEEP_WHEN_BLANK and not value:
                continue
            if row[name] != value:
                changes[name] = [row[name], value]
                row[name] = value
        for name in ("left_on", "missing_from_roster_on"):
            if row[name] is not None:
                changes[name] = [row[name], None]
                row[name] = None
        if new_contacts is not None and _contact_rows(new_contacts) != contacts.get(row["id"], []):
            changes["contacts"] = [contacts.get(row["id"], []), _contact_rows(new_contacts)]
        else:
            new_contacts = None
        if changes:
            plan.updates.append((_pupil(pupils, row), changes, new_contacts))
        else:
            unchanged += 1
    if roster.full:
        _leavers(plan, [_pupil(pupils, r) for r in rows
                        if r["id"] not in seen and r["left_on"] is None and r["upn"] not in rejected_upns])
    return plan, unchanged


def _pupil(made: dict[int, Pupil], row: dict[str, Any]) -> Pupil:
    """The pupil of a row, with the row's values as they now are (made once, then kept in step)."""
    pupil = made.get(row["id"])
    if pupil is None:
        pupil = made[row["id"]] = Pupil(**row)
    else:
        for name, value in row.items():
            setattr(pupil, name, value)
    return pupil


_FROM = {"send": "sen", "free_school_meals": "fsm", "looked_after": "in_care"}


def _leavers(plan: RosterPlan, missing: list[Pupil]) -> None:
    open_ids = set(
        Arrangement.objects.filter(pupil_id__in=[p.pk for p in missing], status__in=OPEN)
        .values_list("pupil_id", flat=True)
    ) if missing else set()
    for pupil in missing:
        if pupil.pk in open_ids:
            if pupil.missing_from_roster_on is None:
                plan.flagged.append(pupil)
        else:
            plan.leavers.append(pupil)


def _contact_rows(contacts: list[dict[str, Any]]) -> list[list[Any]]:
    return [[c[f] for f in CONTACT_FIELDS] for c in sorted(contacts, key=lambda c: c["priority"])]


def _contacts_of(school_id: int) -> dict[int, list[list[Any]]]:
    out: dict[int, list[list[Any]]] = defaultdict(list)
    # A restricted contact the MIS no longer lists is Pathways' own (pupils.roster_actions): not the MIS's to compare.
    rows = PupilContact.objects.filter(pupil__school_id=school_id, not_in_mis_since=None).order_by(
        "pupil_id", "priority", "id")
    for row in rows.values_list("pupil_id", *CONTACT_FIELDS):
        out[row[0]].append(list(row[1:]))
    return out
