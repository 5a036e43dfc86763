"""The demo trust: three schools, staff for every role, about sixty pupils with varied needs.

Everything is created through the actions, so the audit trail reads as it would in a real school: the schools
from the demo's GIAS file, the pupils through the roster import from the schools' MIS files (pathways/demo/
pupils.py). Later features add their own demo records here (arrangements, providers, register marks).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.arrangements.models import Arrangement
from pathways.demo.arrangements import create_demo_arrangements
from pathways.demo.marks import create_demo_marks
from pathways.demo.names import FIRST_NAMES, LAST_NAMES
from pathways.demo.pupils import apply_pathways_records, import_demo_roster
from pathways.providers.actions import do_invite_provider_staff
from pathways.providers.models import Provider
from pathways.schools.actions import (
    do_create_staff,
    do_create_trust,
    do_grant_role,
    do_make_trust_lead,
    do_update_school,
)
from pathways.schools.models import LEADERSHIP_ROLES, Role, School, Trust, User
from pathways.schools.setup_actions import do_add_school_from_gias, do_load_gias_file

DEMO_PASSWORD = "pathways-demo"
PROVIDER_LOGIN = "tom@willowfarm.example.org"
TRUST_NAME = "Northern Lights Catholic Academy Trust"
SCHOOL_YEARS = [2025, 2026]

# The demo's establishments as GIAS publishes them (Windows-1252, fictional): the schools are set up from it.
GIAS_FILE = Path(__file__).with_name("gias_establishments.csv")
SCHOOLS = [
    # key, name, URN, LAESTAB, type, phase (as the GIAS file gives them); the pupils (20, 28 and 12) are in each
    # school's roster file (pathways/demo/pupils.py)
    ("stbedes", "St Bede's Catholic Primary School", "148201", "9352001", "academy", "primary"),
    ("holyfamily", "Holy Family Catholic High School", "148202", "9354001", "academy", "secondary"),
    ("oakfield", "Oakfield Special School", "148203", "9357001", "special", "all_through"),
]
LOCAL_AUTHORITY = "Northshire"
ROLE_KEYS = {
    Role.HEADTEACHER: "head", Role.DSL: "dsl", Role.ATTENDANCE_OFFICER: "attendance", Role.AP_LEAD: "aplead",
    Role.SENCO: "senco", Role.TEACHER: "teacher", Role.REMOTE_LEAD: "remotelead", Role.GOVERNOR: "governor",
}


@dataclass
class DemoTrust:
    trust: Trust
    schools: dict[str, School] = field(default_factory=dict)
    # The providers and arrangements of pathways.demo.arrangements, by the key it gives each.
    providers: dict[str, Provider] = field(default_factory=dict)
    arrangements: dict[str, Arrangement] = field(default_factory=dict)


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once: the password is public and the same for every demo login, and hashing it for each of
    # the two dozen logins took most of the demo's loading time.
    return make_password(DEMO_PASSWORD)


def _staff(username: str, first: str, last: str) -> User:
    user = do_create_staff(
        username=username, first_name=first, last_name=last, email=f"{username}@example.org",
        password=None, actor=None,
    )
    user.password = _demo_password_hash()
    User.objects.filter(pk=user.pk).update(password=user.password)
    return user


@transaction.atomic
def create_demo_trust(today: dt.date | None = None, seed: int = 2025) -> DemoTrust:
    today = today or dt.date.today()
    rng = random.Random(seed)
    trust = do_create_trust(name=TRUST_NAME, actor=None)
    demo = DemoTrust(trust=trust)
    staff_names = zip(rng.sample(FIRST_NAMES, 40), rng.sample(LAST_NAMES, 40), strict=True)
    # The schools come from the demo's GIAS establishments file, as a real trust's do (pathways setup).
    gias = do_load_gias_file(trust=trust, filename=GIAS_FILE.name, data=GIAS_FILE.read_bytes(), actor=None)
    for row in SCHOOLS:
        key, name, urn, laestab, school_type, phase = row
        school = do_add_school_from_gias(trust=trust, urn=urn, gias=gias, actor=None, with_calendar_for=SCHOOL_YEARS)
        if (school.name, school.laestab, school.school_type, school.phase) != (name, laestab, school_type, phase):
            raise ValueError(f"The demo's GIAS file and SCHOOLS disagree about URN {urn}")
        do_update_school(school=school, actor=None, la_email=f"attendance@{LOCAL_AUTHORITY.lower()}.gov.uk.example",
                         la_contact="Attendance and Inclusion Team")
        demo.schools[key] = school
        _create_staff(key, school, staff_names)
        # The school's pupils, as its MIS exports them, through the roster import.
        import_demo_roster(key, school, today)
    apply_pathways_records(demo.schools)

    # The AP lead of the high school also leads alternative provision at the special school:
    # one login with two schools, to show the school switcher.
    shared = User.objects.get(username="holyfamily-aplead")
    do_grant_role(user=shared, school=demo.schools["oakfield"], role=Role.AP_LEAD, actor=None)

    lead = _staff("trust-lead", "Bernadette", "Quinn")
    do_make_trust_lead(user=lead, trust=trust, actor=None)
    TOTPDevice.objects.create(user=lead, name="Demo authenticator", confirmed=True)
    records = create_demo_arrangements(demo.schools, today)
    demo.providers, demo.arrangements = records.providers, records.arrangements
    _farm_sign_in(demo)
    create_demo_marks(demo.schools, demo.arrangements, today)
    return demo


def _create_staff(key: str, school: School, names: Iterator[tuple[str, str]]) -> None:
    """One member of staff for each role, signed in as <school>-<role>; leaders with an authenticator."""
    for role, role_key in ROLE_KEYS.items():
        first, last = next(names)
        user = _staff(f"{key}-{role_key}", first, last)
        do_grant_role(user=user, school=school, role=role, actor=None)
        if role in LEADERSHIP_ROLES:
            TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)


def _farm_sign_in(demo: DemoTrust) -> None:
    """Willow Farm's staff report attendance themselves (journey 1): one sign-in, with the demo password."""
    farm = demo.providers["willowfarm"]
    member = do_invite_provider_staff(
        provider=farm, school=demo.schools["holyfamily"], actor=None, first_name="Tom", last_name="Ashworth",
        email=PROVIDER_LOGIN, base_url="http://127.0.0.1:8000/",
    )
    member.user.password = _demo_password_hash()
    member.user.save(update_fields=["password"])
