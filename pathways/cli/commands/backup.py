"""`python -m pathways backup FILE`: the database, the uploaded files and a manifest, in one archive.

See pathways/ops/backup.py for what the archive holds and docs/operations.md for how to use it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write one archive with the database, the uploaded files and a manifest of checksums"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the archive to write, e.g. pathways-2026-12-06.tar.gz")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.ops.backup import BackupError, take_backup

    if args.file.exists() and not args.force:
        print(f"{args.file} exists: choose another name, or --force to replace it", file=sys.stderr)
        return 2
    try:
        manifest = take_backup(args.file, progress=_say)
    except BackupError as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up {sum(manifest['tables'].values())} rows and {len(manifest['files'])} files to {args.file}")
    return 0
