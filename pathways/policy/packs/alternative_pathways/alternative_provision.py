"""Alternative provision: 004_cfdf22cfedd26194.txt §3 (3.2 school responsibilities, 3.5-3.9 attendance,
monitoring and reintegration) and Appendices 1a, 1b, 2, 3, 5 and 6. The AP-* ids; AP-REINTEGRATION-MEETING
also applies to part-time timetables (§4.3(3)).
"""

from __future__ import annotations

import datetime as _dt

from pathways.policy.casefile import Event, ProviderCheck
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, due, fmt, met, not_applicable, rule, unmet
from pathways.policy.packs.alternative_pathways._common import (
    AP,
    PTT,
    ended_on,
    kind_words,
    ordinal,
    parent_there,
    risk_assessed,
)


@rule("AP-TRUST-CONSULTED", title="The school liaised with its trust lead (link DPS) before the placement")
def ap_trust_consulted(ctx: Context) -> Outcome | None:
    """Duty: "the school liaised with its trust lead before arranging the placement"; unmet from start
    without trust_consulted on or before start. (004 §3: "If a school wishes to investigate an
    Alternative Provision, they will initially liaise with their link Director of Performance and
    Standards (DPS) in OLoL CMAT to ensure processes and procedures are followed.")"""
    if ctx.kind != AP:
        return None
    return ctx.before_start(
        "trust_consulted",
        what="liaison with the trust's link Director of Performance and Standards",
        met_message="The school liaised with the trust's link DPS on {done}.",
        due_message="Liaise with the trust's link Director of Performance and Standards before the placement "
        "starts on {deadline}.",
        unmet_message="The school did not liaise with the trust's link Director of Performance and Standards "
        "before the placement started on {deadline}.",
    )


@rule(
    "AP-UNREGISTERED-APPROVAL",
    title="An unregistered provider: forms 1a and 1b, the risk assessment and trust approval before the start",
)
def ap_unregistered_approval(ctx: Context) -> Outcome | None:
    """Duty: "the consideration form (1a), the initial visit report (1b) and the risk assessment (Appendix 2)
    were completed and the trust approved, before start"; unmet from start without consideration_form,
    provider check initial_visit, risk_assessment and trust_approval. (004 §3: "Where a non-registered
    provider is used the OLOL CMAT school must complete all of the initial visit forms and risk
    assessments (Appendix 1a/1b & 2) and send these to their link DPS for approval"; Appendix 3.)
    Applies to a placement whose provider is `unregistered`; each of the four is judged on its own."""
    provider = ctx.provider
    if ctx.kind != AP or provider is None or provider.registration != "unregistered":
        return None
    name = provider.name or "the provider"
    visits = [c for c in ctx.checks("initial_visit") if c.date <= ctx.as_of]
    return all_of(
        ctx.before_start(
            "consideration_form",
            what="Alternative Provision consideration form (Appendix 1a)",
            unmet_message=f"{name} is not registered and no consideration form (Appendix 1a) was completed "
            "before the placement started on {deadline}.",
        ),
        ctx.one_off(
            ctx.start,
            visits[0].date if visits else None,
            what=f"report of the professionals' initial visit to {name} (Appendix 1b)",
            unmet_message=f"{name} is not registered and no initial visit (Appendix 1b) was made before the "
            "placement started on {deadline}.",
        ),
        ctx.before_start(
            "risk_assessment",
            what="risk assessment (Appendix 2)",
            unmet_message=f"{name} is not registered and no risk assessment (Appendix 2) was completed before "
            "the placement started on {deadline}.",
        ),
        ctx.before_start(
            "trust_approval",
            what=f"trust (link DPS) approval of the unregistered provider {name}",
            met_message=f"The trust approved the use of {name}, an unregistered provider, on {{done}}.",
            due_message=f"{name} is not registered: the trust's link DPS must approve it before the placement "
            "starts on {deadline}.",
            unmet_message=f"{name} is not registered and the trust did not approve it before the placement "
            "started on {deadline}.",
        ),
    )


