"""The online-learning-packages pack: 000_9aba48fecd4ef049.txt, a local authority's guidance to schools
on commercial online learning packages (June 2019), with Annexes A-F.

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). Every rule
applies only to an arrangement of kind `online_learning`. Where the wording needed interpreting,
the docstring says how, and docs/policy-engine.md ("Interpretations") lists the reading.
"""

from __future__ import annotations

import dataclasses

from pathways.policy.calendar import Period
from pathways.policy.casefile import Event
from pathways.policy.codes import CodedSession
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, not_applicable, rule, unmet

KIND = "online_learning"

# 000 §3: the only uses the guidance allows, and what each is in plain words.
PERMITTED_REASONS = {
    "medical": "a health need, pending consultant-level evidence",
    "injury": "a short-term injury or recuperation",
    "behaviour": "improving behaviour",
    "suspension": "provision from the sixth day of a suspension",
}

# 000 §3(1): "suitable evidence from a medical professional at consultant level" and "the pupil MUST
# be on a waiting list"; "A GP note is not adequate evidence".
CONSULTANT_LEVEL = ("consultant", "community_paediatrician", "camhs_psychiatrist")
ADEQUATE_MEDICAL_EVIDENCE = (*CONSULTANT_LEVEL, "waiting_list")

# Slots that are education at school or a provider besides the online lessons (000 Annex C(2)).
TAUGHT_ELSEWHERE = ("school", "provider", "another_school")
NOT_EDUCATED = ("home", "not_required")


def _applies(ctx: Context) -> bool:
    return ctx.kind == KIND


def _provider_name(ctx: Context) -> str:
    if ctx.provider is not None and ctx.provider.name:
        return ctx.provider.name
    return "the online provider"


def _provider_name_first(ctx: Context) -> str:
    """The provider's name at the start of a sentence."""
    name = _provider_name(ctx)
    return name[:1].upper() + name[1:]


def _with_message(outcome: Outcome, message: str) -> Outcome:
    return dataclasses.replace(outcome, message=message)


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _missed_online(ctx: Context) -> list[CodedSession]:
    """Listed sessions up to as_of in an online slot that the pupil did not attend."""
    return [s for s in ctx.sessions if s.where == "online" and not s.session.attended and s.date <= ctx.as_of]


def _provider_check(
    ctx: Context,
    check_type: str,
    *,
    what: str,
    met_message: str,
    due_message: str,
    unmet_message: str,
) -> Outcome:
    """A provider record of `check_type` needed by the start ("unmet from start"), met late when
    first recorded after it. A record with an expiry date stops counting on that day; expiry is
    judged on as_of, or on the arrangement's end when it ended earlier (the reading of NAT-AP-STAFF-
    CHECKS)."""
    records = [c for c in ctx.checks(check_type) if c.date <= ctx.as_of]
    outcome = ctx.one_off(
        ctx.start,
        records[0].date if records else None,
        what=what,
        met_message=met_message,
        due_message=due_message,
        unmet_message=unmet_message,
    )
    if outcome.status != "met":
        return outcome
    judge_day = ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)
    if ctx.check_in_force(check_type, on=judge_day) is None:
        expired = [c.expires for c in records if c.expires is not None and c.expires <= judge_day]
        if expired:
            last = max(expired)
            return unmet(f"The record of {what} expired on {fmt(last)}.", due=last)
    return outcome


# ---------------------------------------------------------------------------- when online learning is used


@rule("OLP-PERMITTED-USE")
def permitted_use(ctx: Context) -> Outcome | None:
    """Duty: "reason is medical, injury, behaviour or suspension; anything else is not a permitted use".
    000 §3 "When is it appropriate to use Online Learning?" lists (1) medical cases: a health need
    pending consultant-level evidence, or "a short term injury/ recuperation period"; (2) "for the
    purposes of improving behaviour"; (3) "Day 6 provision following a fixed term exclusion" (Annex F
    repeats the list). Unmet whenever the reason is anything else.

    Interpretation: an arrangement that gives no reason is not shown to be a permitted use, so it is
    unmet too; the duty holds from the day the arrangement is planned (no deadline), as
    NAT-PTT-NOT-BEHAVIOUR does.
    """
    if not _applies(ctx):
        return None
    reason = ctx.arrangement.reason
    allowed = "a medical need, a short-term injury, improving behaviour or the sixth day of a suspension"
    if reason is None:
        return unmet(f"No reason is recorded for the online learning: it may be used only for {allowed}.")
    return ctx.whenever(
        reason in PERMITTED_REASONS,
        met_message=f"Online learning is used for a permitted reason: {PERMITTED_REASONS.get(reason, '')}.",
        unmet_message=f"Online learning may be used only for {allowed}; this arrangement's reason is "
        f"{reason.replace('_', ' ')}.",
    )


