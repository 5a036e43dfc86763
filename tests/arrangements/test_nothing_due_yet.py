"""A duty whose first window has not closed is "nothing due yet", not "met": the engine says so in an
optional key of its result, with no verdict changed, and the arrangement page and the inspection pack
use those words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Status
from pathways.cases.casefiles import case_for
from pathways.cases.judging import judge
from pathways.policy.engine.evaluation import result_to_json
from pathways.schools.models import Role
from tests.arrangements.helpers import MONDAY, make_arrangement, week

pytestmark = pytest.mark.django_db

SOON_AFTER = MONDAY + dt.timedelta(days=7)  # the first half-term of the arrangement has not begun


def ptt(world: Any) -> Arrangement:
    """A part-time timetable from Monday 12 January 2026, in the middle of Spring 1, at a school following the
    trust's alternative pathways policy (a review meeting with the parents every half-term, PTT-REVIEWS)."""
    from pathways.schools.actions import do_update_school

    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health", status=Status.ACTIVE,
                            end=dt.date(2026, 7, 17), slots=week(fri=("home", "home")))


def test_a_half_termly_duty_before_its_first_half_term_is_nothing_due_yet_and_still_met(world: Any) -> None:
    arrangement = ptt(world)
    result = judge(case_for(arrangement, SOON_AFTER)).result
    assert result is not None
    not_yet = [r for r in result.requirements if r.nothing_due_yet]
    assert "PTT-REVIEWS" in {r.id for r in not_yet}, "its first half-term has not begun: nothing due yet"
    assert all(r.status == "met" for r in not_yet)  # the verdict is unchanged
    document = result_to_json(result)
    flagged = {r["id"] for r in document["requirements"] if r.get("nothing_due_yet")}
    assert flagged == {r.id for r in not_yet}
    # Once the first half-term of the arrangement has begun, the duty is due, not "nothing due yet".
    later = judge(case_for(arrangement, dt.date(2026, 3, 2))).result
    assert later is not None
    assert not any(r.nothing_due_yet for r in later.requirements if r.id in flagged)


def test_the_arrangement_page_and_the_inspection_pack_say_nothing_due_yet(world: Any, as_user: Any) -> None:
    arrangement = ptt(world)
    do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None)
    result = judge(case_for(arrangement, SOON_AFTER)).result
    assert result is not None
    ids = [r.id for r in result.requirements if r.nothing_due_yet]
    client = as_user(world.staff[Role.HEADTEACHER])
    with time_machine.travel(dt.datetime(2026, 1, 19, 10, 0), tick=False):
        page = client.get(reverse("arrangement-detail", args=[world.school.id, arrangement.id])).content.decode()
        pack = client.get(reverse("report-inspection", args=[world.school.id, world.pupil.id])).content.decode()
    assert 'data-testid="not-yet-requirements"' in page and "Nothing due yet" in page
    not_yet = page[page.index('data-testid="not-yet-requirements"'):page.index('data-testid="met-requirements"')]
    assert all(f'data-testid="requirement-{i}"' in not_yet for i in ids)
    met = page[page.index('data-testid="met-requirements"'):]
    assert not any(f'data-testid="requirement-{i}"' in met for i in ids)
    assert "with nothing due yet" in page
    listed = pack[pack.index('data-testid="not-yet"'):]
    listed = listed[:listed.index("</div>")]
    assert "Nothing due yet:" in listed and all(f"(rule {i})" in listed for i in ids)
    met = pack[pack.index("Met:"):pack.index('data-testid="not-yet"')] if "Met:" in pack else ""
    assert not any(f"(rule {i})" in met for i in ids)


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "governor"])
def test_outsiders_see_no_requirement_of_ours(world: Any, as_user: Any, who: str) -> None:
    arrangement = ptt(world)
    user = {"outsider": world.outsider, "sister_dsl": world.sister_dsl, "governor": world.staff[Role.GOVERNOR]}[who]
    response = as_user(user).get(reverse("arrangement-detail", args=[world.school.id, arrangement.id]))
    assert response.status_code == (403 if who == "governor" else 404)
    assert b"Nothing due yet" not in response.content
