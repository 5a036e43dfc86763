"""`python -m pathways purge [--dry-run]`: delete what has passed its date on the retention schedule.

See pathways/ops/purge.py and docs/retention.md. The job queue runs the same function every night.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

HELP = "delete what has passed its date on the retention schedule (--dry-run: only say what)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="say what would be deleted; delete nothing")
    parser.add_argument("--schedule", action="store_true", help="print the retention schedule in force and stop")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from django.utils import timezone

    from pathways.ops.purge import run_purge
    from pathways.ops.retention import ScheduleError, load_schedule

    try:
        schedule = load_schedule()
    except ScheduleError as exc:
        print(f"Purge refused: {exc}", file=sys.stderr)
        return 2
    if args.schedule:
        for cat in schedule.values():
            extra = " (lengthened by the trust)" if cat.lengthened else ""
            held = "" if cat.held else " [not held yet]"
            print(f"{cat.name}: {cat.period}{extra}{held} - {cat.label}. Source: {cat.source}")
        return 0
    today: dt.date = timezone.localdate()
    report = run_purge(today, args.dry_run, schedule=schedule)
    print(f"Retention schedule, {today:%d %B %Y}{' (dry run: nothing deleted)' if args.dry_run else ''}:")
    for line in report.lines():
        print(f"  {line}")
    return 0
