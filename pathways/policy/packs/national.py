"""The national pack: current statutory rules and DfE guidance, always in force.

Sources: the Education (Pupil Registration) (England) Regulations 2024 (SI 2024/208); Working
together to improve school attendance (Aug 2024) (WTISA); Providing remote education (Aug 2024);
Arranging alternative provision (2025); Keeping children safe in education (KCSIE); the Education
(Educational Provision for Improving Behaviour) Regulations 2010 (SI 2010/1156) and their 2012
amendment (SI 2012/2532); Education Act 1996 s19 and s463; SI 2007/1870 and SI 2014/3216 (provision
from the sixth day of suspension); Arranging education for children who cannot attend school because
of health needs (Dec 2023). The seeds quote several of them: 000 Annex A, 004 §3 and §4.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from pathways.policy.calendar import school_year_of
from pathways.policy.casefile import Event, FullTimePupils
from pathways.policy.codes import CODES_2006, CODES_2024, PRESENT, UNAUTHORISED, CodedSession, code_set_on
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, due, fmt, met, not_applicable, rule, unmet

# Every number and date a duty depends on is a parameter (parameters/national.yaml), read with ctx.param.
_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
)


def _ordinal(n: int) -> str:
    """"sixth" for 6; "21st" beyond the words (for a day count read from a parameter)."""
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

_KIND_WORDS = {
    "alternative_provision": "alternative provision",
    "part_time_timetable": "part-time timetable",
    "flexi_schooling": "flexi-schooling arrangement",
    "online_learning": "online learning",
    "remote_learning": "remote education",
    "return_to_learn": "Return to Learn timetable",
    "off_site_direction": "off-site direction",
    "suspension": "suspension",
    "health_needs": "health needs provision",
}


def _kind(ctx: Context) -> str:
    return _KIND_WORDS.get(ctx.kind, ctx.kind.replace("_", " "))


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _judged(ctx: Context) -> list[CodedSession]:
    """Sessions on or before as_of from 19 Aug 2024, when codes are derived."""
    return ctx.cached(
        "national:judged", lambda: [s for s in ctx.sessions if s.code is not None and s.date <= ctx.as_of]
    )


def _verdicts(sessions: list[CodedSession], wrong: list[CodedSession], what: str) -> list[Outcome]:
    if not sessions:
        return []
    out = [unmet(f"{s.recorded} recorded for {_when(s)}: {s.problems[-1]}.") for s in wrong]
    if not wrong:
        out.append(met(f"{what} ({len(sessions)} session{'s' if len(sessions) != 1 else ''} checked)."))
    return out


# ---------------------------------------------------------------------------- the register


@rule("NAT-CODE-SET", title="Recorded codes are in the code set in force on the session's date")
def code_set(ctx: Context) -> list[Outcome] | None:
    """Duty: "A recorded code must be in the code set in force on the session's date. From 2024-08-19 that
    is / \\ L B D J1 K P V W C C1 C2 E G I M N O Q R S T U X Y1-Y7 Z #; H, J, Y and F are no longer
    valid. Before 2024-08-19 the 2006 set applies (including H, J, Y)." (SI 2024/208 reg 10; WTISA
    2024 paras 283-407.) A register code is judged by its session's date (case-file.md, Dated switches).
    Applies when the case lists sessions; with none recorded it is met."""
    if not ctx.sessions:
        return None
    recorded = [s for s in ctx.sessions if s.recorded is not None]
    if not recorded:
        return [met("No register codes are recorded in the listed sessions.")]
    out: list[Outcome] = []
    for s in recorded:
        codes, code = code_set_on(s.date), s.recorded or ""
        if not codes.valid_on(code, s.date):
            withdrawn = f" (withdrawn on {fmt(CODES_2024.start)})" if codes is CODES_2024 and code in CODES_2006 else ""
            gone = codes.withdrawn.get(code)
            if gone is not None:
                withdrawn = f" (withdrawn on {fmt(gone)})"
            out.append(unmet(f"{code} recorded for {_when(s)} is not in the {codes.name}{withdrawn}."))
    if not out:
        out.append(met(f"Every recorded code is in the code set in force on its date ({len(recorded)} checked)."))
    return out


@rule("NAT-CODE-PRESENT-ON-SITE", title="Present codes (/ \\ L) only when the pupil is physically in school")
def code_present_on_site(ctx: Context) -> list[Outcome] | None:
    """Duty: "Present codes only when the pupil is physically at the school when the register is taken (L if
    arrived after the register opened but before it closed; U if after it closed)." (SI 2024/208 reg
    10 Table 1; 001 Attendance coding: "Attendance can only be coded as present if a child is
    physically in school".) Applies to sessions whose recorded or derived code is / \\ or L."""
    sessions = [s for s in _judged(ctx) if s.code in PRESENT or s.recorded in PRESENT]
    wrong = [s for s in sessions if s.recorded in PRESENT and s.recorded != s.code]
    return _verdicts(sessions, wrong, "Present codes only where the pupil was in school")


