"""The return-to-learn pack: 001_39a9971d4272ef3e.txt, a school's online learning policy and Return to
Learn protocol (2025).

The seed's sections, cited in each rule: "Practice" (recordings of lessons and conversations), "Use of
Technology for Remote Learning" (opt-in consent for joining a group lesson off site), "Implementation"
(medical evidence, the Inclusion Support Service referral, attendance coding) and "Return to learn
protocol" (the ten steps from six weeks of failed support to the pupil's return to class).

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). Interpretations
are also listed in docs/policy-engine.md, "Interpretations".
"""

from __future__ import annotations

import dataclasses
import datetime as _dt

from pathways.policy.casefile import Event, Step
from pathways.policy.codes import PRESENT, CodedSession
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, not_applicable, rule, unmet

SEED = "001_39a9971d4272ef3e.txt"

# Reasons that keep a pupil from school for their health (RTL-ISS-REFERRAL).
HEALTH_REASONS = ("medical", "injury", "mental_health")
# Evidence that meets RTL-MEDICAL-EVIDENCE: the specialists the seed names, or a waiting list
# (the specialist's evidence is then not reasonably available). A GP's note is not enough.
SPECIALIST_EVIDENCE = ("consultant", "community_paediatrician", "camhs_psychiatrist", "waiting_list")
# Slots where the pupil is away from school and not at another place of education.
AWAY = ("online", "home")
# How far ahead to look for the first remote lesson of a timetable (a year covers any holiday).
_LOOK_AHEAD = _dt.timedelta(days=400)


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _hours(value: float) -> str:
    return f"{value:g}"


def _last_day(ctx: Context) -> _dt.date:
    """The last day the arrangement is judged on: as_of, or its end when that came first."""
    return ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)


# ---------------------------------------------------------------------------- before the start


