"""`python -m pathways django ARGS…`: Django's own management commands (migrate, runserver, …)."""

from __future__ import annotations

import argparse

HELP = "run a Django management command (migrate, runserver, createsuperuser, demo, …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the management command and its arguments")


def run(args: argparse.Namespace) -> int:
    import os

    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    execute_from_command_line(["python -m pathways django", *args.args])
    return 0
