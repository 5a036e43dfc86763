"""The trust dashboard reads its arrangements as plain values (pathways.today.rows), not model instances:
the cases built from them, their findings' keys and the dashboard's lines are the same as from the model
instances, so the dashboard and the Today pages keep one set of findings and count the same lines."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from bench.generate_trust import generate
from pathways.cases.casefiles import NO_SESSIONS, cases_on
from pathways.schools.access import TRUST_LEAD
from pathways.today import items as today_items
from pathways.today.item import OVERDUE
from pathways.today.judgements import key_of
from pathways.today.rows import PlainArrangement

pytestmark = pytest.mark.django_db


def _both(got: Any) -> tuple[list[Any], list[Any], set[Any]]:
    schools = list(got.trust.schools.order_by("id"))
    roles = {s.id: frozenset({TRUST_LEAD}) for s in schools}
    today = timezone.localdate(got.now)
    _soon, previous = today_items._school_days([s.id for s in schools], today)
    days = {today, *previous.values()}
    plain, _ = today_items._arrangements(schools, got.trust_lead, roles, days, today, plain=True)
    models, _ = today_items._arrangements(schools, got.trust_lead, roles, days, today, plain=False)
    return plain, models, days


def test_the_plain_rows_build_the_same_cases_under_the_same_keys_as_the_model_instances() -> None:
    got = generate(scale=0.005, schools=2, seed=11)
    plain, models, days = _both(got)
    assert plain and all(isinstance(a, PlainArrangement) for a in plain)
    assert [a.pk for a in plain] == [a.pk for a in models]  # the same arrangements, in the register's order
    for p, m in zip(plain, models, strict=True):
        assert (p.in_scope, p.chronology_stamp, p.register_stamp, p.status, p.school_id, p.provider_id) == (
            m.in_scope, m.chronology_stamp, m.register_stamp, m.status, m.school_id, m.provider_id)
    wanted: dict[Any, Any] = dict.fromkeys(days)
    from_plain = cases_on(plain, wanted, fetched=True, register=NO_SESSIONS, events=False)
    from_models = cases_on(models, wanted, fetched=True, register=NO_SESSIONS, events=False)
    compared = 0
    for day in days:
        assert from_plain[day].keys() == from_models[day].keys()
        for pk, case in from_plain[day].items():
            other = from_models[day][pk]
            for field in dataclasses.fields(case):  # field by field, so that a failure names the field
                assert getattr(case, field.name) == getattr(other, field.name), (pk, field.name)
            assert key_of(case, 0, 0) == key_of(other, 0, 0)
            compared += 1
    assert compared >= len(plain)
    # the generated trust has what the fields read: pupils with a provider, steps, suspension days
    assert any(a.provider_id for a in plain) and any(a.case_steps for a in plain)
    assert any(a.kind == "suspension" and a.suspension_days for a in plain)


def test_the_dashboard_counts_the_same_lines_from_plain_rows_as_from_model_instances(monkeypatch: Any) -> None:
    got = generate(scale=0.005, schools=2, seed=11)
    schools = list(got.trust.schools.order_by("id"))
    roles = {s.id: {TRUST_LEAD} for s in schools}

    def lines() -> dict[int, list[tuple[Any, ...]]]:
        with time_machine.travel(got.now, tick=False):
            listed = today_items.items_for_schools(schools, got.trust_lead, roles, links=False)
        return {school_id: sorted([(i.urgency, i.due, i.what, i.source, i.about, i.breach, i.safety,
                                    i.pupil.pk if i.pupil is not None else None) for i in items], key=repr)
                for school_id, items in listed.items()}

    plain = lines()
    arrangements = today_items._arrangements
    monkeypatch.setattr(today_items, "_arrangements",
                        lambda *args, **kwargs: arrangements(*args, **{**kwargs, "plain": False}))
    models = lines()
    assert plain == models
    assert sum(len(found) for found in plain.values()) > 0
    assert {u for found in plain.values() for u, *_ in found} >= {OVERDUE}
