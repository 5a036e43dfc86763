"""Shared fixtures: two trusts, three schools, staff of every role, a provider-less world for now.

Personas follow DESIGN.md: the DSL of the school, a teacher of the same school, a member of another
school's staff (must get 404), and (once providers exist) a provider.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.pupils.actions import do_create_pupil
from pathways.pupils.models import Pupil
from pathways.schools.actions import (
    do_create_school,
    do_create_staff,
    do_create_trust,
    do_grant_role,
    do_make_trust_lead,
)
from pathways.schools.models import Role, School, Trust, User

_counter = itertools.count(1)


def make_school(trust: Trust | None, name: str, **extra: Any) -> School:
    n = next(_counter)
    fields = {
        "trust": trust, "name": name, "urn": f"{140000 + n:06d}", "laestab": f"{8004000 + n:07d}",
        "school_type": "academy", "phase": "secondary", "local_authority": "Northshire",
    }
    fields.update(extra)
    return do_create_school(actor=None, with_calendar_for=[2025, 2026], **fields)


def make_staff(school: School | None, role: str | None, username: str) -> User:
    user = do_create_staff(
        username=username, first_name=username.split("-")[0].title(), last_name="Tester",
        email=f"{username}@example.org", password="correct-horse-battery", actor=None,
    )
    if school is not None and role is not None:
        do_grant_role(user=user, school=school, role=role, actor=None)
    return user


def make_pupil(school: School, first: str = "Ava", last: str = "Example", **extra: Any) -> Pupil:
    fields = {"first_name": first, "last_name": last, "date_of_birth": dt.date(2012, 3, 14), "year_group": 9}
    fields.update(extra)
    return do_create_pupil(school=school, actor=None, **fields)


def sign_in(client: Client, user: User) -> Client:
    """Sign a user in as the login form would, including a passed two-factor check."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test phone", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@dataclass
class World:
    trust: Trust
    school: School          # "our" school
    sister: School          # another school of the same trust
    other: School           # a school of another trust: the outsider's
    staff: dict[str, User]  # role -> user in `school`
    outsider: User          # DSL of `other`
    sister_dsl: User        # DSL of `sister`
    trust_lead: User
    pupil: Pupil
    other_pupil: Pupil


@pytest.fixture
def world(db: Any) -> World:
    trust = do_create_trust(name="St Aidan's Catholic Academy Trust", actor=None)
    other_trust = do_create_trust(name="Riverside Learning Trust", actor=None)
    school = make_school(trust, "St Bede's Catholic High School")
    sister = make_school(trust, "St Cuthbert's Primary School", phase="primary")
    other = make_school(other_trust, "Riverside Academy")
    staff = {role: make_staff(school, role, f"{role.replace('_', '')}-ours") for role in Role.values}
    outsider = make_staff(other, Role.DSL, "outsider-dsl")
    sister_dsl = make_staff(sister, Role.DSL, "sister-dsl")
    trust_lead = make_staff(None, None, "trustlead")
    do_make_trust_lead(user=trust_lead, trust=trust, actor=None)
    pupil = make_pupil(school, "Ava", "Ourpupil")
    other_pupil = make_pupil(other, "Zed", "Secretoutsider")
    return World(trust, school, sister, other, staff, outsider, sister_dsl, trust_lead, pupil, other_pupil)


@pytest.fixture
def as_user(client: Client):  # type: ignore[no-untyped-def]
    def _as(user: User) -> Client:
        return sign_in(client, user)

    return _as
