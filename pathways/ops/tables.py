"""The tables Django manages, in an order that writes each row after the rows it refers to, with
their row counts and (for the round-trip tests) their full contents."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models import Model

# django_migrations is listed in the manifest as the migrations applied, not counted as a table.
MIGRATIONS_TABLE = "django_migrations"
# Rows `migrate` writes into a new database by itself: their presence does not make it a live one.
MADE_BY_MIGRATE = frozenset({"django_content_type", "auth_permission"})


def models_in_order() -> list[type[Model]]:
    """Every concrete table Django manages (many-to-many tables too), each after those it refers to."""
    found: dict[str, type[Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped and meta.db_table not in found:
            found[meta.db_table] = model
    ordered: list[type[Model]] = []
    placed: set[str] = set()

    def place(model: type[Model], path: tuple[str, ...]) -> None:
        table = model._meta.db_table
        if table in placed or table in path:  # a cycle: its keys are checked at commit (deferred)
            return
        for field in model._meta.concrete_fields:
            target = field.related_model if field.remote_field else None
            if isinstance(target, type) and target._meta.db_table in found and target is not model:
                place(found[target._meta.db_table], (*path, table))
        placed.add(table)
        ordered.append(model)

    for table in sorted(found):
        place(found[table], ())
    return ordered


def existing_tables(alias: str = "default") -> set[str]:
    with connections[alias].cursor() as cursor:
        return set(connections[alias].introspection.table_names(cursor))


def count_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows in each table Django manages that exists in the database."""
    present = existing_tables(alias)
    tables = [m._meta.db_table for m in models_in_order() if m._meta.db_table in present]
    with connections[alias].cursor() as cursor:
        return count_rows(cursor, sorted(tables), connections[alias].ops.quote_name)


def migrations_applied(alias: str = "default") -> list[str]:
    if MIGRATIONS_TABLE not in existing_tables(alias):
        return []
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE} ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def rows_in_use(alias: str = "default") -> dict[str, int]:
    """Tables holding rows that a database only has once it is in use (for refusing to restore over it)."""
    return {t: n for t, n in table_counts(alias).items() if n and t not in MADE_BY_MIGRATE}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def table_contents(alias: str = "default") -> dict[str, list[list[Any]]]:
    """Every row of every table, as Django reads it (so SQLite and PostgreSQL compare), by primary key."""
    present = existing_tables(alias)
    out: dict[str, list[list[Any]]] = {}
    for model in models_in_order():
        if model._meta.db_table not in present:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.using(alias).order_by("pk").values_list(*names)
        out[model._meta.db_table] = [[_plain(v) for v in row] for row in rows]
    return out