@rule(
    "RTL-THRESHOLD",
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


# ---------------------------------------------------------------------------- while it runs


@rule(
    "RTL-PLANNING-MEETINGS",
    params=("rtl_planning_interval_days",),
)
def planning_meetings(ctx: Context) -> Outcome | None:
    """Duty: "an Education Planning Meeting before start, and the next within RTL_PLANNING_INTERVAL_DAYS
    (6 weeks) of the previous one, until the pupil returns"; unmet when the gap exceeds 42 days. (001
    Return to learn protocol: "Lead colleague organises an Education Planning Meeting ... set date for next
    Education Planning Meeting in 6 weeks".)

    Interpretation: two parts, a one-off (a planning_meeting on or before the start) and every N days
    counted from the last meeting on or before the start (from the start when there was none). "Until the
    pupil returns" is the arrangement's end: no meeting is needed after it.
    """
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_planning_interval_days", on=ctx.start)
    before = ctx.last("planning_meeting", until=min(ctx.start, ctx.as_of))
    anchor = before.date if before is not None else ctx.start
    return all_of(
        ctx.before_start(
            "planning_meeting",
            what="Education Planning Meeting",
            met_message="The first Education Planning Meeting was held on {done}.",
            due_message="Hold an Education Planning Meeting before the Return to Learn timetable starts on {deadline}.",
            unmet_message="No Education Planning Meeting before the Return to Learn timetable started on {deadline}.",
        ),
        _since_meeting(ctx, interval, anchor),
    )


def _since_meeting(ctx: Context, interval: int, anchor: _dt.date) -> Outcome:
    """Every `interval` days from `anchor`; while no meeting has followed a meeting held before the start,
    the message names that meeting rather than "the start"."""
    outcome = ctx.every(interval, ctx.dates("planning_meeting"), what="Education Planning Meeting", start=anchor)
    if anchor >= ctx.start or ctx.dates("planning_meeting", since=anchor + _dt.timedelta(days=1)):
        return outcome
    if outcome.status == "due" and outcome.due is not None:
        text = (
            f"Next Education Planning Meeting due by {fmt(outcome.due)}, {interval} days after the meeting of "
            f"{fmt(anchor)}."
        )
        return dataclasses.replace(outcome, message=text)
    if outcome.status == "unmet" and outcome.due is not None:
        text = (
            f"No Education Planning Meeting since the meeting of {fmt(anchor)}: the next was due by "
            f"{fmt(outcome.due)} (every {interval} days)."
        )
        return dataclasses.replace(outcome, message=text)
    return outcome


@rule(
    "RTL-FORTNIGHTLY-REPORTS",
    params=("rtl_review_interval_days",),
)
def fortnightly_reports(ctx: Context) -> Outcome | None:
    """Duty: "the supporting teaching assistant reports attendance, attitude and progress every 2 weeks
    (provider_report)"; unmet when the gap since start or the last report exceeds 14 days. (001 Return to
    learn protocol: "Teaching Assistant to send email reports for each pupil to lead colleagues every 2
    weeks (attendance, attitude progress etc)".)

    Interpretation: the interval is RTL_REVIEW_INTERVAL_DAYS, the protocol's one "every 2 weeks", which
    also times the timetable reviews (RTL-TIMETABLE-REVIEW).
    """
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_review_interval_days", on=ctx.start)
    return ctx.every(interval, ctx.dates("provider_report"), what="report from the supporting teaching assistant")


@rule(
    "RTL-TIMETABLE-REVIEW",
    params=("rtl_review_interval_days",),
)
def timetable_review(ctx: Context) -> Outcome | None:
    """Duty: "the lead reviews the timetable every 2 weeks (timetable_review) and increases hours or calls
    an early planning meeting"; unmet when the gap exceeds 14 days. (001 Return to learn protocol: "Lead
    colleague to review the pupil's timetable every 2 weeks and increase hours, or call an early Education
    Planning Meeting".) Whether hours went up is RTL-PHASED-INCREASE."""
    if ctx.kind != "return_to_learn":
        return None
    interval = ctx.param("rtl_review_interval_days", on=ctx.start)
    return ctx.every(interval, ctx.dates("timetable_review"), what="review of the Return to Learn timetable")


@rule(
    "RTL-PHASED-INCREASE",
    params=("hours_per_session",),
)
def phased_increase(ctx: Context) -> Outcome | None:
    """Duty: "the hours in school step up as planned; a step whose date has passed while the timetable still
    gives fewer hours in school is a missed step-up". Applies to a Return to Learn timetable, and to a
    part-time timetable with steps. (001 Return to learn protocol: "review the pupil's timetable every 2
    weeks and increase hours"; 004 §4.3(4), a phased return.)

    Interpretation: the timetable in force gives 3 hours for each `school` session of the usual week. The
    step in force on as_of (on the arrangement's end, when it has ended) is the latest whose `from` date has
    come; when the timetable gives fewer hours in school than it, the step-up was missed (unmet, dated from
    the step). Otherwise met: a step still to come is no breach yet, so it is named in the message, never
    reported as due. A Return to Learn timetable with no steps has no planned step to miss: met.
    """
    steps = ctx.arrangement.steps
    if ctx.kind == "part_time_timetable":
        if not steps:
            return None
    elif ctx.kind != "return_to_learn":
        return None
    hours = ctx.weekly_hours("school")
    if not steps:
        return met(
            f"No phased steps are planned, so no step-up can be missed (the timetable gives {hours} hours a "
            "week in school)."
        )
    ordered = sorted(steps, key=lambda s: s.from_)
    day = _last_day(ctx)
    come = [s for s in ordered if s.from_ <= day]
    ahead = [s for s in ordered if s.from_ > day]
    if come:
        current: Step = come[-1]
        if hours < current.hours_in_school:
            return unmet(
                f"The plan steps up to {_hours(current.hours_in_school)} hours a week in school from "
                f"{fmt(current.from_)}, but the timetable still gives {hours}: a missed step-up.",
                due=current.from_,
            )
        text = (
            f"The timetable gives {hours} hours a week in school, at least the {_hours(current.hours_in_school)} "
            f"planned from {fmt(current.from_)}."
        )
    else:
        first = ordered[0]
        text = (
            f"The first step ({_hours(first.hours_in_school)} hours a week in school from {fmt(first.from_)}) "
            f"has not come yet; the timetable gives {hours}."
        )
    if ahead and hours < ahead[0].hours_in_school:
        nxt = ahead[0]
        text += (
            f" The next step, {_hours(nxt.hours_in_school)} hours from {fmt(nxt.from_)}, needs more time in school "
            "by then."
        )
    return met(text)


@rule(
    "RTL-MEDICAL-EVIDENCE",
    params=("medical_evidence_school_days",),
)
def medical_evidence(ctx: Context) -> Outcome | None:
    """Duty: "medical evidence from a consultant community paediatrician or a specialist CAMHS psychiatrist
    where reasonably available"; unmet 10 school days after start. Applies to a Return to Learn timetable
    for medical or mental health reasons. (001 Implementation, quoting HCC policy 7.3: "supported by medical
    evidence 'verified in writing by a consultant community pediatrician or specialist consultant
    psychiatrist from Child and Mental Health Adolescent Services' unless this is not reasonably
    available".)

    Interpretation: medical_evidence from a consultant, community paediatrician or CAMHS psychiatrist
    counts; so does a waiting_list confirmation (the specialist's evidence is then not reasonably
    available). A GP's note does not. Evidence received before the start counts.
    """
    if ctx.kind != "return_to_learn" or ctx.arrangement.reason not in ("medical", "mental_health"):
        return None
    gp = ctx.first("medical_evidence", where=lambda e: e.source not in SPECIALIST_EVIDENCE)
    extra = f" (the note of {fmt(gp.date)} is not from a specialist)" if gp is not None else ""
    days = ctx.param("medical_evidence_school_days", on=ctx.start)
    return ctx.school_days_after_start(
        days,
        "medical_evidence",
        where=lambda e: e.source in SPECIALIST_EVIDENCE,
        what="specialist medical evidence",
        met_message="Specialist medical evidence (or a waiting-list confirmation) received on {done}.",
        due_message="Medical evidence from a consultant community paediatrician or CAMHS psychiatrist (or "
        f"confirmation of a waiting list) is due by {{deadline}}, {days} school days after the start{extra}.",
        unmet_message="No medical evidence from a consultant community paediatrician or CAMHS psychiatrist, "
        f"nor confirmation of a waiting list, by {{deadline}}, {days} school days after the start{extra}.",
    )


def _health_absence_days(ctx: Context) -> list[_dt.date]:
    """School days up to as_of on which the pupil was away from school for their health: a listed session
    coded I, or, for an arrangement made for a health reason, a day its timetable keeps the pupil at home
    or online (up to its end)."""
    days = {
        s.date
        for s in ctx.sessions
        if s.date <= ctx.as_of and s.effective_code == "I" and ctx.calendar.is_school_day(s.date)
    }
    if ctx.arrangement.reason in HEALTH_REASONS and ctx.start <= ctx.as_of:
        tt = ctx.arrangement.timetable
        if tt.count("online") or tt.count("home"):
            for day in ctx.calendar.school_days(ctx.start, _last_day(ctx)):
                if ctx.slot(day, "am") in AWAY or ctx.slot(day, "pm") in AWAY:
                    days.add(day)
    return sorted(days)


@rule(
    "RTL-ISS-REFERRAL",
    params=("iss_referral_after_days",),
)
def iss_referral(ctx: Context) -> Outcome | None:
    """Duty: "the school makes a medical referral to the Inclusion Support Service (iss_referral)" for "a
    pupil absent for health reasons for more than ISS_REFERRAL_AFTER_DAYS school days". (001
    Implementation: "if this exceeds 10 days, the School will make a medical referral to the Inclusion
    Support Service at Hampshire County Council".)

    Interpretation: a school day of absence for health reasons is one with a listed session coded I, or,
    when the arrangement was made for a medical, injury or mental health reason, a school day of the
    arrangement whose timetable keeps the pupil at home or online. Days count cumulatively. The referral is
    due by the day the count first exceeds the limit (the 11th day), unmet after it; a referral recorded at
    any time before then counts.
    """
    days = _health_absence_days(ctx)
    if not days:
        return None
    limit = ctx.param("iss_referral_after_days", on=days[0])
    if len(days) <= limit:
        return met(
            f"{len(days)} school day{'s' if len(days) != 1 else ''} of absence for health reasons so far, not more "
            f"than {limit}: no referral to the Inclusion Support Service is needed yet."
        )
    over = days[limit]
    return ctx.one_off_event(
        "iss_referral",
        deadline=over,
        what="medical referral to the Inclusion Support Service",
        met_message="Medical referral to the Inclusion Support Service made on {done}.",
        due_message=f"The pupil's absence for health reasons passed {limit} school days on {fmt(over)}: make a "
        "medical referral to the Inclusion Support Service by {deadline}.",
        unmet_message=f"The pupil has been absent for health reasons on {len(days)} school days (more than "
        f"{limit} from {fmt(over)}) and no medical referral to the Inclusion Support Service was made by "
        "{deadline}.",
    )


# ---------------------------------------------------------------------------- the register and online lessons


@rule("RTL-CODES")
def codes(ctx: Context) -> list[Outcome] | None:
    """Duty: "a remote lesson attended from home is an authorised absence, never present: C2 for a
    compulsory-age pupil, because a Return to Learn timetable is a temporary part-time timetable (001 says
    C; the product follows SI 2024/208 reg 11(6)); a missed online lesson is O (unauthorised) unless the
    pupil was ill (I); present only when physically in school, which includes joining a lesson remotely
    from elsewhere on the school site". (001 Implementation, "Attendance coding will be as follows".)

    Interpretation: applies to the listed sessions, up to as_of, while a return_to_learn or remote_learning
    arrangement is active; the code each should carry is the engine's derived code (case-file.md,
    Sessions), and a recorded code that differs from it is a breach. Before 19 Aug 2024, when no code is
    derived, a recorded present code for a session away from school is a breach.
    """
    if ctx.kind not in ("return_to_learn", "remote_learning"):
        return None
    sessions = [s for s in ctx.sessions if s.date <= ctx.as_of and ctx.is_active(s.date)]
    if not sessions:
        return None
    out: list[Outcome] = []
    for s in sessions:
        if s.recorded is None:
            continue
        if s.code is None:
            if s.recorded in PRESENT and s.where != "school":
                out.append(
                    unmet(
                        f"{s.recorded} recorded for {_when(s)}: a present code, but the pupil was not physically "
                        "in school."
                    )
                )
        elif s.recorded != s.code:
            out.append(unmet(f"{s.recorded} recorded for {_when(s)}: {s.problems[-1]}."))
    if not out:
        derived = ", ".join(f"{s.code}" for s in sessions if s.code is not None)
        listed = f" (codes {derived})" if derived else ""
        out.append(
            met(
                f"Present only when physically in school; remote lessons coded as absence{listed}: "
                f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} checked."
            )
        )
    return out


