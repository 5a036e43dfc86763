"""`python -m pathways setup --trust NAME --school URN [--school URN ...] --gias FILE --admin EMAIL`.

Creates the trust and its schools from the establishments file GIAS publishes, and the trust lead, who
gets a one-time invitation link (printed here, and sent by e-mail). Run again, it adds the schools not
yet set up and changes nothing else. A URN missing from the file, a closed establishment or a malformed
file writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "set a trust up: its schools from a GIAS establishments file, and its trust lead's invitation"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trust", required=True, help='the trust\'s name, e.g. "Northern Lights Academy Trust"')
    parser.add_argument("--school", action="append", required=True, metavar="URN",
                        help="the URN of a school of the trust (repeat for each school)")
    parser.add_argument("--gias", required=True, metavar="FILE",
                        help="the establishments CSV from Get Information About Schools (edubasealldata)")
    parser.add_argument("--admin", required=True, metavar="EMAIL", help="the trust lead's e-mail address")
    parser.add_argument("--calendar", type=int, action="append", metavar="YEAR", default=None,
                        help="give each new school the default calendar of this school year (2026 for 2026-27)")
    parser.add_argument("--invite-again", action="store_true",
                        help="make a new invitation for a trust lead who has not yet set a password")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from pathways.schools.setup_actions import do_set_up_trust

    try:
        data = Path(args.gias).read_bytes()
    except OSError as exc:
        print(f"{args.gias}: cannot read it: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        setup = do_set_up_trust(
            trust_name=args.trust, urns=args.school, filename=Path(args.gias).name, data=data,
            admin_email=args.admin, actor="setup command", base_url=settings.PATHWAYS_BASE_URL,
            with_calendar_for=args.calendar, invite_again=args.invite_again,
        )
    except ValidationError as exc:
        print("Nothing was set up:", file=sys.stderr)
        for field, messages in exc.message_dict.items():
            for message in messages:
                print(f"  {message}" if field in ("urn", "file", "__all__") else f"  {field}: {message}",
                      file=sys.stderr)
        return 1
    print(f"Trust: {setup.trust.name} ({'created' if setup.trust_created else 'already set up'})")
    for school in setup.schools_added:
        print(f"Added {school.name} (URN {school.urn}, LAESTAB {school.laestab}, "
              f"{school.get_school_type_display()}, {school.get_phase_display()}, {school.local_authority})")
    for school in setup.schools_already:
        print(f"Already set up: {school.name} (URN {school.urn}): unchanged")
    if setup.invitation is not None:
        print(f"Trust lead: {setup.lead.email if setup.lead else args.admin}. Their one-time invitation link "
              f"(valid until {setup.invitation.invitation.expires_at:%Y-%m-%d %H:%M} UTC, also sent by e-mail):")
        print(setup.invitation.link)
    else:
        print(f"Trust lead: {setup.lead.email if setup.lead else args.admin} (already invited: no new link; "
              "--invite-again makes one while they have not set a password)")
    return 0
