"""The pupil's arrangements: the student checklist, induction, the attendance officer, other
agencies, welfare checks, the response to absence, reviews, equipment and governors. Each rule's
docstring cites its section of 000."""

from __future__ import annotations

from pathways.policy.calendar import Period
from pathways.policy.casefile import Event
from pathways.policy.engine import Context, Outcome, not_applicable, rule
from pathways.policy.packs.online_learning_packages._common import (
    _applies,
    _missed_online,
    _provider_name,
    _when,
    _with_message,
)


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