def _first_online_day(ctx: Context) -> _dt.date | None:
    """The first day from the start on which the pupil joins a lesson online: the first school day whose
    timetable slot is `online`, or an earlier listed session taken online."""
    found: _dt.date | None = None
    if ctx.arrangement.timetable.count("online"):
        day, stop = ctx.start, ctx.start + _LOOK_AHEAD
        if ctx.end is not None:
            stop = min(stop, ctx.end)
        while day <= stop:
            if ctx.calendar.is_school_day(day) and "online" in (ctx.slot(day, "am"), ctx.slot(day, "pm")):
                found = day
                break
            day += _dt.timedelta(days=1)
    for s in ctx.sessions:
        if s.where == "online" and ctx.is_active(s.date) and (found is None or s.date < found):
            found = s.date
    return found


def _all_parents(e: Event) -> bool:
    return e.all_parents is True


@rule("RTL-GROUP-CONSENT")
def group_consent(ctx: Context) -> Outcome | None:
    """Duty: "opt-in consent from the parents of every child in the group and the staff's agreement
    (recording_consent with all_parents true) before the first remote session". Applies to a pupil joining
    a group lesson remotely. (001 Use of Technology for Remote Learning: "Participation in such activities
    ... will always be through 'opt-in' where parents of all children/pupils involved complete consent
    forms and, it has the agreement of the employee/s".)

    Interpretation: a pupil on a Return to Learn timetable joins group lessons remotely in its `online`
    sessions (the seed's "join the lesson remotely ... via MS Teams"). The first remote session is the first
    school day from the start with an online slot, or an earlier listed online session; consent on that day
    is in time. A recording_consent without all_parents true does not count; the one event stands for the
    parents' forms and the staff's agreement together.
    """
    if ctx.kind != "return_to_learn":
        return None
    first = _first_online_day(ctx)
    if first is None:
        return None
    partial = ctx.first("recording_consent", where=lambda e: not _all_parents(e))
    extra = (
        f" (the consent of {fmt(partial.date)} is not from the parents of every child in the group)"
        if partial is not None
        else ""
    )
    return ctx.one_off_event(
        "recording_consent",
        where=_all_parents,
        deadline=first,
        what="opt-in consent from the parents of every child in the group",
        met_message="Opt-in consent from the parents of every child in the group recorded on {done}.",
        due_message="The pupil first joins a group lesson remotely on {deadline}: the parents of every child in "
        f"the group must opt in first{extra}.",
        unmet_message="The pupil joined a group lesson remotely from {deadline} without opt-in consent from the "
        f"parents of every child in the group{extra}.",
    )


