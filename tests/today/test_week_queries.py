"""The DSL's week asks the database the same number of questions whatever the number of pupils: the same for
a small trust as for one ten times bigger (made by the benchmark's generator, bench/generate_trust.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count
from django.urls import reverse

from bench.generate_trust import generate
from pathways.arrangements.models import Arrangement
from pathways.schools.actions import do_update_school
from tests.conftest import sign_in
from tests.today.test_today_queries import busiest, queries

pytestmark = pytest.mark.django_db
PACKS = ["alternative-pathways", "remote-education-offer", "special-school-remote"]


def test_the_weeks_pages_ask_the_same_queries_for_a_small_trust_and_one_ten_times_bigger(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    small = generate(scale=0.005, schools=2, seed=11)
    big = generate(scale=0.05, schools=6, seed=12)
    seen = {}
    for name, got in (("small", small), ("big", big)):
        school = busiest(got)
        # The same policy packs at both schools: a school with the remote education packs on has its remote
        # education facts read (pathways.remote.facts), whatever its size.
        school = do_update_school(school=school, actor=None, policy_packs=PACKS)
        head = sign_in(client, got.headteachers[school.id])
        # the pupil with the most arrangements, for the chronology
        pupil_id = (Arrangement.objects.filter(school=school).values("pupil_id").annotate(n=Count("id"))
                    .order_by("-n", "pupil_id")[0]["pupil_id"])
        counted = []
        for url, mark in ((reverse("dsl-week", args=(school.id,)), 'data-testid="week-row"'),
                          (reverse("dsl-week", args=(school.id,)), 'data-testid="week-row"'),  # warm
                          (reverse("dsl-week-last-seen", args=(school.id,)), 'data-testid="seen-row"'),
                          (reverse("pupil-chronology", args=(school.id, pupil_id)), 'data-testid="chronology-entry"')):
            n, body = queries(head, url, got, django_assert_max_num_queries)
            assert mark in body
            counted.append(n)
        seen[name] = (tuple(counted), body.count('data-testid="chronology-entry"'))
    assert seen["small"][0] == seen["big"][0], seen
