"""The Today pages ask the database the same number of questions whatever the size of the trust: the
same for a trust of 2 schools with a handful of arrangements as for one of 6 schools with ten times the
pupils, arrangements, events and marks (made by the benchmark's generator, bench/generate_trust.py)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db.models import Count, Q
from django.urls import reverse

from bench.generate_trust import Generated, generate
from pathways.schools.models import School
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

# The school's Today page, when every arrangement's findings are kept from an earlier request (warm): the
# session, the user, the two-factor device, the roles in schools and trusts, the school twice (7); the
# calendars (2); the arrangements with their stamps, their usual weeks and steps (3); the providers and
# their checks (2); the half-terms and closures the cases read (2); the providers' pupils, for today and
# the last school day in one (1); the kept findings (1); the marks, follow-ups and risk assessments (3); the
# page's header (1); +1: the pupils a roster import left out while an arrangement is open (the
# headteacher's warning; the page writes no read-audit row). With the remote education packs on (PACKS):
# the school's remote education facts the rules read, the offer, audits, device survey and live lessons
# (4), and the recordings past their deletion date, for the headteacher and DSL (1).
SCHOOL_TODAY_QUERIES = 28
# When some arrangement's findings must be judged again (cold): its events, its pupil's contact log and
# live sessions (the welfare checks and consent the rules read from them), the marked sessions of days
# missed, and keeping the new findings (5 more).
JUDGING_QUERIES = 5
# The trust's dashboard: the same, with the trust's schools and the trust in place of the school (8 in
# all before the calendars), and the trust again for the header; the remote facts and recordings as above.
TRUST_TODAY_QUERIES = 29


PACKS = ["alternative-pathways", "online-learning-packages", "return-to-learn", "remote-education-offer",
         "special-school-remote"]


def busiest(got: Generated) -> School:
    """The school with most pupils placed at a provider (so every kind of alert can be read)."""
    active = Q(arrangements__status="active")
    school = (School.objects.filter(trust=got.trust)
              .annotate(placed=Count("arrangements", filter=active & Q(arrangements__provider__isnull=False)),
                        n=Count("arrangements", filter=active))
              .order_by("-placed", "-n", "id").first())
    assert school is not None and school.placed > 0  # type: ignore[attr-defined]
    return school


def queries(client: Any, url: str, got: Generated, django_assert_max_num_queries: Any) -> tuple[int, str]:
    with time_machine.travel(got.now, tick=False), django_assert_max_num_queries(100) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_today_pages_ask_the_same_queries_for_a_small_trust_and_one_ten_times_bigger(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    small = generate(scale=0.005, schools=2, seed=11)
    big = generate(scale=0.05, schools=6, seed=12)
    for got in (small, big):  # the same policy in every school: the remote packs' school facts are read too
        School.objects.filter(trust=got.trust).update(policy_packs=PACKS)
    assert big.counts["events"] >= 8 * small.counts["events"]
    assert big.counts["marks"] >= 8 * small.counts["marks"]
    seen = {}
    for name, got in (("small", small), ("big", big)):
        school = busiest(got)
        head = sign_in(client, got.headteachers[school.id])
        counted = []
        for _ in ("cold", "warm"):
            school_queries, body = queries(head, reverse("today", args=(school.id,)), got,
                                           django_assert_max_num_queries)
            assert 'data-testid="today-item"' in body
            counted.append(school_queries)
        lead = sign_in(client, got.trust_lead)
        for _ in ("cold: the other schools' arrangements judged", "warm"):
            trust_queries, body = queries(lead, reverse("trust-today", args=(got.trust.id,)), got,
                                          django_assert_max_num_queries)
            assert body.count('data-testid="trust-today-school"') == len(got.schools)
            counted.append(trust_queries)
        seen[name] = tuple(counted)
    assert seen["small"] == seen["big"], seen
    assert seen["small"] == (SCHOOL_TODAY_QUERIES + JUDGING_QUERIES, SCHOOL_TODAY_QUERIES,
                                            TRUST_TODAY_QUERIES + JUDGING_QUERIES, TRUST_TODAY_QUERIES)