@rule(
    "AP-HEADTEACHER-AGREEMENT",
    title="The consideration form records the parents' and the headteacher's agreement before the start",
)
def ap_headteacher_agreement(ctx: Context) -> Outcome | None:
    """Duty: "the consideration form records parental agreement and headteacher agreement
    (consideration_form, headteacher_approval)"; unmet from start. (004 Appendix 1a: "Parental
    Agreement: Agree / Disagree ... Headteacher agreement".)

    Interpretation: the consideration_form event is the form with the parents' agreement on it, so
    the duty is met by a consideration_form and a headteacher_approval, each on or before the start.
    """
    if ctx.kind != AP:
        return None
    return all_of(
        ctx.before_start(
            "consideration_form",
            what="consideration form with the parents' agreement (Appendix 1a)",
            met_message="The consideration form with the parents' agreement was completed on {done}.",
            due_message="The consideration form (Appendix 1a) with the parents' agreement is needed before "
            "the placement starts on {deadline}.",
            unmet_message="No consideration form (Appendix 1a) recording the parents' agreement before the "
            "placement started on {deadline}.",
        ),
        ctx.before_start(
            "headteacher_approval",
            what="headteacher's agreement to the placement",
            met_message="The headteacher agreed to the placement on {done}.",
            due_message="The headteacher must agree to the placement before it starts on {deadline}.",
            unmet_message="The headteacher did not agree to the placement before it started on {deadline}.",
        ),
    )


@rule("AP-RISK-ASSESSMENT", title="A risk assessment before the placement, reviewed every term")
def ap_risk_assessment(ctx: Context) -> Outcome | None:
    """Duty: "a risk assessment before start, reviewed termly"; unmet from start without
    risk_assessment; termly over risk_assessment events. (004 Appendix 2, review schedule: "Review
    this risk assessment termly or more frequently if needed.")"""
    if ctx.kind != AP:
        return None
    return risk_assessed(
        ctx,
        appendix="Appendix 2",
        due_message="A risk assessment (Appendix 2) is needed before the placement starts on {deadline}.",
        unmet_message="No risk assessment before the placement started on {deadline}.",
    )


@rule("AP-INFORMATION-SHARED", title="SEND, safeguarding, medical and attainment information given to the provider")
def ap_information_shared(ctx: Context) -> Outcome | None:
    """Duty: "SEND, literacy, safeguarding, medical and attainment information given to the provider at
    the start (and free school meals arrangements)"; unmet from start without
    provider_information_shared. (004 §3.2: "Sharing all relevant information with the provider
    including any information on SEND, literacy, safeguarding or other issues"; §3.8: "The pupil's
    attainment data will be communicated to the Alternative Provider on commencement of placement.")"""
    if ctx.kind != AP:
        return None
    name = ctx.provider.name if ctx.provider is not None and ctx.provider.name else "the provider"
    return ctx.before_start(
        "provider_information_shared",
        what=f"information for {name} (SEND, safeguarding, medical, attainment)",
        met_message=f"SEND, safeguarding, medical and attainment information given to {name} on {{done}}.",
        due_message=f"Give {name} the pupil's SEND, safeguarding, medical and attainment information before "
        "the placement starts on {deadline}.",
        unmet_message=f"{name} was not given the pupil's SEND, safeguarding, medical and attainment "
        "information before the placement started on {deadline}.",
    )


_POLICY_CHECKS = (
    ("child_protection_policy_shared", "a copy of the trust's child protection and safeguarding policies", False),
    ("safeguarding_policy", "its own safeguarding and child protection policy", False),
    ("health_and_safety", "its health and safety policy", True),
)