@rule("OLP-MEDICAL-EVIDENCE")
def medical_evidence(ctx: Context) -> Outcome | None:
    """Duty: "evidence from a consultant-level medical professional, or confirmation that the pupil is on a
    waiting list; a GP note is not adequate"; unmet from start without medical_evidence whose source is
    consultant, community_paediatrician, camhs_psychiatrist or waiting_list. (000 §3(1): "online
    learning can be accessed as an interim measure pending suitable evidence from a medical
    professional at consultant level. The pupil MUST be on a waiting list for this to be appropriate.
    A GP note is not adequate evidence.") Applies to online learning for a medical reason.

    Evidence received after the start meets the duty late; a GP note, or evidence whose source is not
    given, never meets it.
    """
    if not _applies(ctx) or ctx.arrangement.reason != "medical":
        return None
    gp = ctx.first("medical_evidence", where=lambda e: e.source == "gp")
    gp_note = (
        f" Only a GP note is recorded ({fmt(gp.date)}), and a GP note is not adequate evidence."
        if gp is not None
        else " A GP note is not adequate evidence."
    )
    return ctx.before_start(
        "medical_evidence",
        where=lambda e: e.source in ADEQUATE_MEDICAL_EVIDENCE,
        what="consultant-level medical evidence or waiting-list confirmation",
        met_message="Adequate medical evidence (consultant level or waiting-list confirmation) received on {done}.",
        due_message="Consultant-level medical evidence, or confirmation that the pupil is on a waiting "
        "list, is needed before the online learning starts on {deadline}." + gp_note,
        unmet_message="No consultant-level medical evidence or waiting-list confirmation before the online "
        "learning started on {deadline}." + gp_note,
    )


@rule("OLP-HEALTHCARE-PLAN")
def healthcare_plan(ctx: Context) -> Outcome | None:
    """Duty: "an individual healthcare plan shows how the medical needs are met (Annex B)"; unmet from start
    without healthcare_plan. (000 §3(1): "Any child accessing online learning in the above way MUST
    have a medical plan produced by school to show how the medical needs are being addressed (Annex
    B)".) Applies to online learning for a medical reason or an injury."""
    if not _applies(ctx) or ctx.arrangement.reason not in ("medical", "injury"):
        return None
    return ctx.before_start(
        "healthcare_plan",
        what="individual healthcare plan",
        met_message="Individual healthcare plan agreed on {done}.",
        due_message="An individual healthcare plan showing how the medical needs are met is needed before "
        "the online learning starts on {deadline}.",
        unmet_message="No individual healthcare plan before the online learning started on {deadline}.",
    )


@rule("OLP-SEND-PLAN")
def send_plan(ctx: Context) -> Outcome | None:
    """Duty: "the SEND plan says how the pupil's needs are met through the online provision"; unmet from
    start without send_plan_updated. (000 §3(1) N.B.: "For any pupils with a diagnosed SEND need then
    the SEND plan should indicate how the child's specific existing needs can be met through the
    online learning provision.") Applies when the pupil has SEN support or an EHC plan."""
    if not _applies(ctx) or ctx.pupil.send not in ("sen_support", "ehcp"):
        return None
    return ctx.before_start(
        "send_plan_updated",
        what="SEND plan showing how the online provision meets the pupil's needs",
        met_message="The SEND plan was updated on {done} to say how the online provision meets the pupil's needs.",
        due_message="The SEND plan must say how the online provision meets the pupil's needs before it "
        "starts on {deadline}.",
        unmet_message="The SEND plan did not say how the online provision meets the pupil's needs before "
        "it started on {deadline}.",
    )