@rule(
    "NAT-CODE-B",
    title="B only for school-approved, supervised provision away from school; never home or online",
)
def code_b(ctx: Context) -> list[Outcome] | None:
    """Duty: "B only for an approved educational activity arranged by the school, at a place other than the
    school, supervised by someone the school authorised; never for home, for work set for home, or for
    any remote or online provision (even a DfE-accredited online school)." (WTISA 2024; Providing
    remote education (Aug 2024); 000 Annex A.) Applies to sessions recorded or derived B."""
    sessions = [s for s in _judged(ctx) if s.code == "B" or s.recorded == "B"]
    wrong = [s for s in sessions if s.recorded == "B" and s.code != "B"]
    return _verdicts(sessions, wrong, "B only for school-arranged provision away from school")


@rule("NAT-CODE-K", title="K only for provision the local authority arranged; school-arranged provision is B")
def code_k(ctx: Context) -> list[Outcome] | None:
    """Duty: "K only when the local authority arranged the provision (s19(1) EA 1996, s42(2)/s61(1) CFA
    2014); school-arranged provision is B." (SI 2024/208 reg 10 Table 2.) Applies to sessions at a
    provider, and to any session recorded K."""
    sessions = [s for s in _judged(ctx) if s.where == "provider" or s.recorded == "K" or s.code == "K"]
    wrong = [s for s in sessions if (s.recorded == "K" and s.code != "K") or (s.recorded == "B" and s.code == "K")]
    return _verdicts(sessions, wrong, "K and B used as the provision was arranged")


@rule("NAT-CODE-REMOTE-ABSENT", title="Online and home sessions are absence codes, never present or B")
def code_remote_absent(ctx: Context) -> list[Outcome] | None:
    """Duty: "The code is an absence (or not-required) code, never present or approved educational activity.
    Part-time timetable of a compulsory-age pupil -> C2; flexi-schooling -> C; a pupil below or above
    compulsory school age not expected -> X; illness -> I." (Providing remote education (Aug 2024);
    WTISA 2024; 004 §5.2(5).) Applies to sessions whose slot is `online` or `home`; a recorded code
    other than the derived one is a breach."""
    sessions = [s for s in _judged(ctx) if s.where in ("online", "home")]
    wrong = [s for s in sessions if s.recorded is not None and s.recorded != s.code]
    return _verdicts(sessions, wrong, "Online and home sessions coded as absence, never present or B")


