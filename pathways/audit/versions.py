"""No lost update on a record's edit page: the form carries the version of the record it was read at, and
the action refuses to save over a newer one, saying what changed and by whom, from the audit trail.

    version_of(obj) -> str                      the version a page shows, posted back in a hidden field
    refuse_stale(obj, seen, *, what) -> None    in the action, on the row read again with select_for_update:
                                                raises StaleVersion when `seen` is not the current version

A version is "<updated_at>|<id of the record's last change in the audit trail>": either changes when the
record does (every save sets the timestamp, where the model has one; every action records its change),
and the audit row's id is where the story since begins. A page
that posts no version (an older form, a script) is not checked: `seen` None.

The refusal is a ValidationError on the form as a whole ("Sam Patel changed this pupil at 10:25: year group
9 → 10. Your changes are below, not saved: check them and save again."); the page keeps what was typed
and takes the current version, so saving again is a deliberate choice to write over the other change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from pathways.audit.models import AuditEvent

VERSION_FIELD = "version"


class StaleVersion(ValidationError):
    """The record changed since the page was read. `current` is the version to show now."""

    def __init__(self, message: str, current: str) -> None:
        super().__init__(message)
        self.current = current


def _changes_of(obj: models.Model) -> Any:
    events = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    if "kind" in {f.name for f in AuditEvent._meta.get_fields()}:
        events = events.filter(kind="change")  # not the record's readings
    return events


def version_of(obj: models.Model) -> str:
    updated = getattr(obj, "updated_at", None)
    last = _changes_of(obj).order_by("-id").values_list("id", flat=True).first()
    return f"{updated.isoformat() if updated else ''}|{last or 0}"


def _value(value: Any) -> str:
    if value is None or value == "":
        return "blank"
    if value is True or value is False:
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _what_changed(changes: dict[str, Any]) -> str:
    parts = []
    for field, change in changes.items():
        if f"{field}_name" in changes:  # an id beside its name in words ("lead" and "lead_name"): the name
            continue
        if field.endswith("_name") and field[:-5] in changes:
            field = field[:-5]
        if isinstance(change, list) and len(change) == 2:
            parts.append(f"{field.replace('_', ' ')} {_value(change[0])} → {_value(change[1])}")
        else:  # an action that records what it set rather than before and after
            parts.append(f"{field.replace('_', ' ')}: {_value(change)}")
    return ", ".join(parts)


def describe_since(obj: models.Model, seen: str, what: str) -> str:
    """Who changed the record since version `seen`, when, and what."""
    try:
        since = int(seen.rpartition("|")[2] or 0)
    except ValueError:
        since = 0
    lines = []
    for event in _changes_of(obj).filter(id__gt=since).order_by("id")[:5]:
        at = timezone.localtime(event.at)
        changed = _what_changed(event.changes or {})
        lines.append(f"{event.actor_name or 'Someone'} changed this {what} at {at:%H:%M on %-d %b}"
                     + (f": {changed}" if changed else ""))
    return "; ".join(lines) or f"Someone else changed this {what} after you opened it"


def refuse_stale(obj: models.Model, seen: str | None, *, what: str) -> None:
    """Raise StaleVersion when the record (freshly read, locked) is newer than the page's version."""
    if seen is None:
        return
    current = version_of(obj)
    if seen == current:
        return
    raise StaleVersion(
        f"{describe_since(obj, seen, what)}. Your changes are below and were not saved: check them against "
        f"the record as it is now, then save again to keep yours.", current)
