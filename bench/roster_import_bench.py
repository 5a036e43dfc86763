"""Roster import: 25,000 pupils with their contacts from a CTF, through the path the command and the upload
page run (read, check, plan, write in bulk with one audit row per change).

    .venv/bin/python bench/roster_import_bench.py                      # 25,000 pupils, PostgreSQL then SQLite
    .venv/bin/python bench/roster_import_bench.py --db sqlite --pupils 5000
    PG_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/roster_import_bench.py --db postgresql

For each database, in its own process, on a throwaway database (created, migrated and dropped), with one
school: the first import of the file (every pupil created), the same file again (every pupil unchanged),
then a file with 5% of the pupils changed (a new surname and a new phone for their first contact).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(pupils: int) -> int:
    import django

    os.environ.setdefault("PATHWAYS_LOCAL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pathways.audit.models import AuditEvent
    from pathways.pupils.models import Pupil, PupilContact
    from pathways.roster.run import import_roster
    from pathways.schools.actions import do_create_school, do_create_trust
    from tests.roster.files import ctf, pupil

    call_command("migrate", verbosity=0)
    trust = do_create_trust(name="Bench Trust", actor=None)
    school = do_create_school(actor=None, trust=trust, name="Bench Academy", urn="149998", laestab="8009998",
                              school_type="academy", phase="secondary", local_authority="Northshire")
    records = [pupil(n, contacts=_contacts(n), fsm=n % 5 == 0, sen="NKE"[n % 3]) for n in range(1, pupils + 1)]
    data = ctf(records)
    changed = [dict(r, surname=f"Changed{n}") if n % 20 == 0 else r for n, r in enumerate(records, start=1)]
    for n, r in enumerate(changed, start=1):
        if n % 20 == 0:
            r["contacts"] = [dict(r["contacts"][0], phone="07700 900999"), *r["contacts"][1:]]
    data_changed = ctf(changed)
    vendor = connection.vendor
    print(f"[{vendor}] {pupils:,} pupils, {len(data) / 1e6:.1f} MB CTF", flush=True)
    events0 = AuditEvent.objects.count()
    for label, body, expect in (
        ("first import (every pupil created)", data, f"created {pupils}, updated 0, unchanged 0"),
        ("the same file again (every pupil unchanged)", data, f"created 0, updated 0, unchanged {pupils}"),
        ("a file with 5% changed", data_changed,
         f"created 0, updated {pupils // 20}, unchanged {pupils - pupils // 20}"),
    ):
        start, cpu = time.perf_counter(), time.process_time()
        outcome = import_roster(body, school=school, actor="bench", source="bench")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert outcome.summary.startswith(expect), outcome.summary
        print(f"[{vendor}] {label}: {seconds:.2f}s = {pupils / seconds:,.0f} pupils/s, this process's CPU "
              f"{cpu:.2f}s, load average {os.getloadavg()[0]:.1f} ({outcome.summary})", flush=True)
    print(f"[{vendor}] rows: {Pupil.objects.count():,} pupils, {PupilContact.objects.count():,} contacts, "
          f"{AuditEvent.objects.count() - events0:,} audit rows", flush=True)
    return 0


def _contacts(n: int) -> list[dict[str, object]]:
    return [
        {"order": 1, "forename": "Jo", "surname": f"Pupil{n}", "rel": "PAM", "resp": "true",
         "phone": "07700 900001", "email": f"jo{n}@example.org"},
        {"order": 2, "forename": "Alex", "surname": f"Pupil{n}", "rel": "PAF", "resp": "true",
         "phone": "07700 900002", "email": ""},
    ]


def _run_child(url: str, pupils: int) -> int:
    env = dict(os.environ, DATABASE_URL=url, PATHWAYS_LOCAL="1")
    return subprocess.call([sys.executable, __file__, "--child", "--pupils", str(pupils)], env=env, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=25_000)
    parser.add_argument("--db", choices=("both", "postgresql", "sqlite"), default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.pupils)
    status = 0
    if args.db in ("both", "postgresql"):
        import psycopg

        server = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
        name = f"pathways_roster_bench_{os.getpid()}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        try:
            status |= _run_child(f"{server}/{name}", args.pupils)
        finally:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if args.db in ("both", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            status |= _run_child(f"sqlite:///{tmp}/bench.sqlite3", args.pupils)
    return status


if __name__ == "__main__":
    sys.exit(main())
