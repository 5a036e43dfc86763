"""Builders for risk assessments, made through the actions as real data is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.models import Arrangement
from pathways.pupils.models import Pupil
from pathways.safeguarding.actions import do_complete_risk_assessment, do_start_risk_assessment
from pathways.safeguarding.models import RiskAssessment
from tests.arrangements.helpers import MONDAY, make_arrangement, week

__all__ = ["MONDAY", "completed", "part_time", "started"]


def part_time(pupil: Pupil, start: dt.date = MONDAY, **extra: Any) -> Arrangement:
    """A part-time timetable: mornings in school, afternoons at home, for the spring and summer."""
    extra.setdefault("reason", "mental_health")
    extra.setdefault("end", dt.date(2026, 7, 17))
    home_afternoons = week(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("school", "home")))
    return make_arrangement(pupil, kind="part_time_timetable", start=start, slots=home_afternoons, **extra)


def started(arrangement: Arrangement, template: str = "part_time_timetable", actor: Any = None) -> RiskAssessment:
    return do_start_risk_assessment(arrangement=arrangement, template=template, actor=actor)


def completed(
    arrangement: Arrangement, on: dt.date, next_review_due: dt.date, actor: Any = None,
    template: str = "part_time_timetable",
) -> RiskAssessment:
    return do_complete_risk_assessment(risk_assessment=started(arrangement, template, actor), on=on,
                                       next_review_due=next_review_due, actor=actor,
                                       approved_by="Mrs Hughes, Headteacher")
