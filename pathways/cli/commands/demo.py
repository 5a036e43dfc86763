"""`python -m pathways demo`: load the demo trust and print its logins."""

from __future__ import annotations

import argparse
import sys

HELP = "load the demo trust (three schools, staff for every role, about 60 pupils) and print the logins"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-empty", action="store_true", help="do nothing but print the logins if the demo is loaded")


def run(args: argparse.Namespace) -> int:
    from pathways.cli import setup_django

    setup_django()
    from pathways.demo.trust import TRUST_NAME, create_demo_trust
    from pathways.schools.models import Trust

    if Trust.objects.filter(name=TRUST_NAME).exists():
        if not args.if_empty:
            print("The demo trust is already loaded. Delete db.sqlite3 to start again.", file=sys.stderr)
        print_logins()
        return 0
    print("Loading the demo trust…", flush=True)
    from django.test import override_settings

    # The demo invites a provider's member of staff; the invitation email is not for anyone to read.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo = create_demo_trust()
    pupils = sum(school.pupils.count() for school in demo.schools.values())
    print(
        f"Loaded {TRUST_NAME}: {len(demo.schools)} schools, {pupils} pupils, "
        f"{len(demo.providers)} providers, {len(demo.arrangements)} arrangements."
    )
    print_logins()
    return 0


def print_logins() -> None:
    from pathways.demo.trust import DEMO_PASSWORD, TRUST_NAME
    from pathways.schools.models import LEADERSHIP_ROLES, StaffRole, TrustRole

    print()
    print(f"Demo logins (every password: {DEMO_PASSWORD})")
    rows = [(tr.user.username, tr.user.get_full_name(), f"Trust lead, {tr.trust.name}", True)
            for tr in TrustRole.objects.filter(trust__name=TRUST_NAME).select_related("user", "trust")]
    for sr in StaffRole.objects.filter(school__trust__name=TRUST_NAME).select_related("user", "school").order_by(
        "school__name", "role"
    ):
        rows.append((sr.user.username, sr.user.get_full_name(), f"{sr.get_role_display()}, {sr.school.name}",
                     sr.role in LEADERSHIP_ROLES))
    from pathways.providers.models import ProviderStaff

    for member in ProviderStaff.objects.filter(provider__trust__name=TRUST_NAME).select_related("user", "provider"):
        rows.append((member.user.username, member.user.get_full_name(), f"Provider staff, {member.provider.name}",
                     False))
    width = max(len(r[0]) for r in rows)
    for username, name, what, two_factor in rows:
        flag = f"  (two-factor code: scripts/totp {username})" if two_factor else ""
        print(f"  {username:<{width}}  {name} – {what}{flag}")
    print()
