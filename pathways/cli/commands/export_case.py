"""`python -m pathways export-case ID [--as-of DATE] [-o FILE]`: an arrangement's case file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HELP = "write an arrangement's case file (YAML), judged on a date (default today), to standard output or a file"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arrangement", type=int, help="the arrangement's id")
    parser.add_argument("--as-of", type=_date, default=None, help="the date the case is judged on (default today)")
    parser.add_argument("-o", "--output", default=None, help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.arrangements.models import Arrangement
    from pathways.cases.casefiles import export_case_file

    arrangement = Arrangement.objects.filter(pk=args.arrangement).first()
    if arrangement is None:
        print(f"There is no arrangement {args.arrangement}.", file=sys.stderr)
        return 2
    text = export_case_file(arrangement, args.as_of or dt.date.today())
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