def _anniversary(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the anniversary in a common year is 1 March
        return _dt.date(day.year + years, 3, 1)


def _lapses(check: ProviderCheck, annual: bool, years: int) -> _dt.date | None:
    """The day a record stops being in force: its expiry, or (renewed annually, no expiry given) `years` on."""
    if check.expires is not None:
        return check.expires
    return _anniversary(check.date, years) if annual else None


@rule(
    "AP-PROVIDER-POLICIES",
    params=("health_and_safety_renewal_years",),
    title="The provider holds the trust's policies and has its own safeguarding and health and safety policies",
)
def ap_provider_policies(ctx: Context) -> Outcome | None:
    """Duty: "the provider holds the trust's child protection and safeguarding policies and has its own
    safeguarding, child protection and health and safety policies (checks child_protection_policy_shared,
    safeguarding_policy, health_and_safety; health and safety renewed annually)"; unmet from start;
    unmet on expiry. (004 §3.7: "Ensure that the alternative provider is a registered and approved
    centre and that they have relevant policies in place to cover Safeguarding, Child Protection and
    Health & Safety. Ensure that all alternative providers hold a copy of and adhere to the Our Lady of
    Lourdes CMAT Child Protection and Safeguarding Policies"; Appendix 2: "updated health and safety
    certification ... annually".)

    Interpretation: each of the three records must be dated on or before the start and still be in
    force (no longer in force on its expiry day). A health_and_safety record with no expiry date is
    in force for one year (until its anniversary), since the policy asks for it annually; the other
    two records without an expiry date do not expire. As for the provider's staff checks, expiry is
    judged on as_of, or on the placement's end when it ended earlier.
    """
    provider = ctx.provider
    if ctx.kind != AP or provider is None:
        return None
    name = provider.name or "the provider"
    judge_day = ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)
    renewal = ctx.param("health_and_safety_renewal_years", on=judge_day)
    out: list[Outcome] = []
    for check_type, holds, annual in _POLICY_CHECKS:
        records = [c for c in ctx.checks(check_type) if c.date <= ctx.as_of]
        outcome = ctx.one_off(
            ctx.start,
            records[0].date if records else None,
            what=f"record that {name} has {holds}",
            met_message=f"{name} has {holds} (recorded {{done}}).",
            due_message=f"Check that {name} has {holds} before the placement starts on {{deadline}}.",
            unmet_message=f"No record that {name} has {holds} before the placement started on {{deadline}}.",
        )
        if outcome.status == "met":
            lapses = [(c, _lapses(c, annual, renewal)) for c in records if c.date <= judge_day]
            if lapses and all(end is not None and end <= judge_day for _, end in lapses):
                last = max(end for _, end in lapses if end is not None)
                every = "year" if renewal == 1 else f"{renewal} years"
                renew = f" (it is renewed every {every})" if annual else ""
                outcome = unmet(f"The record that {name} has {holds} expired on {fmt(last)}{renew}.", due=last)
        out.append(outcome)
    return all_of(*out)


@rule("AP-VISITS", title="A senior leader visits the provision every half-term")
def ap_visits(ctx: Context) -> Outcome | None:
    """Duty: "a senior leader visits the provision every half-term and records the visit (Appendix 5)";
    half-termly over visit events. (004 §3.7: "Undertake half-termly visits to the Alternative
    Provision sites to review the progress of the relevant pupils, complete and keep a record of
    (Appendix 5)"; §3.8: "The pupils will be visited once per half-term".)"""
    if ctx.kind != AP:
        return None
    return ctx.half_termly(ctx.dates("visit"), what="visit to the provision")


@rule("AP-PARENT-MEETINGS", title="Parents met with a progress report at least once a half-term")
def ap_parent_meetings(ctx: Context) -> Outcome | None:
    """Duty: "the school meets parents at least once a half-term with a progress report (Appendix 6)";
    half-termly over progress_report events. (004 Appendix 3: "School to meet with parents/ carers to
    provide a report about the provision at least once a half-term"; §3.8 and Appendix 6.)"""
    if ctx.kind != AP:
        return None
    return ctx.half_termly(ctx.dates("progress_report"), what="progress report to parents")


