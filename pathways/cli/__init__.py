"""`python -m pathways`: the command-line entry point.

Each subcommand is one module in pathways/cli/commands/ that defines:

    HELP = "one line shown in `python -m pathways --help`"
    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...            # the exit status

The module's name is the subcommand's name (underscores become hyphens). Adding a command is
adding one file. Commands that need the database call `pathways.cli.setup_django()` first;
the others (check, upn, rules) never import Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from pathways.cli import commands


def setup_django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pathways",
        description="Pathways: alternative education arrangements, their duties and register codes.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        name = info.name.replace("_", "-")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        result: int = args._run(args)
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error of ours. Silence the interpreter's
        # own report when it flushes standard output on exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    return result
