"""Builders for the register tests: pupils on running arrangements of each kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.models import Arrangement, Status
from pathways.pupils.models import Pupil
from pathways.schools.models import School
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.conftest import make_pupil

MONDAY = dt.date(2026, 1, 12)   # Spring 1 of the default calendar
TUESDAY = MONDAY + dt.timedelta(days=1)

ALL_WEEK = ("mon", "tue", "wed", "thu", "fri")


def every_day(am: str, pm: str) -> dict[str, dict[str, str]]:
    return week(**dict.fromkeys(ALL_WEEK, (am, pm)))


def running(pupil: Pupil, kind: str, slots: dict[str, Any], **extra: Any) -> Arrangement:
    extra.setdefault("end", dt.date(2026, 3, 27))
    return make_arrangement(pupil, kind=kind, start=MONDAY, status=Status.ACTIVE, slots=slots, **extra)


def ptt_at_home(pupil: Pupil) -> Arrangement:
    """Part-time timetable: mornings in school, afternoons at home."""
    return running(pupil, "part_time_timetable", every_day("school", "home"), reason="mental_health")


def flexi(pupil: Pupil) -> Arrangement:
    return running(pupil, "flexi_schooling", every_day("home", "home"), reason="parental_request")


def dual_registered(pupil: Pupil) -> Arrangement:
    return running(pupil, "alternative_provision", every_day("another_school", "another_school"))


def at_provider(pupil: Pupil, school: School, *, arranged_by: str = "school", name: str = "Willow Farm") -> Arrangement:
    provider = make_provider(school, name, arranged_by=arranged_by)
    return running(pupil, "alternative_provision", every_day("provider", "provider"), provider=provider)


def under_csa(school: School, first: str = "Tia", last: str = "Reception") -> Pupil:
    """Four years old in January 2026: not yet of compulsory school age."""
    return make_pupil(school, first, last, date_of_birth=dt.date(2021, 6, 1), year_group=0)
