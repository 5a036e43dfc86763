"""Flexi-schooling: 004_cfdf22cfedd26194.txt §5 (definition, 5.1 implementation, 5.2 roles, EHCP
considerations, 5.3 risk checklist) and Appendix 8. The FLX-* ids.
"""

from __future__ import annotations

from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, rule
from pathways.policy.packs.alternative_pathways._common import FLEXI, risk_assessed


@rule("FLX-PARENT-REQUEST", title="Flexi-schooling starts from a parent's request")
def flx_parent_request(ctx: Context) -> Outcome | None:
    """Duty: "initiated by a parent's request (parent_request) and reason parental_request"; unmet from
    start. (004 §5.1: "Flexi-schooling is initiated by parental request and requires the Headteacher's
    approval"; §5.2 EHCP (2): "Flexi-schooling is typically initiated by the parents, not the
    school.")

    Interpretation: the seed does not ask for the request in writing, so any parent_request on or
    before the start counts; the arrangement's reason must be parental_request (a missing reason is
    not).
    """
    if ctx.kind != FLEXI:
        return None
    reason = ctx.arrangement.reason
    return all_of(
        ctx.before_start(
            "parent_request",
            what="parent's request for flexi-schooling",
            met_message="A parent asked for flexi-schooling on {done}.",
            due_message="Flexi-schooling starts from a parent's request, needed before the start on {deadline}.",
            unmet_message="No parent asked for flexi-schooling before it started on {deadline}.",
        ),
        ctx.whenever(
            reason == "parental_request",
            met_message="The arrangement's reason is the parent's request.",
            unmet_message="Flexi-schooling must be at the parent's request, but the arrangement's reason is "
            f"{(reason or 'not recorded').replace('_', ' ')}.",
            deadline=ctx.start,
        ),
    )


@rule("FLX-HEADTEACHER-APPROVAL", title="The headteacher approves flexi-schooling before it starts")
def flx_headteacher_approval(ctx: Context) -> Outcome | None:
    """Duty: "the headteacher approved before start"; unmet from start. (004 §5.1: "requires the
    Headteacher's approval"; §5.2 Headteacher: "Review and approve flexi-schooling arrangements on a
    case-by-case basis".)"""
    if ctx.kind != FLEXI:
        return None
    return ctx.before_start(
        "headteacher_approval",
        what="headteacher's approval",
        met_message="The headteacher approved flexi-schooling on {done}.",
        due_message="The headteacher must approve flexi-schooling before it starts on {deadline}.",
        unmet_message="The headteacher did not approve flexi-schooling before it started on {deadline}.",
    )


@rule("FLX-WRITTEN-AGREEMENT", title="A signed written agreement before the start; with an EHC plan, with the LA too")
def flx_written_agreement(ctx: Context) -> Outcome | None:
    """Duty: "a written agreement with the parents (days in school, what school and home each cover,
    safeguarding) before start; with an EHCP it is three-way with the local authority"; unmet from start
    without written_agreement. (004 §5.1: "Formalise arrangements through a written agreement with
    parents/carers"; §5.2 EHCP (3): "A formal, written agreement is required between the school,
    parents, and Local Authority.")

    Interpretation: the local authority's part in the agreement of a pupil with an EHC plan is shown
    by its approval (la_approval) on or before the start.
    """
    if ctx.kind != FLEXI:
        return None
    out = [
        ctx.before_start(
            "written_agreement",
            what="signed flexi-schooling agreement",
            met_message="The written flexi-schooling agreement was signed on {done}.",
            due_message="A written agreement (days in school, what school and home each cover, safeguarding) is "
            "needed before flexi-schooling starts on {deadline}.",
            unmet_message="No written flexi-schooling agreement before it started on {deadline}.",
        )
    ]
    if ctx.pupil.ehcp:
        out.append(
            ctx.before_start(
                "la_approval",
                what="local authority's part in the agreement (EHC plan)",
                met_message="The local authority agreed to the arrangement (EHC plan) on {done}.",
                due_message="The pupil has an EHC plan: the agreement must be made with the local authority too, "
                "before the start on {deadline}.",
                unmet_message="The pupil has an EHC plan and the local authority was not party to the agreement "
                "before flexi-schooling started on {deadline}.",
            )
        )
    return all_of(*out)