@rule("NAT-CODE-C2", title="C2 only for a compulsory-age pupil on an agreed temporary part-time timetable")
def code_c2(ctx: Context) -> list[Outcome] | None:
    """Duty: "C2 only for a compulsory-school-age pupil on a temporary part-time timetable agreed with a
    parent the pupil lives with (times and dates agreed)." (SI 2024/208 reg 11(6); 004 §4.2(3) says
    "X or C2": the product follows the 2024 regulations, X being only for pupils not of compulsory
    school age.)

    Interpretation: a session recorded C2 where C2 is not the right code is a breach; and C2 also
    needs the parent's agreement, so C2 recorded for a session with no parent_consent on or before its
    date is a breach (reg 11(6)(c)). A session whose C2 is only derived has no recorded code to fault
    (the missing agreement is NAT-PTT-AGREEMENT's breach).
    """
    sessions = [s for s in _judged(ctx) if s.code == "C2" or s.recorded == "C2"]
    if not sessions:
        return None
    out: list[Outcome] = []
    consents = ctx.events("parent_consent")
    for s in sessions:
        if s.recorded != "C2":
            continue
        # Two conditions, each named when missing: C2 is the right code for the session, and a
        # parent agreed to the timetable by then.
        missing: list[str] = []
        if s.code != "C2":
            missing.append(s.problems[-1])
        if not any(e.date <= s.date for e in consents):
            missing.append(
                "C2 needs a part-time timetable agreed with a parent the pupil lives with, and no parent "
                "agreement is recorded by then"
            )
        if missing:
            out.append(unmet(f"C2 recorded for {_when(s)}: {'; and '.join(missing)}."))
    if not out:
        out.append(met(f"C2 used only for the agreed part-time timetable ({len(sessions)} sessions)."))
    return out


@rule("NAT-CODE-SUSPENSION", title="E only on days of suspension without alternative provision")
def code_suspension(ctx: Context) -> list[Outcome] | None:
    """Duty: "E only while no alternative provision is made; once provision is made the session takes the
    code of that provision (B school-arranged, D another school where dual registered, K LA-arranged)
    or an absence code." (WTISA 2024 code E; SI 2007/1870.) Applies to suspensions; a recorded code
    on a day of suspension other than the derived one is a breach."""
    if ctx.kind != "suspension":
        return None
    sessions = [s for s in _judged(ctx) if s.suspension_day]
    wrong = [s for s in sessions if s.recorded is not None and s.recorded != s.code]
    out = _verdicts(sessions, wrong, "E only on days of suspension without provision")
    return out or [met("No listed session of the suspension is coded against its provision.")]


def _day_codes(ctx: Context) -> dict[_dt.date, list[str | None]]:
    """The code of every listed session up to as_of, by school day (derived; before 19 Aug 2024 the
    recorded code, when no code is derived)."""

    def compute() -> dict[_dt.date, list[str | None]]:
        days: dict[_dt.date, list[str | None]] = {}
        for s in ctx.sessions:
            if s.date <= ctx.as_of and ctx.calendar.is_school_day(s.date):
                days.setdefault(s.date, []).append(s.effective_code)
        return days

    return ctx.cached("national:day_codes", compute)


def _runs(ctx: Context, days: list[_dt.date]) -> Iterator[list[_dt.date]]:
    """Runs of consecutive school days among `days` (sorted)."""
    run: list[_dt.date] = []
    for d in days:
        if run and ctx.calendar.next_school_day(run[-1]) != d:
            yield run
            run = []
        run.append(d)
    if run:
        yield run


@rule(
    "NAT-TEN-DAY-ABSENCE",
    params=("unauthorised_absence_school_days", "unauthorised_absence_notice_school_days"),
    title="10 consecutive school days of unauthorised absence notified to the local authority",
)
def ten_day_absence(ctx: Context) -> list[Outcome]:
    """Duty: "10 or more consecutive school days of unauthorised absence (G N O U) must be notified to the
    local authority (event la_notified after the 10th day)"; unmet 5 school days after the 10th day
    without la_notified. (WTISA 2024, notification of continuous absence; SI 2024/208.)

    Interpretation: a day counts when every listed session that day is G, N, O or U; a school day
    with no listed session breaks the run (nothing shows the pupil was absent). A notification made
    on or after the run's first day counts.
    """
    codes = _day_codes(ctx)
    absent = sorted(d for d, cs in codes.items() if cs and all(c in UNAUTHORISED for c in cs))
    out: list[Outcome] = []
    for run in _runs(ctx, absent):
        limit = ctx.param("unauthorised_absence_school_days", on=run[0])
        if len(run) < limit:
            continue
        tenth = run[limit - 1]  # the day the run reached the limit
        deadline = ctx.calendar.school_days_after(tenth, ctx.param("unauthorised_absence_notice_school_days", on=tenth))
        out.append(
            ctx.one_off_event(
                "la_notified",
                deadline=deadline,
                since=run[0],
                what=f"notice to the local authority of {limit} school days' unauthorised absence",
                unmet_message=(
                    f"The pupil has been absent without authority for {len(run)} consecutive school days "
                    f"from {fmt(run[0])}; the local authority was not told by {{deadline}}."
                ),
                due_message=(
                    f"The pupil reached {limit} consecutive school days of unauthorised absence on {fmt(tenth)}; "
                    "tell the local authority by {deadline}."
                ),
            )
        )
    limit = ctx.param("unauthorised_absence_school_days")
    return out or [met(f"No run of {limit} consecutive school days of unauthorised absence in the listed sessions.")]


