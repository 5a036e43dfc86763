"""Off-site directions: the notice to parents and their right to ask for a review (SI 2010/1156 as
amended by SI 2012/2532)."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.engine import Context, Outcome, fmt, not_applicable, rule
from pathways.policy.packs.national._common import _written


@rule(
    "NAT-DIRECTION-NOTICE",
    params=("direction_notice_all_schools", "direction_notice_school_days"),
    title="Written notice of an off-site direction 2 school days before the first day",
)
def direction_notice(ctx: Context) -> Outcome | None:
    """Duty: "Written direction_notice to the parent at least 2 school days before the first off-site day
    (the arrangement start)"; applies to maintained schools, and to any school from 2026-07-26. (SI
    2010/1156 reg 3(2); from 2026-07-26 applied to academies and PRUs by the 2026 amendment
    regulations.) The switch is judged by the arrangement's start (case-file.md, Dated switches).
    The 2nd school day before the start is the last day in time; a later notice is met with
    late: true (case-file.md, One-off duties)."""
    if ctx.kind != "off_site_direction":
        return None
    if ctx.school.type != "maintained" and not ctx.param("direction_notice_all_schools", on=ctx.start):
        return None
    notice = ctx.param("direction_notice_school_days", on=ctx.start)
    deadline = ctx.calendar.school_days_before(ctx.start, notice)
    return ctx.one_off_event(
        "direction_notice",
        deadline=deadline,
        what="written notice of the off-site direction",
        met_message="Written notice of the direction given on {done}.",
        due_message=f"Written notice of the direction is due by {{deadline}}, {notice} school days before the "
        f"first day off site ({fmt(ctx.start)}).",
        unmet_message=f"No written notice of the direction by {{deadline}}, {notice} school days before the "
        f"first day off site ({fmt(ctx.start)}).",
    )


@rule(
    "NAT-DIRECTION-REVIEW-REQUEST",
    params=("review_request_recent_review_weeks", "review_request_response_school_days"),
    title="A written request for a review of a placement is met with a review meeting",
)
def direction_review_request(ctx: Context) -> list[Outcome] | None:
    """Duty: "A review meeting must be held as soon as reasonably practicable unless a review was held in the
    10 weeks before the request; a request that is not in writing creates no duty"; due
    REVIEW_REQUEST_RESPONSE_SCHOOL_DAYS school days after the request, unmet after that with no
    review. (SI 2012/2532 reg 4A; 000 Annex A.)

    Settled (case-file.md, second review): only a parent's written request, or the local
    authority's where the pupil has an EHC plan (`pupil.send: ehcp`), creates the duty (SI 2012/2532
    reg 4A(1)); a request not saying who made it is read as the parent's.

    Interpretation: "in the 10 weeks before" is the 70 days before the request's date; a review on
    or after the request's date answers it.
    """
    if ctx.kind not in ("off_site_direction", "alternative_provision"):
        return None
    requests = ctx.events("review_request")
    if not requests:
        return None
    reviews = ctx.events("review", until=max(ctx.as_of, requests[-1].date))
    out: list[Outcome] = []
    for request in requests:
        if not _written(request):
            out.append(not_applicable(f"The request of {fmt(request.date)} was not in writing."))
            continue
        if request.by == "la" and ctx.pupil.send != "ehcp":
            out.append(
                not_applicable(
                    f"The request of {fmt(request.date)} came from the local authority, which may ask for a "
                    "review only for a pupil with an EHC plan."
                )
            )
            continue
        weeks = ctx.param("review_request_recent_review_weeks", on=request.date)
        recent = [r for r in reviews if request.date - _dt.timedelta(weeks=weeks) <= r.date < request.date]
        if recent:
            out.append(
                not_applicable(
                    f"A review was held on {fmt(recent[-1].date)}, within {weeks} weeks before the request of "
                    f"{fmt(request.date)}."
                )
            )
            continue
        days = ctx.param("review_request_response_school_days", on=request.date)
        deadline = ctx.calendar.school_days_after(request.date, days)
        out.append(
            ctx.one_off_event(
                "review",
                deadline=deadline,
                since=request.date,
                what="review meeting",
                met_message=f"The review requested on {fmt(request.date)} was held on {{done}}.",
                due_message=f"A review meeting was requested in writing on {fmt(request.date)}; hold it "
                f"by {{deadline}}.",
                unmet_message=f"A review meeting was requested in writing on {fmt(request.date)} and none "
                f"was held by {{deadline}}.",
            )
        )
    return out
