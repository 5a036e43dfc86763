"""What the return-to-learn pack's modules share: the seed, the reasons and evidence it names, and
small helpers."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.codes import CodedSession
from pathways.policy.engine import Context, fmt

SEED = "001_39a9971d4272ef3e.txt"

# Reasons that keep a pupil from school for their health (RTL-ISS-REFERRAL).
HEALTH_REASONS = ("medical", "injury", "mental_health")
# Evidence that meets RTL-MEDICAL-EVIDENCE: the specialists the seed names, or a waiting list
# (the specialist's evidence is then not reasonably available). A GP's note is not enough.
SPECIALIST_EVIDENCE = ("consultant", "community_paediatrician", "camhs_psychiatrist", "waiting_list")
# Slots where the pupil is away from school and not at another place of education.
AWAY = ("online", "home")
# How far ahead to look for the first remote lesson of a timetable (a year covers any holiday).
_LOOK_AHEAD = _dt.timedelta(days=400)


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _hours(value: float) -> str:
    return f"{value:g}"


def _last_day(ctx: Context) -> _dt.date:
    """The last day the arrangement is judged on: as_of, or its end when that came first."""
    return ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)
