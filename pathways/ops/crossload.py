"""A SQLite backup restored into PostgreSQL: the path for a school that outgrows the default database.

The backed-up SQLite file is opened as a second database, the empty PostgreSQL target is migrated, and
every table's rows are copied in one transaction, in the order that writes each row after those it
refers to (PostgreSQL checks Django's foreign keys at commit, so cycles are harmless), primary keys
kept. Then the sequences are moved past the copied keys (what `sqlsequencereset` prints).

Text holding the NUL character (\\x00) cannot be stored by PostgreSQL. Every text and JSON value is
checked first, and if any holds one the restore is refused before anything is written, naming the
table, the row and the column: a school's records are evidence, so Pathways never alters one on its
own initiative, not even by a character; the value is corrected in Pathways (on SQLite) and a new
backup taken.

The stamps Today's findings are kept under (pathways/today/models.py) are raised by triggers whenever
register marks and chronology events are written, so copying marks and events raises them in the
target. They are emptied after the copy and the backup's own stamps written in their place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Model

from pathways.ops import tables

SOURCE = "pathways_backup_source"
BATCH = 2000
# Written by the triggers of migration today/0002: copied last, over what the copy raised.
TRIGGER_WRITTEN = frozenset({"today_registerstamp", "today_chronologystamp"})

Progress = Callable[[str], None]


class NulCharacters(Exception):
    """Values PostgreSQL cannot store; `found` lists (table, primary key, column)."""

    def __init__(self, found: list[tuple[str, Any, str]]):
        self.found = found
        lines = "\n".join(f"  table {t}, row {pk}, column {c}" for t, pk, c in found)
        super().__init__(
            "PostgreSQL cannot store text holding the NUL character (\\x00), and these values hold one:\n"
            f"{lines}\nNothing was written. Correct these values in Pathways on the SQLite database, take "
            "a new backup and restore that."
        )


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _text_columns(model: type[Model]) -> tuple[list[str], list[str]]:
    text, json_ = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.JSONField):
            json_.append(field.column)
        elif field.get_internal_type() in {"CharField", "TextField", "EmailField", "SlugField", "FileField",
                                           "ImageField", "FilePathField", "URLField", "GenericIPAddressField"}:
            text.append(field.column)
    return text, json_


def find_nul_characters(sqlite_path: Path) -> list[tuple[str, Any, str]]:
    """Every (table, primary key, column) of the SQLite file whose text holds a NUL character."""
    import sqlite3

    found: list[tuple[str, Any, str]] = []
    db = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for model in tables.models_in_order():
            table, pk = model._meta.db_table, model._meta.pk.column
            if table not in present:
                continue
            text, json_ = _text_columns(model)
            for column in text:
                for (key,) in db.execute(f'SELECT "{pk}" FROM "{table}" WHERE instr("{column}", char(0)) > 0 '
                                         f'ORDER BY "{pk}"'):
                    found.append((table, key, column))
            for column in json_:
                # json.dumps writes the character as the escape \u0000: find those, then read them to be sure.
                for key, raw in db.execute(f'SELECT "{pk}", "{column}" FROM "{table}" '
                                           f"WHERE instr(\"{column}\", '\\u0000') > 0 ORDER BY \"{pk}\""):
                    if _holds_nul(json.loads(raw)):
                        found.append((table, key, column))
    finally:
        db.close()
    return found


def open_source(sqlite_path: Path) -> None:
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path)}
    connections.settings[SOURCE] = connections.configure_settings(
        {"default": connections.settings["default"], SOURCE: config})[SOURCE]


def close_source() -> None:
    if SOURCE in connections.settings:
        connections[SOURCE].close()
        del connections[SOURCE]
        del connections.settings[SOURCE]


def _rows(model: type[Model], fields: list[Any], target: Any) -> Iterator[list[Any]]:
    names = [f.attname for f in fields]
    for row in model._base_manager.using(SOURCE).order_by("pk").values_list(*names).iterator(chunk_size=BATCH):
        yield [f.get_db_prep_save(v, connection=target) for f, v in zip(fields, row, strict=True)]


def _copy(model: type[Model], target: Any, cursor: Any) -> int:
    fields = list(model._meta.concrete_fields)
    quote = target.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    batch: list[list[Any]] = []
    n = 0
    for row in _rows(model, fields, target):
        batch.append(row)
        if len(batch) == BATCH:
            cursor.executemany(sql, batch)
            n, batch = n + len(batch), []
    if batch:
        cursor.executemany(sql, batch)
        n += len(batch)
    return n


def load_sqlite_into(sqlite_path: Path, *, alias: str = "default", progress: Progress = lambda line: None) -> None:
    """Copy every row of the SQLite file into the (empty) PostgreSQL database of `alias`, all or nothing.

    Raises NulCharacters before writing anything when a value cannot be stored."""
    found = find_nul_characters(sqlite_path)
    if found:
        raise NulCharacters(found)
    open_source(sqlite_path)
    try:
        if set(tables.migrations_applied(SOURCE)) != set(_code_migrations()):
            progress("Bringing the backup up to this version of Pathways (migrate)")
            call_command("migrate", database=SOURCE, verbosity=0, interactive=False)
        progress("Creating the tables (migrate)")
        call_command("migrate", database=alias, verbosity=0, interactive=False)
        target = connections[alias]
        ordered = [m for m in tables.models_in_order() if m._meta.db_table in tables.existing_tables(alias)]
        with transaction.atomic(using=alias), target.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # migrate wrote content types and permissions of its own numbering: the backup's replace them.
            cursor.execute("TRUNCATE " + ", ".join(target.ops.quote_name(m._meta.db_table) for m in ordered))
            for model in [m for m in ordered if m._meta.db_table not in TRIGGER_WRITTEN]:
                progress(f"  {model._meta.db_table}: {_copy(model, target, cursor)} rows")
            for model in [m for m in ordered if m._meta.db_table in TRIGGER_WRITTEN]:
                cursor.execute(f"DELETE FROM {target.ops.quote_name(model._meta.db_table)}")
                progress(f"  {model._meta.db_table}: {_copy(model, target, cursor)} rows (the backup's own)")
            for sql in target.ops.sequence_reset_sql(no_style(), ordered):
                cursor.execute(sql)
    finally:
        close_source()


def _code_migrations() -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [f"{app}.{name}" for app, name in loader.graph.nodes]
