"""The providers' pupils of several days from one query (Today reads the register's last school day and
today): each day lists exactly the pupils whose arrangement runs that day, as the one-day read's filter
(`active_on`) says, with the usual week in force that day."""

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.models import Arrangement, Status, TimetableVersion
from pathways.cases.registration import active_on, placed_at_providers_on
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)


def test_each_day_lists_the_pupils_running_that_day_from_one_query(world: Any, django_assert_num_queries: Any) -> None:
    provider = make_provider(world.school)
    ends_monday = make_pupil(world.school, "Ends", "Monday")
    make_arrangement(ends_monday, provider=provider, status=Status.ACTIVE, slots=at_provider(10),
                     start=MONDAY - dt.timedelta(days=7), end=MONDAY)
    starts_tuesday = make_pupil(world.sister, "Starts", "Tuesday")
    make_arrangement(starts_tuesday, provider=provider, status=Status.ACTIVE, slots=at_provider(8), start=TUESDAY)
    awaiting = make_pupil(world.school, "Awaiting", "Approval")
    make_arrangement(awaiting, provider=provider, status=Status.AWAITING_APPROVAL, slots=at_provider(9))
    more_from_wednesday = make_pupil(world.school, "More", "Wednesday")
    longer = make_arrangement(more_from_wednesday, provider=provider, status=Status.ACTIVE, slots=at_provider(4))
    TimetableVersion.objects.create(arrangement=longer, effective_from=WEDNESDAY, slots=at_provider(10))
    days = [MONDAY, TUESDAY, WEDNESDAY]
    with django_assert_num_queries(1):
        placed = placed_at_providers_on([provider], days)
    for day in days:
        running = set(Arrangement.objects.filter(active_on(day), provider=provider).values_list("pupil_id", flat=True))
        assert {p.pupil_id for p in placed[day].get(provider.id, [])} == running, day
    sessions = {day: {p.last_name: p.provider_sessions for p in placed[day][provider.id]} for day in days}
    assert sessions == {
        MONDAY: {"Monday": 10, "Wednesday": 4},
        TUESDAY: {"Tuesday": 8, "Wednesday": 4},
        WEDNESDAY: {"Tuesday": 8, "Wednesday": 10},
    }
    with_awaiting = placed_at_providers_on([provider], days, awaiting=True)
    assert [p.last_name for p in with_awaiting[TUESDAY][provider.id] if p.awaiting] == ["Approval"]
