"""The compliance chart counts an arrangement the engine cannot judge on its own: neither kept nor failing,
left out of the share and stated in the figures' table and the description, until the school fixes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.arrangements.actions import do_record_event
from pathways.schools.actions import do_update_school
from pathways.today.compliance import compliance_chart, trust_compliance
from tests.arrangements.helpers import unjudgeable
from tests.charts.test_compliance import FRIDAY, MONDAY, part_time
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db


def test_it_is_counted_as_cannot_be_judged_and_left_out_of_the_share(world: Any) -> None:
    unjudgeable(world)
    part_time(make_pupil(world.school, "Bea", "Failing"))  # unmet: no written agreement
    kept = part_time(make_pupil(world.school, "Cy", "Kept"))
    do_record_event(arrangement=kept, type="parent_consent", date=MONDAY - dt.timedelta(days=3), actor=None,
                    fields={"written": True})
    got = trust_compliance(world.trust, today=FRIDAY, weeks=4)
    ours = next(line for line in got.schools if line.school_id == world.school.id)
    assert ours.running == [3, 3, 3, 3]
    assert ours.unjudged == [1, 1, 1, 1]
    assert ours.kept == [1, 1, 1, 1]
    assert ours.shares == [50.0] * 4          # 1 kept of the 2 judged, not 1 of 3
    assert got.total.unjudged == [1, 1, 1, 1] and got.total.shares == [50.0] * 4
    chart = compliance_chart(got)
    assert chart.rows[0][1] == "50% (1 of 2; 1 cannot be judged)"
    assert "counted neither as kept nor as failing: 1 at the end of the week beginning 2 Feb" in chart.description


def test_after_the_fix_it_is_judged_and_counted_as_any_other(world: Any) -> None:
    unjudgeable(world)
    do_update_school(school=world.school, actor=None, policy_settings={"parent_contact_interval_school_days": 5})
    got = trust_compliance(world.trust, today=FRIDAY, weeks=4)
    ours = next(line for line in got.schools if line.school_id == world.school.id)
    assert ours.running == [1, 1, 1, 1] and ours.unjudged == [0, 0, 0, 0]
    assert all(share is not None for share in ours.shares)
    assert "cannot be judged" not in " ".join(" ".join(row) for row in compliance_chart(got).rows)
