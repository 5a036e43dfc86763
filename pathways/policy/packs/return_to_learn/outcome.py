"""The end ("Return to learn protocol"): the pupil returned to class, or an Education Planning
Meeting completed the Inclusion Support Service referral."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.engine import Context, Outcome, fmt, rule


@rule("RTL-OUTCOME", at_the_end=("return_to_learn",))
def outcome(ctx: Context) -> Outcome | None:
    """Duty: "the pupil returned to class, or an Education Planning Meeting completed the Inclusion Support
    Service referral", for a Return to Learn timetable that has ended. (001 Return to learn protocol:
    "Pupil returns to class or Education Planning Meeting is organised to complete Inclusion Support
    Services referral".)

    Interpretation: the timetable has ended on its end date, or earlier on an `end` event. The pupil
    returned to class when an `end` event says full_time_school; the referral route is an iss_referral on
    or after a planning_meeting, both from the start on. Either is due by the end (a one-off duty: a later
    record is met, late).
    """
    if ctx.kind != "return_to_learn":
        return None
    ends: list[_dt.date] = []
    if ctx.end is not None and ctx.has_ended:
        ends.append(ctx.end)
    end_event = ctx.first("end")
    if end_event is not None:
        ends.append(end_event.date)
    if not ends:
        return None
    ended = min(ends)
    returned = ctx.first("end", where=lambda e: e.outcome == "full_time_school")
    meetings = ctx.dates("planning_meeting", since=ctx.start)
    referral = ctx.first("iss_referral", since=ctx.start, where=lambda e: any(m <= e.date for m in meetings))
    done = [e.date for e in (returned, referral) if e is not None]
    first = min(done) if done else None
    if returned is not None and first == returned.date:
        met_message = "The pupil returned to class full time ({done})."
    else:
        met_message = "An Education Planning Meeting completed the referral to the Inclusion Support Service on {done}."
    route = _referral_route(ctx, meetings)
    return ctx.one_off(
        ended,
        first,
        what="return to class or referral to the Inclusion Support Service",
        met_message=met_message,
        due_message="The Return to Learn timetable ends on {deadline}: the pupil returns to class, or an Education "
        f"Planning Meeting completes the Inclusion Support Service referral ({route}).",
        unmet_message="The Return to Learn timetable ended on {deadline} without the pupil returning to class, "
        f"and the Inclusion Support Service referral was not completed at an Education Planning Meeting: {route}.",
    )


def _referral_route(ctx: Context, meetings: list[_dt.date]) -> str:
    """What the referral route still lacks: the Education Planning Meeting, the referral after it, or both."""
    if meetings:
        return f"an Education Planning Meeting was held on {fmt(meetings[0])}, but no referral made at or after it"
    referral = ctx.first("iss_referral", since=ctx.start)
    if referral is None:
        return "no Education Planning Meeting has been held and no referral made"
    return f"the referral of {fmt(referral.date)} was made with no Education Planning Meeting held"
