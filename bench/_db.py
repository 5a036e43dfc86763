"""The benchmarks' databases, set up one way for all of them.

Each benchmark runs once per database, each run in its own process (a fresh Django, a fresh connection):
`run_per_database` makes the database (PostgreSQL: a new database on the server of PG_URL, or a named one
kept for `--reuse`; SQLite: a temporary file, or a named one), runs the script again with `--child` and
DATABASE_URL naming it, and drops a throwaway database afterwards. In the child, `setup_django` sets Django
up on that database and migrates it.

    parser = argparse.ArgumentParser(...)
    _db.add_options(parser)                  # --db both|postgresql|sqlite, and the hidden --child
    ...
    if args.child:
        _db.setup_django()
        return child(...)
    return _db.run_per_database(__file__, args.db, ["--pupils", str(args.pupils)])
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432"


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", choices=("both", "postgresql", "sqlite"), default="both",
                        help="the databases to run on, PostgreSQL first (default: both)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)


def pg_server() -> str:
    """The PostgreSQL server (PG_URL, without a database name)."""
    return os.environ.get("PG_URL", DEFAULT_PG_URL).rstrip("/")


def setup_django(migrate: bool = True) -> str:
    """Django set up on DATABASE_URL (the project's settings, PATHWAYS_LOCAL), migrated; the database's vendor."""
    os.environ.setdefault("PATHWAYS_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if migrate:
        call_command("migrate", verbosity=0)
    return connection.vendor


def run_child(script: str, url: str, args: list[str]) -> int:
    """`script --child ARGS` in a new process on the database at `url`; its exit status."""
    env = dict(os.environ, DATABASE_URL=url, PATHWAYS_LOCAL="1")
    return subprocess.call([sys.executable, script, "--child", *args], env=env, cwd=ROOT)


def run_per_database(script: str, db: str, args: list[str], *, name: str | None = None,
                     reuse: bool = False) -> int:
    """Run `script --child ARGS` on PostgreSQL then SQLite (as `db` says: both, postgresql or sqlite).

    Without `name`, each database is a throwaway: a new PostgreSQL database named after this process,
    dropped at the end, and a SQLite file in a temporary directory. With `name`, the PostgreSQL database
    of that name and /tmp/NAME.sqlite3, made again unless `reuse` (then kept if they exist, and the child
    is told to look for what it made before). Returns the children's exit statuses or-ed together."""
    status = 0
    if db in ("both", "postgresql"):
        status |= _on_postgresql(script, args, name, reuse)
    if db in ("both", "sqlite"):
        if name is None:
            with tempfile.TemporaryDirectory() as tmp:
                status |= run_child(script, f"sqlite:///{tmp}/bench.sqlite3", args)
        else:
            path = Path("/tmp") / f"{name}.sqlite3"
            if not reuse:
                path.unlink(missing_ok=True)
            status |= run_child(script, f"sqlite:///{path}", args)
    return status


def _on_postgresql(script: str, args: list[str], name: str | None, reuse: bool) -> int:
    import psycopg

    server = pg_server()
    throwaway = name is None
    dbname = name or f"pathways_{Path(script).stem}_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {dbname} WITH (FORCE)")
        if not exists or not reuse:
            conn.execute(f"CREATE DATABASE {dbname}")
    try:
        return run_child(script, f"{server}/{dbname}", args)
    finally:
        if throwaway:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