@rule(
    "FLX-LA-NOTIFIED",
    params=("flexi_notice_school_days",),
    title="The LA and the trust lead told within 5 school days; with an EHC plan the LA approves first",
)
def flx_la_notified(ctx: Context) -> Outcome | None:
    """Duty: "the local authority is notified of every flexi-schooling arrangement and the trust lead
    informed; with an EHCP the local authority approves (la_approval) before start"; unmet 5 school days
    after start without la_notified and trust_consulted; unmet from start without la_approval when
    EHCP. (004 §5.1: "Notify the Local Authority (LA) of all flexi-schooling arrangements ... Ensure
    they inform their link DPS"; §5.2 Local Authority: "Approve flexi-schooling arrangements for pupils
    with EHCPs".)"""
    if ctx.kind != FLEXI:
        return None
    days = ctx.param("flexi_notice_school_days", on=ctx.start)
    out = [
        ctx.school_days_after_start(
            days,
            "la_notified",
            what="notice to the local authority",
            met_message="The local authority was told on {done}.",
            due_message=f"Tell the local authority of the flexi-schooling by {{deadline}} ({days} school days after "
            "the start).",
            unmet_message=f"The local authority was not told of the flexi-schooling by {{deadline}} ({days} school "
            "days after the start).",
        ),
        ctx.school_days_after_start(
            days,
            "trust_consulted",
            what="word to the trust's link DPS",
            met_message="The trust's link DPS was told on {done}.",
            due_message=f"Tell the trust's link DPS of the flexi-schooling by {{deadline}} ({days} school days after "
            "the start).",
            unmet_message=f"The trust's link DPS was not told of the flexi-schooling by {{deadline}} ({days} school "
            "days after the start).",
        ),
    ]
    if ctx.pupil.ehcp:
        out.append(
            ctx.before_start(
                "la_approval",
                what="local authority approval (EHC plan)",
                met_message="The local authority approved the flexi-schooling (EHC plan) on {done}.",
                due_message="The pupil has an EHC plan: the local authority must approve flexi-schooling before "
                "it starts on {deadline}.",
                unmet_message="The pupil has an EHC plan and the local authority did not approve flexi-schooling "
                "before it started on {deadline}.",
            )
        )
    return all_of(*out)


@rule("FLX-RISK-ASSESSMENT", title="The DSL's risk assessment before the start, reviewed every term")
def flx_risk_assessment(ctx: Context) -> Outcome | None:
    """Duty: "the DSL completed a risk assessment (Appendix 8), reviewed termly"; unmet from start;
    termly over risk_assessment events. (004 §5.2 DSL: "Conduct a risk assessment for each
    flexi-schooling arrangement"; Appendix 8, review schedule: "Review this risk assessment termly or
    more frequently if needed.")"""
    if ctx.kind != FLEXI:
        return None
    return risk_assessed(
        ctx,
        appendix="Appendix 8",
        due_message="The DSL's risk assessment (Appendix 8) is needed before flexi-schooling starts on {deadline}.",
        unmet_message="No risk assessment before flexi-schooling started on {deadline}.",
    )


@rule("FLX-NO-END-DATE-NEEDED", title="Flexi-schooling need not be time-limited nor aim at a full-time return")
def flx_no_end_date_needed(ctx: Context) -> Outcome | None:
    """Duty: "flexi-schooling need not be time-limited; NAT-PTT-END-DATE and reintegration duties do not
    apply to it". (004 §5 definition: "Flexi-schooling is not the same as a 'temporary part-time
    timetable' so does not have to be time-limited or aim to increase the time spent in school"; §5.1:
    "it does not aim for full-time reintegration and can continue long-term".)

    A permission rather than a task: it is met for every flexi-schooling arrangement, with or without
    an end date or phased steps, and it records why the part-time timetable's end-date and
    reintegration duties (NAT-PTT-END-DATE, NAT-AP-REINTEGRATION, PTT-REINTEGRATION-PLAN,
    AP-REINTEGRATION-MEETING) are not applied to it: none of them applies to kind flexi_schooling.
    """
    if ctx.kind != FLEXI:
        return None
    if ctx.end is None:
        length = "It has no end date, which is allowed"
    else:
        length = f"Its end date, {fmt(ctx.end)}, is the family's and the school's choice, not a requirement"
    return met(
        f"{length}: flexi-schooling need not be time-limited or lead back to full-time school, so no end date "
        "or reintegration plan is required."
    )


@rule("FLX-GOVERNORS-TERMLY", title="The local governing body updated every term")
def flx_governors_termly(ctx: Context) -> Outcome | None:
    """Duty: "the local governing body receives a termly update"; termly over governors_informed events.
    (004 §5.2 Local Governing Body: "Request termly updates on flexi-schooling arrangements, including
    pupil progress, safeguarding measures, and outcomes.")"""
    if ctx.kind != FLEXI:
        return None
    return ctx.termly(ctx.dates("governors_informed"), what="update to the local governing body")


@rule("FLX-DIGITAL-SAFETY", title="Parents given digital safety guidance for home learning before the start")
def flx_digital_safety(ctx: Context) -> Outcome | None:
    """Duty: "parents received guidance on digital safety for home learning". (004 §5.3, Digital Safety and
    Online Learning: "Have parents received guidance on digital safety, including internet filters and
    appropriate online learning tools?")

    Interpretation (the catalogue gives no timing, and the case file has no event of its own for it):
    the guidance is written information to the parents (parent_information) or the acceptable-use
    terms for equipment (equipment_agreement), and it is needed before home learning begins, that is
    on or before the start; later is met late.
    """
    if ctx.kind != FLEXI:
        return None
    return ctx.before_start(
        "parent_information",
        "equipment_agreement",
        what="digital safety guidance for the parents",
        met_message="The parents were given guidance for safe home learning online on {done}.",
        due_message="Give the parents guidance on digital safety (filters, suitable online tools) before home "
        "learning starts on {deadline}.",
        unmet_message="The parents were not given guidance on digital safety (filters, suitable online tools) "
        "before home learning started on {deadline}.",
    )
