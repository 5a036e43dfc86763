"""Server time of a school's Today page and of the trust dashboard, on a generated trust of 36 schools.

    .venv/bin/python bench/today_bench.py                          # PostgreSQL then SQLite, the full trust
    .venv/bin/python bench/today_bench.py --db sqlite --scale 0.1  # a tenth of the data
    .venv/bin/python bench/today_bench.py --db postgresql --reuse  # time again without generating again
    PG_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/today_bench.py --requests 50

For each database, in its own process: the database (PostgreSQL: `pathways_scale_bench` on the server of
PG_URL, dropped and made again unless --reuse finds it generated; SQLite: `/tmp/pathways_scale_bench.sqlite3`,
likewise) is migrated and filled by bench/generate_trust.py. Then, with the clock at the generated trust's
"now" (a Wednesday at 10:30), it times whole requests through Django's test Client in the same process
(URL routing, middleware with the session and two-factor checks, the view, the template; no network, no
web server): the Today page of the school with the most arrangements, as its headteacher, and the trust
dashboard, as the trust lead, each --warmup times untimed then --requests times timed. It prints the
median (p50) and 95th percentile (p95) of those server times, and of the CPU time the process spent
on them (the server time less the waits: for the database, and for the processor on a busy machine),
the queries of one request, the number of items shown and the load average. Targets: p95 <= 300 ms for
the school's Today page, <= 1 s for the dashboard.
Not a test: nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import _db  # noqa: E402

DB_NAME = "pathways_scale_bench"  # kept for --reuse: this database on PostgreSQL, /tmp/NAME.sqlite3 on SQLite


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _signed_in(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench phone", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _time(client: Any, url: str, warmup: int, requests: int,
          before: Any = None) -> tuple[list[float], list[float], int, str]:
    """Server times of `requests` requests after `warmup` untimed ones, `before()` run (untimed) before
    each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request's start empties the connection's log
    assert response.status_code == 200, response.status_code
    times, cpu = [], []
    for _ in range(requests):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200
    return times, cpu, queries, response.content.decode()


def _report(vendor: str, label: str, times: list[float], cpu: list[float], queries: int, shown: int,
            target: float | None, load: float) -> None:
    p50, p95 = statistics.median(times), _percentile(times, 0.95)
    verdict = f"; target p95 <= {target * 1000:.0f} ms: {'met' if p95 <= target else 'MISSED'}" if target else ""
    print(f"[{vendor}] {label}: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max "
          f"{max(times) * 1000:.0f} ms over {len(times)} requests ({queries} queries a request, {shown} rows"
          f" shown{verdict}); this process's CPU time p50 {statistics.median(cpu) * 1000:.0f} ms, p95 "
          f"{_percentile(cpu, 0.95) * 1000:.0f} ms; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores", flush=True)


def child(scale: float, warmup: int, requests: int, reuse: bool, cold: int, changes_n: int, freeze: bool) -> None:
    if freeze:  # started as the server starts: pathways.wsgi loads the URL conf and freezes what start-up made
        import pathways.wsgi  # noqa: F401
    import time_machine
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from bench.generate_trust import NOW, TODAY, generate
    from pathways.attendance.models import Mark
    from pathways.schools.models import School, StaffRole, Trust, TrustRole
    from pathways.today.models import Judgement

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    trust = Trust.objects.filter(name__startswith="Northshire Schools Partnership").first() if reuse else None
    if trust is None:
        start = time.perf_counter()
        got = generate(scale=scale)
        trust = got.trust
        print(f"[{vendor}] generated in {time.perf_counter() - start:.1f}s: "
              + ", ".join(f"{v:,} {k}" for k, v in got.counts.items()), flush=True)
    else:
        print(f"[{vendor}] reusing the generated trust {trust.name}", flush=True)
    now = timezone.make_aware(NOW)
    school = (School.objects.filter(trust=trust)
              .annotate(n=Count("arrangements", filter=Q(arrangements__status="active"))).order_by("-n", "id").first())
    assert school is not None
    head = StaffRole.objects.get(school=school, role="headteacher").user
    lead = TrustRole.objects.filter(trust=trust).first().user  # type: ignore[union-attr]
    # One change a request for "after a change": a register mark of a pupil of the school, changed as an
    # MIS import or the register would (the database raises the pupil's stamp), so that the next request
    # judges that arrangement again and keeps the rest.
    marked = (Mark.objects.filter(school=school, arrangement__status="active", date__lte=TODAY)
              .order_by("-date", "id").values_list("id", flat=True)[:1000])
    changes = iter(list(marked))

    def one_change() -> None:
        Mark.objects.filter(pk=next(changes)).update(comment=f"changed at {time.perf_counter()}")

    with time_machine.travel(now, tick=True):
        for label, user, url, target in (
            (f"school Today ({school.name}, {school.n} active arrangements), headteacher",  # type: ignore[attr-defined]
             head, reverse("today", args=(school.id,)), 0.300),
            (f"trust dashboard ({trust.schools.count()} schools), trust lead", lead,
             reverse("trust-today", args=(trust.id,)), 1.0),
        ):
            client = _signed_in(user)

            def forget() -> None:
                Judgement.objects.all().delete()

            for when, warm, n, before, goal in (
                ("nothing kept (the day's first request, or after an upgrade)", 0, cold, forget, None),
                ("findings kept", warmup, requests, None, target),
                ("one mark changed before each request", 1, changes_n, one_change, None),
            ):
                load = os.getloadavg()[0]
                times, cpu, queries, body = _time(client, url, warm, n, before)
                shown = body.count('data-testid="today-item"') or body.count('data-testid="trust-today-school"')
                _report(vendor, f"{label}, {when}", times, cpu, queries, shown, goal, load)
    print(f"[{vendor}] as of {TODAY:%a %-d %b %Y} {NOW:%H:%M}; start-up "
          + ("frozen (gc.freeze, pathways/wsgi.py)" if freeze else "not frozen (--no-freeze)"), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="of the full trust's data (0.1: a tenth)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--cold", type=int, default=3, help="requests timed with no findings kept")
    parser.add_argument("--changes", type=int, default=10, help="requests timed each after one changed mark")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it is already generated")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave what start-up made to the collector (the server freezes it: pathways/wsgi.py)")
    parser.add_argument("--name", default=DB_NAME,
                        help=f"the database (PostgreSQL) and /tmp/NAME.sqlite3 (SQLite), default {DB_NAME}")
    _db.add_options(parser)
    args = parser.parse_args()
    if args.child:
        _db.setup_django()
        child(args.scale, args.warmup, args.requests, args.reuse, args.cold, args.changes, not args.no_freeze)
        return 0
    child_args = ["--scale", str(args.scale), "--warmup", str(args.warmup), "--requests", str(args.requests),
                  "--cold", str(args.cold), "--changes", str(args.changes)] + (["--reuse"] if args.reuse else [])
    child_args += ["--no-freeze"] if args.no_freeze else []
    return _db.run_per_database(__file__, args.db, child_args, name=args.name, reuse=args.reuse)


if __name__ == "__main__":
    sys.exit(main())
