"""Editing a pupil's contacts (order, details, restrictions) and social worker on the pupil record: one action,
one transaction, one audit row, refused when the record changed since the page was read (audit.versions).

Contacts usually come from the MIS through the roster import, which replaces them with the file's. A
restriction ("no contact" order, no information to be shared, contact only as agreed with the DSL) is
Pathways' own: the MIS file carries none, so the import keeps each restriction entered here, matched by the
contact's name (pupils.roster_actions).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathways.audit.record import changes_between, record, snapshot
from pathways.audit.versions import refuse_stale
from pathways.pupils.models import Pupil, PupilContact
from pathways.schools.permissions import permission

CONTACT_EDIT_FIELDS = ("name", "relationship", "parental_responsibility", "lives_with_pupil", "phone", "phone_2",
                       "email", "restriction", "restriction_note")
SOCIAL_WORKER_FIELDS = ("social_worker", "social_worker_name", "social_worker_team", "social_worker_phone",
                        "social_worker_email")


def _described(contacts: list[PupilContact]) -> list[str]:
    """The contacts as the audit row keeps them: order, name, relationship and restriction (no numbers)."""
    return [f"{c.priority}. {c.name}" + (f" ({c.relationship})" if c.relationship else "")
            + (f" [{c.get_restriction_display()}: {c.restriction_note}]" if c.restriction else "")
            for c in contacts]


@permission("manage_pupils")
@transaction.atomic
def do_save_contacts(*, pupil: Pupil, contacts: list[dict[str, Any]], social_worker: dict[str, Any], actor: Any,
                     seen: str | None = None) -> Pupil:
    """Save the pupil's contacts as listed (each {"id": an existing contact's id or None, field: value...},
    in the order to ring them: numbered 1, 2, ... in that order; a contact left out is removed) and the
    social worker's details. With `seen`, a record changed since that version is refused (StaleVersion)."""
    locked = Pupil.objects.select_for_update().select_related("school").get(pk=pupil.pk)
    if seen is not None:
        refuse_stale(locked, seen, what="pupil")
    current = {c.pk: c for c in PupilContact.objects.filter(pupil=locked).order_by("priority", "id")}
    before = _described(list(current.values()))
    sw_before = snapshot(locked, SOCIAL_WORKER_FIELDS)
    kept: list[PupilContact] = []
    for n, data in enumerate(contacts, start=1):
        contact_id = data.get("id")
        if contact_id is not None and contact_id not in current:
            raise ValidationError("A contact on the page is no longer the pupil's: open the page again.")
        contact = current.get(contact_id) if contact_id is not None else PupilContact(pupil=locked)
        assert contact is not None
        for name in CONTACT_EDIT_FIELDS:
            if name in data:
                setattr(contact, name, data[name] if data[name] is not None else "")
        if not contact.restriction:
            contact.restriction_note = ""
        contact.priority = n
        contact.full_clean()
        contact.save()
        kept.append(contact)
    removed = [c for pk, c in current.items() if pk not in {k.pk for k in kept}]
    PupilContact.objects.filter(pk__in=[c.pk for c in removed]).delete()
    for name in SOCIAL_WORKER_FIELDS:
        if name in social_worker:
            setattr(locked, name, social_worker[name])
    locked.full_clean()
    locked.updated_at = timezone.now()
    locked.save(update_fields=[*SOCIAL_WORKER_FIELDS, "updated_at"])
    changes: dict[str, Any] = changes_between(sw_before, snapshot(locked, SOCIAL_WORKER_FIELDS))
    after = _described(kept)
    if after != before:
        changes["contacts"] = [before, after]
    if removed:
        changes["removed"] = [c.name for c in removed]
    record(actor=actor, action="update contacts", obj=locked, school=locked.school, pupil=locked,
           changes=changes or {"contacts": "saved unchanged"})
    pupil.refresh_from_db()
    return locked
