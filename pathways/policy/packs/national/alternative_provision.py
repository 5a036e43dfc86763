"""Alternative provision: information for parents, the written plan, reintegration, the provider's
staff checks and registration, and pupils with an EHCP (Arranging alternative provision 2025;
KCSIE; Education Act 1996 s463)."""

from __future__ import annotations

from pathways.policy.casefile import FullTimePupils
from pathways.policy.engine import Context, Outcome, due, fmt, met, rule, unmet
from pathways.policy.packs.national._common import _kind


@rule(
    "NAT-AP-PARENT-INFORMATION",
    title="Parents given written information about the placement before it starts",
)
def ap_parent_information(ctx: Context) -> Outcome | None:
    """Duty: "Parents (and the LA where EHCP) given written information: why, when and for how long, who
    and where, how and when it will be reviewed (event parent_information)"; unmet from start without
    parent_information on or before start. (Arranging alternative provision (2025); 000 Annex A; 004
    §3.2.)"""
    if ctx.kind not in ("alternative_provision", "off_site_direction"):
        return None
    return ctx.before_start(
        "parent_information",
        what="written information for parents",
        met_message="Written information given to parents on {done}.",
        due_message=f"Parents need written information (why, when, where, who, how it is reviewed) before "
        f"the {_kind(ctx)} starts on {{deadline}}.",
        unmet_message=f"No written information for parents before the {_kind(ctx)} started on {{deadline}}.",
    )


@rule("NAT-AP-PLAN", title="A written plan (objectives, timeframe, reviews) before the start")
def ap_plan(ctx: Context) -> Outcome | None:
    """Duty: "A written plan with objectives, timeframe, baseline, review arrangements and next steps (event
    plan_agreed)"; unmet from start without plan_agreed on or before start. (Arranging alternative
    provision (2025); 000 §5 and Annex A; 004 §3.2.)"""
    if ctx.kind not in ("alternative_provision", "off_site_direction", "online_learning", "health_needs"):
        return None
    return ctx.before_start(
        "plan_agreed",
        what="written plan",
        met_message="Written plan agreed on {done}.",
        due_message=f"A written plan (objectives, timeframe, reviews) is needed before the {_kind(ctx)} "
        f"starts on {{deadline}}.",
        unmet_message=f"No written plan before the {_kind(ctx)} started on {{deadline}}.",
    )


def _suspension_with_provision(ctx: Context) -> bool:
    if ctx.kind != "suspension":
        return False
    tt = ctx.arrangement.timetable
    if tt.count("provider") or tt.count("another_school"):
        return True
    return any(s.suspension_day and s.where in ("provider", "another_school") for s in ctx.sessions)


@rule(
    "NAT-AP-REINTEGRATION",
    params=("reintegration_plan_school_days",),
    title="A plan to return to full-time school within 20 school days of the start",
)
def ap_reintegration(ctx: Context) -> Outcome | None:
    """Duty: "A plan to return the pupil to full-time school (event reintegration_plan)"; unmet 20 school days
    after start without reintegration_plan. Applies to alternative provision, off-site directions,
    suspensions with provision, part-time timetables, online learning and Return to Learn. (000 Annex
    A; 004 §3.9 and §4.3; WTISA 2024.)

    Interpretation: a suspension has provision when its timetable or a session of a suspension day
    places the pupil at a provider or another school. Only a reintegration_plan event meets this duty
    (phased steps meet PTT-REINTEGRATION-PLAN, per case-file.md Either/or)."""
    kinds = (
        "alternative_provision",
        "off_site_direction",
        "part_time_timetable",
        "online_learning",
        "return_to_learn",
    )
    if ctx.kind not in kinds and not _suspension_with_provision(ctx):
        return None
    days = ctx.param("reintegration_plan_school_days", on=ctx.start)
    return ctx.school_days_after_start(
        days,
        "reintegration_plan",
        what="plan to return the pupil to full-time school",
        met_message="Reintegration plan recorded on {done}.",
        due_message=f"A plan to return the pupil to full-time school is due by {{deadline}} ({days} school days "
        "after the start).",
        unmet_message=f"No plan to return the pupil to full-time school by {{deadline}} ({days} school days after "
        "the start).",
    )


@rule("NAT-AP-STAFF-CHECKS", title="Written confirmation of the provider's staff safeguarding checks, in date")
def ap_staff_checks(ctx: Context) -> Outcome | None:
    """Duty: "Written confirmation from the provider that its staff safeguarding checks are done (check
    staff_checks_confirmed, not expired)"; unmet from start without it; unmet on the day it expires.
    Applies to a provider of kind alternative_provision, online_learning or tuition. (KCSIE, written
    confirmation of checks; 000 §4 safeguarding; 004 §3.7.)

    Interpretation: expiry is judged on as_of, or on the arrangement's end when it ended earlier (a
    confirmation that lapses after the placement ended is no breach).
    """
    provider = ctx.provider
    if provider is None or provider.kind not in ("alternative_provision", "online_learning", "tuition"):
        return None
    name = provider.name or "the provider"
    checks = [c for c in ctx.checks("staff_checks_confirmed") if c.date <= ctx.as_of]
    outcome = ctx.one_off(
        ctx.start,
        checks[0].date if checks else None,
        what=f"written confirmation of {name}'s staff safeguarding checks",
        met_message=f"{name} confirmed its staff safeguarding checks in writing on {{done}}.",
        due_message=f"Written confirmation of {name}'s staff safeguarding checks is needed before the "
        f"start on {{deadline}}.",
        unmet_message=f"No written confirmation of {name}'s staff safeguarding checks before the start on "
        f"{{deadline}}.",
    )
    if outcome.status != "met":
        return outcome
    judge_day = ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)
    if ctx.check_in_force("staff_checks_confirmed", on=judge_day) is None:
        expired = [c.expires for c in checks if c.expires is not None and c.expires <= judge_day]
        if expired:
            last = max(expired)
            return unmet(f"{name}'s confirmation of staff safeguarding checks expired on {fmt(last)}.", due=last)
    return outcome


