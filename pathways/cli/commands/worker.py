"""`python -m pathways worker`: run the background jobs (docs/operations.md).

Runs the jobs the pages enqueue (a large MIS import) and the scheduled ones (the daily digest at
PATHWAYS_DIGEST_TIME, the nightly retention purge at PATHWAYS_PURGE_TIME). Run one or more, on one
machine or several: jobs are rows in the database and no two workers run the same one. SIGTERM or
Ctrl-C: the job running is finished, then the worker stops (a second signal stops it at once).
"""

from __future__ import annotations

import argparse
import logging
import sys

HELP = "run the background jobs: large MIS imports, the daily digest, the nightly purge"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", type=float, default=1.0, metavar="SECONDS",
                        help="how long to wait between looks for a job when none is ready (default 1)")
    parser.add_argument("--until-idle", action="store_true",
                        help="run the jobs that are ready, then stop (for a one-off or a test)")
    parser.add_argument("--no-schedule", action="store_true",
                        help="do not enqueue the scheduled jobs (the digest, the purge) from this worker")
    parser.add_argument("--worker-id", metavar="ID",
                        help="a name of your own for this worker (unique; 64 characters at most)")


def run(args: argparse.Namespace) -> int:
    import os

    # Structured logs unless the environment chose otherwise, as `serve` (read by the settings: set it first).
    os.environ.setdefault("LOG_FORMAT", "json")
    from pathways.cli import setup_django

    setup_django()
    from django.conf import settings

    from pathways.jobs.worker import JobWorker

    if args.interval < 0:
        print("--interval: must be 0 or more seconds", file=sys.stderr)
        return 2
    if args.worker_id is not None and not 0 < len(args.worker_id) <= 64:
        print("--worker-id: 1 to 64 characters", file=sys.stderr)
        return 2
    log = logging.getLogger("pathways.jobs")
    if log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)
    worker = JobWorker(worker_id=args.worker_id, interval=args.interval, schedule=not args.no_schedule)
    started = (f"Worker {worker.worker_id}: running jobs"
               + ("" if args.no_schedule else f"; the digest at {settings.PATHWAYS_DIGEST_TIME}, the purge at "
                  f"{settings.PATHWAYS_PURGE_TIME} ({settings.TIME_ZONE})") + ". SIGTERM or Ctrl-C stops it.")
    if settings.LOG_FORMAT == "json":  # every line of the output one JSON object
        log.info(started, extra={"worker": worker.worker_id})
    else:
        print(started, flush=True)
    worker.configure_signals()
    try:
        worker.run(until_idle=args.until_idle)
    finally:
        worker.reset_signals()
    return 0
