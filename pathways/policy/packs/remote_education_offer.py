"""The remote-education-offer pack: 002_c7c503eced1a63bd.txt, a schools trust's remote learning pack
for leaders (2020-21); school-level duties.

The seed's parts, cited in each rule: "Steps 1-8" and "Section 2" (leadership, device survey),
"Appendix A - Planning and Audit Tool" (the DfE expectations: next-day offer, minimum hours, weekly
engagement checks and feedback, the RAG rating, social workers of vulnerable children) and "Appendix C -
Further Safeguarding Guidance" (live lessons).

School-level duties read the optional `school` extension keys (docs/policy-engine.md, "Extension keys");
duties about "a pupil on remote education" apply to an arrangement of kind remote_learning.

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section).
"""

from __future__ import annotations

import datetime as _dt

from pathways.policy.age import key_stage
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, not_applicable, rule, unmet
from pathways.policy.packs._online import missed_online_days

SEED = "002_c7c503eced1a63bd.txt"

AWAY = ("online", "home")
IN_PLACE = ("school", "provider", "another_school")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_LOOK_AHEAD = _dt.timedelta(days=400)


def _listed(names: list[str]) -> str:
    """Monday; Monday and Tuesday; Monday, Tuesday and Friday."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _remote(ctx: Context) -> bool:
    return ctx.kind == "remote_learning"


# ---------------------------------------------------------------------------- the school


@rule("REM-LEAD")
def lead(ctx: Context) -> Outcome:
    """Duty: "a named remote education lead". Applies to the school. (002 Steps 1-8 (1) LEADERSHIP:
    "Consider nominating a remote learning co-ordinator"; Section 2, Leadership: "Consider nominating a
    Remote Learning Leader".)

    Interpretation: read from the extension key `school.remote_education_lead`; a blank name is no name.
    The duty has no deadline, so without a named lead it is unmet.
    """
    name = (ctx.school.remote_education_lead or "").strip()
    return ctx.whenever(
        bool(name),
        met_message=f"The school's remote education lead is {name}.",
        unmet_message="The school has no named remote education lead.",
    )


@rule("REM-DEVICE-ACCESS")
def device_access(ctx: Context) -> Outcome:
    """Duty: "every family's access to a device and internet is known (survey), and printed resources
    planned for those without". Applies to the school. (002 Steps (6): "ASSESS YOUR CHILDREN'S ACCESS TO
    THE INTERNET / APPROPRIATE DEVICES WHILST WORKING REMOTELY - Survey your families"; Appendix A: "We have
    audited our families and know which families have access to technology"; "Provide printed resources
    ... for pupils who do not have suitable online access".)

    Interpretation: read from the extension key `school.device_survey` (the date of the last survey), which
    stands for the survey and the plan for printed resources that follows from it. For a pupil on remote
    education the survey is due by the arrangement's start (a later survey is met, late); otherwise a
    survey dated on or before as_of meets it.
    """
    survey = ctx.school.device_survey
    if _remote(ctx):
        return ctx.one_off(
            ctx.start,
            survey,
            what="survey of families' devices and internet access",
            met_message="Families' access to devices and the internet was surveyed on {done}.",
            due_message="Survey every family's access to a device and the internet (and plan printed resources "
            "for those without) before remote education starts on {deadline}.",
            unmet_message="Remote education started on {deadline} without a survey of families' access to devices "
            "and the internet.",
        )
    if survey is not None and survey <= ctx.as_of:
        return met(f"Families' access to devices and the internet was surveyed on {fmt(survey)}.")
    return unmet("No survey of families' access to devices and the internet is recorded.")


@rule("REM-AUDIT")
def audit(ctx: Context) -> Outcome | None:
    """Duty: "the planning and audit tool is completed with a red/amber/green rating per expectation, and
    re-rated at least termly". Applies to the school. (002 Steps 1-8 (2) AUDIT: "Apply the NST audit tool
    (appendix 1) to your school"; Appendix A, Planning and Audit Tool: "Red, amber or green?".)

    Interpretation: read from the extension key `school.remote_audits` (the dates of the RAG ratings). Two
    parts: at least one rating on or before as_of (no deadline, so unmet without one), and a rating in
    every term of the arrangement by the termly windows of case-file.md (terms that start on or after the
    start; without a calendar the termly part cannot be judged).
    """
    audits = sorted(d for d in ctx.school.remote_audits if d <= ctx.as_of)
    if audits:
        done = met(f"The remote education planning and audit tool was last RAG-rated on {fmt(audits[-1])}.")
    else:
        done = unmet(
            "The remote education planning and audit tool has never been completed with a red/amber/green rating."
        )
    return all_of(done, ctx.termly(audits, what="red/amber/green rating of the remote education audit tool"))


@rule("REM-LIVE-LESSON-SAFETY")
def live_lesson_safety(ctx: Context) -> Outcome | None:
    """Duty: "written consent for pupils to take part; group sessions only (no 1:1); sessions recorded and a
    log kept of who ran which call when". Applies to live online lessons. (002 Appendix C: "get written
    consent for children to be involved"; "No 1:1s only groups"; "The live class should be recorded";
    "keep a log of who's doing video calls and when".)

    Interpretation: read from the extension key `school.live_lessons`; the school runs live lessons when
    the key is given (without it the duty is left out). Each of the four safeguards must be true: false,
    or not stated, is a breach.
    """
    live = ctx.school.live_lessons
    if live is None:
        return None
    parts = (
        (live.written_consent, "written consent for each pupil to take part"),
        (live.group_only, "group sessions only, never one to one"),
        (live.recorded, "every live session recorded"),
        (live.call_log, "a log of who ran which call and when"),
    )
    out: list[Outcome] = []
    for value, words in parts:
        if value is False:
            out.append(unmet(f"Live lessons lack {words}."))
        elif value is None:
            out.append(unmet(f"The school has not said that live lessons have {words}."))
    if not out:
        out.append(
            met("Live lessons have written consent, run in groups only, are recorded, and a log of calls is kept.")
        )
    return all_of(*out)


# ---------------------------------------------------------------------------- a pupil on remote education


def _first_remote_day(ctx: Context) -> _dt.date | None:
    """The first day from the start with remote education: the first school day whose timetable slot is
    online or home, or an earlier listed session taken there."""
    found: _dt.date | None = None
    tt = ctx.arrangement.timetable
    if tt.count("online") or tt.count("home"):
        day, stop = ctx.start, ctx.start + _LOOK_AHEAD
        if ctx.end is not None:
            stop = min(stop, ctx.end)
        while day <= stop:
            if ctx.calendar.is_school_day(day) and (ctx.slot(day, "am") in AWAY or ctx.slot(day, "pm") in AWAY):
                found = day
                break
            day += _dt.timedelta(days=1)
    for s in ctx.sessions:
        if s.where in AWAY and ctx.is_active(s.date) and (found is None or s.date < found):
            found = s.date
    return found


@rule("REM-NEXT-DAY")
def next_day(ctx: Context) -> Outcome | None:
    """Duty: "remote education is offered by the next school day", for "a pupil at home who is not ill and
    can learn". (002 Appendix A: "Have the capacity to offer remote education to all pupils, not physically
    unwell, who are at home ... by the next school day".)

    Interpretation: a pupil on remote education (kind remote_learning) is at home from the arrangement's
    start. The offer is the first school day whose timetable puts the pupil online or at home on set work
    (or an earlier listed session there); it must come no later than the first school day after the start.
    A remote education arrangement whose timetable never places the pupil away from school does not apply.
    """
    if not _remote(ctx):
        return None
    first = _first_remote_day(ctx)
    if first is None:
        return not_applicable("The timetable never places the pupil at home or online.")
    deadline = ctx.calendar.next_school_day(ctx.start)
    return ctx.one_off(
        deadline,
        first if first <= ctx.as_of else None,
        what="remote education",
        met_message="Remote education began on {done}.",
        due_message=f"The pupil has been at home since {fmt(ctx.start)}: remote education must be offered by the "
        "next school day, {deadline}.",
        unmet_message=f"The pupil has been at home since {fmt(ctx.start)} and remote education was not offered by "
        f"the next school day, {{deadline}} (the first remote session is on {fmt(first)}).",
    )


@rule(
    "REM-HOURS",
    title="At least the minimum hours of remote education a day for the pupil's key stage",
    params=("remote_minimum_hours", "hours_per_session"),
)
def hours(ctx: Context) -> Outcome | None:
    """Duty: "at least REMOTE_MINIMUM_HOURS per day for the key stage", for a pupil on remote education. (002
    Appendix A: "Set work that is of equivalent length to the core teaching pupils would receive in school,
    and as a minimum, primary - 3 hours a day, on average"; DfE remote education expectations (2021): Key
    Stage 1 3 hours, Key Stage 2 4 hours, Key Stages 3 and 4 5 hours.)

    Interpretation: judged on the usual week of a remote_learning timetable. A day learning remotely is a
    weekday with an online or home session and no session in school, at a provider or at another school;
    its remote hours are 3 for each online or home session, and must reach the minimum for the pupil's key
    stage (from the year group). Days partly in school are not judged. No minimum applies in Reception or
    the sixth form. Unmet from the start.
    """
    if not _remote(ctx):
        return None
    year = ctx.year_group()
    stage = key_stage(year) if year is not None else None
    if stage is None:
        return not_applicable("No minimum daily hours of remote education are set outside Key Stages 1 to 4.")
    minimum = ctx.param("remote_minimum_hours", on=ctx.start)[stage]
    session_hours = ctx.param("hours_per_session", on=ctx.start)
    tt = ctx.arrangement.timetable
    short: list[tuple[str, int]] = []
    remote_days = 0
    for weekday, name in enumerate(_DAYS):
        slots = (tt.where(weekday, "am"), tt.where(weekday, "pm"))
        if not any(w in AWAY for w in slots) or any(w in IN_PLACE for w in slots):
            continue
        remote_days += 1
        given = session_hours * sum(1 for w in slots if w in AWAY)
        if given < minimum:
            short.append((name, given))
    if remote_days == 0:
        return not_applicable("The timetable has no day spent wholly learning remotely.")
    stage_words = f"Key Stage {stage[-1]}"
    if len({given for _, given in short}) == 1:
        shortfall = f"{short[0][1]} hours on {_listed([name for name, _ in short])}"
    else:
        shortfall = ", ".join(f"{given} hours on {name}" for name, given in short)
    return ctx.whenever(
        not short,
        met_message=f"Every day learning remotely gives at least {minimum} hours, the minimum for {stage_words}.",
        unmet_message=f"Remote education gives fewer than the {minimum} hours a day required for {stage_words} "
        f"({shortfall}).",
        deadline=ctx.start,
    )


@rule(
    "REM-ENGAGEMENT",
    params=("remote_engagement_interval_school_days",),
)
def engagement(ctx: Context) -> Outcome | None:
    """Duty: "engagement checked at least weekly and parents told at once when it is a concern; feedback at
    least weekly", for a pupil on remote education. (002 Appendix A, Continue to deliver and evaluate: "Have
    systems for checking, at least weekly, whether pupils are engaging with their work, and inform parents
    immediately where engagement is a concern"; "provide feedback, at least weekly"; Appendix B: "parents
    should be contacted via phone".)

    Interpretation: three parts for a remote_learning arrangement. Engagement checks are provider_report
    events (the engagement report) and feedback is progress_report events, each at least every
    REMOTE_ENGAGEMENT_INTERVAL_SCHOOL_DAYS (5, a school week, so holidays do not count) from the start.
    A missed online lesson (not for illness) is an engagement concern: parents are told at once when a
    welfare_check (a call home or visit) is recorded the same day.
    """
    if not _remote(ctx):
        return None
    interval = ctx.param("remote_engagement_interval_school_days", on=ctx.start)
    checks = ctx.every(
        interval, ctx.dates("provider_report"), what="check of the pupil's engagement", school_days=True
    )
    feedback = ctx.every(
        interval, ctx.dates("progress_report"), what="feedback on the pupil's progress", school_days=True
    )
    out: list[Outcome] = []
    missed = missed_online_days(ctx)
    for day in missed:
        out.append(
            ctx.one_off_event(
                "welfare_check",
                since=day,
                deadline=day,
                what=f"contact with parents about the online lesson missed on {fmt(day)}",
                met_message=f"Parents were contacted about the online lesson missed on {fmt(day)} ({{done}}).",
                due_message=f"The pupil missed an online lesson on {fmt(day)}: tell the parents today.",
                unmet_message=f"The pupil missed an online lesson on {fmt(day)} and the parents were not contacted "
                "that day.",
            )
        )
    return all_of(checks, feedback, out)


@rule("REM-SOCIAL-WORKER")
def social_worker(ctx: Context) -> Outcome | None:
    """Duty: "the social worker is told", for a pupil with a social worker on remote education; unmet from
    start without social_worker_informed. (002 Appendix A, Other considerations: "When vulnerable children
    are asked to self-isolate, or during a lockdown, have we notified their social worker, if they have
    one?")

    Interpretation: a pupil with a social worker is one with `social_worker` true; the social worker is to
    be told by the start of remote education.
    """
    if not _remote(ctx) or not ctx.pupil.social_worker:
        return None
    return ctx.before_start(
        "social_worker_informed",
        what="word to the pupil's social worker",
        met_message="The pupil's social worker was told of the remote education on {done}.",
        due_message="Tell the pupil's social worker before remote education starts on {deadline}.",
        unmet_message="The pupil's social worker was not told before remote education started on {deadline}.",
    )