@rule("OLP-BEHAVIOUR-DIRECTION")
def behaviour_direction(ctx: Context) -> Outcome | None:
    """Duty: "a direction with objectives that say how the provision improves behaviour, evidenced in the
    behaviour plan"; unmet from start without direction_notice and behaviour_plan_updated. (000 §3(2):
    "A direction would be required. The objectives on the direction must identify how this provision
    will improve the child's behaviour"; "This is most likely to be evidenced within the Student's
    individual behaviour plan.") Applies to online learning to improve behaviour. Both records are
    needed; each is judged as a one-off duty due by the start."""
    if not _applies(ctx) or ctx.arrangement.reason != "behaviour":
        return None
    return all_of(
        ctx.before_start(
            "direction_notice",
            what="written direction",
            met_message="Written direction given on {done}.",
            due_message="A written direction, with objectives saying how the online learning improves "
            "behaviour, is needed before it starts on {deadline}.",
            unmet_message="No written direction before the online learning for behaviour started on {deadline}.",
        ),
        ctx.before_start(
            "behaviour_plan_updated",
            what="behaviour plan showing how the online learning improves behaviour",
            met_message="The behaviour plan was updated on {done} to show how the online learning improves behaviour.",
            due_message="The behaviour plan must show how the online learning improves behaviour before "
            "it starts on {deadline}.",
            unmet_message="The behaviour plan did not show how the online learning improves behaviour "
            "before it started on {deadline}.",
        ),
    )


@rule("OLP-DAY6-NOTICE")
def day6_notice(ctx: Context) -> Outcome | None:
    """Duty: "a notice to attend elsewhere (direction_notice) and full-time provision"; unmet from start
    without direction_notice. (000 §3(3), Day 6 provision following a fixed term exclusion: "A notice
    to attend elsewhere is required"; "The provision offered must be full time (online may be simply
    part of a full time package)".) Applies to online learning for a suspension.

    Interpretation: this id judges the notice, as its timing says; whether the provision is full time
    is judged by OLP-FULL-TIME-PACKAGE (and NAT-SUSPENSION-DAY6), so one gap is not reported twice.
    """
    if not _applies(ctx) or ctx.arrangement.reason != "suspension":
        return None
    return ctx.before_start(
        "direction_notice",
        what="notice to attend the provision",
        met_message="Notice to attend the provision given on {done}.",
        due_message="A written notice to attend the provision is needed before it starts on {deadline}.",
        unmet_message="No written notice to attend the provision before it started on {deadline}.",
    )


@rule("OLP-FULL-TIME-PACKAGE")
def full_time_package(ctx: Context) -> Outcome | None:
    """Duty: "online learning is part of a full-time package, never the whole of it; the timetable has
    sessions at school or a provider besides online ones, unless the pupil has an EHCP or
    consultant-level medical evidence for part-time"; unmet from start. (000 §3: "The package must be
    part of a full time programme"; 000 Annex C(2): "Online learning cannot offer a full time
    solution"; "where education is not full time it must be evidenced through EHCP or medical
    evidence (consultant level)".)

    Interpretation: the usual week is full time when every session is online, at school, at a provider
    or at another school, and at least one is not online; a `home` or `not_required` session makes it
    part time. Consultant-level evidence is medical_evidence from a consultant, community
    paediatrician or CAMHS psychiatrist (a waiting-list confirmation or a GP note is not evidence for
    part time); evidence received after the start meets the duty late.
    """
    if not _applies(ctx):
        return None
    timetable = ctx.arrangement.timetable
    online = timetable.count("online")
    elsewhere = sum(timetable.count(w) for w in TAUGHT_ELSEWHERE)
    gaps = sum(timetable.count(w) for w in NOT_EDUCATED)
    if elsewhere > 0 and gaps == 0:
        return met(
            f"Online learning is part of a full-time week: {online} online session"
            f"{'s' if online != 1 else ''} and {elsewhere} at school or a provider."
        )
    if elsewhere == 0:
        problem = (
            f"Online learning is the whole of the pupil's week ({online} online session"
            f"{'s' if online != 1 else ''}, none at school or a provider)"
        )
    else:
        problem = (
            f"The pupil's week is not full time ({gaps} session{'s' if gaps != 1 else ''} at home or not required)"
        )
    if ctx.pupil.ehcp:
        return met(f"{problem}; part-time provision is supported by the pupil's EHC plan.")
    evidence = ctx.first("medical_evidence", where=lambda e: e.source in CONSULTANT_LEVEL)
    return ctx.one_off(
        ctx.start,
        evidence.date if evidence is not None else None,
        what="consultant-level medical evidence for part-time provision",
        met_message=f"{problem}; consultant-level medical evidence for part-time provision received on {{done}}.",
        due_message=f"{problem}. It must be part of a full-time package from the start on {{deadline}}, "
        "unless an EHC plan or consultant-level medical evidence supports part-time provision.",
        unmet_message=f"{problem}. It must be part of a full-time package, and no EHC plan or "
        "consultant-level medical evidence supports part-time provision (start {deadline}).",
    )


