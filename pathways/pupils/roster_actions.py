"""The roster import's writes, in bulk: pupils created, updated, marked as left or flagged as missing from
the MIS roster, and their contacts replaced, in one transaction with one audit row per change (written in
batches). The plan comes from pathways/roster/plan.py; this module only writes it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.record import _plain, record
from pathways.pupils.models import Pupil, PupilContact, RosterMapping
from pathways.schools.models import School
from pathways.schools.permissions import permission

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


class _Events:
    """The audit rows of one import: who and when worked out once, one row per change."""

    def __init__(self, actor: Any, school: School, source: str, now: dt.datetime) -> None:
        actor_obj = actor if getattr(actor, "pk", None) else None
        self.common = {
            "actor_id": actor_obj.pk if actor_obj else None,
            "actor_name": (actor.get_full_name() or actor.get_username()) if actor_obj else str(actor or "system"),
            "school_id": school.pk, "object_type": "pupils.pupil", "at": now,
        }
        self.source = source

    def __call__(self, action: str, pupil_id: int, label: str, changes: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.common, "action": action, "object_id": str(pupil_id), "object_label": label[:300],
            "pupil_id": pupil_id,
            "changes": {**{k: v if v is None or type(v) in _PLAIN else _plain(v) for k, v in changes.items()},
                        "source": self.source},
        }


_PLAIN = {str, int, bool, float}


def _json(ops: Any, encoder: Any, value: Any) -> Any:
    return ops.adapt_json_value(value, encoder)


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter that converts each distinct value once (the import's time on every row, the same dates
    of birth), for values that can be dictionary keys."""
    seen: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = out = convert(value)
            return out

    return converted


def bulk_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT the rows ({attname: value}, the model's defaults for the others): by COPY on PostgreSQL (one
    statement, rows streamed), by executemany in batches elsewhere. What bulk_create does, without building
    a model instance a row (a tenth of the time at 25,000 pupils)."""
    if not rows:
        return
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    postgresql = connection.vendor == "postgresql"
    convert: list[Callable[[Any], Any] | None] = []
    for f in fields:
        if isinstance(f, models.JSONField):
            convert.append(functools.partial(_json, ops, f.encoder))
        elif postgresql:  # COPY adapts dates and times itself
            convert.append(None)
        elif isinstance(f, models.DateTimeField):
            convert.append(_memo(ops.adapt_datetimefield_value))
        elif isinstance(f, models.DateField):
            convert.append(_memo(ops.adapt_datefield_value))
        else:
            convert.append(None)
    names = [f.attname for f in fields]
    table, qn = model._meta.db_table, ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)

    def values(row: dict[str, Any]) -> list[Any]:
        out = []
        for name, conv in zip(names, convert, strict=True):
            value = row[name] if name in row else defaults[name]
            out.append(conv(value) if conv is not None and value is not None else value)
        return out

    with connection.cursor() as cursor:
        if postgresql:
            with cursor.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        sql = f"INSERT INTO {qn(table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [values(row) for row in rows[start:start + BATCH]])


def bulk_update_rows(model: type[models.Model], objs: list[Any], names: list[str]) -> None:
    """UPDATE the named fields of each object: on PostgreSQL by COPY into a temporary table and one UPDATE
    from it (an UPDATE a row is a statement and a round trip each: 25,000 when September moves every pupil
    up a year); elsewhere by executemany, one statement for all (bulk_update's CASE expressions grow with
    the batch and cost far more at a thousand pupils)."""
    if not objs:
        return
    ops = connection.ops
    fields: list[Any] = [model._meta.get_field(n) for n in names]
    qn = ops.quote_name
    pk: Any = model._meta.pk
    table = qn(model._meta.db_table)
    if connection.vendor == "postgresql":
        changes = qn(f"{model._meta.db_table}_changes")
        types = ", ".join(f"{qn(f.column)} {f.db_type(connection)}" for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {changes}")
            cursor.execute(f"CREATE TEMPORARY TABLE {changes} ({types}, {qn(pk.column)} bigint) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {changes} FROM STDIN") as copy:
                for obj in objs:
                    copy.write_row([*(getattr(obj, f.attname) for f in fields), obj.pk])
            cursor.execute(
                f"UPDATE {table} AS t SET {', '.join(f'{qn(f.column)} = c.{qn(f.column)}' for f in fields)} "
                f"FROM {changes} AS c WHERE t.{qn(pk.column)} = c.{qn(pk.column)}")
            cursor.execute(f"DROP TABLE {changes}")
        return
    sql = f"UPDATE {table} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} WHERE {qn(pk.column)} = %s"
    rows = []
    for obj in objs:
        values = []
        for f in fields:
            value = getattr(obj, f.attname)
            if value is not None and isinstance(f, models.DateTimeField):
                value = ops.adapt_datetimefield_value(value)
            elif value is not None and isinstance(f, models.DateField):
                value = ops.adapt_datefield_value(value)
            values.append(value)
        rows.append([*values, obj.pk])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


@permission("import_roster")
@transaction.atomic
def do_apply_roster(*, school: School, plan: RosterPlan, on: dt.date, source: str, actor: Any,
                    progress: Callable[[int, int], None] | None = None) -> None:
    """Write the plan. `source` names the file in every audit row ("roster import: pupils.xml").
    `progress(done, total)` is told after each batch of pupils written (created, updated, left or flagged,
    with their contacts and audit rows)."""
    now = timezone.now()
    event = _Events(actor, school, source, now)
    total = len(plan.creates) + len(plan.updates) + len(plan.leavers) + len(plan.flagged)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    for start in range(0, len(plan.creates), BATCH):
        creates = plan.creates[start:start + BATCH]
        bulk_insert(Pupil, [{**fields, "school_id": school.pk, "created_at": now, "updated_at": now}
                            for fields, _ in creates])
        ids = dict(Pupil.objects.filter(school=school, upn__in=[f["upn"] for f, _ in creates])
                   .values_list("upn", "id"))
        contacts: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for fields, pupil_contacts in creates:
            pupil_id = ids[fields["upn"]]
            events.append(event("create pupil", pupil_id, f"{fields['first_name']} {fields['last_name']}",
                                dict(fields) | {"contacts": len(pupil_contacts)}))
            contacts += [{**c, "pupil_id": pupil_id} for c in pupil_contacts]
        bulk_insert(PupilContact, contacts)
        bulk_insert(AuditEvent, events)
        advance(len(creates))
    for start in range(0, len(plan.updates), BATCH):
        updates = plan.updates[start:start + BATCH]
        replaced = [p.pk for p, _, cs in updates if cs is not None]
        kept = _kept_restrictions(replaced)
        kept_rows = _restricted_rows(replaced)
        if replaced:
            PupilContact.objects.filter(pupil_id__in=replaced).delete()
        contacts, events = [], []
        for pupil, changes, new_contacts in updates:
            for c in new_contacts or []:
                restriction = kept.get((pupil.pk, c["name"].strip().lower()), ("", ""))
                contacts.append({**c, "pupil_id": pupil.pk, "restriction": restriction[0],
                                 "restriction_note": restriction[1]})
            if new_contacts is not None:
                contacts += _restricted_not_in_file(pupil.pk, new_contacts, kept_rows, changes, on)
            if changes:
                events.append(event("update pupil", pupil.pk, pupil.full_name, changes))
                pupil.updated_at = now
        bulk_update_rows(Pupil, [p for p, ch, _ in updates if ch], [*ROSTER_FIELDS, "updated_at"])
        bulk_insert(PupilContact, contacts)
        bulk_insert(AuditEvent, events)
        advance(len(updates))
    events = []
    for pupil in plan.leavers:
        before = pupil.left_on
        pupil.left_on, pupil.missing_from_roster_on, pupil.updated_at = on, None, now
        events.append(event("pupil left", pupil.pk, pupil.full_name, {"left_on": [before, on]}))
    for pupil in plan.flagged:
        pupil.missing_from_roster_on, pupil.updated_at = on, now
        events.append(event("pupil missing from roster", pupil.pk, pupil.full_name,
                            {"missing_from_roster_on": [None, on]}))
    bulk_update_rows(Pupil, plan.leavers + plan.flagged, [*ROSTER_FIELDS, "updated_at"])
    bulk_insert(AuditEvent, events)
    advance(len(plan.leavers) + len(plan.flagged))


def _restricted_rows(pupil_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The contacts with a restriction recorded in Pathways, as rows to write again, by pupil."""
    out: dict[int, list[dict[str, Any]]] = {}
    fields = [f.attname for f in PupilContact._meta.concrete_fields if not f.primary_key]
    for row in PupilContact.objects.filter(pupil_id__in=pupil_ids).exclude(restriction="").values(*fields):
        out.setdefault(row["pupil_id"], []).append(row)
    return out


