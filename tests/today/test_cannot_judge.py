"""An arrangement the policy engine cannot judge is a finding of its own on Today: "cannot be judged", with
why in the school's words and the one action that fixes it, shown to its lead and the whole-school roles,
never to anyone else and never dropped. Fixed, it is judged as any other (the kept findings judge again)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today import judgements
from pathways.today.item import OVERDUE
from pathways.today.items import today_items
from pathways.today.models import Judgement
from tests.arrangements.helpers import unjudgeable
from tests.arrangements.test_lead import provider_staff

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)
REASON = "Cannot be judged: the policies Pathways holds give “longest gap in school days between logged contacts"


def page(client: Any, school_id: int) -> tuple[int, str]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("today", args=(school_id,)))
    return response.status_code, response.content.decode()


def test_the_lead_and_the_headteacher_see_it_with_the_action_that_fixes_it(world: Any, as_user: Any) -> None:
    arrangement = unjudgeable(world, lead=world.staff[Role.TEACHER])
    policy = reverse("school-policy", args=(world.school.id,))
    for role in (Role.TEACHER, Role.HEADTEACHER, Role.DSL):
        status, body = page(as_user(world.staff[role]), world.school.id)
        assert status == 200
        overdue = body[body.index('data-testid="today-overdue"'):]
        assert REASON in overdue, role
        assert "only from 1 Mar 2022, and this arrangement needs it for 10 Jan 2022" in overdue
        if role == Role.TEACHER:  # the lead cannot open the policy page: asked to ask those who can
            detail = reverse("arrangement-detail", args=(world.school.id, arrangement.id))
            assert f'href="{detail}"' in overdue and f'href="{policy}"' not in overdue
            assert "Ask the headteacher or DSL to give the school&#x27;s own" in overdue
        else:
            assert f'href="{policy}"' in overdue and "Give the school&#x27;s own" in overdue, role


def test_a_teacher_who_does_not_lead_it_and_the_outsiders_see_nothing_of_it(world: Any, as_user: Any) -> None:
    unjudgeable(world, lead=world.staff[Role.TEACHER])
    status, body = page(as_user(world.staff[Role.SENCO]), world.school.id)
    assert status == 200 and "Cannot be judged" not in body and "Ourpupil" not in body
    status, body = page(as_user(world.staff[Role.GOVERNOR]), world.school.id)
    assert "Cannot be judged" not in body and "Ourpupil" not in body
    for outsider, theirs in ((world.outsider, world.other), (world.sister_dsl, world.sister),
                             (provider_staff(world), None)):
        status, body = page(as_user(outsider), world.school.id)
        assert status in (403, 404) and "Cannot be judged" not in body and "Ourpupil" not in body
        if theirs is not None:  # their own school's Today has nothing of it either
            status, body = page(as_user(outsider), theirs.id)
            assert status == 200 and "Cannot be judged" not in body and "Ourpupil" not in body


def test_it_is_an_overdue_item_with_no_due_date_and_the_policy_page_as_its_action(world: Any) -> None:
    unjudgeable(world)
    items = [i for i in today_items(world.school, world.staff[Role.HEADTEACHER], {Role.HEADTEACHER}, NOW)
             if i.what.startswith("Cannot be judged")]
    assert len(items) == 1
    [item] = items
    assert item.urgency == OVERDUE and item.due is None
    assert item.url == reverse("school-policy", args=(world.school.id,))
    assert item.pupil == world.pupil


def test_after_the_fix_it_is_judged_normally_and_the_kept_finding_is_judged_again(world: Any) -> None:
    arrangement = unjudgeable(world)
    headteacher = world.staff[Role.HEADTEACHER]
    before = today_items(world.school, headteacher, {Role.HEADTEACHER}, NOW)
    assert any(i.what.startswith("Cannot be judged") for i in before)
    [kept] = Judgement.objects.filter(arrangement_id=arrangement.pk).values_list("findings", flat=True)
    assert [f["kind"] for f in kept] == [judgements.CANNOT_JUDGE]
    # The fix: the school gives its own value on the school policy page.
    do_update_school(school=world.school, actor=headteacher, policy_settings={"parent_contact_interval_school_days": 5})
    after = today_items(world.school, headteacher, {Role.HEADTEACHER}, NOW)
    assert not any(i.what.startswith("Cannot be judged") for i in after)
    [kept] = Judgement.objects.filter(arrangement_id=arrangement.pk).values_list("findings", flat=True)
    assert judgements.CANNOT_JUDGE not in [f["kind"] for f in kept]
    assert any(f["requirement"] == "MIL-CONTACT-LOG" for f in kept)  # judged: its duties are back
