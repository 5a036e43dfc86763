"""Benchmark of the policy engine: parse and evaluate many varied synthetic case files.

    .venv/bin/python bench/policy_bench.py                 # 10,000 cases, seed 2025
    .venv/bin/python bench/policy_bench.py --cases 2000 --seed 7 --national-only

Reports the median time per case and cases per second for reading YAML text, reading an
already-loaded dict, and evaluating a parsed case; and the peak memory of evaluating them all
(tracemalloc, measured in a separate pass because tracing slows everything down). One core, one
process. Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pathways.policy import evaluate, load_case, parse_case, result_to_json
from pathways.policy.casefile import ABSENCE_REASONS, ARRANGEMENT_KINDS, CHECK_TYPES, EVENT_TYPES, REASONS

D = dt.date
YEARS = {
    2024: [(D(2024, 9, 3), D(2024, 10, 25)), (D(2024, 11, 4), D(2024, 12, 20)), (D(2025, 1, 6), D(2025, 2, 14)),
           (D(2025, 2, 24), D(2025, 4, 4)), (D(2025, 4, 22), D(2025, 5, 23)), (D(2025, 6, 2), D(2025, 7, 22))],
    2025: [(D(2025, 9, 3), D(2025, 10, 24)), (D(2025, 11, 3), D(2025, 12, 19)), (D(2026, 1, 5), D(2026, 2, 13)),
           (D(2026, 2, 23), D(2026, 3, 27)), (D(2026, 4, 13), D(2026, 5, 22)), (D(2026, 6, 1), D(2026, 7, 21))],
}  # fmt: skip
PACKS = ["online-learning-packages", "return-to-learn", "remote-education-offer", "special-school-remote",
         "alternative-pathways"]  # fmt: skip
WHERE = ["school", "provider", "online", "home", "another_school"]


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def make_case(rng: random.Random, national_only: bool) -> dict[str, Any]:
    """One plausible, varied case file as a dict."""
    year = rng.choice(list(YEARS))
    half_terms = YEARS[year]
    start = weekday_on_or_after(half_terms[0][0] + dt.timedelta(days=rng.randrange(0, 150)))
    as_of = start + dt.timedelta(days=rng.randrange(-10, 200))
    kind = rng.choice(ARRANGEMENT_KINDS)
    end = None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randrange(20, 300))
    arrangement: dict[str, Any] = {"kind": kind, "reason": rng.choice(REASONS), "start": start, "end": end}
    timetable: dict[str, dict[str, str]] = {}
    for day in ("mon", "tue", "wed", "thu", "fri"):
        for half in ("am", "pm"):
            if rng.random() < 0.35:
                timetable.setdefault(day, {})[half] = rng.choice(WHERE)
    if timetable:
        arrangement["timetable"] = timetable
    if kind == "suspension":
        days, d = [], start
        while len(days) < rng.randrange(1, 10):
            if d.weekday() < 5:
                days.append(d)
            d += dt.timedelta(days=1)
        arrangement["suspension_days"] = days
        arrangement["end"] = days[-1]
    if kind in ("part_time_timetable", "return_to_learn") and rng.random() < 0.5:
        arrangement["steps"] = [
            {"from": start, "hours_in_school": 12},
            {"from": start + dt.timedelta(days=42), "hours_in_school": 21},
        ]
    events = []
    for _ in range(rng.randrange(0, 25)):
        kind_of_event = rng.choice(EVENT_TYPES)
        event: dict[str, Any] = {"date": start + dt.timedelta(days=rng.randrange(-60, 200)), "type": kind_of_event}
        if kind_of_event == "review":
            event["outcome"] = rng.choice(["satisfactory", "unsatisfactory"])
        if kind_of_event == "welfare_check":
            event["kind"] = rng.choice(["phone", "home_visit", "in_person"])
        events.append(event)
    sessions = []
    for _ in range(rng.randrange(0, 12)):
        day = weekday_on_or_after(start + dt.timedelta(days=rng.randrange(0, 120)))
        session: dict[str, Any] = {"date": day, "session": rng.choice(["am", "pm"])}
        if rng.random() < 0.3:
            session["attended"] = False
            session["reason"] = rng.choice(ABSENCE_REASONS)
        if rng.random() < 0.2:
            session["recorded"] = rng.choice(["/", "\\", "B", "C2", "I", "O", "H", "E", "K"])
        sessions.append(session)
    case: dict[str, Any] = {
        "format": "pathways-case/1",
        "as_of": as_of,
        "policies": [] if national_only else rng.sample(PACKS, rng.randrange(0, 3)),
        "calendar": {"half_terms": [{"start": a, "end": b} for a, b in half_terms]} if rng.random() < 0.8 else None,
        "pupil": {
            "date_of_birth": D(rng.randrange(2008, 2020), rng.randrange(1, 13), rng.randrange(1, 29)),
            "send": rng.choice(["none", "none", "sen_support", "ehcp"]),
            "looked_after": rng.random() < 0.1,
            "social_worker": rng.random() < 0.15,
        },
        "arrangement": arrangement,
        "events": events,
        "sessions": sessions,
    }
    if case["calendar"] is None:
        del case["calendar"]
    if rng.random() < 0.7:
        case["provider"] = {
            "name": "Provider",
            "kind": rng.choice(["alternative_provision", "online_learning", "tuition", "another_school"]),
            "registration": rng.choice(["registered_school", "unregistered", "online_accredited"]),
            "arranged_by": rng.choice(["school", "local_authority"]),
            "full_time_pupils": {
                "compulsory_age": rng.randrange(0, 7),
                "looked_after_or_ehcp": rng.randrange(0, 2),
                "sen": 0,
            },
            "checks": [
                {"type": rng.choice(CHECK_TYPES), "date": start - dt.timedelta(days=rng.randrange(0, 60))}
                for _ in range(rng.randrange(0, 6))
            ],
        }
    return case


def timed(items: list[Any], work: Any) -> tuple[list[float], list[Any]]:
    times, out = [], []
    clock = time.perf_counter
    for item in items:
        t0 = clock()
        out.append(work(item))
        times.append(clock() - t0)
    return times, out


def report(name: str, times: list[float]) -> None:
    total = sum(times)
    print(
        f"{name:<28} median {statistics.median(times) * 1e6:8.1f} µs/case   "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1e6:8.1f} µs   {len(times) / total:9.0f} cases/s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--national-only", action="store_true", help="judge the national pack only")
    parser.add_argument(
        "--streaming", action="store_true",
        help="only the memory pass: read and judge one case at a time, as `pathways check` over many files does",
    )
    args = parser.parse_args()
    if args.streaming:
        return streaming(args)

    rng = random.Random(args.seed)
    dicts = [make_case(rng, args.national_only) for _ in range(args.cases)]
    texts = [yaml.safe_dump(d, sort_keys=False) for d in dicts]
    # Loading YAML yields the same mappings a web app or API would hand to parse_case.
    loaded = [yaml.safe_load(t) for t in texts]
    print(f"{args.cases} synthetic cases, seed {args.seed}, packs: {'national' if args.national_only else 'mixed'}")

    gc.collect()
    parse_text_times, _ = timed(texts, load_case)
    parse_dict_times, cases = timed(loaded, parse_case)
    evaluate(cases[0])  # import the packs before timing
    eval_times, results = timed(cases, evaluate)
    report("read YAML text", parse_text_times)
    report("read loaded dict", parse_dict_times)
    report("evaluate parsed case", eval_times)
    both = [a + b for a, b in zip(parse_dict_times, eval_times, strict=True)]
    report("read dict + evaluate", both)
    requirements = sum(len(r.requirements) for r in results)
    sessions = sum(len(r.sessions) for r in results)
    print(f"results: {requirements} requirement results, {sessions} coded sessions")

    del results
    gc.collect()
    tracemalloc.start()
    kept = [evaluate(c) for c in cases]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    print(f"memory: evaluating all {args.cases} cases and keeping the results peaks at {peak / 2**20:.1f} MiB "
          f"traced; process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
          "(includes the generated corpus held for timing)")  # fmt: skip
    # The engine's own footprint, without the corpus: a fresh process that reads and judges one
    # case at a time.
    command = [sys.executable, __file__, "--streaming", "--cases", str(args.cases), "--seed", str(args.seed)]
    if args.national_only:
        command.append("--national-only")
    subprocess.run(command, check=True)
    return 0


def streaming(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    for _ in range(args.cases):
        text = yaml.safe_dump(make_case(rng, args.national_only), sort_keys=False)
        result_to_json(evaluate(load_case(text)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: reading and judging {args.cases} cases one at a time (YAML text -> result JSON): "
          f"process max RSS {rss:.0f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
