"""The independent-school registration threshold (Education Act 1996 s463), counted across the trust."""

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.models import Status
from pathways.cases.registration import explain, threshold_for, thresholds_for
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider

pytestmark = pytest.mark.django_db


def place(school: Any, provider: Any, name: str, sessions: int = 10, **pupil: Any) -> Any:
    child = make_pupil(school, name, "Placed", **pupil)
    make_arrangement(child, provider=provider, status=Status.ACTIVE, slots=at_provider(sessions))
    return child


def test_four_full_time_pupils_do_not_breach_and_a_fifth_does(world: Any) -> None:
    provider = make_provider(world.school)
    for n in range(4):
        place(world.school if n % 2 else world.sister, provider, f"P{n}")
    four = threshold_for(provider, as_of=MONDAY)
    assert (four.compulsory_age, four.breached, four.room) == (4, False, 1)
    place(world.sister, provider, "Fifth")
    five = threshold_for(provider, as_of=MONDAY)
    assert (five.compulsory_age, five.breached) == (5, True)


def test_six_sessions_a_week_are_not_full_time_and_seven_are(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=4)
    place(world.school, provider, "Six", sessions=6)
    assert threshold_for(provider, as_of=MONDAY).compulsory_age == 4
    assert not threshold_for(provider, as_of=MONDAY).breached
    place(world.school, provider, "Seven", sessions=7)
    after = threshold_for(provider, as_of=MONDAY)
    assert [p.first_name for p in after.full_time] == ["Seven"]
    assert after.breached


def test_one_looked_after_pupil_full_time_is_enough_to_breach(world: Any) -> None:
    provider = make_provider(world.school)
    place(world.sister, provider, "Looked", looked_after=True)
    threshold = threshold_for(provider, as_of=MONDAY)
    assert (threshold.compulsory_age, threshold.looked_after_or_ehcp, threshold.breached) == (1, 1, True)


def test_a_looked_after_pupil_part_time_does_not_count(world: Any) -> None:
    provider = make_provider(world.school)
    place(world.sister, provider, "Looked", sessions=4, looked_after=True)
    assert not threshold_for(provider, as_of=MONDAY).breached


def test_a_pupil_past_compulsory_school_age_does_not_count(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=4)
    place(world.school, provider, "Adult", date_of_birth=dt.date(2007, 1, 1))
    assert threshold_for(provider, as_of=MONDAY).compulsory_age == 4


def test_a_registered_provider_never_breaches(world: Any) -> None:
    provider = make_provider(world.school, registration="registered_school", urn="123456",
                             elsewhere_full_time_compulsory_age=9, elsewhere_full_time_looked_after_or_ehcp=2)
    threshold = threshold_for(provider, as_of=MONDAY)
    assert threshold.reached and not threshold.breached
    assert "is registered" in explain(threshold)[-1]


def test_the_trusts_pupils_are_counted_by_school_with_the_providers_other_settings(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=1)
    place(world.school, provider, "A")
    place(world.school, provider, "B")
    place(world.sister, provider, "C")
    place(world.sister, provider, "D")
    make_arrangement(make_pupil(world.sister, "Draft", "Only"), provider=provider, slots=at_provider(10))
    threshold = threshold_for(provider, as_of=MONDAY)
    assert threshold.by_school == [(world.school.name, 2), (world.sister.name, 2)]
    assert threshold.compulsory_age == 5


def test_would_breach_with_says_whether_placing_a_pupil_full_time_breaches(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=2)
    place(world.sister, provider, "One")
    place(world.sister, provider, "Two")
    threshold = threshold_for(provider, as_of=MONDAY)
    newcomer = make_pupil(world.school, "New", "Pupil")
    assert threshold.would_breach_with(newcomer)
    assert not threshold.would_breach_with(newcomer, sessions=6)
    three = make_provider(world.school, "Three Pupils", elsewhere_full_time_compulsory_age=3)
    assert not threshold_for(three, as_of=MONDAY).would_breach_with(newcomer)
    looked_after = make_pupil(world.school, "Cared", "For", looked_after=True)
    assert threshold_for(three, as_of=MONDAY).would_breach_with(looked_after)


def test_the_pupil_being_added_is_left_out_of_the_counts_and_counted_once(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=3)
    ours = place(world.school, provider, "Ours")
    assert threshold_for(provider, as_of=MONDAY).compulsory_age == 4
    others = threshold_for(provider, as_of=MONDAY, adding_pupil=ours)
    assert others.compulsory_age == 3
    assert not others.would_breach_with(ours)
    assert not threshold_for(provider, as_of=MONDAY).would_breach_with(ours)


def test_the_page_says_plainly_how_many_attend_and_what_a_fifth_would_mean(world: Any) -> None:
    provider = make_provider(world.school)
    for n in range(2):
        place(world.school, provider, f"Ours{n}")
        place(world.sister, provider, f"Theirs{n}")
    lines = explain(threshold_for(provider, as_of=MONDAY))
    assert lines[0] == (
        f"4 pupils of compulsory school age attend full time from schools in the trust "
        f"({world.school.name} 2, {world.sister.name} 2)."
    )
    assert lines[-1] == (
        "A fifth, or any looked-after child or pupil with an EHC plan, would mean it must register as an "
        "independent school."
    )


def test_the_page_says_when_the_provider_must_register(world: Any) -> None:
    provider = make_provider(world.school, "Willow Farm")
    place(world.sister, provider, "Ehcp", send="ehcp")
    lines = explain(threshold_for(provider, as_of=MONDAY))
    assert "1 of them is looked after or has an EHC plan" in lines[0]
    assert lines[-1].startswith("Willow Farm must register as an independent school")


def test_every_providers_threshold_takes_one_query_however_many(world: Any, django_assert_num_queries: Any) -> None:
    providers = [make_provider(world.school, f"Provider {n}") for n in range(5)]
    for n, provider in enumerate(providers):
        for m in range(n):
            place(world.sister, provider, f"P{n}{m}")
    with django_assert_num_queries(1):
        thresholds = thresholds_for(providers, as_of=MONDAY)
    assert [thresholds[p.id].compulsory_age for p in providers] == [0, 1, 2, 3, 4]
