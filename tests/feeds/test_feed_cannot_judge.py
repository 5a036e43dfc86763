"""An arrangement the engine cannot judge is an event of the calendar feed, on today's date, with the action
that fixes it: never left out. Only those who see the arrangement get it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import unjudgeable
from tests.feeds.test_calendar_feed import TODAY, events_of, feed_url_for

pytestmark = pytest.mark.django_db


def test_the_lead_and_the_headteacher_get_it_and_no_one_else(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world, lead=world.staff[Role.TEACHER])
    uid = f"cannot-be-judged-{arrangement.pk}@testserver"
    for role in (Role.TEACHER, Role.HEADTEACHER):
        url = feed_url_for(as_user(world.staff[role]))
        events = events_of(Client(), url)
        assert uid in events, role
        event = events[uid]
        assert event.decoded("DTSTART") == TODAY
        assert str(event["SUMMARY"]).startswith("Cannot be judged: Give the school's own “longest gap")
        assert str(event["SUMMARY"]).endswith(": Ava O. (St Bede's Catholic High School)")
    for user in (world.staff[Role.SENCO], world.staff[Role.GOVERNOR], world.outsider, world.sister_dsl):
        events = events_of(Client(), feed_url_for(as_user(user)))
        assert uid not in events and not any("Cannot be judged" in str(e["SUMMARY"]) for e in events.values())


def test_after_the_fix_the_event_goes_and_its_duties_come(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world)
    url = feed_url_for(as_user(world.staff[Role.HEADTEACHER]))
    do_update_school(school=world.school, actor=None, policy_settings={"parent_contact_interval_school_days": 5})
    events = events_of(Client(), url)
    assert f"cannot-be-judged-{arrangement.pk}@testserver" not in events
    assert any(uid.startswith("requirement-") for uid in events)
