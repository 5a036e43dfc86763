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
import cProfile
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import _db  # noqa: E402


def child(pupils: int, profile: str) -> int:
    from django.db import connection

    from pathways.audit.models import AuditEvent
    from pathways.pupils.models import Pupil, PupilContact
    from pathways.roster.run import import_roster
    from pathways.schools.actions import do_create_school, do_create_trust
    from tests.roster.files import ctf, pupil

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
    # A month later: one pupil in 50 gone (left), as many joined, one in 20 moved house.
    later = [dict(r, street="New Road", paon=str(n)) if n % 20 == 10 else r
             for n, r in enumerate(changed, start=1) if n % 50 != 25]
    joined = pupils // 50
    later += [pupil(n, contacts=_contacts(n)) for n in range(pupils + 1, pupils + joined + 1)]
    data_later = ctf(later)
    # September: every pupil on the roll a year up.
    data_september = ctf([dict(r, year=str(int(r["year"]) + 1)) for r in later])
    vendor = connection.vendor
    print(f"[{vendor}] {pupils:,} pupils, {len(data) / 1e6:.1f} MB CTF", flush=True)
    events0 = AuditEvent.objects.count()
    for step, (label, body, expect) in enumerate((
        ("first import (every pupil created)", data, f"created {pupils}, updated 0, unchanged 0"),
        ("the same file again (every pupil unchanged)", data, f"created 0, updated 0, unchanged {pupils}"),
        ("a file with 5% changed", data_changed,
         f"created 0, updated {pupils // 20}, unchanged {pupils - pupils // 20}"),
        ("a month later (2% left, 2% joined, 5% moved house)", data_later,
         f"created {joined}, updated {pupils // 20}, unchanged {pupils - joined - pupils // 20}, left {joined}"),
        ("September (every pupil a year up)", data_september,
         f"created 0, updated {pupils}, unchanged 0, left 0"),
    ), start=1):
        statements = _Statements()
        profiler = cProfile.Profile() if profile else None
        with connection.execute_wrapper(statements):
            server = _ServerCPU()
            start, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            outcome = import_roster(body, school=school, actor="bench", source="bench")
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            server_cpu = server.seconds()
        assert outcome.summary.startswith(expect), outcome.summary
        print(f"[{vendor}] {label}: {seconds:.2f}s = {pupils / seconds:,.0f} pupils/s, this process's CPU "
              f"{cpu:.2f}s{server_cpu}, {statements.calls} statements through Django ({statements.rows:,} rows of "
              f"parameters; a COPY is not counted), "
              f"load average {os.getloadavg()[0]:.1f} ({outcome.summary})", flush=True)
        if profiler:
            path = Path(profile) / f"roster_{vendor}_{step}.prof"
            profiler.dump_stats(path)
            print(f"[{vendor}] profile written to {path}", flush=True)
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


class _ServerCPU:
    """On PostgreSQL on this machine, the CPU time of the server process serving this connection (from
    /proc), so that the work the database did is counted beside this process's; "" elsewhere."""

    def __init__(self) -> None:
        from django.db import connection

        self.path: Path | None = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                path = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            if path.exists():
                self.path = path
        self.start = self._ticks()

    def _ticks(self) -> int:
        if self.path is None:
            return 0
        fields = self.path.read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks

    def seconds(self) -> str:
        if self.path is None:
            return ""
        return f", the server's CPU {(self._ticks() - self.start) / os.sysconf('SC_CLK_TCK'):.2f}s"


class _Statements:
    """Counts the statements sent to the database (an executemany is one, its parameter rows counted)."""

    def __init__(self) -> None:
        self.calls = 0
        self.rows = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.calls += 1
        if many:
            params = list(params)
            self.rows += len(params)
        return execute(sql, params, many, context)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=25_000)
    parser.add_argument("--profile", metavar="DIR", default="",
                        help="write a cProfile of each import to DIR (slows the import: figures are not comparable)")
    _db.add_options(parser)
    args = parser.parse_args()
    if args.child:
        _db.setup_django()
        return child(args.pupils, args.profile)
    extra = ["--profile", str(Path(args.profile).resolve())] if args.profile else []
    return _db.run_per_database(__file__, args.db, ["--pupils", str(args.pupils), *extra])


if __name__ == "__main__":
    sys.exit(main())
