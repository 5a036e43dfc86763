"""`python -m pathways restore FILE`: a backup restored into an empty database and checked against its
manifest. See pathways/ops/restore.py and docs/operations.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "restore a backup into an empty database, then check every table's rows and every file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="an archive written by `python -m pathways backup`")


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.ops.restore import RestoreRefused, restore_backup

    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    try:
        report = restore_backup(args.file, progress=_say)
    except RestoreRefused as exc:
        print(f"Restore refused, nothing was written: {exc}", file=sys.stderr)
        return 1
    if not report.ok:
        for line in report.mismatches:
            print(f"MISMATCH {line}", file=sys.stderr)
        print(f"Restored, but {len(report.mismatches)} differences from the backup were found (listed above).")
        return 1
    print(f"Restored and checked: {report.checked_tables} tables hold the backup's row counts and "
          f"{report.checked_files} files match their checksums.")
    return 0
