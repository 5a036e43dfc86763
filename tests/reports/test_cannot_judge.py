"""The reports count an arrangement the engine cannot judge on its own: "cannot be judged",
neither compliant nor failing, with why and what fixes it (the governors' report counts pupils, never names
them); the LA return and the inspection pack say so where a judgement would be."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import unjudgeable
from tests.arrangements.test_lead import provider_staff
from tests.reports.helpers import TODAY, on, part_time

pytestmark = pytest.mark.django_db


def url(world: Any) -> str:
    return reverse("report-governors", args=[world.school.id])


def test_it_is_counted_as_cannot_be_judged_neither_compliant_nor_failing(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world)
    part_time(world)
    with on(TODAY):
        response = as_user(world.staff["governor"]).get(url(world))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.judged == 1 and report.running_on_day == 2
    assert [a.pk for a, _ in report.cannot_judge] == [arrangement.pk]
    page = response.content.decode()
    assert "that could be judged had no unmet requirement" in page and f"of {report.judged}." in page
    table = page[page.index('data-testid="cannot-judge"'):]
    assert "Cannot be judged: 1 of the 2 arrangements running on 6 February 2026" in table
    assert "counted neither as compliant nor as failing" in table
    assert "only from 1 Mar 2022" in table and "on the school policy page" in table
    assert "Ourpupil" not in page and "Ava" not in page  # counted, never named


def test_after_the_fix_it_is_judged_and_counted(world: Any, as_user: Any) -> None:
    unjudgeable(world)
    do_update_school(school=world.school, actor=None, policy_settings={"parent_contact_interval_school_days": 5})
    with on(TODAY):
        response = as_user(world.staff["governor"]).get(url(world))
    report = response.context["report"]
    assert report.cannot_judge == [] and report.judged == 1
    assert 'data-testid="cannot-judge"' not in response.content.decode()


def test_outsiders_see_nothing_of_it(world: Any, as_user: Any) -> None:
    unjudgeable(world)
    for outsider in (world.outsider, world.sister_dsl, provider_staff(world)):
        with on(TODAY):
            response = as_user(outsider).get(url(world))
        assert response.status_code in (403, 404)
        assert "Cannot be judged" not in response.content.decode()


def test_the_la_return_says_a_timetable_cannot_be_judged_rather_than_leaving_its_next_review_blank(
    world: Any, as_user: Any
) -> None:
    # The school follows the alternative pathways policy, whose notice to the local authority Pathways
    # holds only from 19 Jul 2023: a part-time timetable from June 2023 cannot be judged.
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    part_time(world, start=dt.date(2023, 6, 5), end=dt.date(2026, 7, 17))
    with on(TODAY):
        client = as_user(world.staff["attendance_officer"])
        rows = list(csv.reader(io.StringIO(client.get(
            reverse("report-la-return", args=[world.school.id]) + "?start=2026-01-05&end=2026-02-13&format=csv"
        ).content.decode("utf-8"))))
        page = client.get(reverse("report-la-return", args=[world.school.id]) + "?start=2026-01-05&end=2026-02-13")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Next review date"] == "Cannot be judged"
    assert "Cannot be judged" in page.content.decode()


def test_the_inspection_pack_says_why_in_place_of_the_requirements(world: Any, as_user: Any) -> None:
    unjudgeable(world)
    with on(TODAY):
        response = as_user(world.staff["dsl"]).get(reverse("report-inspection", args=[world.school.id, world.pupil.id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This arrangement cannot be judged: the policies Pathways holds give “longest gap" in page
    assert "on the school policy page." in page
    for outsider in (world.outsider, world.sister_dsl, provider_staff(world)):
        with on(TODAY):
            response = as_user(outsider).get(reverse("report-inspection", args=[world.school.id, world.pupil.id]))
        assert response.status_code in (403, 404) and "cannot be judged" not in response.content.decode()
