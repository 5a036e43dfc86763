"""`python -m pathways backup FILE`: one archive holding the database, the uploaded files and a manifest.

The archive (a gzipped tar) holds:

- `manifest.json`: the Pathways version, the database engine (and server version), the migrations
  applied, each table's row count, and the SHA-256 of the database dump and of every file;
- `database.dump` (PostgreSQL: pg_dump's custom format) or `database.sqlite3` (SQLite: a copy made with
  SQLite's online backup API, consistent while Pathways keeps running; waiting at most
  DATABASE_BUSY_TIMEOUT seconds for a lock, then failing with a message saying so);
- `files/…`: every file under MEDIA_ROOT (the chronology's attachments), by its path there.

On PostgreSQL the row counts are taken in the same snapshot pg_dump dumps (pg_export_snapshot), so
they describe exactly what was dumped. The archive is written beside FILE and renamed into place
when complete: a failed backup never leaves a half-written FILE. It is readable and writable by its
owner only (mode 0600), from the moment the temporary file is created: it holds children's records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

import pathways
from pathways.ops import tables

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE_MODE = 0o600  # owner read and write only: the archive holds children's records
FILES = "files/"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup could not be taken; the message says why and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Every file under the uploads directory, by path relative to it (sorted)."""
    if not root.exists():
        return []
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def pg_environment(alias: str = "default") -> dict[str, str]:
    """The environment that points pg_dump, pg_restore and psql at the database of `alias`."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[var] = str(db["OPTIONS"][option])
    return env


def tool_major(tool: str) -> int:
    """The major version of pg_dump or pg_restore on this machine (BackupError when it is missing)."""
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(f"{tool} is needed for a PostgreSQL database and could not be run ({exc}): "
                          "install the PostgreSQL client tools (Debian: postgresql-client)") from None
    found = re.search(r"\)\s+(\d+)", out)  # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    if not found:
        raise BackupError(f"cannot read the version of {tool} from {out.strip()!r}")
    return int(found.group(1))


def _dump_postgresql(dest: Path, alias: str) -> dict[str, Any]:
    connection = connections[alias]
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        server_major = raw.info.server_version // 10000
        client_major = tool_major("pg_dump")
        if client_major < server_major:
            raise BackupError(f"pg_dump {client_major} cannot dump a PostgreSQL {server_major} server: install "
                              f"pg_dump {server_major} or later (Debian: postgresql-client-{server_major})")
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            present = {row[0] for row in cursor.fetchall()}
            names = sorted(m._meta.db_table for m in tables.models_in_order() if m._meta.db_table in present)
            counts = tables.count_rows(cursor, names, connection.ops.quote_name)
            migrations: list[str] = []
            if tables.MIGRATIONS_TABLE in present:
                cursor.execute(f"SELECT app, name FROM {tables.MIGRATIONS_TABLE} ORDER BY app, name")
                migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
            done = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={dest}"], env=pg_environment(alias), capture_output=True, text=True)
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        raw.rollback()
    finally:
        raw.close()
    return {"server_version": f"{server_major}", "pg_dump_version": client_major, "tables": counts,
            "migrations": migrations}


def _copy_sqlite(connection: Any, dest: Path) -> None:
    """Copy the SQLite database behind Django's `connection` to the new file `dest`.

    Outside a transaction (the backup command): SQLite's online backup API, in one step, waiting at most
    the connection's busy timeout for a lock, then failing with BackupError (Python's own loop would
    retry SQLITE_BUSY for ever). Inside a transaction on this connection (a caller's atomic block, which
    begins IMMEDIATE and so holds the write lock): the backup API answers SQLITE_BUSY to every step
    while its source is in a write transaction, a wait on itself that can never end, so the database
    is copied as this connection sees it, through sqlite3_serialize (the whole database in memory).
    """
    raw: sqlite3.Connection = connection.connection
    if raw.in_transaction:
        dest.write_bytes(raw.serialize())
        return
    limit = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    started = time.monotonic()

    def waited(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() - started > limit:
            raise BackupError(f"the SQLite database stayed locked for {limit:g} seconds (DATABASE_BUSY_TIMEOUT), "
                              "so no consistent copy could be read: another process holds it; try again when "
                              "it is idle")

    target = sqlite3.connect(dest)
    try:
        raw.backup(target, progress=waited)
    finally:
        target.close()


def _dump_sqlite(dest: Path, alias: str) -> dict[str, Any]:
    connection = connections[alias]
    try:
        connection.ensure_connection()  # its init_command waits at most the busy timeout for a lock
    except DatabaseError as exc:
        raise BackupError(f"could not open the SQLite database {connection.settings_dict['NAME']} ({exc}): "
                          "another process holds it; try again when it is idle") from None
    _copy_sqlite(connection, dest)
    target = sqlite3.connect(dest)
    try:
        # The copy carries the source's WAL mode; the archived file must stand alone, without a -wal file.
        target.execute("PRAGMA journal_mode = DELETE")
        counts: dict[str, int] = {}
        present = {r[0] for r in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for model in tables.models_in_order():
            table = model._meta.db_table
            if table in present:
                counts[table] = target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        migrations = [f"{a}.{n}" for a, n in target.execute(
            f"SELECT app, name FROM {tables.MIGRATIONS_TABLE} ORDER BY app, name")] \
            if tables.MIGRATIONS_TABLE in present else []
        version = target.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        target.close()
    return {"server_version": version, "tables": dict(sorted(counts.items())), "migrations": migrations}


def take_backup(dest: Path, *, alias: str = "default", progress: Progress = lambda line: None) -> dict[str, Any]:
    """Write the archive to `dest` and return its manifest."""
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Pathways backs up PostgreSQL and SQLite databases, not {vendor}")
    dest = dest.resolve()
    if not dest.parent.is_dir():
        raise BackupError(f"{dest.parent} is not a directory")
    media = Path(settings.MEDIA_ROOT).resolve()
    if dest.is_relative_to(media):
        raise BackupError(f"write the backup outside the uploads directory ({media}): it would back itself up")
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".pathways-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        progress(f"Dumping the {vendor} database")
        state = (_dump_postgresql if vendor == "postgresql" else _dump_sqlite)(dump, alias)
        for table, n in state["tables"].items():
            progress(f"  {table}: {n} rows")
        files = media_files(media)
        progress(f"Reading {len(files)} uploaded files from {media}")
        manifest = {
            "format": FORMAT,
            "pathways_version": pathways.__version__,
            "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": vendor,
            **{k: v for k, v in state.items() if k not in ("tables", "migrations")},
            "migrations": state["migrations"],
            "tables": state["tables"],
            "database": {"name": dump.name, "sha256": sha256_of(dump), "bytes": dump.stat().st_size},
            "files": {p.as_posix(): {"sha256": sha256_of(media / p), "bytes": (media / p).stat().st_size}
                      for p in files},
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = Path(work) / "archive.partial"
        # The archive holds children's records: readable by its owner only (0600), from its creation,
        # whatever the umask (the mode survives the rename).
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE), "wb") as raw, \
                tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for p in files:
                archive.add(media / p, arcname=FILES + p.as_posix())
        os.chmod(partial, ARCHIVE_MODE)
        shutil.move(partial, dest)
    progress(f"Wrote {dest}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
             f"{len(files)} files")
    return manifest
