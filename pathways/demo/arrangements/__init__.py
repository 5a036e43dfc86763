"""The demo trust's providers and arrangements: about 25 arrangements of every kind across the three
schools, with chronologies that read like a real school's, and a few deliberate problems for the
journeys (JOURNEYS.md) to find.

Every date is worked out from `today` and the school's own calendar (its half-terms and closures),
so the states below hold whenever the demo is loaded:

- most arrangements are kept well: consents, approvals, notifications, plans, visits, reviews;
- a part-time timetable whose half-termly review is overdue (St Bede's);
- a part-time timetable agreed by a parent on the phone only, no written consent (St Bede's);
- a tuition agency whose written confirmation of staff checks has expired, and an online school
  whose confirmation expires within 30 days;
- an unregistered farm provider with four full-time pupils of compulsory school age (two from
  schools outside the trust, two of Holy Family's own), so a fifth would make it an unregistered
  independent school; the fifth is awaiting the headteacher's approval (journey 4);
- a Return to Learn whose step up from 8 to 12 hours a week was missed (journey 7);
- an off-site direction with a parent's written review request 11 weeks after the last review
  (journey 8);
- online learning for a broken leg, on a consultant's waiting list, afternoons online (journey 6);
- a pupil with a social worker on a part-time timetable, and a flexi-schooled pupil at home on
  Mondays (journey 1);
- arrangements in draft and awaiting approval (journeys 2 and 3), and ones that have ended;
- every placement with its school census reason but one (Holy Family's part-time farm placement), so
  the autumn census return lists every placement ready but that one, refused for its missing reason.

Everything is written through the actions, so the audit trail reads as it would in a school.

One module a school (holy_family, st_bedes, oakfield), one function a pupil's story; the providers in
providers; the placements' census reasons in census; the chronologies of a well-kept placement and
part-time timetable in chronologies; the calendar seen from today in calendar; DemoArrangements, which
writes them, in builder.
"""

from __future__ import annotations

import datetime as dt

from pathways.demo.arrangements.builder import DemoArrangements
from pathways.demo.arrangements.census import record_census_reasons
from pathways.demo.arrangements.holy_family import create_holy_family
from pathways.demo.arrangements.oakfield import create_oakfield
from pathways.demo.arrangements.providers import create_providers
from pathways.demo.arrangements.st_bedes import create_st_bedes
from pathways.demo.remote import create_oakfield_remote
from pathways.schools.actions import do_update_school
from pathways.schools.models import School

POLICY_PACKS = {
    "stbedes": ["alternative-pathways", "online-learning-packages"],
    "holyfamily": ["alternative-pathways", "online-learning-packages", "return-to-learn"],
    "oakfield": ["special-school-remote", "remote-education-offer", "alternative-pathways"],
}


def create_demo_arrangements(schools: dict[str, School], today: dt.date) -> DemoArrangements:
    for key, packs in POLICY_PACKS.items():
        do_update_school(school=schools[key], actor=None, policy_packs=packs)
    demo = DemoArrangements(schools, today)
    create_providers(demo)
    create_holy_family(demo)
    create_st_bedes(demo)
    create_oakfield(demo)
    create_oakfield_remote(demo)
    record_census_reasons(demo)
    return demo


__all__ = ["POLICY_PACKS", "DemoArrangements", "create_demo_arrangements"]
