"""Writing the audit trail. Actions call `record` inside their own transaction; the pages that open a
child's safeguarding record call `record_read`, and the sign-in pages `record_sign_in`, each of which is
its own one-row transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from pathways.audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a row as JSON-ready values (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
        out[name] = _plain(value)
    return out


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    school: Any = None,
    changes: dict[str, Any] | None = None,
    label: str = "",
    kind: str = AuditEvent.Kind.CHANGE,
    pupil: Any = None,
) -> AuditEvent:
    """One audit row. Must run inside the transaction of the write it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor_obj else str(actor or "system"),
        school=school,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or str(obj))[:300] if obj is not None else label[:300],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        kind=kind,
        pupil_id=getattr(pupil, "pk", pupil),
    )


def record_read(actor: Any, what: str, obj: models.Model | None = None, *, school: Any,
                pupil: Any = None, label: str = "") -> AuditEvent:
    """One row saying that `actor` opened `what` (a record type in the school's words: "chronology",
    "risk assessment", "case-file export") of `obj`, about `pupil` where it names one child. Never the
    content: which record, whose, by whom and when. Its own transaction of one INSERT, so it takes no
    lock but the table's own (rows are only ever added) and commits before the page is sent."""
    with transaction.atomic():
        return record(actor=actor, action=f"opened {what}", obj=obj, school=school, label=label,
                      kind=AuditEvent.Kind.READ, pupil=pupil)


def record_reads(actor: Any, what: str, items: Iterable[tuple[models.Model, Any, Any, str]], *,
                 actor_name: str = "") -> int:
    """Read rows for a page or an answer that shows several children's records at once (the provider's
    attendance page, the provider API's placements and sessions): one row for each (obj, school, pupil,
    label), so that each child's "who has looked" view shows it. `actor` is a user, or None for an API
    token; `actor_name` says who in words ("Jo Bloggs (Sunrise Academy's staff)", "API token Our MIS
    (Sunrise Academy)"). One INSERT of all the rows in its own transaction, as `record_read`."""
    actor_obj = actor if getattr(actor, "pk", None) else None
    name = actor_name or ((actor.get_full_name() or actor.get_username()) if actor_obj else str(actor or "system"))
    rows = [
        AuditEvent(actor=actor_obj, actor_name=name[:300], school_id=getattr(school, "pk", school),
                   action=f"opened {what}"[:100],
                   object_type=obj._meta.label_lower, object_id=str(obj.pk), object_label=(label or str(obj))[:300],
                   kind=AuditEvent.Kind.READ, pupil_id=getattr(pupil, "pk", pupil))
        for obj, school, pupil, label in items
    ]
    if rows:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
    return len(rows)


def record_sign_in(action: str, *, actor: Any, account: Any = None, tried: str = "", school: Any = None,
                   address: str | None = None) -> AuditEvent:
    """A sign-in, a failed sign-in or a failed two-factor check. `actor` is the user once the password was
    right, else a description ("not signed in"); `account` the user whose account it was, where one exists;
    `tried` the user name typed on a failed sign-in (kept: an investigator needs to see which accounts were
    tried, existing or not). Never a password or a code."""
    details = {k: v for k, v in (("username", tried), ("address", address)) if v}
    with transaction.atomic():
        return record(actor=actor, action=action, obj=account, school=school, changes=details,
                      kind=AuditEvent.Kind.SIGN_IN,
                      label=account.get_username() if account is not None else tried[:300])