@rule(
    "NAT-HEALTH-15-DAYS",
    params=("illness_school_days", "illness_notice_school_days"),
    title="More than 15 school days' illness in a school year notified to the local authority",
)
def health_fifteen_days(ctx: Context) -> list[Outcome]:
    """Duty: "A pupil absent for illness (code I) on more than 15 school days in the school year,
    consecutively or cumulatively": "the local authority should be told so it can arrange education
    under s19 (event la_notified)"; unmet 5 school days after the 16th day of illness without it.
    (Arranging education for children who cannot attend school because of health needs, Dec 2023.)

    Interpretation: a school day counts when any listed session that day is coded I; a notification
    on or after the first day of illness that school year counts.
    """
    by_year: dict[int, list[_dt.date]] = {}
    for d, cs in sorted(_day_codes(ctx).items()):
        if "I" in cs:
            by_year.setdefault(school_year_of(d), []).append(d)
    out: list[Outcome] = []
    for days in by_year.values():
        limit = ctx.param("illness_school_days", on=days[0])
        if len(days) <= limit:
            continue
        sixteenth = days[limit]  # the first day beyond the limit
        nth = _ordinal(limit + 1)
        deadline = ctx.calendar.school_days_after(sixteenth, ctx.param("illness_notice_school_days", on=sixteenth))
        out.append(
            ctx.one_off_event(
                "la_notified",
                deadline=deadline,
                since=days[0],
                what=f"notice to the local authority of more than {limit} days' illness",
                unmet_message=(
                    f"The pupil has been absent through illness on {len(days)} school days this school year "
                    f"(the {nth} on {fmt(sixteenth)}); the local authority was not told by {{deadline}}."
                ),
                due_message=(
                    f"The pupil's {nth} day of illness this school year was {fmt(sixteenth)}; tell the local "
                    "authority by {deadline} so it can arrange education."
                ),
            )
        )
    limit = ctx.param("illness_school_days")
    return out or [met(f"Fewer than {limit + 1} school days of illness in any school year in the listed sessions.")]


# ---------------------------------------------------------------------------- arrangements


def _written(e: Event) -> bool:
    return e.written is not False


@rule("NAT-PTT-AGREEMENT", title="Written parental agreement to a part-time timetable before it starts")
def ptt_agreement(ctx: Context) -> Outcome | None:
    """Duty: "A parent the pupil normally lives with agreed (written) to the part-time timetable, its times
    and dates, before it starts"; unmet from start if no parent_consent with written true dated on or
    before start. (SI 2024/208 reg 11(6)(b)-(c); 004 §4.2(1).) Also applies to return_to_learn, whose
    timetable is a temporary part-time one (case-file.md, Settled after the first review)."""
    if ctx.kind not in ("part_time_timetable", "return_to_learn"):
        return None
    return ctx.before_start(
        "parent_consent",
        where=_written,
        what="written parental agreement to the timetable's times and dates",
        met_message="Written parental agreement recorded on {done}.",
        due_message=f"Written parental agreement is needed before the {_kind(ctx)} starts on {{deadline}}.",
        unmet_message=f"No written parental agreement before the {_kind(ctx)} started on {{deadline}}.",
    )


