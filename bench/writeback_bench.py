"""MIS write-back: 50,000 marks through the outbox to the local fake Wonde, through the real connector.

    .venv/bin/python bench/writeback_bench.py                    # 50,000 marks, PostgreSQL then SQLite
    .venv/bin/python bench/writeback_bench.py --db sqlite --marks 10000 --batch 500

For each database, in its own process, on a throwaway database: one school connected to the fake Wonde
(tests/writeback/fake_wonde.py, in a thread of the same process), its codes read and reviewed, 500
pupils with UPNs known to the fake, and `--marks` marks (500 pupils x school days x AM/PM) written in
bulk. Timed: queuing them all (queue_marks, as the register's actions do, in 5,000s), then sending
(send_due, as the worker's job does, until nothing is due): a read of the MIS's marks of each batch's
day, then one write request a batch. Then queuing the same marks again (nothing to send: never twice).
Each phase prints its wall time, the process's CPU time (the fake's thread included: it runs in this
process), the database queries (and, for the send, per batch) and the load average from /proc/loadavg.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Queries:
    """Counts the database queries run inside `with connection.execute_wrapper(counter)`."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import _db  # noqa: E402


def child(count: int, batch: int) -> int:
    from django.db import connection, transaction

    from pathways.attendance.models import Mark
    from pathways.pupils.models import Pupil
    from pathways.schools.actions import do_create_school, do_create_trust
    from pathways.writeback.models import OutboxItem
    from pathways.writeback.outbox import queue_marks, send_due
    from tests.writeback.fake_wonde import FakeWonde
    from tests.writeback.helpers import a_upn, connect

    vendor = connection.vendor
    trust = do_create_trust(name="Bench Trust", actor=None)
    school = do_create_school(actor=None, trust=trust, name="Bench Academy", urn="149997", laestab="8009997",
                              school_type="academy", phase="secondary", local_authority="Northshire")
    pupils = Pupil.objects.bulk_create([
        Pupil(school=school, first_name=f"P{n}", last_name="Bench", date_of_birth=dt.date(2012, 1, 1),
              year_group=9, upn=a_upn(10_000 + n)) for n in range(500)])
    pupils = list(Pupil.objects.filter(school=school).order_by("pk"))
    days: list[dt.date] = []
    day = dt.date(2025, 9, 8)
    while len(days) * 2 * len(pupils) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    rows = [Mark(school=school, pupil=p, date=d, session=s, code="B" if (p.pk + d.day) % 7 else "I")
            for d in days for s in ("am", "pm") for p in pupils][:count]
    Mark.objects.bulk_create(rows, batch_size=5000)
    marks = list(Mark.objects.filter(school=school).order_by("pk"))
    with FakeWonde(page_size=1000) as wonde:
        for n, p in enumerate(pupils):
            wonde.add_student(f"S{n}", p.upn)
        connect(school, wonde, batch=batch)
        print(f"[{vendor}] {len(marks):,} marks of {len(pupils)} pupils over {len(days)} days, "
              f"batches of {batch}", flush=True)
        print(f"[{vendor}] load average before (1, 5, 15 min): {loadavg()}", flush=True)
        counter = Queries()
        start, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter):
            for i in range(0, len(marks), 5000):
                with transaction.atomic():
                    queue_marks(marks[i:i + 5000], today=days[-1] + dt.timedelta(days=1))
        queued, queued_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"[{vendor}] queue: {queued:.2f}s wall, {queued_cpu:.2f}s CPU = {len(marks) / queued:,.0f} marks/s "
              f"({OutboxItem.objects.filter(school=school).count():,} items, {counter.count:,} queries); "
              f"load average {loadavg()}", flush=True)
        counter = Queries()
        start, cpu = time.perf_counter(), time.process_time()
        requests0 = len(wonde.requests)
        with connection.execute_wrapper(counter):
            sent = send_due(school)
        seconds, send_cpu = time.perf_counter() - start, time.process_time() - cpu
        requests = len(wonde.requests) - requests0
        in_mis = len(wonde.marks)
        writes = len(wonde.posts)
        print(f"[{vendor}] send: {seconds:.2f}s wall, {send_cpu:.2f}s CPU = {sent.matched / seconds:,.0f} marks/s; "
              f"{sent.matched:,} in the MIS, {sent.failed} failed, {sent.different} different; {requests:,} HTTP "
              f"requests ({writes} writes, {requests - writes} reads); {counter.count:,} queries "
              f"({counter.count / max(writes, 1):.1f} a batch); the fake holds {in_mis:,} marks; "
              f"load average {loadavg()}", flush=True)
        assert sent.matched == len(marks) == in_mis, (sent, in_mis)
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(marks), 5000):
            with transaction.atomic():
                queue_marks(marks[i:i + 5000])
        again = send_due(school)
        print(f"[{vendor}] the same marks again: {time.perf_counter() - start:.2f}s wall, "
              f"{time.process_time() - cpu:.2f}s CPU, {again.matched} sent (never twice), {len(wonde.posts)} "
              f"writes in all; load average {loadavg()}", flush=True)
        assert again.matched == 0
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--marks", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=200)
    _db.add_options(parser)
    args = parser.parse_args()
    if args.child:
        _db.setup_django()
        return child(args.marks, args.batch)
    return _db.run_per_database(__file__, args.db, ["--marks", str(args.marks), "--batch", str(args.batch)])


if __name__ == "__main__":
    sys.exit(main())
