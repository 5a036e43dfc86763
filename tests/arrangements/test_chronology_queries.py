"""The chronology page and the timetable and steps pages ask the database the same number of
questions however long the record is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_correct_event, do_record_event, do_set_timetable
from pathways.arrangements.models import Arrangement
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week

pytestmark = pytest.mark.django_db


def _grow(world: Any, arrangement: Arrangement, entries: int) -> None:
    lead = world.staff["ap_lead"]
    for i in range(entries):
        day = MONDAY + dt.timedelta(days=i)
        if i % 3 == 0:
            event = do_record_event(arrangement=arrangement, type="welfare_check", date=day, actor=lead,
                                    fields={"kind": "phone"}, note=f"Call {i}.")
            do_correct_event(event=event, actor=world.staff["dsl"], reason="It was a home visit.",
                             fields={"kind": "home_visit"})
        else:
            do_record_event(arrangement=arrangement, type="visit", date=day, actor=lead, note=f"Visit {i}.")
    for i in range(entries // 5):
        do_set_timetable(arrangement=arrangement, slots=week(mon=("provider", "provider")),
                         effective_from=MONDAY + dt.timedelta(weeks=i + 1), actor=lead)
        do_add_step(arrangement=arrangement, from_date=MONDAY + dt.timedelta(weeks=i + 1), hours_in_school=3 * i,
                    actor=None)


def _queries(world: Any, as_user: Any, django_assert_max_num_queries: Any, entries: int) -> dict[str, int]:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school, name=f"Provider {entries}"),
                                   slots=week(fri=("provider", "provider")))
    _grow(world, arrangement, entries)
    client = as_user(world.staff["dsl"])
    counts = {}
    for name in ("arrangement-chronology", "timetable-edit", "steps-edit"):
        with django_assert_max_num_queries(30) as captured:
            response = client.get(reverse(name, args=[world.school.id, arrangement.id]))
        assert response.status_code == 200
        counts[name] = len(captured)
    return counts


def test_a_long_record_costs_no_more_queries_than_a_short_one(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    few = _queries(world, as_user, django_assert_max_num_queries, 5)
    many = _queries(world, as_user, django_assert_max_num_queries, 50)
    assert few == many
