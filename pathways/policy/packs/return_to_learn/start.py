"""Before the start ("Return to learn protocol"): six weeks of support strategies before the senior
leaders' decision, and the Inclusion Support Service consulted."""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, fmt, rule


@rule(
    "RTL-THRESHOLD",
    title="Support in school for the set time (6 weeks unless the school says otherwise) before the leaders' decision",
    params=("rtl_threshold_days",),
)
def threshold(ctx: Context) -> Outcome | None:
    """Duty: "at least RTL_THRESHOLD_DAYS (6 weeks) of in-school support strategies without positive change
    before the senior leaders' decision (support_strategies_started at least 42 days before slt_decision),
    and slt_decision before start"; unmet from start. (001 Return to learn protocol: "All pupil support
    strategies aimed to reengage pupil, for at least 6 weeks, have not seen positive change" ... "Senior
    Leadership Team decide if pupil meets the Return to Learn threshold".)

    Interpretation: a senior leaders' decision counts only when the first support_strategies_started is
    dated at least RTL_THRESHOLD_DAYS calendar days before it (9 Sep to 21 Oct is 42 days: enough). A
    decision taken too soon does not count; a later one can still meet the duty. The first decision
    that counts is the one judged, as a one-off duty with the start as its deadline.
    """
    if ctx.kind != "return_to_learn":
        return None
    days = ctx.param("rtl_threshold_days", on=ctx.start)
    support = ctx.first("support_strategies_started")
    decisions = ctx.events("slt_decision")
    counted = [d for d in decisions if support is not None and (d.date - support.date).days >= days]
    if counted and support is not None:
        decision = counted[0]
        span = (decision.date - support.date).days
        return ctx.one_off(
            ctx.start,
            decision.date,
            what="senior leaders' decision that the Return to Learn threshold is met",
            met_message=f"Support strategies began on {fmt(support.date)}; senior leaders decided the "
            f"Return to Learn threshold was met on {{done}}, {span} days later (at least {days}).",
        )
    if support is None and not decisions:
        why = "no in-school support strategies are recorded, and no senior leaders' decision is recorded"
    elif support is None:
        why = "no in-school support strategies are recorded"
    elif decisions:
        early = decisions[-1]
        why = (
            f"the senior leaders' decision of {fmt(early.date)} came {(early.date - support.date).days} days "
            f"after support strategies began on {fmt(support.date)}, fewer than {days}"
        )
    else:
        why = f"support strategies began on {fmt(support.date)} but no senior leaders' decision is recorded"
    return ctx.one_off(
        ctx.start,
        None,
        what="senior leaders' decision that the Return to Learn threshold is met",
        due_message=f"Senior leaders must decide, after at least {days} days of support strategies, that the "
        f"Return to Learn threshold is met before the start on {{deadline}}: {why}.",
        unmet_message=f"The Return to Learn timetable started on {{deadline}} without the threshold being met: {why}.",
    )


@rule("RTL-ISS-CONSULTED")
def iss_consulted(ctx: Context) -> Outcome | None:
    """Duty: "the Inclusion Support Service confirmed the proposed part-time timetable matches its policy,
    before start"; unmet from start without iss_consulted. (001 Return to learn protocol: "Lead colleague
    contacts Inclusion Support Service to check the proposed Part Time Timetable matches their policy".)"""
    if ctx.kind != "return_to_learn":
        return None
    return ctx.before_start(
        "iss_consulted",
        what="check with the Inclusion Support Service",
        met_message="The Inclusion Support Service was consulted on the proposed timetable on {done}.",
        due_message="Check with the Inclusion Support Service that the proposed part-time timetable matches "
        "its policy before the start on {deadline}.",
        unmet_message="The Inclusion Support Service was not consulted on the part-time timetable before it "
        "started on {deadline}.",
    )
