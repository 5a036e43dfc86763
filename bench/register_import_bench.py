"""Import 1,000,000 register marks from an MIS CSV into PostgreSQL and SQLite, beside a raw load.

    .venv/bin/python bench/register_import_bench.py                       # both databases, 1,000,000 rows
    .venv/bin/python bench/register_import_bench.py --db sqlite --rows 200000
    PG_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/register_import_bench.py --db postgresql

For each database, in a fresh process: a throwaway database (PostgreSQL: a new database on the
server of PG_URL, created and dropped; SQLite: a temporary file), migrated; one school with its
calendar and enough pupils with UPNs for the rows (a few on a part-time timetable, so the policy
engine judges their rows); a deterministic CSV (seed 2025) of every school day's two sessions for
every pupil. Then, timed, in the same run on the same empty table:

- raw load: the same rows, already resolved to pupil ids, by COPY (PostgreSQL) or executemany (SQLite);
- the import: pathways.register.mis.run_import, the path the import page runs: every row checked
  (the engine for pupils on an arrangement) and written (on PostgreSQL by COPY in the same
  transaction while the check goes on; on SQLite the check, then executemany);
- the same file imported again: every session already marked, so every row an update.

It prints rows per second for each. Not a test: nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import _db  # noqa: E402

SEED = 2025
ON_ARRANGEMENTS = 5
CODES = ["/"] * 70 + ["L"] * 4 + ["I"] * 6 + ["M"] * 3 + ["N"] * 3 + ["O"] * 2 + ["G"] * 2 + ["B"] * 2 + ["V"] * 2


def _upn(n: int) -> str:
    from pathways.policy.upn import check_letter

    digits = f"{n:012d}"
    letter = check_letter("A" + digits)
    assert letter is not None
    return letter + digits


def _school_days(school: Any) -> list[dt.date]:
    from pathways.schools.models import Closure, HalfTerm

    closed = set(Closure.objects.filter(school=school).values_list("date", flat=True))
    days: list[dt.date] = []
    for half in HalfTerm.objects.filter(school=school, start__gte=dt.date(2025, 9, 1),
                                        end__lte=dt.date(2026, 8, 31)).order_by("start"):
        day = half.start
        while day <= half.end:
            if day.weekday() < 5 and day not in closed:
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def _setup(rows: int) -> tuple[Any, bytes, list[tuple[Any, ...]]]:
    """The school, the CSV, and the same rows resolved for the raw load."""
    from pathways.arrangements.actions import do_create_arrangement
    from pathways.arrangements.models import Arrangement, Status
    from pathways.pupils.models import Pupil
    from pathways.schools.actions import do_create_school, do_create_trust

    trust = do_create_trust(name="Bench Trust", actor=None)
    school = do_create_school(actor=None, with_calendar_for=[2025, 2026], trust=trust, name="Bench Academy",
                              urn="149999", laestab="8009999", school_type="academy", phase="secondary",
                              local_authority="Northshire")
    days = _school_days(school)
    per_pupil = 2 * len(days)
    n_pupils = -(-rows // per_pupil)
    Pupil.objects.bulk_create(
        [Pupil(school=school, first_name=f"Pupil{n}", last_name="Bench", upn=_upn(n + 1),
               date_of_birth=dt.date(2012, 1 + n % 12, 1 + n % 28), year_group=8) for n in range(n_pupils)],
        batch_size=2_000,
    )
    pupils = list(Pupil.objects.filter(school=school).order_by("pk").values_list("pk", "upn"))
    weekly = {d: {"am": "school", "pm": "home"} for d in ("mon", "tue", "wed", "thu", "fri")}
    ptt = set()
    for pk, _ in pupils[:ON_ARRANGEMENTS]:
        a = do_create_arrangement(pupil=Pupil.objects.get(pk=pk), actor=None, kind="part_time_timetable",
                                  reason="mental_health", start=days[0], end=days[-1], slots=weekly)
        Arrangement.objects.filter(pk=a.pk).update(status=Status.ACTIVE)
        ptt.add(pk)
    rng = random.Random(SEED)
    lines = ["UPN,Date,Session,Code,Comment,MinutesLate"]
    raw: list[tuple[Any, ...]] = []
    count = 0
    for day in days:
        iso = day.isoformat()
        for pk, upn in pupils:
            for session in ("am", "pm"):
                if count == rows:
                    break
                count += 1
                if pk in ptt:
                    code = "/" if session == "am" else "C2"
                else:
                    code = rng.choice(CODES)
                    if code == "/" and session == "pm":
                        code = "\\"
                late = str(rng.randint(1, 25)) if code == "L" else ""
                comment = "bus late" if code == "L" else ""
                lines.append(f"{upn},{iso},{session.upper()},{code},{comment},{late}")
                raw.append((school.pk, pk, day, session, code, comment, int(late) if late else None))
    data = ("\n".join(lines) + "\n").encode()
    return school, data, raw


RAW_COLUMNS = ("school_id", "pupil_id", "date", "session", "code", "comment", "minutes_late", "expected",
               "absence_reason", "source", "recorded_at")


def _raw_load(raw: list[tuple[Any, ...]]) -> float:
    from django.db import connection, transaction
    from django.utils import timezone

    from pathways.attendance.models import Mark

    now = timezone.now()
    table = Mark._meta.db_table
    start = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(RAW_COLUMNS)}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in raw:
                    copy.write_row((*row, "school", "", "import", now))
        else:
            marks = ", ".join(["%s"] * len(RAW_COLUMNS))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(RAW_COLUMNS)}) VALUES ({marks})",
                                   [(*row, "school", "", "import", now) for row in raw])
    return time.perf_counter() - start


def _empty_marks() -> None:
    from django.db import connection

    from pathways.attendance.models import Mark

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CASCADE: follow-ups hang off marks (there are none in the benchmark, but the key is there)
            cursor.execute(f"TRUNCATE {Mark._meta.db_table} CASCADE")
        else:
            cursor.execute(f"DELETE FROM {Mark._meta.db_table}")


def child(rows: int) -> None:
    from django.db import connection

    from pathways.attendance.models import Mark, MarkImport
    from pathways.register import mis

    t0 = time.perf_counter()
    school, data, raw = _setup(rows)
    vendor = connection.vendor
    print(f"[{vendor}] set up {len(raw):,} rows ({len(data) / 1e6:.1f} MB CSV, "
          f"{len({r[1] for r in raw}):,} pupils, {ON_ARRANGEMENTS} on a part-time timetable) "
          f"in {time.perf_counter() - t0:.1f}s", flush=True)

    raw_seconds = _raw_load(raw)
    assert Mark.objects.count() == len(raw)
    _empty_marks()
    del raw

    mark_import = MarkImport.objects.create(school=school, filename="bench.csv", mode="all")
    start = time.perf_counter()
    done = mis.run_import(mark_import, data, None)
    end = time.perf_counter()
    total = done.rows_total
    assert done.status == MarkImport.Status.DONE, done.error
    assert not done.rejected, done.rejected[:5]
    assert done.created == total and done.updated == 0 and Mark.objects.count() == total
    print(f"[{vendor}] raw {'COPY' if vendor == 'postgresql' else 'executemany'}: {total:,} rows in "
          f"{raw_seconds:.2f}s = {total / raw_seconds:,.0f} rows/s", flush=True)
    print(f"[{vendor}] import (every row checked, then written): {total:,} rows in {end - start:.2f}s = "
          f"{total / (end - start):,.0f} rows/s, {100 * raw_seconds / (end - start):.0f}% of the raw load's speed",
          flush=True)

    # The check alone, for the record: on PostgreSQL the import overlaps it with the writing.
    start = time.perf_counter()
    checked = mis.validate(school, data)
    seconds = time.perf_counter() - start
    assert checked.total == total
    print(f"[{vendor}] of which the check alone: {seconds:.2f}s = {total / seconds:,.0f} rows/s", flush=True)

    # The same file again: every session is already marked, so every row is an update (a school that
    # imports the term's marks each week).
    again = MarkImport.objects.create(school=school, filename="bench.csv", mode="all")
    start = time.perf_counter()
    done = mis.run_import(again, data, None)
    seconds = time.perf_counter() - start
    assert done.status == MarkImport.Status.DONE, done.error
    assert done.created == 0 and done.updated == total and Mark.objects.count() == total
    print(f"[{vendor}] the same file imported again (every row an update): {total:,} rows in {seconds:.2f}s = "
          f"{total / seconds:,.0f} rows/s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    _db.add_options(parser)
    args = parser.parse_args()
    if args.child:
        _db.setup_django()
        child(args.rows)
        return 0
    return _db.run_per_database(__file__, args.db, ["--rows", str(args.rows)])


if __name__ == "__main__":
    sys.exit(main())
