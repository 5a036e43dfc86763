"""The trust-wide registration count on the provider's page and the engine's NAT-PROVIDER-REGISTRATION
verdict read the same dated parameters, so they agree: on the same placements, at the boundaries
(exactly at and one over the threshold, in pupils and in hours) and when the law changes on a date."""

import dataclasses
import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_set_timetable
from pathways.arrangements.models import Status
from pathways.cases import registration
from pathways.cases.casefiles import case_for
from pathways.cases.registration import threshold_for
from pathways.policy import evaluate, parameters
from pathways.policy.engine import REGISTRY, rules
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider

pytestmark = pytest.mark.django_db

LATER = MONDAY + dt.timedelta(days=7)  # a week on, still in Spring 1


def place(school: Any, provider: Any, name: str, sessions: int = 10, **pupil: Any) -> Any:
    child = make_pupil(school, name, "Placed", **pupil)
    return make_arrangement(child, provider=provider, status=Status.ACTIVE, slots=at_provider(sessions))


def both(provider: Any, arrangement: Any, as_of: dt.date) -> tuple[bool, str]:
    """(the page's count says the provider must register, the rule's status for this pupil's case),
    after checking they count the same pupils."""
    threshold = threshold_for(provider, as_of=as_of)
    case = case_for(arrangement, as_of)
    verdict = evaluate(case).get("NAT-PROVIDER-REGISTRATION")
    assert verdict is not None
    others = case.provider.full_time_pupils
    this_one = arrangement.pupil_id in {p.pupil_id for p in threshold.full_time}
    assert threshold.compulsory_age == others.compulsory_age + this_one
    return threshold.breached, verdict.status


def change_the_law(monkeypatch: Any, name: str, value: int, on: dt.date) -> None:
    """A new dated value of `name` from `on`, as a change in the law would be added to the YAML."""
    p = parameters.parameter(name)
    changed = dataclasses.replace(p, values=(*p.values, parameters.DatedValue(on, value, "a change for this test")))
    monkeypatch.setitem(parameters.PARAMETERS, name, changed)


def test_the_page_reads_every_parameter_the_rule_declares():
    rules()  # every pack registered
    assert set(registration.PARAMETERS) == set(REGISTRY["NAT-PROVIDER-REGISTRATION"].params)


def test_they_agree_below_exactly_at_and_one_over_the_pupil_threshold(world: Any) -> None:
    provider = make_provider(world.school)
    ours = place(world.school, provider, "Ours", sessions=4)  # part time: never counted
    for n in range(4):
        place(world.school if n % 2 else world.sister, provider, f"P{n}")
    assert both(provider, ours, MONDAY) == (False, "met")  # 4: one below
    fifth = place(world.sister, provider, "Fifth")
    assert both(provider, ours, MONDAY) == (True, "unmet")  # 5: exactly at the threshold
    assert both(provider, fifth, MONDAY) == (True, "unmet")
    place(world.school, provider, "Sixth")
    assert both(provider, ours, MONDAY) == (True, "unmet")  # 6: one over


def test_they_agree_exactly_at_and_one_over_the_full_time_hours(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=4)
    ours = place(world.school, provider, "Ours", sessions=6)  # 18 hours: exactly at, not more
    assert both(provider, ours, MONDAY) == (False, "met")
    do_set_timetable(arrangement=ours, slots=at_provider(7), effective_from=MONDAY, actor=None)  # 21 hours
    assert both(provider, ours, MONDAY) == (True, "unmet")


def test_they_agree_on_one_looked_after_pupil(world: Any) -> None:
    provider = make_provider(world.school)
    ours = place(world.school, provider, "Ours", sessions=4)
    assert both(provider, ours, MONDAY) == (False, "met")
    place(world.sister, provider, "Looked", looked_after=True)
    assert both(provider, ours, MONDAY) == (True, "unmet")


def test_a_dated_change_to_the_pupil_threshold_moves_both_from_its_day(world: Any, monkeypatch: Any) -> None:
    provider = make_provider(world.school)
    ours = place(world.school, provider, "Ours", sessions=4)
    for n in range(4):
        place(world.sister, provider, f"P{n}")
    change_the_law(monkeypatch, "independent_school_pupils", 4, on=LATER)
    assert both(provider, ours, MONDAY) == (False, "met")  # before the change: 4 of 5
    assert both(provider, ours, LATER) == (True, "unmet")  # from it: 4 of 4
    assert threshold_for(provider, as_of=LATER).room == 0


def test_a_dated_change_to_the_full_time_hours_moves_both_from_its_day(world: Any, monkeypatch: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=4)
    ours = place(world.school, provider, "Ours", sessions=7)  # 21 hours
    change_the_law(monkeypatch, "full_time_hours_per_week", 21, on=LATER)
    assert both(provider, ours, MONDAY) == (True, "unmet")  # more than 18: full time
    assert both(provider, ours, LATER) == (False, "met")  # not more than 21: not full time
    assert threshold_for(provider, as_of=LATER).sessions_for_full_time == 8
