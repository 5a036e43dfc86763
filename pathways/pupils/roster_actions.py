"""The roster import's writes, in bulk: pupils created, updated, marked as left or flagged as missing from
the MIS roster, and their contacts replaced, in one transaction with one audit row per change (written in
batches). The plan comes from pathways/roster/plan.py; this module only writes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.record import _plain
from pathways.pupils.models import Pupil, PupilContact
from pathways.schools.models import School

# The pupil's fields a roster file keeps in step (the others are Pathways' own: the social worker, the
# child protection plan, the vulnerability override, the legal hold...).
ROSTER_FIELDS = (
    "upn", "mis_id", "former_upn", "last_name", "first_name", "preferred_last_name", "preferred_first_name",
    "date_of_birth", "gender", "year_group", "reg_group", "send", "looked_after", "free_school_meals",
    "address_line_1", "address_line_2", "town", "postcode", "home_phone", "email", "left_on",
    "missing_from_roster_on",
)
CONTACT_FIELDS = ("priority", "name", "relationship", "parental_responsibility", "lives_with_pupil", "phone",
                  "phone_2", "email")
BATCH = 2000


@dataclass
class RosterPlan:
    creates: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    # (pupil with its new values set, {field: [before, after]}, its new contacts or None when unchanged)
    updates: list[tuple[Pupil, dict[str, list[Any]], list[dict[str, Any]] | None]] = field(default_factory=list)
    leavers: list[Pupil] = field(default_factory=list)
    flagged: list[Pupil] = field(default_factory=list)


def _event(actor: Any, school: School, action: str, pupil: Pupil, changes: dict[str, Any], source: str) -> AuditEvent:
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent(
        actor=actor_obj,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor_obj else str(actor or "system"),
        school=school, action=action, object_type="pupils.pupil", object_id=str(pupil.pk),
        object_label=str(pupil)[:300], pupil_id=pupil.pk,
        changes={**{k: _plain(v) for k, v in changes.items()}, "source": source},
    )


@transaction.atomic
def do_apply_roster(*, school: School, plan: RosterPlan, on: dt.date, source: str, actor: Any) -> None:
    """Write the plan. `source` names the file in every audit row ("roster import: pupils.xml")."""
    events: list[AuditEvent] = []
    new = [Pupil(school=school, **fields) for fields, _ in plan.creates]
    Pupil.objects.bulk_create(new, batch_size=BATCH)
    contacts: list[PupilContact] = []
    for pupil, (fields, pupil_contacts) in zip(new, plan.creates, strict=True):
        events.append(_event(actor, school, "create pupil", pupil,
                             dict(fields) | {"contacts": len(pupil_contacts)}, source))
        contacts += [PupilContact(pupil=pupil, **c) for c in pupil_contacts]
    replaced = [p.pk for p, _, cs in plan.updates if cs is not None]
    kept = _kept_restrictions(replaced)
    PupilContact.objects.filter(pupil_id__in=replaced).delete()
    for pupil, changes, pupil_contacts in plan.updates:
        for c in pupil_contacts or []:
            restriction = kept.get((pupil.pk, c["name"].strip().lower()), ("", ""))
            contacts.append(PupilContact(pupil=pupil, **c, restriction=restriction[0], restriction_note=restriction[1]))
        if changes:
            events.append(_event(actor, school, "update pupil", pupil, changes, source))
    for pupil in plan.leavers:
        before = pupil.left_on
        pupil.left_on, pupil.missing_from_roster_on = on, None
        events.append(_event(actor, school, "pupil left", pupil, {"left_on": [before, on]}, source))
    for pupil in plan.flagged:
        pupil.missing_from_roster_on = on
        events.append(_event(actor, school, "pupil missing from roster", pupil,
                             {"missing_from_roster_on": [None, on]}, source))
    changed = [p for p, ch, _ in plan.updates if ch] + plan.leavers + plan.flagged
    now = timezone.now()
    for pupil in changed:
        pupil.updated_at = now
    if changed:
        Pupil.objects.bulk_update(changed, [*ROSTER_FIELDS, "updated_at"], batch_size=BATCH)
    PupilContact.objects.bulk_create(contacts, batch_size=BATCH)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


def _kept_restrictions(pupil_ids: list[int]) -> dict[tuple[int, str], tuple[str, str]]:
    """Restrictions recorded in Pathways (the MIS file carries none), kept by the contact's name."""
    rows = PupilContact.objects.filter(pupil_id__in=pupil_ids).exclude(restriction="", restriction_note="")
    return {(c.pupil_id, c.name.strip().lower()): (c.restriction, c.restriction_note) for c in rows}
