"""`python -m pathways totp USERNAME`: the current two-factor code of a user, on a local machine only.

Demo headteachers and DSLs need a code from an authenticator app to sign in; this prints the code
their app would show, so a developer or a demo can sign in without a phone. It refuses to run
unless PATHWAYS_LOCAL is on: on a real deployment it would make the second factor worthless.
"""

from __future__ import annotations

import argparse
import sys
import time

HELP = "print a user's current two-factor code (only with PATHWAYS_LOCAL=1, for demo sign-ins)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username", help="the user's sign-in name")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not settings.LOCAL:
        print(
            "totp: refused. This prints two-factor codes, so it only runs where PATHWAYS_LOCAL=1 "
            "(a developer's machine or a demo), never on a deployment.",
            file=sys.stderr,
        )
        return 2
    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(f"totp: there is no user {args.username!r}.", file=sys.stderr)
        return 1
    devices = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id")
    device = devices.first()
    if device is None:
        print(
            f"totp: {args.username} has no authenticator app yet. Sign in once with the password to "
            "reach the set-up page, then run this again.",
            file=sys.stderr,
        )
        return 1
    now = time.time()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now
    code = f"{totp.token():0{device.digits}d}"
    seconds_left = int(device.step - (now - device.t0) % device.step)
    state = "" if device.confirmed else " (the app being set up)"
    print(code)
    print(f"totp: code for {args.username}{state}, valid for {seconds_left} more seconds.", file=sys.stderr)
    return 0