@rule("NAT-PTT-END-DATE", title="A part-time timetable has a proposed end date")
def ptt_end_date(ctx: Context) -> Outcome | None:
    """Duty: "Has a proposed end date (it may be extended at a review)"; unmet from start when end is null.
    (WTISA 2024, part-time timetables; 004 §4.1.)"""
    if ctx.kind != "part_time_timetable":
        return None
    end = ctx.end
    if end is not None:
        # The end date is part of the arrangement itself, so it holds from the day it is set,
        # including before the start.
        return met(f"The part-time timetable has a proposed end date, {fmt(end)}.")
    return ctx.one_off(
        ctx.start,
        None,
        what="proposed end date",
        due_message="The part-time timetable needs a proposed end date before it starts on {deadline}.",
        unmet_message="The part-time timetable has no proposed end date (it started on {deadline}).",
    )


@rule("NAT-PTT-NOT-BEHAVIOUR", title="A part-time timetable is not used to manage behaviour")
def ptt_not_behaviour(ctx: Context) -> Outcome | None:
    """Duty: "Reason must not be behaviour (a part-time timetable must not be used to manage behaviour)";
    unmet whenever reason is behaviour. (WTISA 2024; 004 §4 definition.)"""
    if ctx.kind != "part_time_timetable":
        return None
    return ctx.whenever(
        ctx.arrangement.reason != "behaviour",
        met_message="The part-time timetable is not used to manage behaviour.",
        unmet_message="A part-time timetable must not be used to manage behaviour, and this one's reason is behaviour.",
    )


@rule(
    "NAT-PTT-PROFESSIONALS",
    title="Social worker told and, with an EHC plan, the local authority told, before the start",
)
def ptt_professionals(ctx: Context) -> Outcome | None:
    """Duty: "The social worker is informed and involved (social_worker_informed); for an EHCP the local
    authority is notified (la_notified)"; unmet from start without the event(s) on or before start.
    (WTISA 2024; 004 §4.2(2) and (6).)"""
    if ctx.kind != "part_time_timetable" or not (ctx.pupil.social_worker or ctx.pupil.ehcp):
        return None
    out: list[Outcome] = []
    if ctx.pupil.social_worker:
        out.append(
            ctx.before_start(
                "social_worker_informed",
                what="word to the pupil's social worker",
                met_message="The social worker was told on {done}.",
                due_message="Tell the pupil's social worker before the part-time timetable starts on {deadline}.",
                unmet_message="The pupil's social worker was not told before the part-time timetable "
                "started on {deadline}.",
            )
        )
    if ctx.pupil.ehcp:
        out.append(
            ctx.before_start(
                "la_notified",
                what="notice to the local authority (EHC plan)",
                met_message="The local authority (EHC plan) was told on {done}.",
                due_message="Tell the local authority (EHC plan) before the part-time timetable starts on {deadline}.",
                unmet_message="The local authority was not told of the part-time timetable of a pupil "
                "with an EHC plan before it started on {deadline}.",
            )
        )
    return all_of(*out)


@rule(
    "NAT-DIRECTION-NOTICE",
    params=("direction_notice_all_schools", "direction_notice_school_days"),
    title="Written notice of an off-site direction 2 school days before the first day",
)
def direction_notice(ctx: Context) -> Outcome | None:
    """Duty: "Written direction_notice to the parent at least 2 school days before the first off-site day
    (the arrangement start)"; applies to maintained schools, and to any school from 2026-07-26. (SI
    2010/1156 reg 3(2); from 2026-07-26 applied to academies and PRUs by the 2026 amendment
    regulations.) The switch is judged by the arrangement's start (case-file.md, Dated switches).
    The 2nd school day before the start is the last day in time; a later notice is met with
    late: true (case-file.md, One-off duties)."""
    if ctx.kind != "off_site_direction":
        return None
    if ctx.school.type != "maintained" and not ctx.param("direction_notice_all_schools", on=ctx.start):
        return None
    notice = ctx.param("direction_notice_school_days", on=ctx.start)
    deadline = ctx.calendar.school_days_before(ctx.start, notice)
    return ctx.one_off_event(
        "direction_notice",
        deadline=deadline,
        what="written notice of the off-site direction",
        met_message="Written notice of the direction given on {done}.",
        due_message=f"Written notice of the direction is due by {{deadline}}, {notice} school days before the "
        f"first day off site ({fmt(ctx.start)}).",
        unmet_message=f"No written notice of the direction by {{deadline}}, {notice} school days before the "
        f"first day off site ({fmt(ctx.start)}).",
    )


