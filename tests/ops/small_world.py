"""A small school's records for the backup and purge tests: a trust and a school, two pupils (one with
accents and an apostrophe in her name), an arrangement at a provider with its chronology (an entry with
an attachment, and a correction), register marks, an open follow-up, a provider token.

Run as a script against whatever database DATABASE_URL names, for the backup tests' other processes:

    python -m tests.ops.small_world build            # migrate, then make the records
    python -m tests.ops.small_world contents OUT     # every table's rows, as JSON, into OUT
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

ATTACHMENT_NAME = "Zoë's plan — révisé.pdf"
ATTACHMENT_BYTES = b"%PDF-1.4\n% Zo\xc3\xab's plan\n" + bytes(range(256)) + b"\n%%EOF\n"


def build() -> dict[str, Any]:
    """Make the records through the actions, as real data is made. Returns the main objects."""
    from django.core.files.base import ContentFile

    from pathways.arrangements.actions import do_correct_event, do_record_event
    from pathways.providers.actions import do_create_provider_token, do_revoke_provider_token
    from pathways.register.actions import do_record_mark
    from pathways.schools.actions import do_create_trust
    from pathways.schools.models import Role
    from tests.attendance.helpers import MONDAY, at_provider
    from tests.conftest import make_pupil, make_school, make_staff

    trust = do_create_trust(name="St Aidan's Catholic Academy Trust", actor=None)
    school = make_school(trust, "St Bede's Catholic High School")
    dsl = make_staff(school, Role.DSL, "dsl-small")
    zoe = make_pupil(school, "Zoë", "O'Brien-Brontë", date_of_birth=dt.date(2011, 9, 2), year_group=10)
    make_pupil(school, "Amélie", "D'Arcy")
    placement = at_provider(zoe, school)
    with_file = do_record_event(
        arrangement=placement, type="review", date=MONDAY, actor=dsl, note="Revue « très bien » ✓",
        fields={"outcome": "satisfactory"},
        attachment=ContentFile(ATTACHMENT_BYTES, name=ATTACHMENT_NAME))
    do_correct_event(event=with_file, actor=dsl, reason="The date was a day out", date=MONDAY + dt.timedelta(days=1))
    for day in range(3):
        do_record_mark(pupil=zoe, arrangement=placement, day=MONDAY + dt.timedelta(days=day), session="am",
                       attended=True, source="provider", actor=dsl)
    # a mark changed: the pupil's register stamp is raised without a row added, so a restore that left the
    # stamps as the copy's triggers raised them would show
    do_record_mark(pupil=zoe, arrangement=placement, day=MONDAY, session="am", attended=True, source="provider",
                   comment="Came with a note from home", actor=dsl)
    do_record_mark(pupil=zoe, arrangement=placement, day=MONDAY + dt.timedelta(days=3), session="am",
                   attended=False, reason="unknown", source="provider", actor=dsl)  # opens a follow-up
    token, _ = do_create_provider_token(provider=placement.provider, school=school, actor=dsl, name="Our MIS")
    do_revoke_provider_token(token=token, school=school, actor=dsl)
    return {"school": school, "dsl": dsl, "pupil": zoe, "arrangement": placement, "event": with_file}


def main(argv: list[str]) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    from pathways.ops.tables import table_contents

    if argv[0] == "build":
        call_command("migrate", verbosity=0)
        build()
    elif argv[0] == "contents":
        with open(argv[1], "w", encoding="utf-8") as out:
            json.dump(table_contents(), out, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
