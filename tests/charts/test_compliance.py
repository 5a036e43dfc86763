"""Compliance over time across a trust: each school's share of running arrangements with nothing unmet at
the end of each school week, judged as of that day, on a page for the trust lead only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Status
from pathways.today.compliance import compliance_chart, trust_compliance
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.conftest import make_pupil, make_school
from tests.providers.portal_helpers import placed_pupil, staff_of

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 12)   # Spring 1 of the default calendar
FRIDAY = dt.date(2026, 2, 6)    # the end of the fourth week from MONDAY


def part_time(pupil: Any, **extra: Any) -> Arrangement:
    """A part-time timetable at home on Mondays: unmet (NAT-PTT-AGREEMENT) until the parent's written consent."""
    return make_arrangement(pupil, kind="part_time_timetable", reason="medical", start=MONDAY, status=Status.ACTIVE,
                            slots=week(mon=("home", "home")), end=dt.date(2026, 3, 27), **extra)


def test_an_entry_dated_later_does_not_count_for_the_weeks_before_it(world: Any) -> None:
    a = part_time(world.pupil)
    part_time(make_pupil(world.school, "Bea", "Kept"))
    do_record_event(arrangement=a, type="parent_consent", date=dt.date(2026, 1, 28), actor=None,
                    fields={"written": True})
    got = trust_compliance(world.trust, today=FRIDAY, weeks=4)
    assert got.weeks == [MONDAY + dt.timedelta(weeks=n) for n in range(4)]
    ours = next(line for line in got.schools if line.school_id == world.school.id)
    assert ours.running == [2, 2, 2, 2]
    assert ours.kept == [0, 0, 1, 1]
    assert ours.shares == [0.0, 0.0, 50.0, 50.0]
    sister = next(line for line in got.schools if line.school_id == world.sister.id)
    assert sister.running == [0, 0, 0, 0] and sister.shares == [None] * 4
    assert got.total.shares == [0.0, 0.0, 50.0, 50.0]


def test_a_week_not_over_yet_and_a_holiday_week_have_no_figure(world: Any) -> None:
    part_time(world.pupil)
    wednesday = dt.date(2026, 2, 25)  # the week after the February half-term, not over yet
    got = trust_compliance(world.trust, today=wednesday, weeks=3)
    assert got.weeks == [dt.date(2026, 1, 26), dt.date(2026, 2, 2), dt.date(2026, 2, 9)]


def test_an_arrangement_counts_only_in_the_weeks_it_was_running(world: Any) -> None:
    part_time(world.pupil)
    later = make_arrangement(make_pupil(world.school, "Cy", "Later"), kind="part_time_timetable",
                             reason="medical", start=dt.date(2026, 1, 28), status=Status.ACTIVE,
                             slots=week(mon=("home", "home")))
    make_arrangement(make_pupil(world.school, "Di", "Draft"), kind="part_time_timetable", reason="medical",
                     start=MONDAY, slots=week(mon=("home", "home")))
    assert later.status == Status.ACTIVE
    ours = next(line for line in trust_compliance(world.trust, today=FRIDAY, weeks=4).schools
                if line.school_id == world.school.id)
    assert ours.running == [1, 1, 2, 2]


def test_the_table_gives_each_share_with_its_counts(world: Any) -> None:
    part_time(world.pupil)
    chart = compliance_chart(trust_compliance(world.trust, today=FRIDAY, weeks=2))
    assert chart.header[0] == "Week beginning" and world.school.name in chart.header
    assert chart.rows[0][0] == "26 Jan"
    assert "0% (0 of 1)" in chart.rows[0] and "none running" in chart.rows[0]


def _arrangements_everywhere(schools: list[Any]) -> None:
    for i, school in enumerate(schools):
        provider = make_provider(school, f"Farm {i}")
        part_time(make_pupil(school, "Ed", f"Home{i}"))
        make_arrangement(make_pupil(school, "Flo", f"Farm{i}"), kind="alternative_provision", start=MONDAY,
                         status=Status.ACTIVE, provider=provider, slots=week(mon=("provider", "provider")))


@pytest.mark.parametrize("schools", [1, 3])
def test_the_figures_take_the_same_queries_for_one_school_or_three(
    world: Any, schools: int, django_assert_num_queries: Any
) -> None:
    from pathways.schools.actions import do_create_trust

    trust = do_create_trust(name=f"Trust of {schools}", actor=None)
    _arrangements_everywhere([make_school(trust, f"School {n}") for n in range(schools)])
    # schools, half-terms, closures, arrangements, the eleven of cases_for (with the contact logs and live
    # sessions), timetables, one per week for providers
    with django_assert_num_queries(4 + 11 + 1 + 12):
        got = trust_compliance(trust, today=FRIDAY)
    assert len(got.schools) == schools and len(got.weeks) == 12


def test_the_trust_lead_sees_a_line_per_school_and_the_trust_with_the_figures(world: Any, as_user: Any) -> None:
    part_time(world.pupil)
    with time_machine.travel(dt.datetime(2026, 2, 7, 12, 0), tick=False):
        response = as_user(world.trust_lead).get(reverse("trust-compliance", args=[world.trust.id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="chart-compliance"' in body and "<svg" in body and "Show the figures" in body
    assert escape(world.school.name) in body and escape(world.sister.name) in body and "(all schools)" in body
    assert reverse("today", args=[world.school.id]) in body


def test_the_trust_page_links_to_compliance_over_time(world: Any, as_user: Any) -> None:
    body = as_user(world.trust_lead).get(reverse("trust", args=[world.trust.id])).content.decode()
    assert reverse("trust-compliance", args=[world.trust.id]) in body


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "headteacher", "dsl", "provider"])
def test_anyone_but_the_trust_lead_gets_a_404(world: Any, as_user: Any, who: str) -> None:
    if who == "provider":
        farm = make_provider(world.school, "Willow Farm")
        placed_pupil(world.school, farm)
        user = staff_of(farm, world.school)
    else:
        user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl,
                "headteacher": world.staff["headteacher"], "dsl": world.staff["dsl"]}[who]
    response = as_user(user).get(reverse("trust-compliance", args=[world.trust.id]))
    assert response.status_code == 404


def test_another_trusts_lead_gets_a_404(world: Any, as_user: Any) -> None:
    from pathways.schools.models import Trust

    other_trust = Trust.objects.exclude(pk=world.trust.pk).get()
    response = as_user(world.trust_lead).get(reverse("trust-compliance", args=[other_trust.id]))
    assert response.status_code == 404