@rule(
    "RTL-RECORDING-RETENTION",
    params=("recording_retention_days",),
)
def recording_retention(ctx: Context) -> list[Outcome] | None:
    """Duty: "deleted RECORDING_RETENTION_DAYS after it was made; pre-recorded lessons are exempt; pupils
    named by first name only", for "every recording of a live lesson or conversation kept by the school".
    (001 Practice: "If a school employee chooses to record a lesson or conversation, they will ensure that
    only pupils' first names are used and that the recording is deleted after one month. Pre-recorded
    lessons do not need to be deleted.")

    Interpretation: the case file's chronology has no recordings, so they are listed under the optional
    extension key `school.recordings` (docs/policy-engine.md, "Extension keys"): each `{date, deleted,
    pre_recorded, first_names_only}`. A recording must be deleted by its date + RECORDING_RETENTION_DAYS
    (a one-off duty: deleted later is met, late); one naming pupils by more than their first name
    (first_names_only false) is a breach. Recordings made after as_of do not exist yet.
    """
    recordings = [r for r in ctx.school.recordings if r.date <= ctx.as_of]
    if not recordings:
        return None
    out: list[Outcome] = []
    for rec in recordings:
        made = fmt(rec.date)
        if rec.pre_recorded:
            out.append(not_applicable(f"The pre-recorded lesson of {made} need not be deleted."))
            continue
        names: Outcome | None = None
        if rec.first_names_only is False:
            names = unmet(f"The recording of {made} names pupils by more than their first names.")
        days = ctx.param("recording_retention_days", on=rec.date)
        deletion = ctx.one_off(
            rec.date + _dt.timedelta(days=days),
            rec.deleted,
            what=f"deletion of the recording made on {made}",
            met_message=f"The recording of {made} was deleted on {{done}}.",
            due_message=f"The recording of {made} must be deleted by {{deadline}} ({days} days after it was made).",
            unmet_message=f"The recording of {made} was still kept after {{deadline}}: it must be deleted "
            f"{days} days after it was made.",
        )
        both = all_of(names, deletion)
        if both is not None:
            out.append(both)
    return out


