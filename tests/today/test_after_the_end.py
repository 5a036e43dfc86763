"""An arrangement ended in Pathways stays on Today for the duties its ending brings (the provider's final
report, the Return to Learn outcome), for AFTER_THE_END, and for nothing it left unmet before its end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_end_arrangement, do_record_event
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today.items import AFTER_THE_END, today_items
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2026, 1, 16)
NOW = dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)


def _shown(world: Any, now: dt.datetime = NOW) -> list[str]:
    items = today_items(world.school, world.staff[Role.HEADTEACHER], {Role.HEADTEACHER}, now)
    return [i.what for i in items if i.pupil is not None and i.pupil.pk == world.pupil.pk]


def _ended_placement(world: Any) -> Any:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    placement = make_arrangement(world.pupil, provider=make_provider(world.school), start=MONDAY, status="active",
                                 end=dt.date(2026, 3, 27), slots=week(mon=("provider", "provider")))
    do_end_arrangement(arrangement=placement, actor=world.staff[Role.HEADTEACHER], on=LAST_DAY,
                       outcome="full_time_school")
    return placement


def test_the_final_report_of_an_ended_placement_is_on_today_until_received(world: Any) -> None:
    placement = _ended_placement(world)
    shown = _shown(world)
    assert any("final report" in what for what in shown), shown
    assert not any("risk assessment" in what.lower() for what in shown), shown  # left unmet before the end
    do_record_event(arrangement=placement, actor=world.staff[Role.HEADTEACHER], type="final_report",
                    date=dt.date(2026, 1, 20))
    assert not any("final report" in what for what in _shown(world))


def test_an_arrangement_ended_longer_ago_than_the_window_leaves_today(world: Any) -> None:
    _ended_placement(world)
    later = dt.datetime.combine(LAST_DAY + AFTER_THE_END + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    assert _shown(world, later) == []


def test_a_return_to_learn_ended_without_the_return_asks_for_the_referral(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["return-to-learn"])
    rtl = make_arrangement(world.pupil, kind="return_to_learn", reason="medical", start=MONDAY, status="active",
                           end=dt.date(2026, 3, 27), slots=week(mon=("school", "home")))
    do_end_arrangement(arrangement=rtl, actor=world.staff[Role.HEADTEACHER], on=LAST_DAY, outcome="other")
    shown = _shown(world)
    assert any("Inclusion Support Service referral" in what for what in shown), shown


def test_the_kinds_an_ending_brings_duties_to_are_the_kinds_the_rules_judge() -> None:
    """Today judges an ended arrangement only of a kind registered `at_the_end`: every generated case whose
    rule of the ending gives a verdict is of one of its kinds, and each kind is seen."""
    from pathways.policy import evaluate, parse_case
    from pathways.policy.engine import REGISTRY, kinds_at_the_end
    from pathways.policy.errors import PolicyError
    from tests.today.test_every_item_clears import _generated_cases

    ending = {rid: rule.at_the_end for rid, rule in REGISTRY.items() if rule.at_the_end}
    assert set(ending) == {"AP-FINAL-REPORT", "RTL-OUTCOME"} and kinds_at_the_end() == {
        "alternative_provision", "return_to_learn"}
    seen: set[str] = set()
    for name, case in _generated_cases():
        try:
            result = evaluate(parse_case(case))
        except PolicyError:
            continue
        for r in result.requirements:
            if r.id in ending and r.status != "not_applicable":
                kind = case["arrangement"]["kind"]
                assert kind in ending[r.id], (name, r.id, kind)
                seen.add(kind)
    assert seen == kinds_at_the_end()