@rule(
    "NAT-DIRECTION-REVIEW-REQUEST",
    params=("review_request_recent_review_weeks", "review_request_response_school_days"),
    title="A written request for a review of a placement is met with a review meeting",
)
def direction_review_request(ctx: Context) -> list[Outcome] | None:
    """Duty: "A review meeting must be held as soon as reasonably practicable unless a review was held in the
    10 weeks before the request; a request that is not in writing creates no duty"; due
    REVIEW_REQUEST_RESPONSE_SCHOOL_DAYS school days after the request, unmet after that with no
    review. (SI 2012/2532 reg 4A; 000 Annex A.)

    Settled (case-file.md, second review): only a parent's written request, or the local
    authority's where the pupil has an EHC plan (`pupil.send: ehcp`), creates the duty (SI 2012/2532
    reg 4A(1)); a request not saying who made it is read as the parent's.

    Interpretation: "in the 10 weeks before" is the 70 days before the request's date; a review on
    or after the request's date answers it.
    """
    if ctx.kind not in ("off_site_direction", "alternative_provision"):
        return None
    requests = ctx.events("review_request")
    if not requests:
        return None
    reviews = ctx.events("review", until=max(ctx.as_of, requests[-1].date))
    out: list[Outcome] = []
    for request in requests:
        if not _written(request):
            out.append(not_applicable(f"The request of {fmt(request.date)} was not in writing."))
            continue
        if request.by == "la" and ctx.pupil.send != "ehcp":
            out.append(
                not_applicable(
                    f"The request of {fmt(request.date)} came from the local authority, which may ask for a "
                    "review only for a pupil with an EHC plan."
                )
            )
            continue
        weeks = ctx.param("review_request_recent_review_weeks", on=request.date)
        recent = [r for r in reviews if request.date - _dt.timedelta(weeks=weeks) <= r.date < request.date]
        if recent:
            out.append(
                not_applicable(
                    f"A review was held on {fmt(recent[-1].date)}, within {weeks} weeks before the request of "
                    f"{fmt(request.date)}."
                )
            )
            continue
        days = ctx.param("review_request_response_school_days", on=request.date)
        deadline = ctx.calendar.school_days_after(request.date, days)
        out.append(
            ctx.one_off_event(
                "review",
                deadline=deadline,
                since=request.date,
                what="review meeting",
                met_message=f"The review requested on {fmt(request.date)} was held on {{done}}.",
                due_message=f"A review meeting was requested in writing on {fmt(request.date)}; hold it "
                f"by {{deadline}}.",
                unmet_message=f"A review meeting was requested in writing on {fmt(request.date)} and none "
                f"was held by {{deadline}}.",
            )
        )
    return out


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


