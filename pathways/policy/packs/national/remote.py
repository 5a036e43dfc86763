"""Remote education for an individual pupil: part of a plan to return to school, and time-limited
(Providing remote education, Aug 2024)."""

from __future__ import annotations

from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, rule


@rule("NAT-REMOTE-LAST-RESORT", title="Remote education is part of a plan to return to school and time-limited")
def remote_last_resort(ctx: Context) -> Outcome | None:
    """Duty: "Remote education for an individual pupil is part of a plan to return to school
    (reintegration_plan) and is time-limited (end date)"; unmet from start without both. (Providing
    remote education (Aug 2024); 001 Principles.) Each condition is due by the start; the message names
    every one still missing, and an end date counts from the day it is set."""
    if ctx.kind not in ("remote_learning", "return_to_learn"):
        return None
    plan = ctx.before_start(
        "reintegration_plan",
        what="plan to return the pupil to school",
        met_message="Remote education is part of a plan to return to school, agreed on {done}.",
        due_message="Remote education must be part of a plan to return to school, agreed before the "
        "start on {deadline}.",
        unmet_message="Remote education is not part of a plan to return to school (none by the start "
        "on {deadline}).",
    )
    end = ctx.end
    if end is not None:
        # The end date is part of the arrangement itself: it holds from the day it is set, before
        # the start too (as NAT-PTT-END-DATE), so a draft with an end date is never told to give one.
        time_limited = met(f"Remote education is time-limited: it ends on {fmt(end)}.")
    else:
        time_limited = ctx.one_off(
            ctx.start,
            None,
            what="end date",
            due_message="Remote education must be time-limited: give it an end date before the start on {deadline}.",
            unmet_message="Remote education is not time-limited: it has no end date (start {deadline}).",
        )
    return all_of(plan, time_limited)