@rule(
    "NAT-PROVIDER-REGISTRATION",
    params=(
        "full_time_hours_per_week",
        "hours_per_session",
        "independent_school_pupils",
        "independent_school_looked_after_or_ehcp_pupils",
    ),
    title="No placement with an unregistered provider that must register as an independent school",
    breach=True,
)
def provider_registration(ctx: Context) -> Outcome | None:
    """Duty: "A provider educating full time 5 or more pupils of compulsory school age, or at least 1 who is
    looked after or has an EHC plan, must be registered as an independent school; placing a pupil
    there is a breach. Count this school's and every other setting's pupils (full_time_pupils), and
    count this pupil when their provider sessions exceed FULL_TIME_HOURS_PER_WEEK (a session is 3
    hours)"; unmet while the threshold is met. (Education Act 1996 s463; 004 §3 registration.)

    Interpretation: this pupil counts only when of compulsory school age (both limbs are about pupils
    of compulsory school age). The Children's Wellbeing and Schools Act 2026 s43 widening of limb (ii)
    to SEN is not yet commenced, so `sen` is not counted. Before the start the duty is due (nobody is
    placed yet).
    """
    provider = ctx.provider
    if provider is None or provider.registration != "unregistered":
        return None
    name = provider.name or "The provider"
    others = provider.full_time_pupils or FullTimePupils()
    judged = max(ctx.start, min(ctx.as_of, ctx.end or ctx.as_of))
    threshold = ctx.param("full_time_hours_per_week", on=judged)
    pupils_limit = ctx.param("independent_school_pupils", on=judged)
    priority_limit = ctx.param("independent_school_looked_after_or_ehcp_pupils", on=judged)
    hours = ctx.provider_hours_per_week
    this_full_time = hours > threshold and ctx.compulsory_age(max(ctx.start, min(ctx.as_of, ctx.end or ctx.as_of)))
    compulsory = others.compulsory_age + (1 if this_full_time else 0)
    priority = others.looked_after_or_ehcp + (1 if this_full_time and (ctx.pupil.looked_after or ctx.pupil.ehcp) else 0)
    if this_full_time:
        this = f"this pupil is there full time ({hours} hours a week, more than {threshold})"
    else:
        this = f"this pupil's {hours} hours a week there are not full time ({threshold} or fewer)"
    if compulsory >= pupils_limit or priority >= priority_limit:
        if compulsory >= pupils_limit:
            why = f"{compulsory} pupils of compulsory school age full time"
        else:
            plural = "s who are" if priority > 1 else " who is"
            why = f"{priority} pupil{plural} looked after or with an EHC plan full time"
        counting = ", counting this pupil," if this_full_time else ""
        text = (
            f"{name} educates {why}{counting} but is not registered as an independent school: "
            "placing the pupil there is a breach."
        )
        if ctx.as_of < ctx.start:
            return due(ctx.start, text)
        return unmet(text, due=ctx.start)
    return met(
        f"{name} need not register: {others.compulsory_age} other full-time pupils of compulsory school age, "
        f"{others.looked_after_or_ehcp} looked after or with an EHC plan, and {this}."
    )


@rule(
    "NAT-AP-EHCP-REGISTERED",
    title="A pupil with an EHC plan placed only with a registered provider unless the LA directs",
    breach=True,
)
def ap_ehcp_registered(ctx: Context) -> Outcome | None:
    """Duty: "An EHCP pupil is placed only with a registered provider unless the local authority directs
    otherwise (event la_approval)"; unmet from start. (004 §3: "If a pupil has an education, health
    and care (EHC) plan they must go to an Ofsted registered Alternative Provision".) A provider whose
    registration the case does not give cannot be judged."""
    if ctx.kind != "alternative_provision" or not ctx.pupil.ehcp:
        return None
    provider = ctx.provider
    if provider is None or provider.registration is None:
        return None
    name = provider.name or "the provider"
    if provider.registration != "unregistered":
        return met(f"The pupil has an EHC plan and {name} is registered.")
    return ctx.before_start(
        "la_approval",
        what="local authority direction to use an unregistered provider",
        met_message=f"The local authority directed the use of {name}, which is unregistered, on {{done}}.",
        due_message=f"The pupil has an EHC plan and {name} is not registered: the local authority must "
        f"direct its use before the start on {{deadline}}.",
        unmet_message=f"The pupil has an EHC plan and was placed with {name}, which is not registered, "
        f"without a local authority direction (start {{deadline}}).",
    )