@rule(
    "NAT-SUSPENSION-DAY6",
    params=("suspension_provision_from_school_day",),
    title="Full-time education from the sixth consecutive school day of suspension",
)
def suspension_day6(ctx: Context) -> list[Outcome] | None:
    """Duty: "Suitable full-time education on every school day of suspension from the sixth consecutive
    one; not required for a pupil in Year 11 (year_group 11) whose exams are finished"; unmet on the
    sixth or any later day of suspension whose session the engine codes E (a code recorded by the
    school does not change this); due, dated the sixth day, while it is still ahead. Applies to a
    suspension of a compulsory-age pupil with 6 or more consecutive school days of suspension
    (consecutive suspensions count together). (SI 2007/1870 reg 3 and 5; SI 2014/3216; 000 §3(3).)

    Settled (case-file.md, second review): provision is owed on every suspension day from the sixth;
    `year11_exams_finished` exempts only a pupil whose year group (given, else derived) is 11.

    Interpretation: each suspension day from the sixth up to as_of is judged by its listed sessions'
    derived codes (before 19 Aug 2024, when none is derived, by their slots: provision is a provider
    or another school). The sixth day with no session listed is judged by its timetable slots; a
    later day with none listed is not judged (the case does not say what happened).
    """
    if ctx.kind != "suspension":
        return None
    out: list[Outcome] = []
    for run in _runs(ctx, sorted(ctx.suspension_days)):
        first_owed = ctx.param("suspension_provision_from_school_day", on=run[0])
        if len(run) < first_owed:
            continue
        sixth = run[first_owed - 1]  # the first day provision is owed
        nth = _ordinal(first_owed)
        if not ctx.compulsory_age(sixth):
            continue
        if ctx.arrangement.year11_exams_finished and ctx.year_group(sixth) == 11:
            exempt = f"A Year 11 pupil whose exams are finished: no day-{first_owed} provision is required."
            out.append(not_applicable(exempt))
            continue
        if ctx.as_of < sixth:
            out.append(
                due(
                    sixth,
                    f"Suitable full-time education is needed from the {nth} day of suspension, {fmt(sixth)}.",
                )
            )
            continue
        owed = run[first_owed - 1 :]
        without = [d for d in owed if d <= ctx.as_of and ctx.compulsory_age(d) and _no_provision(ctx, d, sixth)]
        if without:
            more = f" and {len(without) - 5} more" if len(without) > 5 else ""
            days = ", ".join(fmt(d) for d in without[:5]) + more
            out.append(
                unmet(
                    f"No full-time education was arranged on every day from the {nth} day of suspension, "
                    f"{fmt(sixth)}: coded E on {days}.",
                    due=without[0],
                )
            )
        else:
            out.append(met(f"Provision was in place on every day from the {nth} day of suspension, {fmt(sixth)}."))
    return out


_PROVISION = ("provider", "another_school")


def _no_provision(ctx: Context, day: _dt.date, sixth: _dt.date) -> bool:
    """The engine codes a session of this suspension day E (no provision made that day)."""
    listed = [s for s in ctx.sessions if s.date == day]
    if listed:
        return any(s.code == "E" if s.code is not None else s.where not in _PROVISION for s in listed)
    if day == sixth:
        return any(ctx.slot(day, half) not in _PROVISION for half in ("am", "pm"))
    return False


@rule("NAT-REMOTE-LAST-RESORT", title="Remote education is part of a plan to return to school and time-limited")
def remote_last_resort(ctx: Context) -> Outcome | None:
    """Duty: "Remote education for an individual pupil is part of a plan to return to school
    (reintegration_plan) and is time-limited (end date)"; unmet from start without both. (Providing
    remote education (Aug 2024); 001 Principles.) Each condition is due by the start; the message names
    every one still missing, and an end date counts from the day it is set."""
    if ctx.kind not in ("remote_learning", "return_to_learn"):
        return None
    plan = ctx.before_start(
        "reintegration_plan",
        what="plan to return the pupil to school",
        met_message="Remote education is part of a plan to return to school, agreed on {done}.",
        due_message="Remote education must be part of a plan to return to school, agreed before the "
        "start on {deadline}.",
        unmet_message="Remote education is not part of a plan to return to school (none by the start "
        "on {deadline}).",
    )
    end = ctx.end
    if end is not None:
        # The end date is part of the arrangement itself: it holds from the day it is set, before
        # the start too (as NAT-PTT-END-DATE), so a draft with an end date is never told to give one.
        time_limited = met(f"Remote education is time-limited: it ends on {fmt(end)}.")
    else:
        time_limited = ctx.one_off(
            ctx.start,
            None,
            what="end date",
            due_message="Remote education must be time-limited: give it an end date before the start on {deadline}.",
            unmet_message="Remote education is not time-limited: it has no end date (start {deadline}).",
        )
    return all_of(plan, time_limited)
