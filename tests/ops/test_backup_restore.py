"""Backup and restore, end to end through the commands a trust's technician runs, in their own processes:
SQLite to SQLite, PostgreSQL to PostgreSQL, and SQLite to PostgreSQL (a school outgrowing the default).
Each proves every table's full contents (by primary key) and every uploaded file identical.

The PostgreSQL legs need a server: the one DATABASE_URL names when the suite runs on PostgreSQL,
otherwise 127.0.0.1:5432 (user postgres), as CI has. They create and drop databases of their own
(pw_backup_*). A machine with no PostgreSQL at all must say so with PATHWAYS_TEST_NO_POSTGRES=1:
then those legs are skipped, with that reason shown; otherwise an unreachable server fails them.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.ops.small_world import ATTACHMENT_BYTES

ROOT = Path(__file__).resolve().parents[2]


def pathways(args: list[str], *, db: str, var: Path | None = None, expect: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": db, "PATHWAYS_LOCAL": "1", "DJANGO_SETTINGS_MODULE": "pathways.settings_test",
           "PATHWAYS_VAR_DIR": str(var or Path("/nonexistent-var"))}
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == expect, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def contents(db: str, out: Path) -> dict[str, Any]:
    pathways(["tests.ops.small_world", "contents", str(out)], db=db)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def files_under(var: Path) -> dict[str, bytes]:
    root = var / "uploads"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_identical(got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert sorted(got) == sorted(expected)
    for table in expected:
        assert got[table] == expected[table], f"table {table} differs"


# ---------------------------------------------------------------- PostgreSQL


def _server() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        info = psycopg.conninfo.conninfo_to_dict(url)
        return {k: v for k, v in info.items() if k in {"host", "port", "user", "password"}}
    return {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


@pytest.fixture(scope="module")
def postgres() -> Iterator[Callable[[str], str]]:
    """make(role) -> the URL of a new, empty database pw_backup_<role>_<random>; all dropped afterwards."""
    server = _server()
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server)
    except psycopg.OperationalError as exc:
        if os.environ.get("PATHWAYS_TEST_NO_POSTGRES") == "1":
            pytest.skip("PATHWAYS_TEST_NO_POSTGRES=1: this machine has no PostgreSQL")
        pytest.fail(f"The backup tests need PostgreSQL at {server['host']}:{server['port']} and cannot reach it "
                    f"({exc}). Start it, or set PATHWAYS_TEST_NO_POSTGRES=1 on a machine that has none.")
    made: list[str] = []

    def make(role: str) -> str:
        name = f"pw_backup_{role}_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        auth = server["user"] + (f":{server['password']}" if server.get("password") else "")
        return f"postgresql://{auth}@{server['host']}:{server['port']}/{name}"

    yield make
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def table_names(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


# ---------------------------------------------------------------- the source: a small school on SQLite


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("sqlite-source")
    db, var = f"sqlite:///{work}/source.sqlite3", work / "var"
    pathways(["tests.ops.small_world", "build"], db=db, var=var)
    archive = work / "backup.tar.gz"
    pathways(["pathways", "backup", str(archive)], db=db, var=var)
    return {"work": work, "db": db, "var": var, "archive": archive,
            "contents": contents(db, work / "source.json"), "files": files_under(var)}


def test_the_archive_holds_the_database_the_files_and_a_manifest_of_them(sqlite_source: dict[str, Any]) -> None:
    with tarfile.open(sqlite_source["archive"]) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
    (attachment,) = sqlite_source["files"]
    assert "Zoës" in attachment and sqlite_source["files"][attachment] == ATTACHMENT_BYTES
    assert sorted(names) == sorted(["manifest.json", "database.sqlite3", f"files/{attachment}"])
    assert manifest["engine"] == "sqlite" and manifest["pathways_version"]
    assert "today.0002_stamp_triggers" in manifest["migrations"]
    assert manifest["tables"]["pupils_pupil"] == 2 and manifest["tables"]["arrangements_event"] == 2
    assert {k: len(rows) for k, rows in sqlite_source["contents"].items()} == manifest["tables"]
    assert len(manifest["files"][attachment]["sha256"]) == 64 and len(manifest["database"]["sha256"]) == 64


def test_a_sqlite_backup_restores_into_sqlite_identical(sqlite_source: dict[str, Any], tmp_path: Path) -> None:
    db, var = f"sqlite:///{tmp_path}/restored.sqlite3", tmp_path / "var"
    done = pathways(["pathways", "restore", str(sqlite_source["archive"])], db=db, var=var)
    assert "Restored and checked" in done.stdout and "pupils_pupil: 2 rows" in done.stderr
    assert_identical(contents(db, tmp_path / "restored.json"), sqlite_source["contents"])
    assert files_under(var) == sqlite_source["files"]


def test_a_sqlite_backup_restores_into_postgresql_identical_stamps_included(
    sqlite_source: dict[str, Any], postgres: Callable[[str], str], tmp_path: Path,
) -> None:
    db, var = postgres("from_sqlite"), tmp_path / "var"
    done = pathways(["pathways", "restore", str(sqlite_source["archive"])], db=db, var=var)
    assert "(the backup's own)" in done.stderr  # the stamps the triggers raised during the copy were replaced
    restored = contents(db, tmp_path / "restored.json")
    assert_identical(restored, sqlite_source["contents"])
    assert files_under(var) == sqlite_source["files"]
    # the sequences were moved on: a new row gets a key after the copied ones
    with psycopg.connect(db) as conn:
        top = conn.execute("SELECT max(id) FROM pupils_pupil").fetchone()[0]
        assert conn.execute("SELECT nextval(pg_get_serial_sequence('pupils_pupil', 'id'))").fetchone()[0] > top


def test_a_postgresql_backup_restores_into_postgresql_identical(
    postgres: Callable[[str], str], tmp_path: Path,
) -> None:
    source, var = postgres("source"), tmp_path / "source-var"
    pathways(["tests.ops.small_world", "build"], db=source, var=var)
    archive = tmp_path / "pg.tar.gz"
    pathways(["pathways", "backup", str(archive)], db=source, var=var)
    with tarfile.open(archive) as tar:
        assert "database.dump" in tar.getnames()
    target, target_var = postgres("target"), tmp_path / "target-var"
    pathways(["pathways", "restore", str(archive)], db=target, var=target_var)
    assert_identical(contents(target, tmp_path / "target.json"), contents(source, tmp_path / "source.json"))
    assert files_under(target_var) == files_under(var)
    refused = pathways(["pathways", "restore", str(archive)], db=f"sqlite:///{tmp_path}/t.sqlite3",
                       var=tmp_path / "v", expect=1)
    assert "restores into PostgreSQL only" in refused.stderr


def test_restore_refuses_a_database_in_use_and_changes_nothing(sqlite_source: dict[str, Any], tmp_path: Path) -> None:
    done = pathways(["pathways", "restore", str(sqlite_source["archive"])], db=sqlite_source["db"],
                    var=sqlite_source["var"], expect=1)
    assert "the target database is not empty" in done.stderr and "pupils_pupil (2 rows)" in done.stderr
    assert_identical(contents(sqlite_source["db"], tmp_path / "after.json"), sqlite_source["contents"])


def test_a_nul_character_is_refused_naming_table_row_and_column_before_postgresql_is_touched(
    sqlite_source: dict[str, Any], postgres: Callable[[str], str], tmp_path: Path,
) -> None:
    copy = tmp_path / "with-nul.sqlite3"
    with sqlite3.connect(sqlite_source["work"] / "source.sqlite3") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as db:
        (pupil_id,) = db.execute("SELECT id FROM pupils_pupil WHERE first_name = 'Amélie'").fetchone()
        db.execute("UPDATE pupils_pupil SET last_name = 'D''Ar' || char(0) || 'cy' WHERE id = ?", (pupil_id,))
    archive = tmp_path / "with-nul.tar.gz"
    pathways(["pathways", "backup", str(archive)], db=f"sqlite:///{copy}", var=sqlite_source["var"])
    target = postgres("nul")
    done = pathways(["pathways", "restore", str(archive)], db=target, var=tmp_path / "var", expect=1)
    assert f"table pupils_pupil, row {pupil_id}, column last_name" in done.stderr
    assert "Nothing was written" in done.stderr
    assert table_names(target) == []  # not even migrated
    assert not (tmp_path / "var" / "uploads" / "chronology").exists()


def test_a_damaged_archive_is_refused(sqlite_source: dict[str, Any], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(sqlite_source["archive"]) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("files/"):
                data = data.replace(b"%%EOF", b"%%EOX")
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    done = pathways(["pathways", "restore", str(damaged)], db=f"sqlite:///{tmp_path}/t.sqlite3", var=tmp_path / "v",
                    expect=1)
    assert "does not match its checksum" in done.stderr
    assert not (tmp_path / "v" / "uploads" / "chronology").exists()


def test_the_archive_is_readable_by_its_owner_only(sqlite_source: dict[str, Any]) -> None:
    assert stat.S_IMODE(sqlite_source["archive"].stat().st_mode) == 0o600


@pytest.mark.django_db
def test_the_archive_is_0600_from_its_temporary_file_on_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """Never a moment when another account on the server could open it: the temporary file is 0600
    before the rename, and a loose umask does not widen it."""
    from pathways.ops import backup

    settings.MEDIA_ROOT = str(tmp_path / "media")
    seen: list[int] = []
    real_move = backup.shutil.move

    def move(src: Any, dst: Any) -> Any:
        seen.append(stat.S_IMODE(os.stat(src).st_mode))
        return real_move(src, dst)

    monkeypatch.setattr(backup.shutil, "move", move)
    dest = tmp_path / "backup.tar.gz"
    dest.write_bytes(b"an older archive, 0644")
    dest.chmod(0o644)
    old = os.umask(0)
    try:
        backup.take_backup(dest)
    finally:
        os.umask(old)
    assert seen == [0o600]
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with tarfile.open(dest) as archive:
        assert "manifest.json" in archive.getnames()


def test_a_sqlite_database_held_by_another_process_fails_the_backup_within_the_busy_timeout(tmp_path: Path) -> None:
    """SQLite's backup API answers SQLITE_BUSY while another connection holds the database, and Python
    retries that for ever: the backup gives up after the busy timeout, saying why, and writes nothing."""
    import time
    from types import SimpleNamespace

    from pathways.ops import backup

    path = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("CREATE TABLE t (a)")
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    source = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    connection = SimpleNamespace(connection=source, settings_dict={"OPTIONS": {"timeout": 1}})
    started = time.monotonic()
    try:
        with pytest.raises(backup.BackupError, match="stayed locked for 1 seconds"):
            backup._copy_sqlite(connection, tmp_path / "copy.sqlite3")
    finally:
        source.close()
        holder.close()
    assert time.monotonic() - started < 30
