"""`python -m pathways digest`: email each member of staff their Today list.

Once (the default) sends now; `--loop` wakes every minute and, on school days from PATHWAYS_DIGEST_TIME
(local time) on, sends each person's digest once a day. `--dry-run` says who would get what and sends
nothing; `--user` sends to one person only.
"""

from __future__ import annotations

import argparse
import sys
import time

HELP = "email each member of staff their Today list (once now, or --loop for every school day)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--loop", action="store_true",
                        help="keep running: wake every minute and send at PATHWAYS_DIGEST_TIME each school day")
    parser.add_argument("--dry-run", action="store_true", help="print who would get what; send nothing")
    parser.add_argument("--user", metavar="USERNAME", help="only this member of staff")


def _progress(n: int, total: int) -> None:
    if n == total or n % 25 == 0:
        print(f"  {n} of {total} members of staff", file=sys.stderr, flush=True)


def print_report(report: object, *, dry_run: bool) -> None:
    from pathways.notifications.digest import Report

    assert isinstance(report, Report)
    if dry_run:
        for username, subject in report.would:
            print(f"would send to {username}: {subject}")
    for username, error in report.failed:
        print(f"could not send to {username}: {error}", file=sys.stderr)
    print(f"Digests: {len(report.sent)} sent, {len(report.would)} would be sent, {len(report.failed)} failed, "
          f"{len(report.nothing)} with nothing due, {len(report.already)} already sent today.", flush=True)


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from pathways.notifications.digest import DigestLoop, send_digests
    from pathways.schools.models import User

    usernames = None
    if args.user:
        if not User.objects.filter(username=args.user).exists():
            print(f"--user: no member of staff is called {args.user!r}", file=sys.stderr)
            return 2
        usernames = [args.user]
    options = {"usernames": usernames, "dry_run": args.dry_run, "progress": _progress}
    if not args.loop:
        once = send_digests(timezone.now(), **options)
        print_report(once, dry_run=args.dry_run)
        return 1 if once.failed else 0
    print(f"Sending the digest on school days from {settings.PATHWAYS_DIGEST_TIME} ({settings.TIME_ZONE}); "
          "press Ctrl-C to stop.", flush=True)
    loop = DigestLoop(**options)
    try:
        while True:
            report = loop.tick(timezone.now())
            if report is not None and (report.sent or report.failed or report.would):
                print_report(report, dry_run=args.dry_run)
            time.sleep(60 - time.time() % 60)  # wake at the top of each minute
    except KeyboardInterrupt:
        return 0