@rule(
    "AP-PROVIDER-ABSENCE-DEADLINE",
    params=("provider_absence_deadline",),
    title="The provider tells the school of an absence before 10:00 (morning) or the end of the afternoon",
)
def ap_provider_absence_deadline(ctx: Context) -> list[Outcome] | None:
    """Duty: "the provider tells the school of the absence before PROVIDER_ABSENCE_DEADLINE on the day (AM
    session); later, or never, is a breach the school must chase". (004 §3.6: the provider is to
    "Notify the school before 10.00am of any student absence".) Applies to every listed session at a
    provider (slot `provider`) that the pupil missed, up to as_of. Per case-file.md "Provider
    reporting": a morning absence is reported before the provider_absence_deadline parameter in force
    on the session's date (default 10:00); an afternoon absence before the end of the afternoon
    session (school.register.pm_ends, default 15:30); an absence never reported is a breach.

    Interpretation: "before" is strict (a report at exactly 10:00 is late). An unreported absence on
    as_of itself is due that day (the case does not say what time it is); on any earlier day it is
    unmet.
    """
    missed = [s for s in ctx.sessions if s.where == "provider" and not s.session.attended and s.date <= ctx.as_of]
    if not missed:
        return None
    out: list[Outcome] = []
    for s in missed:
        half = s.session.session
        if half == "am":
            limit = ctx.param("provider_absence_deadline", on=s.date)
        else:
            limit = ctx.school.register.ends("pm")
        when = f"{fmt(s.date)} {half.upper()}"
        reported = s.session.provider_reported_at
        if reported is not None and reported < limit:
            out.append(met(f"The provider reported the absence of {when} at {reported}, before {limit}."))
        elif reported is not None:
            out.append(
                unmet(f"The provider reported the absence of {when} at {reported}, not before {limit}.", due=s.date)
            )
        elif s.date == ctx.as_of:
            out.append(due(s.date, f"The provider has not yet reported the absence of {when}; due before {limit}."))
        else:
            out.append(unmet(f"The provider never reported the absence of {when} (due before {limit}).", due=s.date))
    return out


@rule(
    "AP-WEEKLY-ATTENDANCE",
    params=("provider_register_interval_school_days",),
    title="The provider's attendance register received every week",
)
def ap_weekly_attendance(ctx: Context) -> Outcome | None:
    """Duty: "the provider's register is received and the school's records updated weekly; registers
    are taken twice a day". (004 §3.5: "Monitor attendance of pupils referred to alternative
    providers and update records on a weekly basis"; §3.6: the provider is to "E-mail/post weekly
    attendance registers to nominated member of staff at the academy".)

    Interpretation (the catalogue gives no timing): the weekly register arrives as a provider_report
    event at least every PROVIDER_REGISTER_INTERVAL_SCHOOL_DAYS school days (default 5, a school
    week, so holidays do not count against the provider): the first is due 5 school days after the
    start, each one opens a new window. The twice-daily registers are the provider's own record,
    which the weekly register carries; the case has no other evidence of them.
    """
    if ctx.kind != AP:
        return None
    n = ctx.param("provider_register_interval_school_days", on=min(ctx.as_of, ctx.end or ctx.as_of))
    return ctx.every(
        n, ctx.dates("provider_report"), what="weekly attendance register from the provider", school_days=True
    )


