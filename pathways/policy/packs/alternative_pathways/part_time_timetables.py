"""Part-time timetables: 004_cfdf22cfedd26194.txt §4 (4.1 implementation, 4.2 key requirements, 4.3
reintegration, 4.4 roles and the risk checklist) and Appendix 7. The PTT-* ids.
"""

from __future__ import annotations

import datetime as _dt

from pathways.policy.calendar import Period
from pathways.policy.codes import CodedSession
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, due, fmt, met, not_applicable, rule, unmet
from pathways.policy.packs.alternative_pathways._common import PTT, list_days, parent_there


@rule("PTT-LAST-RESORT", title="A last resort, discussed with the trust lead before the part-time timetable starts")
def ptt_last_resort(ctx: Context) -> Outcome | None:
    """Duty: "other support options were exhausted and discussed with the trust lead (trust_consulted)
    before start"; unmet from start. (004 §4.1: "This approach should be considered a last resort after
    all other support options have been exhausted, please discuss with your link DPS.")"""
    if ctx.kind != PTT:
        return None
    return ctx.before_start(
        "trust_consulted",
        what="discussion with the trust's link DPS",
        met_message="The part-time timetable was discussed with the trust's link DPS on {done}.",
        due_message="A part-time timetable is a last resort: discuss it with the trust's link DPS before it "
        "starts on {deadline}.",
        unmet_message="The part-time timetable was not discussed with the trust's link DPS before it started on "
        "{deadline}.",
    )


def _start_half_term(ctx: Context) -> Period | None:
    """The half-term in which the arrangement starts (or, starting in a holiday, the first after it)."""
    for p in ctx.calendar.half_terms:
        if p.end >= ctx.start:
            return p if p.start <= ctx.start or ctx.calendar.in_holiday(ctx.start) else None
    return None


@rule(
    "PTT-HEADTEACHER-APPROVAL",
    title="The headteacher approves before the start, and governors are told that half-term",
)
def ptt_headteacher_approval(ctx: Context) -> Outcome | None:
    """Duty: "the headteacher approved before start, and the local governing body was notified"; unmet
    from start without headteacher_approval; governors_informed due by the end of the half-term. (004
    §4.4 Headteacher: "Approve all part-time timetable arrangements ... Notify the Local Governing
    Body of all part-time timetable arrangements and their outcomes.")

    Per case-file.md (Either/or), "by the end of the half-term" means the half-term in which the
    arrangement starts. Interpretation: a timetable starting in a holiday is told to governors by the
    end of the first half-term after it; one starting outside the calendar (or with no calendar) has
    no half-term, so that part cannot be judged.
    """
    if ctx.kind != PTT:
        return None
    approval = ctx.before_start(
        "headteacher_approval",
        what="headteacher's approval",
        met_message="The headteacher approved the part-time timetable on {done}.",
        due_message="The headteacher must approve the part-time timetable before it starts on {deadline}.",
        unmet_message="The headteacher did not approve the part-time timetable before it started on {deadline}.",
    )
    half = _start_half_term(ctx)
    if half is None:
        governors = not_applicable(
            "The timetable does not start inside a half-term of the school calendar, so the deadline for "
            "telling governors cannot be judged."
        )
    else:
        governors = ctx.one_off_event(
            "governors_informed",
            deadline=half.end,
            what="notice to the local governing body",
            met_message="The local governing body was told on {done}.",
            due_message=f"Tell the local governing body of the part-time timetable by {{deadline}}, the end of "
            f"{half.name}.",
            unmet_message=f"The local governing body was not told of the part-time timetable by {{deadline}}, "
            f"the end of {half.name}.",
        )
    return all_of(approval, governors)


@rule(
    "PTT-LA-NOTIFIED",
    params=("ptt_la_notice_school_days",),
    title="The local authority told within 5 school days of the start",
)
def ptt_la_notified(ctx: Context) -> Outcome | None:
    """Duty: "the local authority is notified of every part-time timetable"; unmet 5 school days after
    start without la_notified. (004 §4.2(1): "Notify the Local Authority (LA) of all part-time
    arrangements".)"""
    if ctx.kind != PTT:
        return None
    days = ctx.param("ptt_la_notice_school_days", on=ctx.start)
    return ctx.school_days_after_start(
        days,
        "la_notified",
        what="notice to the local authority",
        met_message="The local authority was told on {done}.",
        due_message=f"Tell the local authority of the part-time timetable by {{deadline}} ({days} school days "
        "after the start).",
        unmet_message=f"The local authority was not told of the part-time timetable by {{deadline}} ({days} "
        "school days after the start).",
    )


@rule("PTT-RISK-ASSESSMENT", title="The DSL's risk assessment before the start, reviewed every half-term")
def ptt_risk_assessment(ctx: Context) -> Outcome | None:
    """Duty: "the DSL completed a risk assessment (Appendix 7) before start, reviewed half-termly"; unmet
    from start; half-termly over risk_assessment events. (004 §4.4 Safeguarding: "Conduct a Risk
    Assessment for all part-time timetable arrangements ... Regularly review and update the risk
    assessment"; Appendix 7, parental understanding "Start of plan; half termly".)"""
    if ctx.kind != PTT:
        return None
    return all_of(
        ctx.before_start(
            "risk_assessment",
            what="risk assessment (Appendix 7)",
            met_message="Risk assessment completed on {done}.",
            due_message="The DSL's risk assessment (Appendix 7) is needed before the part-time timetable starts "
            "on {deadline}.",
            unmet_message="No risk assessment before the part-time timetable started on {deadline}.",
        ),
        ctx.half_termly(ctx.dates("risk_assessment"), what="risk assessment review"),
    )


