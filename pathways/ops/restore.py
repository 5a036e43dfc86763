"""`python -m pathways restore FILE`: a backup restored into an empty database, then checked.

In order, stopping at the first problem with nothing written:

1. the archive is read into a staging directory and every file, and the database dump, checked
   against the SHA-256 the manifest gives (a damaged archive is refused);
2. the target is checked: it must hold no rows of a database in use (a new database, or one only
   `migrate` has run on), and no uploaded file of the same name with other contents;
3. the database is restored: PostgreSQL to PostgreSQL by pg_restore in one transaction; SQLite to
   SQLite by SQLite's backup API (one step, all or nothing); SQLite to PostgreSQL by copying every
   table (crossload.py); a PostgreSQL backup cannot be restored into SQLite;
4. the files are moved into MEDIA_ROOT;
5. the result is checked against the manifest: the row count of every table, the migrations, and the
   SHA-256 of every file as it now lies in MEDIA_ROOT. Any difference is reported (a non-zero exit).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections

from pathways.ops import tables
from pathways.ops.backup import DUMPS, FILES, FORMAT, MANIFEST, media_files, pg_environment, sha256_of, tool_major
from pathways.ops.crossload import NulCharacters, load_sqlite_into

Progress = Callable[[str], None]


class RestoreRefused(Exception):
    """Nothing was written; the message says why."""


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    mismatches: list[str] = field(default_factory=list)
    checked_tables: int = 0
    checked_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise RestoreRefused(f"the archive holds an unsafe path ({name!r}): it was not written by Pathways")
    return path


def _stage(archive_path: Path, stage: Path) -> dict[str, Any]:
    """Unpack into `stage` and check every checksum; return the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:*")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise RestoreRefused(f"{archive_path} is not a Pathways backup archive ({exc})") from None
    with archive:
        try:
            raw = archive.extractfile(MANIFEST)
        except KeyError:
            raw = None
        if raw is None:
            raise RestoreRefused(f"{archive_path} holds no {MANIFEST}: it is not a Pathways backup")
        manifest: dict[str, Any] = json.loads(raw.read().decode("utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("engine") not in DUMPS:
            raise RestoreRefused(f"{archive_path}: a backup format this version of Pathways does not read")
        expected = {DUMPS[manifest["engine"]]: manifest["database"]["sha256"]}
        expected.update({FILES + name: entry["sha256"] for name, entry in manifest["files"].items()})
        for member in archive:
            if member.name == MANIFEST:
                continue
            path = _member_path(member.name)
            if member.name not in expected or not member.isfile():
                raise RestoreRefused(f"the archive holds {member.name!r}, which its manifest does not list")
            out = stage / path
            out.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None
            with out.open("wb") as sink:
                shutil.copyfileobj(source, sink)
    for name, digest in expected.items():
        if not (stage / name).is_file():
            raise RestoreRefused(f"the archive is incomplete: {name} is missing")
        if sha256_of(stage / name) != digest:
            raise RestoreRefused(f"the archive is damaged: {name} does not match its checksum")
    return manifest


def _check_target(manifest: dict[str, Any], alias: str, media: Path) -> None:
    in_use = tables.rows_in_use(alias)
    if in_use:
        listed = ", ".join(f"{t} ({n} rows)" for t, n in sorted(in_use.items()))
        raise RestoreRefused(f"the target database is not empty: it holds {listed}. "
                             "Restore into a new, empty database.")
    vendor = connections[alias].vendor
    if (manifest["engine"], vendor) == ("postgresql", "sqlite"):
        raise RestoreRefused("this backup was taken on PostgreSQL and restores into PostgreSQL only "
                             "(set DATABASE_URL to an empty PostgreSQL database)")
    if vendor not in DUMPS:
        raise RestoreRefused(f"Pathways restores into PostgreSQL or SQLite, not {vendor}")
    from pathways.ops.crossload import _code_migrations

    unknown = sorted(set(manifest["migrations"]) - set(_code_migrations()))
    if unknown:
        raise RestoreRefused("this backup was taken by a newer version of Pathways (it has the migrations "
                             f"{', '.join(unknown[:5])}): restore it with that version or later")
    clashes = [name for name, entry in manifest["files"].items()
               if (media / name).exists() and sha256_of(media / name) != entry["sha256"]]
    if clashes:
        raise RestoreRefused(f"{media} already holds other files of the same names: {', '.join(clashes[:5])}")


def _restore_postgresql(dump: Path, manifest: dict[str, Any], alias: str) -> None:
    made_by = int(manifest.get("pg_dump_version", 0))
    have = tool_major("pg_restore")
    if have < made_by:
        raise RestoreRefused(f"this dump was made by pg_dump {made_by}: pg_restore {have} cannot read it; "
                             f"install pg_restore {made_by} or later")
    connections[alias].close()
    done = subprocess.run(
        ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--clean",
         "--if-exists", f"--dbname={connections[alias].settings_dict['NAME']}", str(dump)],
        env=pg_environment(alias), capture_output=True, text=True)
    if done.returncode != 0:
        raise RestoreRefused(f"pg_restore failed, and wrote nothing (one transaction): {done.stderr.strip()}")


def _restore_sqlite(copy: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)  # one step: the whole copy, or (on error) nothing
    finally:
        source.close()


def _place_files(stage: Path, media: Path, names: list[str]) -> None:
    for name in names:
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / FILES / name, target)


