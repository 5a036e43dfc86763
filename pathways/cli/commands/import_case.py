"""`python -m pathways import-case FILE --school URN [--by USERNAME]`: create an arrangement from a case file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "create a school's arrangement (and pupil and provider if new) from a case file; all or nothing"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the case file (YAML or JSON); - reads standard input")
    parser.add_argument("--school", required=True, help="the URN of the school the arrangement belongs to")
    parser.add_argument("--by", default=None, help="the username the audit trail names (default: system)")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.cases.casefiles import import_case_file
    from pathways.policy import CaseFileError
    from pathways.schools.models import School, User

    school = School.objects.filter(urn=args.school).first()
    if school is None:
        print(f"No school has the URN {args.school}.", file=sys.stderr)
        return 2
    actor = None
    if args.by:
        actor = User.objects.filter(username=args.by).first()
        if actor is None:
            print(f"There is no user {args.by}.", file=sys.stderr)
            return 2
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"{args.file}: cannot read it: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        arrangement = import_case_file(raw, school, actor)
    except CaseFileError as exc:
        print(f"{args.file}: nothing was imported:", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 2
    print(f"Imported arrangement {arrangement.pk} for {arrangement.pupil} at {school.name} "
          f"({arrangement.get_status_display().lower()}).")
    return 0
