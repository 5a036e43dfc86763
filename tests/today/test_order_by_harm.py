"""Today orders by harm: a child's safety first (a home visit or welfare check due today or overdue), then
breaches of the law, then what is overdue, then what is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pathways.register.actions import do_record_mark
from pathways.schools.models import Role
from pathways.today.item import BREACH, OVERDUE, SAFETY, TODAY, WEEK, Item, by_harm
from tests.attendance.helpers import MONDAY, at_provider
from tests.conftest import make_pupil, sign_in

D = dt.date(2026, 1, 12)


def item(what: str, urgency: str, **flags: Any) -> Item:
    return Item(urgency, D, what, "source", "act", "/x/", **flags)


def test_safety_then_breaches_then_overdue_then_due() -> None:
    items = [
        item("a review due this week", WEEK),
        item("provider 1 has not reported", OVERDUE),
        item("a breach of the law", OVERDUE, breach=True),
        item("home visit today", TODAY, safety=True),
        item("provider 2 has not reported", OVERDUE),
        item("a welfare check next week", WEEK, safety=True),  # not yet pressing: where its date puts it
    ]
    groups = by_harm(items)
    order = [i.what for _, _, rows in groups for i in rows]
    assert order == ["home visit today", "a breach of the law", "provider 1 has not reported",
                     "provider 2 has not reported", "a review due this week", "a welfare check next week"]
    assert [key for key, _, rows in groups if rows] == [SAFETY, BREACH, OVERDUE, WEEK]
    assert sorted(items, key=lambda i: i.sort_key)[0].what == "home visit today"


@pytest.mark.django_db
def test_a_same_day_home_visit_for_a_pupil_with_a_social_worker_is_above_unreported_sessions(world: Any) -> None:
    """Journey 1: five pupils at a provider that has not reported by its deadline, and one with a social
    worker who missed the morning: the home visit is the first line of the attendance officer's Today."""
    for n in range(5):
        at_provider(make_pupil(world.school, f"Pupil{n}", "Unreported"), world.school, name=f"Provider {n}")
    sam = make_pupil(world.school, "Sam", "Socialworker", social_worker=True)
    placement = at_provider(sam, world.school, name="Horizon Farm")
    do_record_mark(pupil=sam, arrangement=placement, day=MONDAY, session="am", attended=False, reason="unknown",
                   source="provider", actor=None)
    client = sign_in(Client(), world.staff[Role.ATTENDANCE_OFFICER])
    with time_machine.travel(dt.datetime(2026, 1, 12, 14, 0), tick=False):
        body = client.get(reverse("today", args=[world.school.id])).content.decode()
    first = body.index('data-testid="today-item"')
    assert body.index('data-testid="today-safety"') < first < body.index('data-testid="today-overdue"')
    safety = body[first:body.index('data-testid="today-overdue"')]
    assert "Home visit about the unexplained absence on Mon 12 Jan" in safety
    assert body.count("has not reported") >= 5
    assert "about a child&#x27;s safety" in body or "about a child's safety" in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "sister_dsl"])
def test_another_schools_staff_see_none_of_our_today(world: Any, who: str) -> None:
    user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl}[who]
    assert sign_in(Client(), user).get(reverse("today", args=[world.school.id])).status_code == 404
