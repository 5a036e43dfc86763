"""The special-school-remote pack: 003_29c0046e967bce47.txt, a special school's remote learning policy (2022).

The seed's parts, cited in each rule: "§6 Roles and responsibilities" (teachers: EHCP outcomes in planned
work; the DSL: daily reports of families who do not engage), "Appendix 1: Home Learning rationale" (every
communication logged) and "Appendix 2: Home Learning Protocol" (risk assessment for every pupil, all
parental contact recorded, SLT told of home visits).

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). The seed gives three
of the duties no timing; the readings chosen are in the docstrings and in docs/policy-engine.md,
"Interpretations".
"""

from __future__ import annotations

from pathways.policy.casefile import Event
from pathways.policy.engine import Context, Outcome, fmt, met, rule
from pathways.policy.packs._online import missed_online_days

SEED = "003_29c0046e967bce47.txt"

# Events that record a contact between the school and the pupil's parents (MIL-CONTACT-LOG).
PARENT_CONTACTS = (
    "welfare_check",
    "progress_report",
    "parent_information",
    "parent_consent",
    "parent_request",
    "equipment_agreement",
    "direction_notice",
    "review",
    "review_request",
)


def _with_parents(e: Event) -> bool:
    """A review counts when a parent attended; a review request when a parent made it."""
    if e.type == "review":
        return e.parent_attended is True
    if e.type == "review_request":
        return e.by != "la"
    return True


@rule("MIL-RISK-ASSESSMENT")
def risk_assessment(ctx: Context) -> Outcome | None:
    """Duty: "a risk assessment for every pupil learning remotely, covering whether EHCP targets are met,
    which are met in school, and health agency support"; unmet from start without risk_assessment. (003
    Appendix 2(1): "Risk assessment to be completed for all pupils - To include if EHCP targets are being
    met - List the targets that are being met in school - Note any support from health care agencies".)"""
    if ctx.kind != "remote_learning":
        return None
    return ctx.before_start(
        "risk_assessment",
        what="risk assessment",
        met_message="Risk assessment for remote learning completed on {done}.",
        due_message="Complete a risk assessment (EHCP targets met and not met, health agency support) before "
        "remote learning starts on {deadline}.",
        unmet_message="No risk assessment before remote learning started on {deadline}.",
    )


@rule(
    "MIL-EHCP-OUTCOMES",
    params=("ehcp_outcomes_school_days",),
)
def ehcp_outcomes(ctx: Context) -> Outcome | None:
    """Duty: "EHCP outcomes are in the planned work and progress reports (send_plan_updated)", for remote
    learning of a pupil with an EHC plan "lasting more than 10 school days". (003 §6 Teachers: "For extended
    periods of time away from school, the class teachers will ensure EHCP outcomes / intentions are included
    in planned work and when providing feedback or reporting on progress".)

    Interpretation: the arrangement lasts more than 10 school days when its start-to-end span has more than
    10 school days, or when it has no end. The period becomes extended on its 11th school day (the 10th
    school day after the start), and send_plan_updated is due by then; a record from before the start
    counts.
    """
    if ctx.kind != "remote_learning" or not ctx.pupil.ehcp:
        return None
    days = ctx.param("ehcp_outcomes_school_days", on=ctx.start)
    if ctx.end is not None and ctx.calendar.count_school_days(ctx.start, ctx.end) <= days:
        return None
    return ctx.school_days_after_start(
        days,
        "send_plan_updated",
        what="EHCP outcomes in the planned work",
        met_message="EHCP outcomes were built into the planned work and progress reports on {done}.",
        due_message=f"Remote learning lasts more than {days} school days: EHCP outcomes must be in the planned "
        "work and progress reports by {deadline}.",
        unmet_message=f"Remote learning has lasted more than {days} school days and EHCP outcomes were not in the "
        "planned work and progress reports by {deadline}.",
    )


