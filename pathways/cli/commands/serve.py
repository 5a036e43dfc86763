"""`python -m pathways serve`: the production web server (gunicorn), with static files and JSON logs.

Static files are served by WhiteNoise straight from the package (WHITENOISE_USE_FINDERS), so there
is no collectstatic step. Before it starts, the server runs Django's deployment checks and prints
any warning, so a missing HTTPS setting shows in the service's log.
"""

from __future__ import annotations

import argparse
import os
import warnings

from pathways.env import env_int, env_str

HELP = "run the production web server (gunicorn) with JSON request logs on standard output"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bind", help="address and port (or unix:/path) to listen on; default PATHWAYS_BIND, else 127.0.0.1:8000"
    )
    parser.add_argument(
        "--workers", type=int,
        help="worker processes; default PATHWAYS_WORKERS, else 2 × cores + 1, at most 8",
    )
    parser.add_argument(
        "--timeout", type=int,
        help="seconds a request may take before its worker is restarted; default PATHWAYS_TIMEOUT, else 60",
    )


def run(args: argparse.Namespace) -> int:
    # Structured logs unless the environment chose otherwise; read by the settings, so set it first.
    os.environ.setdefault("LOG_FORMAT", "json")
    # WhiteNoise serves the files in the package (WHITENOISE_USE_FINDERS) and warns that STATIC_ROOT,
    # which only collectstatic fills, does not exist: true and expected, so not worth a line in the log.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    from pathways import server
    from pathways.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("check", deploy=True, fail_level="ERROR")

    workers = args.workers or env_int("PATHWAYS_WORKERS", server.default_workers(server.cores()))
    if workers < 1:
        print("serve: the number of workers must be 1 or more")
        return 2
    bind = args.bind or env_str("PATHWAYS_BIND", "127.0.0.1:8000")
    timeout = args.timeout or env_int("PATHWAYS_TIMEOUT", 60)
    server.PathwaysServer(server.options(bind=bind, workers=workers, timeout=timeout)).run()
    return 0