# ---------------------------------------------------------------------------- the provider


@rule("OLP-PROVIDER-CHECKLIST")
def provider_checklist(ctx: Context) -> Outcome | None:
    """Duty: "the provider checklist (Annex C: quality of education and safeguarding) completed and kept";
    unmet from start without provider check provider_checklist. (000 §4: "Annex C contains a checklist
    format that can be completed and retained as evidence of this process"; Annex C.) A record with
    an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name = _provider_name(ctx)
    return _provider_check(
        ctx,
        "provider_checklist",
        what=f"the provider checklist for {name}",
        met_message=f"The provider checklist (Annex C) for {name} was completed on {{done}}.",
        due_message=f"Complete the provider checklist (Annex C: quality of education and safeguarding) for "
        f"{name} before the online learning starts on {{deadline}}.",
        unmet_message=f"No provider checklist (Annex C) for {name} before the online learning started on {{deadline}}.",
    )


@rule("OLP-ABSENCE-ALERT")
def absence_alert(ctx: Context) -> Outcome | None:
    """Duty: "the provider alerts the school within the session when the pupil does not attend (check
    absence_alert_agreed); a session's absence reported after the session ended is a breach". (000 §4
    safeguarding: "How quickly is the school alerted to a student failing to attend a session? The
    provider should contact school within the session that the child has not attended"; Annex C
    safeguarding (3); Annex A, code B: "the provider of the alternative activity notifies the school of
    any absences".)

    Interpretation: the agreement is a provider check needed by the start (met late after it; a record
    with an expiry date stops counting on that day). Each missed online session (attended false in an
    `online` slot) up to as_of must have provider_reported_at no later than the end of that session,
    the school's register am_ends / pm_ends (12:00 and 15:30 by default, case-file.md Provider
    reporting); a report exactly at the end is in time, a later one or none is a breach.
    """
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    agreement = _provider_check(
        ctx,
        "absence_alert_agreed",
        what=f"the agreement that {name} alerts the school to absence within the session",
        met_message=f"{who} agreed on {{done}} to alert the school within the session when the pupil "
        "does not attend.",
        due_message=f"Agree with {name} that it alerts the school within the session when the pupil "
        "does not attend, before the online learning starts on {deadline}.",
        unmet_message=f"No agreement that {name} alerts the school within the session when the pupil "
        "does not attend, before the online learning started on {deadline}.",
    )
    out: list[Outcome] = []
    register = ctx.school.register
    for s in _missed_online(ctx):
        ends = register.ends(s.session.session)
        reported = s.session.provider_reported_at
        if reported is None:
            out.append(
                unmet(
                    f"{who} never told the school that the pupil missed the online session of {_when(s)}.",
                    due=s.date,
                )
            )
        elif reported > ends:
            out.append(
                unmet(
                    f"{who} told the school at {reported} that the pupil missed the online session of "
                    f"{_when(s)}, after the session ended at {ends}.",
                    due=s.date,
                )
            )
        else:
            out.append(
                met(f"{who} reported the missed online session of {_when(s)} at {reported}, within the session.")
            )
    return all_of(agreement, out)


@rule("OLP-IDENTITY")
def identity(ctx: Context) -> Outcome | None:
    """Duty: "the provider has a system to show it is this pupil who logged on, in the agreed location
    (check identity_checks)"; unmet from start. (000 §4 safeguarding: "How do we know that the child
    is in the agreed location and that it is that child who has logged on? E.g. IP address checks";
    Annex C safeguarding (4).) A record with an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    return _provider_check(
        ctx,
        "identity_checks",
        what=f"{name}'s checks that it is this pupil who logs on, in the agreed place",
        met_message=f"{who}'s system to check it is this pupil who logs on, in the agreed place, was "
        "confirmed on {done}.",
        due_message=f"Confirm how {name} checks it is this pupil who logs on, in the agreed place (e.g. IP "
        "address checks), before the online learning starts on {deadline}.",
        unmet_message=f"No record of how {name} checks it is this pupil who logs on, in the agreed place, "
        "before the online learning started on {deadline}.",
    )