@rule(
    "AP-UNSATISFACTORY-REVIEW",
    params=("unsatisfactory_review_follow_up_school_days", "unsatisfactory_reviews_before_ending"),
    title="An unsatisfactory review is followed by a formal review; after the agreed number, the placement ends",
)
def ap_unsatisfactory_review(ctx: Context) -> list[Outcome] | None:
    """Duty: "a formal review meeting with the pupil, parents and provider follows; after the agreed number
    of unsatisfactory reviews the placement is ended and the pupil reintegrated". Applies to a
    placement with a review whose outcome is unsatisfactory. (004 §3.8: "Pupils who are making less
    than satisfactory progress will be subject to a formal review meeting involving the OLOL CMAT
    school, the pupil, parents/carer and the provider. In extreme circumstances, or following an
    agreed number of unsatisfactory review meetings, the placement may be ended, and the child
    immediately reintegrated into school.")

    Interpretation (the catalogue gives no timing): each unsatisfactory review held during the
    placement must be followed, within UNSATISFACTORY_REVIEW_FOLLOW_UP_SCHOOL_DAYS school days
    (default 10), by another review that the parents did not miss (parent_attended not false), or by
    the end of the placement. At the UNSATISFACTORY_REVIEWS_BEFORE_ENDING-th unsatisfactory review
    (default 3; the "agreed number" is the school's setting) the placement must instead end within
    the same number of school days: its end date or an `end` event, not one saying the pupil
    continued elsewhere.
    """
    if ctx.kind != AP:
        return None
    last = ctx.end if ctx.end is not None else ctx.as_of
    reviews = ctx.events("review", since=ctx.start, until=min(ctx.as_of, last))
    bad = [r for r in reviews if r.outcome == "unsatisfactory"]
    if not bad:
        return None
    ended = ended_on(ctx)
    elsewhere = ctx.first("end", since=ctx.start, where=lambda e: e.outcome == "continued_elsewhere")
    out: list[Outcome] = []
    for number, review in enumerate(bad, 1):
        days = ctx.param("unsatisfactory_review_follow_up_school_days", on=review.date)
        limit = ctx.param("unsatisfactory_reviews_before_ending", on=review.date)
        deadline = ctx.calendar.school_days_after(review.date, days)
        ended_after = ended if ended is not None and ended >= review.date else None
        if number >= limit:
            reintegrated = ended_after if elsewhere is None else None
            out.append(_placement_ended(ctx, review, number, limit, deadline, reintegrated))
            break
        follow = ctx.first("review", since=review.date + _dt.timedelta(days=1), where=parent_there)
        done = [d for d in (follow.date if follow else None, ended_after) if d is not None]
        out.append(_followed_up(ctx, review, deadline, min(done) if done else None))
    return out


def _placement_ended(
    ctx: Context, review: Event, number: int, limit: int, deadline: _dt.date, reintegrated: _dt.date | None
) -> Outcome:
    """AP-UNSATISFACTORY-REVIEW at the agreed number of unsatisfactory reviews: the placement ends."""
    return ctx.one_off(
        deadline,
        reintegrated,
        what="end of the placement",
        met_message=f"After {number} unsatisfactory reviews the placement ended on {{done}}.",
        due_message=f"The review of {fmt(review.date)} was the {ordinal(number)} unsatisfactory one "
        f"(the agreed number is {limit}): end the placement and bring the pupil back to school by "
        "{deadline}.",
        unmet_message=f"The review of {fmt(review.date)} was the {ordinal(number)} unsatisfactory one "
        f"(the agreed number is {limit}) and the pupil was not brought back to school by {{deadline}}.",
    )


def _followed_up(ctx: Context, review: Event, deadline: _dt.date, done: _dt.date | None) -> Outcome:
    """AP-UNSATISFACTORY-REVIEW before the agreed number: a formal review follows the unsatisfactory one."""
    return ctx.one_off(
        deadline,
        done,
        what="formal review meeting with the pupil, parents and provider",
        met_message=f"The unsatisfactory review of {fmt(review.date)} was followed up on {{done}}.",
        due_message=f"The review of {fmt(review.date)} found progress unsatisfactory: hold a formal review "
        "with the pupil, parents and provider by {deadline}.",
        unmet_message=f"The review of {fmt(review.date)} found progress unsatisfactory and no formal review "
        "with the pupil, parents and provider followed by {deadline}.",
    )


