"""The arrangement page and the list show an arrangement the engine cannot judge as such, with why and the
action that fixes it; the outsiders see nothing of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.cases import judging
from pathways.policy.errors import CODE_SET, CodeSetError, PolicyError
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import unjudgeable
from tests.arrangements.test_lead import provider_staff

pytestmark = pytest.mark.django_db


def test_the_page_says_it_cannot_be_judged_and_links_to_the_fix(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world)
    page = as_user(world.staff[Role.DSL]).get(
        reverse("arrangement-detail", args=(world.school.id, arrangement.id))).content.decode()
    warning = page[page.index('data-testid="cannot-judge"'):]
    assert "This arrangement cannot be judged: the policies Pathways holds give “longest gap" in warning
    assert "only from 1 Mar 2022, and this arrangement needs it for 10 Jan 2022" in warning
    fix = warning[warning.index('data-testid="cannot-judge-fix"') - 200:]
    assert f'href="{reverse("school-policy", args=(world.school.id,))}"' in fix
    listed = as_user(world.staff[Role.DSL]).get(reverse("arrangement-list", args=(world.school.id,))).content.decode()
    assert "Cannot be judged: the policies Pathways holds give" in listed


def test_a_lead_who_cannot_open_the_policy_page_is_told_whom_to_ask(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world, lead=world.staff[Role.TEACHER])
    page = as_user(world.staff[Role.TEACHER]).get(
        reverse("arrangement-detail", args=(world.school.id, arrangement.id))).content.decode()
    assert 'data-testid="cannot-judge-fix"' not in page
    ask = page[page.index('data-testid="cannot-judge-ask"'):]
    assert ask.startswith('data-testid="cannot-judge-ask">Ask the headteacher or DSL to give the school&#x27;s own')


def test_after_the_fix_the_page_shows_the_rules(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world)
    do_update_school(school=world.school, actor=None, policy_settings={"parent_contact_interval_school_days": 5})
    page = as_user(world.staff[Role.DSL]).get(
        reverse("arrangement-detail", args=(world.school.id, arrangement.id))).content.decode()
    assert 'data-testid="cannot-judge"' not in page and 'data-testid="panel-summary"' in page


def test_outsiders_see_nothing_of_it(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world)
    for outsider in (world.outsider, world.sister_dsl, world.staff[Role.GOVERNOR], provider_staff(world)):
        response = as_user(outsider).get(reverse("arrangement-detail", args=(world.school.id, arrangement.id)))
        if outsider is world.staff[Role.GOVERNOR]:
            continue  # a governor of the school reads its arrangements (tests/arrangements/test_pages.py)
        assert response.status_code in (403, 404) and "cannot be judged" not in response.content.decode()


def test_the_engines_errors_say_what_fixes_them_without_reading_their_message() -> None:
    got = judging.cannot_judge(CodeSetError("anything", subject=CODE_SET, on=dt.date(2005, 7, 1),
                                            first=dt.date(2006, 9, 1)))
    assert got.reason == "no register code set is held for 1 Jul 2005 (the earliest starts on 1 Sep 2006), " \
                         "so its sessions cannot be coded"
    assert (got.page, got.query) == ("register-day", "?date=2005-07-01")
    unknown = judging.cannot_judge(PolicyError("X-1: registered twice"))
    assert unknown.page == "school-policy" and "X-1: registered twice" in unknown.reason
    assert judging.CannotJudge.from_json(got.as_json()) == got


def test_a_value_the_law_sets_is_never_fixed_by_a_schools_own_setting() -> None:
    from pathways.policy import parameters

    before = judging.attempt(parameters.get, "illness_school_days", dt.date(2012, 9, 3))
    assert isinstance(before, judging.CannotJudge)
    assert before.reason.startswith("the law as Pathways holds it gives “")
    assert "only from 1 Jan 2013, and this arrangement needs it for 3 Sep 2012" in before.reason
    assert (before.action, before.page) == ("Check the dates recorded for the arrangement", "arrangement-detail")
    assert before.url(7, 42) == reverse("arrangement-detail", args=(7, 42))
    kept = judging.attempt(parameters.get, "illness_school_days", dt.date(2026, 1, 12), {"illness_school_days": 20})
    assert isinstance(kept, judging.CannotJudge)
    assert "which the law sets and no school can change" in kept.reason
    assert kept.action.startswith("Remove the school's own “") and kept.page == "school-policy"
    own = judging.attempt(parameters.get, "parent_contact_interval_school_days", dt.date(2022, 1, 10))
    assert isinstance(own, judging.CannotJudge) and own.action.startswith("Give the school's own “")
