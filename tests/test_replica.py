"""Reading from a read replica (pathways/replica.py), with a second connection to the test database
standing in for the replica (settings_test: TEST MIRROR). Reads inside reading_from_replica() go to
the replica; every write, and every read outside, to the default database; Today's kept findings are
written and read on the default database even inside the context."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.replica import reading_from_default, reading_from_replica
from pathways.schools.models import Closure, School
from pathways.today.models import Judgement
from tests.arrangements.helpers import make_arrangement, week

pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
              pytest.mark.filterwarnings("ignore::RuntimeWarning")]


class Both:
    """The SQL each database received inside the block."""

    def __enter__(self) -> Both:
        self.default = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)

    @staticmethod
    def sql(captured: CaptureQueriesContext) -> list[str]:
        return [q["sql"].lower() for q in captured.captured_queries]

    def on_default(self, table: str, verb: str = "select") -> bool:
        return any(s.lstrip().startswith(verb) and table in s for s in self.sql(self.default))

    def on_replica(self, table: str, verb: str = "select") -> bool:
        return any(s.lstrip().startswith(verb) and table in s for s in self.sql(self.replica))


@override_settings(PATHWAYS_READ_REPLICA=True)
def test_reads_in_the_context_go_to_the_replica_and_writes_to_the_default_database(world: Any) -> None:
    assert School.objects.all().db == "default"
    with reading_from_replica():
        assert School.objects.all().db == "replica"
        with Both() as seen:
            names = sorted(School.objects.values_list("name", flat=True))
            Closure.objects.create(school=world.school, date=dt.date(2026, 5, 1), reason="Polling day")
        with reading_from_default():
            assert School.objects.all().db == "default"
    assert world.school.name in names  # the replica holds the same rows
    assert seen.on_replica("schools_school") and not seen.on_default("schools_school")
    assert seen.on_default("schools_closure", "insert") and not seen.on_replica("schools_closure", "insert")
    assert Closure.objects.filter(reason="Polling day").exists()


def test_without_a_replica_the_context_reads_the_default_database() -> None:
    with reading_from_replica():  # PATHWAYS_READ_REPLICA is off in the test settings, as with no replica URL
        assert School.objects.all().db == "default"


@override_settings(PATHWAYS_READ_REPLICA=True)
def test_the_trust_pages_and_a_report_read_the_replica_and_findings_stay_on_the_default_database(
    world: Any, as_user: Any
) -> None:
    make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                     start=dt.date(2026, 1, 12), end=dt.date(2026, 3, 27), slots=week(mon=("home", "home")))
    lead = as_user(world.trust_lead)
    with Both() as chart:
        assert lead.get(reverse("trust-compliance", args=[world.trust.id])).status_code == 200
    assert chart.on_replica("arrangements_arrangement")
    with Both() as dashboard:
        assert lead.get(reverse("trust-today", args=[world.trust.id])).status_code == 200
    assert dashboard.on_replica("schools_school")  # the trust's schools
    # the kept findings: read and written on the default database, never read from the replica
    assert dashboard.on_default("today_judgement") and not dashboard.on_replica("today_judgement")
    assert dashboard.on_default("today_judgement", "insert")
    assert Judgement.objects.exists()
    staff = as_user(world.staff["headteacher"])
    with Both() as report:
        assert staff.get(reverse("report-governors", args=[world.school.id])).status_code == 200
    assert report.on_replica("arrangements_arrangement")
    # who may see the report is checked on the default database
    assert report.on_default("schools_staffrole") and not report.on_replica("schools_staffrole")