# ---------------------------------------------------------------------------- the end


@rule("RTL-OUTCOME")
def outcome(ctx: Context) -> Outcome | None:
    """Duty: "the pupil returned to class, or an Education Planning Meeting completed the Inclusion Support
    Service referral", for a Return to Learn timetable that has ended. (001 Return to learn protocol:
    "Pupil returns to class or Education Planning Meeting is organised to complete Inclusion Support
    Services referral".)

    Interpretation: the timetable has ended on its end date, or earlier on an `end` event. The pupil
    returned to class when an `end` event says full_time_school; the referral route is an iss_referral on
    or after a planning_meeting, both from the start on. Either is due by the end (a one-off duty: a later
    record is met, late).
    """
    if ctx.kind != "return_to_learn":
        return None
    ends: list[_dt.date] = []
    if ctx.end is not None and ctx.has_ended:
        ends.append(ctx.end)
    end_event = ctx.first("end")
    if end_event is not None:
        ends.append(end_event.date)
    if not ends:
        return None
    ended = min(ends)
    returned = ctx.first("end", where=lambda e: e.outcome == "full_time_school")
    meetings = ctx.dates("planning_meeting", since=ctx.start)
    referral = ctx.first("iss_referral", since=ctx.start, where=lambda e: any(m <= e.date for m in meetings))
    done = [e.date for e in (returned, referral) if e is not None]
    first = min(done) if done else None
    if returned is not None and first == returned.date:
        met_message = "The pupil returned to class full time ({done})."
    else:
        met_message = "An Education Planning Meeting completed the referral to the Inclusion Support Service on {done}."
    route = _referral_route(ctx, meetings)
    return ctx.one_off(
        ended,
        first,
        what="return to class or referral to the Inclusion Support Service",
        met_message=met_message,
        due_message="The Return to Learn timetable ends on {deadline}: the pupil returns to class, or an Education "
        f"Planning Meeting completes the Inclusion Support Service referral ({route}).",
        unmet_message="The Return to Learn timetable ended on {deadline} without the pupil returning to class, "
        f"and the Inclusion Support Service referral was not completed at an Education Planning Meeting: {route}.",
    )


def _referral_route(ctx: Context, meetings: list[_dt.date]) -> str:
    """What the referral route still lacks: the Education Planning Meeting, the referral after it, or both."""
    if meetings:
        return f"an Education Planning Meeting was held on {fmt(meetings[0])}, but no referral made at or after it"
    referral = ctx.first("iss_referral", since=ctx.start)
    if referral is None:
        return "no Education Planning Meeting has been held and no referral made"
    return f"the referral of {fmt(referral.date)} was made with no Education Planning Meeting held"
