"""`python -m pathways check FILE [--as-of DATE]`: judge a case file and print pathways-result/1 JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

HELP = "judge a case file (YAML or JSON; - reads standard input) and print the result as JSON"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the case file; - reads standard input")
    parser.add_argument("--as-of", type=_date, default=None, help="judge on this date instead of the file's as_of")
    parser.add_argument("--compact", action="store_true", help="print the JSON on one line")


def run(args: argparse.Namespace) -> int:
    from pathways.policy import CaseFileError, PolicyError, evaluate, read_case, result_to_json

    try:
        case = read_case(args.file)
    except CaseFileError as exc:
        print(f"{args.file}: the case file could not be read:", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 2
    try:
        result = evaluate(case, as_of=args.as_of)
    except PolicyError as exc:
        print(f"{args.file}: the case cannot be judged: {exc}", file=sys.stderr)
        return 2
    document = result_to_json(result)
    if args.compact:
        print(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    else:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0