@rule(
    "AP-REINTEGRATION-MEETING",
    title="A multi-agency meeting with the parents agrees the reintegration strategies",
)
def ap_reintegration_meeting(ctx: Context) -> Outcome | None:
    """Duty: "reintegration is discussed with parents and a multi-agency meeting agrees the strategies
    (planning_meeting after reintegration_plan)". Applies to alternative provision and part-time
    timetables. (004 §3.9: "The reintegration would need to be discussed with the pupil's parents/
    carers. There would need to be a multi-agency meeting to discuss the effective strategies for the
    reintegration of the pupil"; §4.3(3): "Convene a multi-agency meeting (if applicable) involving all
    key stakeholders (e.g., parents, Local Authority, health professionals) to agree on strategies for
    a smooth transition.")

    Interpretation (the catalogue gives no timing): the duty arises with the reintegration plan (the
    first reintegration_plan event; for a part-time timetable, phased steps also count as the plan).
    It is met by a planning_meeting on or after the plan's date (with a plan made only of steps, which
    carry no date of agreement, any planning_meeting), and must be held before the pupil returns to
    full-time school: it is due by the arrangement's end date and unmet after it. With no end date it
    is due with no date yet. Before a plan exists it is not yet applicable.
    """
    if ctx.kind not in (AP, PTT):
        return None
    plan = ctx.first("reintegration_plan")
    steps = ctx.kind == PTT and bool(ctx.arrangement.steps)
    if plan is None and not steps:
        return not_applicable(f"No reintegration plan for the {kind_words(ctx)} yet, so no meeting to agree it.")
    since = plan.date if plan is not None else None
    meeting = ctx.first("planning_meeting", since=since)
    if ctx.end is not None:
        return ctx.one_off(
            ctx.end,
            meeting.date if meeting else None,
            what="multi-agency meeting on the reintegration strategies",
            met_message="A multi-agency meeting agreed the reintegration strategies on {done}.",
            due_message="Hold a multi-agency meeting with the parents to agree the reintegration strategies before "
            "the pupil returns full time on {deadline}.",
            unmet_message="No multi-agency meeting agreed the reintegration strategies before the "
            f"{kind_words(ctx)} ended on {{deadline}}.",
        )
    if meeting is not None:
        return met(f"A multi-agency meeting agreed the reintegration strategies on {fmt(meeting.date)}.")
    return Outcome(
        "due",
        "Hold a multi-agency meeting with the parents to agree the reintegration strategies before the pupil "
        f"returns full time (the {kind_words(ctx)} has no end date yet).",
    )


@rule("AP-PUPIL-VIEWS", title="The pupil's views on the placement sought every half-term")
def ap_pupil_views(ctx: Context) -> Outcome | None:
    """Duty: "the pupil's views on the placement are sought at least half-termly"; half-termly over
    pupil_views events. (004 §3.2: "Seeking pupil's views on success of the placement"; §3.8: "The
    pupil's own views on the placement will be considered as part of the monitoring process", the
    monitoring being the half-termly visit and progress report.)"""
    if ctx.kind != AP:
        return None
    return ctx.half_termly(ctx.dates("pupil_views"), what="record of the pupil's views")


@rule(
    "AP-FINAL-REPORT",
    params=("final_report_school_days",),
    title="A final report from the provider within 20 school days of the end",
    at_the_end=(AP,),
)
def ap_final_report(ctx: Context) -> Outcome | None:
    """Duty: "a final report of achievement, attendance and behaviour is obtained from the provider";
    unmet 20 school days after end without final_report. Applies to a placement that has ended. (004
    §3.2: "Pupil outcomes - obtaining a final report on the pupil's achievements during the placement
    including attainment and progress, attendance records and evidence of change in behaviour".)

    Interpretation: the placement has ended on its end date once as_of reaches it, or on an earlier
    `end` event; a final_report on or after the start counts.
    """
    if ctx.kind != AP:
        return None
    ended = ended_on(ctx)
    if ended is None:
        return None
    return ctx.one_off_event(
        "final_report",
        deadline=ctx.calendar.school_days_after(ended, ctx.param("final_report_school_days", on=ended)),
        since=ctx.start,
        what="final report from the provider",
        met_message="The provider's final report was received on {done}.",
        due_message=f"The placement ended on {fmt(ended)}: obtain the provider's final report (achievement, "
        "attendance, behaviour) by {deadline}.",
        unmet_message=f"The placement ended on {fmt(ended)} and no final report from the provider was received "
        "by {deadline}.",
    )