@rule("OLP-COMMISSIONING")
def commissioning(ctx: Context) -> Outcome | None:
    """Duty: "a formal commissioning agreement, with initial and periodic (half-termly) reviews of the
    provider's quality and safeguarding (checks commissioning_agreement, quality_review)". (000 §5
    Quality of education: "There must be an initial and subsequently periodic reviews and checks of the
    online provider in terms of the quality of education and safeguarding through a formal
    commissioning agreement.")

    Interpretation: the commissioning agreement is the initial check, a provider check needed by the
    start (met late after it; a record with an expiry date stops counting on that day); the periodic
    reviews are quality_review provider checks, judged half-termly by their dates.
    """
    if not _applies(ctx):
        return None
    name = _provider_name(ctx)
    return all_of(
        _provider_check(
            ctx,
            "commissioning_agreement",
            what=f"the commissioning agreement with {name}",
            met_message=f"Formal commissioning agreement with {name} made on {{done}}.",
            due_message=f"A formal commissioning agreement with {name} is needed before the online learning "
            "starts on {deadline}.",
            unmet_message=f"No formal commissioning agreement with {name} before the online learning started "
            "on {deadline}.",
        ),
        ctx.half_termly(
            [c.date for c in ctx.checks("quality_review")],
            what=f"review of {name}'s quality of education and safeguarding",
        ),
    )