def _verify(manifest: dict[str, Any], alias: str, media: Path, report: RestoreReport, progress: Progress) -> None:
    counts = tables.table_counts(alias)
    for table, expected in sorted(manifest["tables"].items()):
        got = counts.get(table)
        report.checked_tables += 1
        if got != expected:
            report.mismatches.append(f"table {table}: {got if got is not None else 'missing'} rows, "
                                     f"the backup has {expected}")
        else:
            progress(f"  {table}: {got} rows, as in the backup")
    applied = set(tables.migrations_applied(alias))
    missing = sorted(set(manifest["migrations"]) - applied)
    if missing:
        report.mismatches.append(f"migrations not applied: {', '.join(missing)}")
    for name, entry in manifest["files"].items():
        report.checked_files += 1
        path = media / name
        if not path.is_file():
            report.mismatches.append(f"file {name}: missing")
        elif sha256_of(path) != entry["sha256"]:
            report.mismatches.append(f"file {name}: its contents differ from the backup's")


def restore_backup(archive: Path, *, alias: str = "default", progress: Progress = lambda line: None) -> RestoreReport:
    """Restore the archive into the empty database of `alias` and MEDIA_ROOT; RestoreRefused if it cannot."""
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent, prefix=".pathways-restore-") as work:
        stage = Path(work)
        progress(f"Reading {archive} and checking its checksums")
        manifest = _stage(archive, stage)
        progress(f"A {manifest['engine']} backup of Pathways {manifest['pathways_version']}, taken "
                 f"{manifest['taken_at']}: {len(manifest['tables'])} tables, {len(manifest['files'])} files")
        _check_target(manifest, alias, media)
        dump = stage / DUMPS[manifest["engine"]]
        vendor = connections[alias].vendor
        progress(f"Restoring the database into {vendor}")
        if manifest["engine"] == "postgresql":
            _restore_postgresql(dump, manifest, alias)
        elif vendor == "sqlite":
            _restore_sqlite(dump, alias)
        else:
            try:
                load_sqlite_into(dump, alias=alias, progress=progress)
            except NulCharacters as exc:
                raise RestoreRefused(str(exc)) from None
        progress(f"Restoring {len(manifest['files'])} files into {media}")
        _place_files(stage, media, sorted(manifest["files"]))
    report = RestoreReport(manifest)
    progress("Checking the result against the backup's manifest")
    _verify(manifest, alias, media, report, progress)
    extra = len(media_files(media)) - len(manifest["files"])
    if extra > 0:
        progress(f"  ({extra} files in {media} were there before and are not in the backup: left as they were)")
    return report