def _restricted_not_in_file(pupil_id: int, new_contacts: list[dict[str, Any]],
                            kept_rows: dict[int, list[dict[str, Any]]], changes: dict[str, Any],
                            on: dt.date) -> list[dict[str, Any]]:
    """A contact under a restriction recorded in Pathways whom the file no longer lists is kept, after the
    file's contacts, and flagged as not in the MIS since `on` (the audit row names them): a "no contact" order
    must not vanish with an MIS record."""
    names = {c["name"].strip().lower() for c in new_contacts}
    last = max((c["priority"] for c in new_contacts), default=0)
    out = []
    for row in kept_rows.get(pupil_id, []):
        if row["name"].strip().lower() in names:
            continue
        last += 1
        out.append({**row, "priority": last, "not_in_mis_since": row["not_in_mis_since"] or on})
    if out and any(r["not_in_mis_since"] == on for r in out):
        changes["restricted_contacts_kept"] = [f"{r['name']} ({r['restriction']}): not in the MIS's file, kept"
                                               for r in out]
    return out


def _kept_restrictions(pupil_ids: list[int]) -> dict[tuple[int, str], tuple[str, str]]:
    """Restrictions recorded in Pathways (the MIS file carries none), kept by the contact's name."""
    rows = PupilContact.objects.filter(pupil_id__in=pupil_ids).exclude(restriction="", restriction_note="")
    return {(c.pupil_id, c.name.strip().lower()): (c.restriction, c.restriction_note) for c in rows}


@permission("import_roster")
@transaction.atomic
def do_save_roster_mapping(*, school: School, columns: dict[str, str], actor: Any) -> RosterMapping:
    """Save the school's column mapping for roster CSVs of another shape (an empty mapping removes it)."""
    mapping, _ = RosterMapping.objects.get_or_create(school=school)
    before = dict(mapping.columns)
    mapping.columns = {k: v for k, v in columns.items() if v}
    mapping.save()
    record(actor=actor, action="save roster column mapping", obj=mapping, school=school,
           changes={"columns": [before, mapping.columns]})
    return mapping
