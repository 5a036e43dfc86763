"""`python -m pathways digest`: email each member of staff their Today list.

It sends now; every school day's digest at PATHWAYS_DIGEST_TIME is a scheduled job of
`python -m pathways worker`, which replaces `--loop` (kept only to say so). `--dry-run` says who would
get what and sends nothing; `--user` sends to one person only.
"""

from __future__ import annotations

import argparse
import sys

HELP = "email each member of staff their Today list now (every school day: python -m pathways worker)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--loop", action="store_true",
                        help="replaced by `python -m pathways worker`, which sends it at PATHWAYS_DIGEST_TIME")
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


LOOP_REPLACED = ("digest --loop is replaced by `python -m pathways worker`: the worker sends the digest every school "
                 "day at PATHWAYS_DIGEST_TIME, once a day however many workers run. Run the worker instead.")


def run(args: argparse.Namespace) -> int:
    if args.loop:
        print(LOOP_REPLACED, file=sys.stderr)
        return 2
    from pathways.cli import setup_django

    setup_django()
    from django.utils import timezone

    from pathways.notifications.digest import send_digests
    from pathways.schools.models import User

    usernames = None
    if args.user:
        if not User.objects.filter(username=args.user).exists():
            print(f"--user: no member of staff is called {args.user!r}", file=sys.stderr)
            return 2
        usernames = [args.user]
    once = send_digests(timezone.now(), usernames=usernames, dry_run=args.dry_run, progress=_progress)
    print_report(once, dry_run=args.dry_run)
    return 1 if once.failed else 0
