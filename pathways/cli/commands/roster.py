"""`python -m pathways roster import FILE --school URN [--dry-run] [--valid-rows-only]`: keep a school's
pupils in step with its MIS, from a CTF XML or an MIS pupil-list CSV (docs/roster.md).

Exit 0 when nothing was rejected, 1 when some records were rejected, 2 when the file cannot be read.
The last line of standard output is `created N, updated N, unchanged N, left N, rejected N`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HELP = "import a school's pupils from its MIS (CTF XML or pupil-list CSV)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="roster_command", metavar="import", required=True)
    imp = sub.add_parser("import", help="import a roster file for one school")
    imp.add_argument("file", metavar="FILE", type=Path, help="a CTF (.xml) or a pupil-list CSV")
    imp.add_argument("--school", required=True, metavar="URN", help="the school's URN")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--valid-rows-only", action="store_true",
                     help="write the valid records even when others are rejected")
    mapping = sub.add_parser("mapping", help="save the school's column mapping for CSVs of another shape")
    mapping.add_argument("--school", required=True, metavar="URN", help="the school's URN")
    mapping.add_argument("columns", nargs="*", metavar="FIELD=COLUMN",
                         help='e.g. upn="Pupil UPN" "contact 1 name=Main contact" (none: show the mapping)')


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.roster.records import RosterFileError
    from pathways.roster.run import import_roster
    from pathways.schools.models import School

    school = School.objects.filter(urn=str(args.school)).first()
    if school is None:
        print(f"No school with URN {args.school}: add it first (python -m pathways setup)", file=sys.stderr)
        return 2
    if args.roster_command == "mapping":
        return _mapping(args, school)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: cannot be read: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        outcome = import_roster(data, school=school, actor="roster import", source=f"roster import: {args.file.name}",
                                dry_run=args.dry_run, valid_rows_only=args.valid_rows_only)
    except RosterFileError as exc:
        print(f"{args.file}: the file cannot be read: {exc}", file=sys.stderr)
        return 2
    _report(args, school, outcome)
    print(outcome.summary)
    return 1 if outcome.rejected else 0


def _report(args: argparse.Namespace, school: object, outcome: object) -> None:
    from pathways.roster.run import Outcome

    assert isinstance(outcome, Outcome)
    kind = f"{outcome.format} ({'full' if outcome.full else 'partial'})"
    print(f"{args.file}: {kind} roster for {school}")
    for r in outcome.rejected:
        print(f"rejected {r.where}: " + "; ".join(r.reasons))
    for name in outcome.flagged:
        print(f"flagged: {name} is not in the roster but has an open arrangement (shown to the headteacher)")
    if args.dry_run:
        print("dry run: nothing was written")
    elif outcome.rejected and not outcome.written:
        print("nothing was written because records were rejected (fix them, or use --valid-rows-only)")



def _mapping(args: argparse.Namespace, school: Any) -> int:
    from pathways.pupils.models import RosterMapping
    from pathways.pupils.roster_actions import do_save_roster_mapping
    from pathways.roster.csvfile import COLUMNS, CONTACT_COLUMNS

    if not args.columns:
        current = RosterMapping.objects.filter(school=school).values_list("columns", flat=True).first() or {}
        for field, column in sorted(current.items()):
            print(f"{field}={column}")
        return 0
    columns: dict[str, str] = {}
    for item in args.columns:
        field, sep, column = item.partition("=")
        field = field.strip().lower()
        parts = field.split(" ")
        known = field in COLUMNS or (len(parts) == 3 and parts[0] == "contact" and parts[1].isdigit()
                                     and parts[2] in CONTACT_COLUMNS)
        if not sep or not known:
            print(f"{item!r}: write FIELD=COLUMN with FIELD one of {', '.join(COLUMNS)} or "
                  f"'contact N {{{','.join(CONTACT_COLUMNS)}}}'", file=sys.stderr)
            return 2
        columns[field] = column.strip()
    do_save_roster_mapping(school=school, columns=columns, actor="roster mapping")
    print(f"Saved the column mapping for {school}: {len(columns)} columns")
    return 0
