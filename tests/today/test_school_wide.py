"""A duty about the whole school (its remote education offer, audit, device survey, live lessons and
recordings) is one line on Today, for the school, however many pupils are on remote education; the duties of
each pupil stay one a pupil."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today.items import WHOLE_SCHOOL, items_for_schools, today_items
from tests.arrangements.helpers import make_arrangement, week
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 1, 21, 12, 0, tzinfo=dt.UTC)
AT_HOME = week(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("home", "home")))


def test_a_fact_about_the_whole_school_is_one_line_and_each_pupils_duty_one_a_pupil(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["remote-education-offer"])
    pupils = [world.pupil, make_pupil(world.school, "Ada", "Two"), make_pupil(world.school, "Bo", "Three")]
    for pupil in pupils:
        make_arrangement(pupil, kind="remote_learning", reason="medical", status="active", start=dt.date(2026, 1, 12),
                         slots=AT_HOME)
    with time_machine.travel(NOW, tick=False):
        items = today_items(world.school, world.staff[Role.HEADTEACHER], {Role.HEADTEACHER})
        counted = items_for_schools([world.school], world.staff[Role.HEADTEACHER],
                                    {world.school.id: {Role.HEADTEACHER}}, links=False)[world.school.id]
    lead = [i for i in items if i.what == "The school has no named remote education lead."]
    assert len(lead) == 1 and lead[0].pupil is None and lead[0].about == WHOLE_SCHOOL
    assert lead[0].action == "Name the lead in the remote education offer"
    assert len([i for i in counted if i.what == lead[0].what]) == 1  # the dashboard counts it once too
    engagement = [i for i in items if i.what.startswith("No check of the pupil's engagement")]
    assert sorted(i.pupil.last_name for i in engagement) == sorted(p.last_name for p in pupils)
