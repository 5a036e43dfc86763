"""The notices a school sends the local authority, written from what Pathways holds.

Each notice answers a duty of the requirement catalogue that an `la_notified` entry of the chronology
meets:

    part_time_timetable  PTT-LA-NOTIFIED (004 §4.2(1): "Notify the Local Authority (LA) of all
                         part-time arrangements")
    flexi_schooling      FLX-LA-NOTIFIED (004 §5.1: "Notify the Local Authority (LA) of all
                         flexi-schooling arrangements")
    ehcp                 NAT-PTT-PROFESSIONALS for an EHC plan (004 §4.2(6): "Notify the LA of any
                         part-time timetable arrangement, as this may impact the provision outlined in
                         the EHCP"); for flexi-schooling the LA's approval (004 §5.2) and for alternative
                         provision its information and reviews (004 §3.2, NAT-AP-PARENT-INFORMATION),
                         and registration (NAT-AP-EHCP-REGISTERED) when the provider is unregistered
    ten_day_absence      NAT-TEN-DAY-ABSENCE (10 consecutive school days of unauthorised absence)
    illness              NAT-HEALTH-15-DAYS (more than 15 school days of illness in a school year, so the
                         LA can arrange education under s19)

`facts_for` gathers what an officer needs (school, pupil, the arrangement and its usual week, the
dates of absence, the sender); `applicable` says which notices fit the arrangement; `compose` writes
the subject and the text, which staff check and edit before it is sent or printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pathways.arrangements.models import Arrangement, timetable_in_force
from pathways.arrangements.vocabulary import SESSIONS, WEEKDAY_NAMES, WEEKDAYS, hours_per_session, slot
from pathways.attendance.models import Mark
from pathways.policy.calendar import SchoolCalendar
from pathways.policy.codes import UNAUTHORISED
from pathways.schools.access import access_for
from pathways.schools.models import Role, school_year_of

PTT, FLEXI, AP = "part_time_timetable", "flexi_schooling", "alternative_provision"
EHCP_KINDS = (AP, PTT, FLEXI)
FULL_WEEK_SESSIONS = len(WEEKDAYS) * len(SESSIONS)
WHERE_WORDS = {
    "school": "in school",
    "provider": "at the provider",
    "online": "in online lessons",
    "home": "at home",
    "another_school": "at another school",
    "not_required": "not required to attend",
}
ROLE_ORDER = [Role.HEADTEACHER, Role.DSL, Role.ATTENDANCE_OFFICER, Role.AP_LEAD, Role.SENCO, Role.TEACHER]


@dataclass(frozen=True)
class Sender:
    name: str
    role: str
    email: str


@dataclass(frozen=True)
class Facts:
    """Everything a notice says, gathered once."""

    arrangement: Arrangement
    today: dt.date
    sender: Sender
    sessions: dict[str, int]                  # where -> sessions a week, from the timetable in force
    week: list[tuple[str, str, str]]          # (day, morning, afternoon) in words
    timetable_from: dt.date | None
    absence_run: list[dt.date] = field(default_factory=list)     # the latest 10+ day unauthorised run
    recorded: dict[str, dt.date] = field(default_factory=dict)   # event type -> latest date in the chronology
    illness_days: list[dt.date] = field(default_factory=list)    # days of illness this school year

    @property
    def school(self) -> Any:
        return self.arrangement.school

    @property
    def pupil(self) -> Any:
        return self.arrangement.pupil

    @property
    def ehcp(self) -> bool:
        return bool(self.pupil.send == "ehcp")

    def hours(self, where: str) -> int:
        return self.sessions.get(where, 0) * hours_per_session(self.today)


@dataclass(frozen=True)
class NoticeTemplate:
    key: str
    title: str           # what the notice is, for the choice and the subject
    duties: tuple[str, ...]
    applies: Callable[[Facts], bool]
    why: Callable[[Facts], str]         # the opening paragraph: why the school is writing
    details: Callable[[Facts], list[str]]  # the paragraphs particular to the notice


def sender_of(user: Any, school: Any) -> Sender:
    roles = access_for(user).roles_in(school.id)
    role = next((Role(r).label for r in ROLE_ORDER if r in roles), "")
    name = (user.get_full_name() or user.username) if user is not None else school.name
    return Sender(name=name, role=role, email=getattr(user, "email", "") or "")


def _absence(pupil: Any, calendar: SchoolCalendar, today: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """From the register marks up to today: the latest run of 10 or more consecutive school days on
    which every recorded session is unauthorised (G, N, O, U), and the school days of illness (I) in
    this school year. As NAT-TEN-DAY-ABSENCE and NAT-HEALTH-15-DAYS count them."""
    codes: dict[dt.date, list[str]] = {}
    for day, code in Mark.objects.filter(pupil=pupil, date__lte=today).exclude(code="").values_list("date", "code"):
        if calendar.is_school_day(day):
            codes.setdefault(day, []).append(code.upper())
    absent = sorted(d for d, cs in codes.items() if all(c in UNAUTHORISED for c in cs))
    runs: list[list[dt.date]] = []
    for day in absent:
        if runs and calendar.next_school_day(runs[-1][-1]) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    long_runs = [r for r in runs if len(r) >= 10]
    year = school_year_of(today)
    illness = sorted(d for d, cs in codes.items() if "I" in cs and school_year_of(d) == year)
    return (long_runs[-1] if long_runs else []), illness


def facts_for(arrangement: Arrangement, *, user: Any, today: dt.date, calendar: SchoolCalendar) -> Facts:
    version = timetable_in_force(list(arrangement.timetables.all()), today)
    slots = version.slots if version is not None else {}
    sessions: dict[str, int] = {}
    for d in WEEKDAYS:
        for s in SESSIONS:
            where = slot(slots, d, s)
            sessions[where] = sessions.get(where, 0) + 1
    week = [(WEEKDAY_NAMES[d], *(WHERE_WORDS[slot(slots, d, s)] for s in SESSIONS)) for d in WEEKDAYS]
    run, illness = _absence(arrangement.pupil, calendar, today)
    recorded: dict[str, dt.date] = {}
    for event_type, day in arrangement.events.filter(superseded_by__isnull=True, date__lte=today).values_list(
            "type", "date"):
        recorded[event_type] = max(day, recorded.get(event_type, day))
    return Facts(
        arrangement=arrangement, today=today, sender=sender_of(user, arrangement.school), sessions=sessions,
        week=week, timetable_from=version.effective_from if version is not None else None,  # type: ignore[arg-type]
        absence_run=run, illness_days=illness, recorded=recorded,
    )


# ------------------------------------------------------------------------------------------- words


def _date(day: dt.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "not set"


def _short(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _dates(days: list[dt.date]) -> str:
    """Runs of consecutive dates written as ranges: "Mon 3 Nov 2025 to Fri 14 Nov 2025; Mon 17 Nov 2025"."""
    if not days:
        return "none"
    groups: list[list[dt.date]] = []
    for day in sorted(days):
        gap = (day - groups[-1][-1]).days if groups else 0
        if groups and (gap == 1 or (gap == 3 and day.weekday() == 0)):  # the next day, or Friday to Monday
            groups[-1].append(day)
        else:
            groups.append([day])
    return "; ".join(_short(g[0]) if len(g) == 1 else f"{_short(g[0])} to {_short(g[-1])}" for g in groups)


def _pupil_block(f: Facts, *, address: bool = False) -> list[str]:
    p = f.pupil
    send = {"ehcp": "has an education, health and care (EHC) plan", "sen_support": "receives SEN support"}.get(
        p.send, "has no recorded special educational needs")
    lines = [
        "Pupil",
        f"  Name: {p.full_name}",
        f"  Unique pupil number (UPN): {p.upn or 'not yet recorded'}",
        f"  Date of birth: {p.date_of_birth.day} {p.date_of_birth:%B %Y}",
        f"  Year group: {p.year_group_on(f.today)}",
        f"  Special educational needs: the pupil {send}",
    ]
    flags = [w for w, on in (("is looked after", p.looked_after), ("has an allocated social worker", p.social_worker),
                             ("is on a child protection plan", p.child_protection_plan)) if on]
    if flags:
        lines.append(f"  Also: the pupil {', '.join(flags)}")
    if address:
        lines.append("  Address: not held in Pathways; the school's information management system has it.")
    return lines


def _school_block(f: Facts) -> list[str]:
    s = f.school
    return [
        "School",
        f"  {s.name}",
        f"  URN: {s.urn}   LAESTAB: {s.laestab}",
    ]


def _arrangement_block(f: Facts) -> list[str]:
    a = f.arrangement
    lines = [
        "The arrangement",
        f"  Kind: {a.get_kind_display()}",
        f"  Reason: {a.get_reason_display() or 'not recorded'}",
        f"  Start: {_date(a.start)}",
        f"  Planned end: {_date(a.end) if a.end else 'none set'}",
    ]
    if a.provider is not None:
        registered = a.provider.get_registration_display()
        lines.append(f"  Provider: {a.provider.name}" + (f" ({registered.lower()})" if registered else ""))
    if f.timetable_from is None:
        lines.append("  Usual week: not yet set in Pathways")
        return lines
    in_school = f.hours("school")
    lines.append(f"  Hours in school each week: {in_school} of {FULL_WEEK_SESSIONS * hours_per_session(f.today)} "
                 f"({f.sessions.get('school', 0)} of {FULL_WEEK_SESSIONS} sessions)")
    for where in ("provider", "online", "another_school", "home", "not_required"):
        if f.sessions.get(where):
            lines.append(f"  Hours {WHERE_WORDS[where]} each week: {f.hours(where)}")
    lines.append(f"  The usual week, from {_date(f.timetable_from)}:")
    for day, am, pm in f.week:
        lines.append(f"    {day}: morning {am}, afternoon {pm}")
    return lines


# ------------------------------------------------------------------------------------------- notices


def _ptt_details(f: Facts) -> list[str]:
    a = f.arrangement
    return [
        "The part-time timetable is temporary: it has a planned end date and is reviewed at least every "
        "half-term with the pupil's parents, the pupil and the professionals involved, working towards a "
        "return to full-time education." if a.end else
        "The part-time timetable is temporary and is reviewed at least every half-term; a planned end date "
        "will follow.",
        _recorded(f, "parent_consent", "The pupil's parents agreed to the timetable in writing on {}.",
                  "The pupil's parents' written agreement to the timetable is not yet recorded."),
        "Where the pupil is not in school the school keeps in daily contact with the family to confirm where the "
        "pupil is and that they are safe, and the sessions are recorded in the attendance register with the code "
        "that applies.",
    ]


def _recorded(f: Facts, event_type: str, done: str, missing: str) -> str:
    day = f.recorded.get(event_type)
    return done.format(_date(day)) if day else missing


def _flexi_details(f: Facts) -> list[str]:
    return [
        _recorded(f, "parent_request", "The pupil's parents asked for the arrangement in writing on {}.",
                  "The parents' written request is not yet recorded."),
        "The time away from school is elective home education. "
        + _recorded(f, "written_agreement", "A written agreement with the parents, made on {}, sets out the days "
                    "in school, what the school and home each cover, and how the pupil is kept safe.",
                    "A written agreement with the parents (the days in school, what the school and home each cover, "
                    "and how the pupil is kept safe) is not yet recorded.")
        + " Sessions at home are recorded as authorised absence.",
        _recorded(f, "trust_consulted", "The trust's link officer was told of the arrangement on {}.",
                  "The school is telling the trust's link officer of the arrangement as well."),
    ]


def _ehcp_details(f: Facts) -> list[str]:
    kind = f.arrangement.kind
    out = ["The pupil has an education, health and care plan, so the arrangement may affect the provision the "
           "plan sets out. We would welcome your view on whether the provision in the plan is still being "
           "delivered, and your involvement in its reviews."]
    if kind == FLEXI:
        out.append("For a pupil with an EHC plan, flexi-schooling needs the local authority's approval and a "
                   "written agreement between the school, the parents and the local authority (the days in school, "
                   "what each setting covers, and how the plan's outcomes are delivered across both). Please let "
                   "us know whether you approve the arrangement.")
    elif kind == PTT:
        out.append("The part-time timetable is part of the pupil's wider support plan and is reviewed regularly with "
                   "the local authority, the parents and school staff.")
    elif kind == AP:
        provider = f.arrangement.provider
        out.append("We are writing so that you have clear information about the placement: why it is being made, "
                   "when and for how long, who provides it and where, and how and when it will be reviewed. "
                   "We will involve you in its reviews.")
        if provider is not None and getattr(provider, "registration", "") == "unregistered":
            out.append("The provider is not registered as an independent school. A pupil with an EHC plan is placed "
                       "only with a registered provider unless the local authority directs otherwise: please tell us "
                       "whether you direct this placement.")
    return out


def _absence_details(f: Facts) -> list[str]:
    run = f.absence_run
    tenth = run[9] if len(run) >= 10 else None
    return [
        f"The pupil has been absent without authority on {len(run)} consecutive school days, from "
        f"{_date(run[0]) if run else 'not known'} to {_date(run[-1]) if run else 'not known'}; the tenth school day "
        f"was {_date(tenth)}. Every session recorded on those days was coded as unauthorised absence "
        "(G, N, O or U).",
        f"Dates of absence: {_dates(run)}.",
        "The school has tried to make contact with the family and will keep doing so. Please tell us what the "
        "local authority will do, and whether you need anything more from us.",
    ]


def _illness_details(f: Facts) -> list[str]:
    days = f.illness_days
    sixteenth = days[15] if len(days) >= 16 else None
    return [
        f"The pupil has been absent through illness (code I) on {len(days)} school days this school year; the "
        f"16th day of illness was {_date(sixteenth)}. We are telling you so that the local authority can "
        "consider whether to arrange suitable education under section 19 of the Education Act 1996.",
        f"Dates of illness: {_dates(days)}.",
        "The school will share the medical evidence it holds and work with you and the family on any provision.",
    ]


TEMPLATES: dict[str, NoticeTemplate] = {t.key: t for t in (
    NoticeTemplate(
        "ehcp", "Arrangement for a pupil with an EHC plan", ("NAT-PTT-PROFESSIONALS", "PTT-LA-NOTIFIED",
                                                             "FLX-LA-NOTIFIED"),
        lambda f: f.ehcp and f.arrangement.kind in EHCP_KINDS,
        lambda f: f"We are writing to tell you that {f.pupil.first_name}, who has an EHC plan, has "
                  f"{'a' if f.arrangement.kind != AP else 'an'} {f.arrangement.get_kind_display().lower()} "
                  f"arrangement from {_date(f.arrangement.start)}.",
        _ehcp_details,
    ),
    NoticeTemplate(
        "part_time_timetable", "Part-time timetable", ("PTT-LA-NOTIFIED",),
        lambda f: f.arrangement.kind == PTT,
        lambda f: f"We are writing to tell you that {f.pupil.first_name} has a part-time timetable from "
                  f"{_date(f.arrangement.start)}, as we notify the local authority of every part-time timetable.",
        _ptt_details,
    ),
    NoticeTemplate(
        "flexi_schooling", "Flexi-schooling", ("FLX-LA-NOTIFIED",),
        lambda f: f.arrangement.kind == FLEXI,
        lambda f: f"We are writing to tell you that {f.pupil.first_name} is flexi-schooled from "
                  f"{_date(f.arrangement.start)}, as we notify the local authority of every flexi-schooling "
                  "arrangement.",
        _flexi_details,
    ),
    NoticeTemplate(
        "ten_day_absence", "10 school days' continuous unauthorised absence", ("NAT-TEN-DAY-ABSENCE",),
        lambda f: len(f.absence_run) >= 10,
        lambda f: f"We are writing to tell you that {f.pupil.first_name} has been absent without authority for "
                  "10 or more consecutive school days.",
        _absence_details,
    ),
    NoticeTemplate(
        "illness", "More than 15 school days' illness", ("NAT-HEALTH-15-DAYS",),
        lambda f: len(f.illness_days) > 15,
        lambda f: f"We are writing to tell you that {f.pupil.first_name} has been absent through illness on more "
                  "than 15 school days this school year.",
        _illness_details,
    ),
)}
# The notice a duty of the requirement panel opens with.
FOR_DUTY = {
    "PTT-LA-NOTIFIED": ("ehcp", "part_time_timetable"),
    "FLX-LA-NOTIFIED": ("ehcp", "flexi_schooling"),
    "NAT-PTT-PROFESSIONALS": ("ehcp",),
    "NAT-TEN-DAY-ABSENCE": ("ten_day_absence",),
    "NAT-HEALTH-15-DAYS": ("illness",),
}


def applicable(f: Facts) -> list[NoticeTemplate]:
    return [t for t in TEMPLATES.values() if t.applies(f)]


def choose(f: Facts, *, template: str = "", duty: str = "") -> NoticeTemplate | None:
    """The notice asked for (by key, or the first that fits a duty), else the first that applies."""
    fits = applicable(f)
    if template:
        return next((t for t in fits if t.key == template), None)
    for key in FOR_DUTY.get(duty, ()):
        found = next((t for t in fits if t.key == key), None)
        if found is not None:
            return found
    return fits[0] if fits else None


def greeting(school: Any) -> str:
    return f"Dear {school.la_contact.strip()}," if school.la_contact.strip() else "Dear Sir or Madam,"


def compose(template: NoticeTemplate, f: Facts) -> tuple[str, str]:
    """(subject, text) of the notice: greeting, why, the facts, what is particular, sign-off."""
    p = f.pupil
    subject = f"{template.title}: {p.full_name} (UPN {p.upn or 'not recorded'}), {f.school.name}"
    blocks: list[str] = [greeting(f.school), template.why(f)]
    if template.key in ("ten_day_absence", "illness"):
        blocks += ["\n".join(_pupil_block(f, address=True)), "\n".join(_school_block(f))]
        blocks += template.details(f)
        blocks.append("The pupil is on this arrangement at present:\n" + "\n".join(_arrangement_block(f)[1:6]))
    else:
        blocks += ["\n".join(_pupil_block(f)), "\n".join(_school_block(f)), "\n".join(_arrangement_block(f))]
        blocks += template.details(f)
    sign = [("Yours faithfully," if not f.school.la_contact.strip() else "Yours sincerely,"), "", f.sender.name]
    if f.sender.role:
        sign.append(f"{f.sender.role}, {f.school.name}")
    else:
        sign.append(f.school.name)
    if f.sender.email:
        sign.append(f.sender.email)
    blocks.append("Please contact me if you need anything more.")
    blocks.append("\n".join(sign))
    return subject, "\n\n".join(blocks) + "\n"