@rule("OLP-CP-POLICY")
def cp_policy(ctx: Context) -> Outcome | None:
    """Duty: "the provider was given the school's child protection policy and KCSIE part 1 (check
    child_protection_policy_shared)"; unmet from start. (000 §5 safeguarding: "Will the provider be
    issued with the schools CP policy/ KCSIE part 1"; Annex D(11): "Supply the provider with school CP
    policy and KCSIE part 1".) A record with an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    return _provider_check(
        ctx,
        "child_protection_policy_shared",
        what=f"the school's child protection policy and KCSIE part 1 given to {name}",
        met_message=f"{who} was given the school's child protection policy and KCSIE part 1 on {{done}}.",
        due_message=f"Give {name} the school's child protection policy and KCSIE part 1 before the online "
        "learning starts on {deadline}.",
        unmet_message=f"{who} was not given the school's child protection policy and KCSIE part 1 before "
        "the online learning started on {deadline}.",
    )


# ---------------------------------------------------------------------------- the pupil's arrangements


@rule(
    "OLP-STUDENT-CHECKLIST",
    params=("student_checklist_school_days",),
)
def student_checklist(ctx: Context) -> Outcome | None:
    """Duty: "the per-pupil checklist (Annex E: planning meeting, plan and timetable to parent, reviews
    calendared, reintegration discussed, attendance officer alerted, provider given assessment data,
    induction, acceptable use, welfare checks explained, agencies informed) completed"; unmet 10 school
    days after start without student_checklist. (000 Annex E, "Student checklist for online learning";
    §5: "Annex E enables a clear record of process in place for each student".)"""
    if not _applies(ctx):
        return None
    days = ctx.param("student_checklist_school_days", on=ctx.start)
    return ctx.school_days_after_start(
        days,
        "student_checklist",
        what="student checklist for online learning (Annex E)",
        met_message="The student checklist (Annex E) was completed on {done}.",
        due_message=f"Complete the student checklist (Annex E) by {{deadline}}, {days} school days after the start.",
        unmet_message=f"The student checklist (Annex E) was not completed by {{deadline}}, {days} school days after "
        "the start.",
    )


@rule("OLP-INDUCTION")
def induction(ctx: Context) -> Outcome | None:
    """Duty: "induction session so the pupil can use the programme and equipment"; unmet from start without
    induction. (000 §5: "the child understands how to access the online session"; Annex D(5): "the
    initial induction meeting needed to demonstrate the system to the student"; Annex E(7): "Induction
    session undertaken to ensure that the student has IT access and understands how to use the
    programme".) An induction on the first day is in time."""
    if not _applies(ctx):
        return None
    return ctx.before_start(
        "induction",
        what="induction session",
        met_message="Induction session held on {done}.",
        due_message="Hold an induction session, so the pupil can use the programme and equipment, by the "
        "start on {deadline}.",
        unmet_message="No induction session, to show the pupil how to use the programme and equipment, by "
        "the start on {deadline}.",
    )


@rule("OLP-ATTENDANCE-OFFICER")
def attendance_officer(ctx: Context) -> Outcome | None:
    """Duty: "attendance officer alerted to the new provision"; unmet from start without
    attendance_officer_informed. (000 Annex E(5): "Attendance officer alerted to the new provision";
    Annex D(1)-(2).)"""
    if not _applies(ctx):
        return None
    return ctx.before_start(
        "attendance_officer_informed",
        what="word to the attendance officer",
        met_message="The attendance officer was told of the new provision on {done}.",
        due_message="Tell the attendance officer about the online learning before it starts on {deadline}.",
        unmet_message="The attendance officer was not told about the online learning before it started on {deadline}.",
    )


@rule("OLP-AGENCIES")
def agencies(ctx: Context) -> Outcome | None:
    """Duty: "other agencies involved with the child are told of the package"; unmet from start without
    agencies_informed or social_worker_informed. (000 §5 safeguarding: "Where other agencies are
    involved with a child then they should be alerted to the use of the package"; Annex E(10).)
    Applies when the pupil has a social worker or is looked after."""
    if not _applies(ctx) or not (ctx.pupil.social_worker or ctx.pupil.looked_after):
        return None
    return ctx.before_start(
        "agencies_informed",
        "social_worker_informed",
        what="word to the other agencies involved with the pupil",
        met_message="The agencies involved with the pupil were told of the online learning on {done}.",
        due_message="Tell the agencies involved with the pupil (the social worker) about the online learning "
        "before it starts on {deadline}.",
        unmet_message="The agencies involved with the pupil (the social worker) were not told about the "
        "online learning before it started on {deadline}.",
    )


@rule(
    "OLP-WELFARE-CHECKS",
    params=("welfare_check_interval_school_days",),
)
def welfare_checks(ctx: Context) -> Outcome | None:
    """Duty: "the pupil is seen or spoken to by school staff at least every
    WELFARE_CHECK_INTERVAL_SCHOOL_DAYS[vulnerability] school days"; unmet when the gap since start or
    the last welfare_check exceeds the interval. (000 §5 safeguarding: "a clear programme of welfare
    visits are needed with frequency linking to the level of need of the child"; "Ongoing welfare
    checks are necessary if the student is not being seen by school staff on a regular basis"; Annex
    F: "welfare checks are carried out when a child ... has not been seen by staff directly employed
    by the school for... (insert timescale)".)

    The pupil is seen on the days of welfare checks (of any kind) and of attended `school` sessions
    (case-file.md, Vulnerability responses); the interval is the parameter in force on as_of.
    """
    if not _applies(ctx):
        return None
    level = ctx.vulnerability
    n = ctx.param("welfare_check_interval_school_days")[level]
    outcome = ctx.every(n, ctx.seen_dates(), what="welfare check", school_days=True)
    return _with_message(outcome, f"{outcome.message[:-1]}, for a pupil of {level} vulnerability.")


@rule("OLP-ABSENCE-RESPONSE")
def absence_response(ctx: Context) -> list[Outcome] | None:
    """Duty: "the response follows vulnerability: low -> phone call the same day; high -> home visit the
    same day (welfare_check of that kind on the session date)". (000 §5 safeguarding: "In cases where
    there is no known vulnerability an initial phone call would suffice. For students with high levels
    of vulnerability a home visit will be needed"; "Some actions will need to be immediate from a
    safeguarding perspective if a child is not logged on as expected".) Applies to each missed online
    session (attended false in an `online` slot) up to as_of.

    Interpretation: low and medium vulnerability need a welfare_check of kind phone or better (in
    person or home visit; a check whose kind is not given counts, as the pupil was seen or spoken to);
    high needs kind home_visit. The deadline is the session's date: a response that day is met, a
    later one is met late (case-file.md, One-off duties), none is unmet.
    """
    if not _applies(ctx):
        return None
    missed = _missed_online(ctx)
    if not missed:
        return None
    high = ctx.vulnerability == "high"
    response = "home visit" if high else "phone call (or a visit)"

    def answers(e: Event) -> bool:
        return e.kind == "home_visit" if high else True

    out: list[Outcome] = []
    for s in missed:
        out.append(
            ctx.one_off_event(
                "welfare_check",
                deadline=s.date,
                since=s.date,
                where=answers,
                what=f"{response} after the missed online session",
                met_message=f"The pupil missed the online session of {_when(s)}; a {response} followed on {{done}}.",
                due_message=f"The pupil missed the online session of {_when(s)}: a {response} is needed "
                "today, {deadline}.",
                unmet_message=f"The pupil ({ctx.vulnerability} vulnerability) missed the online session of "
                f"{_when(s)} and no {response} followed that day.",
            )
        )
    return out


@rule("OLP-REVIEWS")
def reviews(ctx: Context) -> Outcome | None:
    """Duty: "reviews at least half-termly, in line with other alternative provision"; half-termly over
    review events. (000 §5: "Clear responsibility is needed for regular on going reviews"; Annex D(6):
    "to review at regular intervals (in line with frequency of other AP)".)"""
    if not _applies(ctx):
        return None
    return ctx.half_termly(ctx.dates("review"), what="review of the online learning")


@rule("OLP-EQUIPMENT")
def equipment(ctx: Context) -> Outcome | None:
    """Duty: "where the school lends equipment (webcam), the parent is told it is for supervised lessons
    only and to store the camera securely (equipment_agreement)". (000 §5 safeguarding: "In some cases
    school may need to provide IT equipment (this may include a webcam). It is essential that school
    ensure that the equipment is only used for the purpose of accessing the lessons. The parent should
    be instructed to store the camera securely when it is not in use for education"; Annex D(4);
    Annex E(8): "Parent informed of acceptable use policy for the IT equipment if this has been
    provided".)

    Interpretation: the case file cannot say who owns the pupil's device, so the duty applies when
    the school's equipment is in evidence: an equipment_agreement is recorded, or the provider teaches
    live (`live_teaching`: lessons on camera, the webcam the seed has in mind). The parent must be told
    the terms before the equipment is used, so by the start; later is met late.
    """
    if not _applies(ctx):
        return None
    live = ctx.provider is not None and ctx.provider.live_teaching is True
    if not live and ctx.first("equipment_agreement") is None:
        return None
    return ctx.before_start(
        "equipment_agreement",
        what="acceptable-use terms for the school's equipment",
        met_message="The parent was told on {done} that the school's equipment is for supervised online "
        "lessons only and the camera is to be stored securely.",
        due_message="Before the live online lessons start on {deadline}, tell the parent that the school's "
        "equipment is for supervised lessons only and to store the camera securely.",
        unmet_message="The parent was not told, before the live online lessons started on {deadline}, that "
        "the school's equipment is for supervised lessons only and to store the camera securely.",
    )


@rule("OLP-GOVERNORS")
def governors(ctx: Context) -> Outcome | None:
    """Duty: "the governing board knows the provider is used and is told in its safeguarding reports
    (governors_informed in the term the arrangement starts)". (000 §5 safeguarding: "Is the governing
    board aware that this provider is being used and the information from this provider included in
    safeguarding information to governors"; Annex D(10): "reports to the Governing Board around AP
    include this provider information".)

    Interpretation: the deadline is the last day of the term containing the start (terms: half-terms
    1-2, 3-4, 5-6), a half-term break counting as part of its term; a start in the holiday between
    two terms falls in the next term. Any governors_informed up to as_of counts, before the start too;
    one after the deadline is met late. Without a calendar that covers the start the term cannot be
    found, so the result is not_applicable.
    """
    if not _applies(ctx):
        return None
    term = _term_of_start(ctx)
    if term is None:
        return not_applicable(
            "The school calendar does not cover the start of the online learning, so the end of the term "
            "it starts in cannot be worked out."
        )
    name = _provider_name(ctx)
    return ctx.one_off_event(
        "governors_informed",
        deadline=term.end,
        what=f"report to governors on the use of {name}",
        met_message=f"Governors were told on {{done}} that {name} is used.",
        due_message=f"Tell the governing board that {name} is used by {{deadline}}, the end of the {term.name}.",
        unmet_message=f"The governing board was not told that {name} is used by {{deadline}}, the end of the "
        f"{term.name} in which the online learning started.",
    )


def _term_of_start(ctx: Context) -> Period | None:
    """The term whose dates contain the start (a half-term break inside a term included), or the
    next term when the start is in the holiday between two terms; None outside the calendar."""
    terms = ctx.calendar.terms
    if not terms or ctx.start < terms[0].start:
        return None
    for term in terms:
        if term.end >= ctx.start:
            return term
    return None
