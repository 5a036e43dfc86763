"""The demo's register: every session of the autumn term so far marked with the engine's code, the Return
to Learn pupil's attendance lagging the plan, and the follow-ups and the unreported session the journeys need."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.attendance.models import FollowUp, Mark
from pathways.cases.coding import expected_code
from pathways.cases.trajectory import trajectory
from pathways.demo.trust import create_demo_trust

pytestmark = pytest.mark.django_db

SUNDAY = dt.date(2026, 11, 22)
FRIDAY = dt.date(2026, 11, 20)


def test_the_demo_register_runs_from_the_autumn_term_to_the_last_school_day_with_the_engines_codes() -> None:
    demo = create_demo_trust(today=SUNDAY)
    marks = Mark.objects.filter(school__trust=demo.trust).select_related("arrangement")
    assert marks.count() > 1000
    assert marks.order_by("date").first().date >= dt.date(2026, 9, 1)
    assert marks.order_by("-date").first().date == FRIDAY
    for mark in marks.order_by("?")[:40]:
        coded = expected_code(mark.arrangement, mark.date, mark.session, attended=mark.attended,
                              reason=mark.absence_reason or None)
        assert (mark.code, mark.expected) == (coded.code, coded.where), mark

    # Journey 7: the Return to Learn pupil attends fewer hours in school than planned at first.
    weeks = trajectory(demo.arrangements["hf_rtl_missed_step_up"], today=SUNDAY).weeks
    assert weeks[0].attended < weeks[0].planned and weeks[-1].attended > weeks[0].attended

    # Unexplained absences followed up by welfare checks; the last school day's still open.
    follow_ups = FollowUp.objects.filter(school__trust=demo.trust)
    assert follow_ups.filter(status="done", done_by__type="welfare_check").count() >= 3
    assert follow_ups.filter(status="open", mark__date=FRIDAY).count() == 1

    # Journey 1: Willow Farm has not reported one of its pupils on the last school day.
    farm = demo.arrangements["hf_ap_farm_full_time_1"]
    assert not Mark.objects.filter(arrangement=farm, date=FRIDAY).exists()
    assert Mark.objects.filter(arrangement=farm, date=FRIDAY - dt.timedelta(days=1), source="provider").count() == 2
