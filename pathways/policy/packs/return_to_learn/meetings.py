"""While it runs ("Return to learn protocol"): planning meetings, fortnightly reports, the
timetable's review and its phased increase."""

from __future__ import annotations

import dataclasses
import datetime as _dt

from pathways.policy.casefile import Step
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, rule, unmet
from pathways.policy.packs.return_to_learn._common import _hours, _last_day


@rule(
    "RTL-PLANNING-MEETINGS",
    title="An Education Planning Meeting before the start, then within the set interval (6 weeks by default)",
    params=("rtl_planning_interval_days",),
)
def planning_meetings(ctx: Context) -> Outcome | None:
    """Duty: "an Education Planning Meeting before start, and the next within RTL_PLANNING_INTERVAL_DAYS
    (6 weeks) of the previous one, until the pupil returns"; unmet when the gap exceeds 42 days. (001
    Return to learn protocol: "Lead colleague organises an Education Planning Meeting ... set date for next
    Education Planning Meeting in 6 weeks".)

    Interpretation: two parts, a one-off (a planning_meeting on or before the start) and every N days
    counted from the last meeting on or before the start (from the start when there was none). "Until the
    pupil returns" is the arrangement's end: no meeting is needed after it.
    """
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_planning_interval_days", on=ctx.start)
    before = ctx.last("planning_meeting", until=min(ctx.start, ctx.as_of))
    anchor = before.date if before is not None else ctx.start
    return all_of(
        ctx.before_start(
            "planning_meeting",
            what="Education Planning Meeting",
            met_message="The first Education Planning Meeting was held on {done}.",
            due_message="Hold an Education Planning Meeting before the Return to Learn timetable starts on {deadline}.",
            unmet_message="No Education Planning Meeting before the Return to Learn timetable started on {deadline}.",
        ),
        _since_meeting(ctx, interval, anchor),
    )


def _since_meeting(ctx: Context, interval: int, anchor: _dt.date) -> Outcome:
    """Every `interval` days from `anchor`; while no meeting has followed a meeting held before the start,
    the message names that meeting rather than "the start"."""
    outcome = ctx.every(interval, ctx.dates("planning_meeting"), what="Education Planning Meeting", start=anchor)
    if anchor >= ctx.start or ctx.dates("planning_meeting", since=anchor + _dt.timedelta(days=1)):
        return outcome
    if outcome.status == "due" and outcome.due is not None:
        text = (
            f"Next Education Planning Meeting due by {fmt(outcome.due)}, {interval} days after the meeting of "
            f"{fmt(anchor)}."
        )
        return dataclasses.replace(outcome, message=text)
    if outcome.status == "unmet" and outcome.due is not None:
        text = (
            f"No Education Planning Meeting since the meeting of {fmt(anchor)}: the next was due by "
            f"{fmt(outcome.due)} (every {interval} days)."
        )
        return dataclasses.replace(outcome, message=text)
    return outcome


@rule(
    "RTL-FORTNIGHTLY-REPORTS",
    params=("rtl_review_interval_days",),
)
def fortnightly_reports(ctx: Context) -> Outcome | None:
    """Duty: "the supporting teaching assistant reports attendance, attitude and progress every 2 weeks
    (provider_report)"; unmet when the gap since start or the last report exceeds 14 days. (001 Return to
    learn protocol: "Teaching Assistant to send email reports for each pupil to lead colleagues every 2
    weeks (attendance, attitude progress etc)".)

    Interpretation: the interval is RTL_REVIEW_INTERVAL_DAYS, the protocol's one "every 2 weeks", which
    also times the timetable reviews (RTL-TIMETABLE-REVIEW).
    """
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_review_interval_days", on=ctx.start)
    return ctx.every(interval, ctx.dates("provider_report"), what="report from the supporting teaching assistant")


@rule(
    "RTL-TIMETABLE-REVIEW",
    params=("rtl_review_interval_days",),
)
def timetable_review(ctx: Context) -> Outcome | None:
    """Duty: "the lead reviews the timetable every 2 weeks (timetable_review) and increases hours or calls
    an early planning meeting"; unmet when the gap exceeds 14 days. (001 Return to learn protocol: "Lead
    colleague to review the pupil's timetable every 2 weeks and increase hours, or call an early Education
    Planning Meeting".) Whether hours went up is RTL-PHASED-INCREASE."""
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_review_interval_days", on=ctx.start)
    return ctx.every(interval, ctx.dates("timetable_review"), what="review of the Return to Learn timetable")


@rule(
    "RTL-PHASED-INCREASE",
    params=("hours_per_session",),
)
def phased_increase(ctx: Context) -> Outcome | None:
    """Duty: "the hours in school step up as planned; a step whose date has passed while the timetable still
    gives fewer hours in school is a missed step-up". Applies to a Return to Learn timetable, and to a
    part-time timetable with steps. (001 Return to learn protocol: "review the pupil's timetable every 2
    weeks and increase hours"; 004 §4.3(4), a phased return.)

    Interpretation: the timetable in force gives 3 hours for each `school` session of the usual week. The
    step in force on as_of (on the arrangement's end, when it has ended) is the latest whose `from` date has
    come; when the timetable gives fewer hours in school than it, the step-up was missed (unmet, dated from
    the step). Otherwise met: a step still to come is no breach yet, so it is named in the message, never
    reported as due. A Return to Learn timetable with no steps has no planned step to miss: met.
    """
    steps = ctx.arrangement.steps
    if ctx.kind == "part_time_timetable":
        if not steps:
            return None
    elif ctx.kind != "return_to_learn":
        return None
    hours = ctx.weekly_hours("school")
    if not steps:
        return met(
            f"No phased steps are planned, so no step-up can be missed (the timetable gives {hours} hours a "
            "week in school)."
        )
    ordered = sorted(steps, key=lambda s: s.from_)
    day = _last_day(ctx)
    come = [s for s in ordered if s.from_ <= day]
    ahead = [s for s in ordered if s.from_ > day]
    if come:
        current: Step = come[-1]
        if hours < current.hours_in_school:
            return unmet(
                f"The plan steps up to {_hours(current.hours_in_school)} hours a week in school from "
                f"{fmt(current.from_)}, but the timetable still gives {hours}: a missed step-up.",
                due=current.from_,
            )
        text = (
            f"The timetable gives {hours} hours a week in school, at least the {_hours(current.hours_in_school)} "
            f"planned from {fmt(current.from_)}."
        )
    else:
        first = ordered[0]
        text = (
            f"The first step ({_hours(first.hours_in_school)} hours a week in school from {fmt(first.from_)}) "
            f"has not come yet; the timetable gives {hours}."
        )
    if ahead and hours < ahead[0].hours_in_school:
        nxt = ahead[0]
        text += (
            f" The next step, {_hours(nxt.hours_in_school)} hours from {fmt(nxt.from_)}, needs more time in school "
            "by then."
        )
    return met(text)
