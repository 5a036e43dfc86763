"""A deadline counted past the end of the school calendar is counted over Mondays to Fridays: the
arrangement page says so in plain words, with what fixes it (the next half-terms on the school calendar),
so staff do not trust it silently. Another school's staff get nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.schools.models import HalfTerm, Role
from tests.arrangements.helpers import make_arrangement

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.UTC)


def calendar_ending_after_autumn_1(world: Any) -> dt.date:
    """The school's calendar as if the next half-terms had not been entered yet: it ends with autumn 1 2026."""
    HalfTerm.objects.filter(school=world.school, start__gt=dt.date(2026, 10, 1)).delete()
    return HalfTerm.objects.filter(school=world.school).order_by("-end").values_list("end", flat=True)[0]


def page(client: Any, world: Any, arrangement: Any) -> Any:
    return client.get(reverse("arrangement-detail", args=(world.school.id, arrangement.id)))


def test_a_count_past_the_calendar_is_shown_with_the_fix(world: Any, as_user: Any) -> None:
    ends = calendar_ending_after_autumn_1(world)
    arrangement = make_arrangement(world.pupil, status=Status.ACTIVE, start=dt.date(2026, 10, 12))
    with time_machine.travel(TODAY, tick=False):
        body = page(as_user(world.staff[Role.DSL]), world, arrangement).content.decode()
    warning = body[body.index('data-testid="calendar-ran-out"'):]
    assert "Some dates below may be wrong: the school calendar does not cover them" in warning
    why = warning[warning.index('data-testid="calendar-ran-out-why"'):]
    assert f"The school calendar ends on {ends.day} {ends:%b %Y}" in why
    assert "so Mondays to Fridays after it were counted as school days" in why
    fix = warning[warning.index('data-testid="calendar-ran-out-fix"') - 200:]
    assert f'href="{reverse("calendar", args=(world.school.id,))}"' in fix
    assert "Add the next half-terms on the school calendar" in fix


def test_a_count_inside_the_calendar_shows_no_such_warning(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, status=Status.ACTIVE, start=dt.date(2026, 10, 12))
    with time_machine.travel(TODAY, tick=False):
        body = page(as_user(world.staff[Role.DSL]), world, arrangement).content.decode()
    assert 'data-testid="panel-summary"' in body and 'data-testid="calendar-ran-out"' not in body


def test_another_schools_staff_get_not_found(world: Any, as_user: Any) -> None:
    calendar_ending_after_autumn_1(world)
    arrangement = make_arrangement(world.pupil, status=Status.ACTIVE, start=dt.date(2026, 10, 12))
    with time_machine.travel(TODAY, tick=False):
        for outsider in (world.outsider, world.sister_dsl):
            response = page(as_user(outsider), world, arrangement)
            assert response.status_code == 404
            assert "school calendar" not in response.content.decode()