@rule(
    "MIL-CONTACT-LOG",
    params=("parent_contact_interval_school_days",),
)
def contact_log(ctx: Context) -> Outcome | None:
    """Duty: "every phone, message, email and face-to-face contact with parents is logged in the
    chronology", for every contact with a parent. (003 Appendix 2(2): "All parental contact (phone, Dojo,
    email and face-to-face) to be recorded via CPOMS"; Appendix 1: "Phone calls home, Home visits, Emails to
    parents - All communications to be logged"; "Regular contact with parents"; §6 Teachers: "Weekly/daily
    work will be shared with families".)

    Interpretation: the case's chronology is the log, so a contact that was made is in it; what can be
    judged is whether the log shows the regular contact the policy expects while the pupil learns
    remotely. For a remote_learning arrangement the log must show a contact with the parents at least
    every PARENT_CONTACT_INTERVAL_SCHOOL_DAYS (5, a school week, so holidays do not count) from the
    start: a welfare_check, progress_report, parent_information, parent_consent, parent_request,
    equipment_agreement or direction_notice, a review a parent attended, or a review request a parent
    made; or any contact of the case's `contacts` (the school's contact log, an optional key: a phone
    call, an app message such as Class Dojo, an e-mail, a video call, a meeting face to face or a home
    visit, as the policy lists them). A school week with none logged is a breach.
    """
    if ctx.kind != "remote_learning":
        return None
    interval = ctx.param("parent_contact_interval_school_days", on=ctx.start)
    logged = [c.date for c in ctx.case.contacts if c.date <= ctx.as_of]
    return ctx.every(
        interval,
        [*ctx.dates(*PARENT_CONTACTS, where=_with_parents), *logged],
        what="logged contact with the parents",
        school_days=True,
    )


@rule("MIL-HOME-VISITS")
def home_visits(ctx: Context) -> list[Outcome] | None:
    """Duty: "senior leaders are told of each home visit and it is logged", for home visits. (003 Appendix
    2(7): "SLT to be informed of home visits and recorded on Sleuth".)

    Interpretation: a home visit is a welfare_check of kind home_visit, and being in the chronology it is
    logged. Senior leaders are told when the visit's own `slt_informed` date says so (the contact log's
    "senior leaders told", an extension key of the case file), or when a headteacher_approval (the
    headteacher signing off the visit) is dated on the visit day or after it; whichever came first counts.
    It is due by the next school day after the visit (a later one is met, late). Each visit is judged on
    its own; one sign-off dated on or after several visits reports them all.
    """
    visits = ctx.events("welfare_check", where=lambda e: e.kind == "home_visit")
    if not visits:
        return None
    out: list[Outcome] = []
    for visit in visits:
        day = visit.date
        signed = ctx.first("headteacher_approval", since=day)
        told = [d for d in (visit.slt_informed, signed.date if signed else None) if d is not None and d >= day]
        out.append(
            ctx.one_off(
                ctx.calendar.next_school_day(day),
                min(told) if told else None,
                what=f"report of the home visit of {fmt(day)} to senior leaders",
                met_message=f"Senior leaders were told of the home visit of {fmt(day)} on {{done}}.",
                due_message=f"Tell senior leaders of the home visit of {fmt(day)} by {{deadline}}.",
                unmet_message=f"Senior leaders were not told of the home visit of {fmt(day)} by {{deadline}}.",
            )
        )
    return out


@rule("MIL-DAILY-ENGAGEMENT")
def daily_engagement(ctx: Context) -> list[Outcome] | None:
    """Duty: "reported to the DSL the same day", for "a family that does not engage or respond". (003 §6
    Designated Safeguarding Lead: "The DSL will work closely with HoDs, PST and FSW who will report daily if
    children or families do not engage or respond to communications".)

    Interpretation: a family does not engage on a day the pupil misses a listed online lesson for a reason
    other than illness. The case-file format has no event for a report to the DSL; the same-day
    welfare_check (the family phoned or visited, which is how the DSL's team follows the report up) is read
    as the report made and acted on. Each such day needs one that day. A remote_learning arrangement with no
    missed lesson listed is met.
    """
    missed = missed_online_days(ctx)
    if not missed:
        if ctx.kind != "remote_learning":
            return None
        return [met("No missed online lesson is listed: no family has failed to engage.")]
    out: list[Outcome] = []
    for day in missed:
        out.append(
            ctx.one_off_event(
                "welfare_check",
                since=day,
                deadline=day,
                what=f"same-day report of the missed online lesson of {fmt(day)}",
                met_message=f"The family's non-engagement on {fmt(day)} was followed up that day.",
                due_message=f"The pupil missed an online lesson on {fmt(day)}: report it to the DSL and follow it "
                "up today.",
                unmet_message=f"The pupil missed an online lesson on {fmt(day)} and no same-day follow-up for the "
                "DSL is recorded.",
            )
        )
    return out
