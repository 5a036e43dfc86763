"""`python -m pathways upn CODE`: check a unique pupil number with the DfE check-letter algorithm."""

from __future__ import annotations

import argparse
import json

HELP = "check a UPN (permanent or temporary) and print {upn, valid, temporary, check_letter, error} as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the 13-character UPN, exactly as written")


def run(args: argparse.Namespace) -> int:
    from pathways.policy.upn import check_upn

    print(json.dumps(check_upn(args.code).as_dict(), ensure_ascii=False))
    return 0