@rule("PTT-REVIEWS", title="Review meetings with parents at least every half-term")
def ptt_reviews(ctx: Context) -> Outcome | None:
    """Duty: "review meetings at least half-termly with parents, professionals and the pupil";
    half-termly over review events. (004 §4.2(4): "Conduct regular reviews, at least half-termly ...
    Ensure parents, professionals, and the pupil participate in these reviews.")

    Interpretation: a review the parents did not attend (parent_attended: false) does not count; one
    that does not say counts.
    """
    if ctx.kind != PTT:
        return None
    return ctx.half_termly(ctx.dates("review", where=parent_there), what="review meeting with the parents")


@rule("PTT-REINTEGRATION-PLAN", title="A reintegration plan with milestones from the start")
def ptt_reintegration_plan(ctx: Context) -> Outcome | None:
    """Duty: "a structured reintegration plan with milestones (steps) and a timeline"; unmet from start
    without reintegration_plan or steps. (004 §4.1: "Part-time timetables must include a clear,
    structured plan aimed at reintegrating the pupil into full-time education within a specified
    period"; §4.3: "Schools must develop and follow a structured reintegration plan.") Met by a
    reintegration_plan event or by phased steps (case-file.md, Either/or); steps are part of the
    arrangement, so they are in place from its start."""
    if ctx.kind != PTT:
        return None
    steps = ctx.arrangement.steps
    if steps:
        last = steps[-1]
        return met(
            f"The phased return has {len(steps)} step{'s' if len(steps) != 1 else ''}, the last from "
            f"{fmt(last.from_)} at {last.hours_in_school:g} hours a week in school."
        )
    return ctx.before_start(
        "reintegration_plan",
        what="reintegration plan",
        met_message="Reintegration plan recorded on {done}.",
        due_message="A reintegration plan with milestones is needed before the part-time timetable starts on "
        "{deadline}.",
        unmet_message="No reintegration plan (nor phased steps) before the part-time timetable started on {deadline}.",
    )


def _away_days(ctx: Context) -> list[_dt.date]:
    """Listed school days, up to as_of and while the arrangement runs, on which some session (listed, or
    the timetable's when not listed) is away from school."""
    by_day: dict[_dt.date, list[CodedSession]] = {}
    for s in ctx.sessions:
        if s.date <= ctx.as_of and ctx.is_active(s.date) and ctx.calendar.is_school_day(s.date):
            by_day.setdefault(s.date, []).append(s)
    out = []
    for day, listed in sorted(by_day.items()):
        slots = {s.session.session: s.where for s in listed}
        for half in ("am", "pm"):
            slots.setdefault(half, ctx.slot(day, half))
        if any(where != "school" for where in slots.values()):
            out.append(day)
    return out


@rule("PTT-DAILY-CONTACT", title="Daily contact with the family on days the pupil is not in school all day")
def ptt_daily_contact(ctx: Context) -> Outcome | None:
    """Duty: "daily contact with parents to confirm attendance and welfare on days the pupil is not in
    school all day". (004 §4.2(3): "Communicate daily with parents/carers to confirm attendance and
    monitor welfare"; §4.4 Attendance Officer: "Liaise daily with parents/carers to monitor the
    pupil's attendance".)

    Interpretation (the catalogue gives no timing): the days judged are the listed sessions' dates
    that are school days of the timetable, up to as_of, on which a session (as listed, or as the
    timetable has it) is away from school. Each needs contact that day: a welfare_check, or the pupil
    seen in school at an attended school session (case-file.md, Vulnerability responses). A day before
    as_of without contact is unmet; as_of itself without contact is due that day. With no such day
    listed there is nothing to judge.
    """
    if ctx.kind != PTT:
        return None
    days = _away_days(ctx)
    if not days:
        return not_applicable("No listed day has the pupil away from school, so daily contact cannot be judged.")
    seen = set(ctx.seen_dates())
    missed = [d for d in days if d not in seen and d < ctx.as_of]
    if missed:
        return unmet(
            f"No contact with the family on {list_days(missed)}, when the pupil was not in school all day.",
            due=missed[0],
        )
    if ctx.as_of in days and ctx.as_of not in seen:
        return due(ctx.as_of, "Contact the family today: the pupil is not in school all day.")
    return met(f"Contact with the family on every listed day away from school ({len(days)} checked).")


@rule("PTT-WHEREABOUTS", title="The pupil's whereabouts out of school confirmed safe before the start")
def ptt_whereabouts(ctx: Context) -> Outcome | None:
    """Duty: "the pupil's whereabouts and supervision in non-school hours are confirmed safe (in the risk
    assessment)". (004 §4.4 risk checklist, Safeguarding: "Have the child's whereabouts during
    non-school hours been confirmed as safe?"; Appendix 7: "Review/ Confirm safe and supervised
    environment during non-school hours".)

    Interpretation (the catalogue gives no timing): the confirmation is the risk assessment, and it
    must exist before the pupil first spends school hours away, that is on or before the start; one
    made later is met late.
    """
    if ctx.kind != PTT:
        return None
    return ctx.before_start(
        "risk_assessment",
        what="confirmation that the pupil is safe and supervised out of school",
        met_message="The pupil's whereabouts out of school were confirmed safe in the risk assessment of {done}.",
        due_message="Confirm in the risk assessment, before the part-time timetable starts on {deadline}, where "
        "the pupil will be and who will supervise them out of school.",
        unmet_message="Nobody confirmed where the pupil is and who supervises them out of school before the "
        "part-time timetable started on {deadline}.",
    )
