"""The demo trust's register: a mark for every session of every running arrangement from the first day of
the autumn term to the school day before `today`, each coded by the policy engine.

Most sessions are the ordinary run of a term and are written in bulk: each arrangement's case is built
once per timetable version (pathways.cases.casefiles), every session of the version is coded by
the engine in one pass (as the register's actions and the MIS import code them), and the marks are
inserted together with one audit row per school (`do_load_demo_register`). The sessions that tell a
story go through the register's own actions, one by one, so their follow-ups open and close as they
would in a school:

- the Return to Learn pupil of journey 7 misses two of the three school mornings a week at first, then
  one, then none, so the hours attended lag the steps of the phased return (the arrangement page's
  trajectory shows it);
- the part-time timetable pupil of journey 1 has a few mornings off ill;
- a few unexplained absences from the providers and from online lessons, each followed up the same day
  by a phone call or a home visit (as the pupil's vulnerability asks), which closes it;
- an unexplained absence from the online lessons on the last school day, whose follow-up is still open;
- Willow Farm has not reported one of its full-time pupils on the last school day (journey 1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathways.arrangements.models import Arrangement, Status, TimetableVersion, timetable_in_force
from pathways.attendance.followups import do_record_follow_up_check, needs_follow_up
from pathways.attendance.models import FollowUp, Mark, Source
from pathways.audit.record import record
from pathways.cases.casefiles import NO_SESSIONS, cases_for
from pathways.policy import casefile as cf
from pathways.policy.calendar import SchoolCalendar, school_year_of
from pathways.policy.engine import Context
from pathways.register.actions import do_record_mark
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School, User
from pathways.schools.permissions import permission

SESSIONS = ("am", "pm")
# When a provider reports each session (before the 10:00 deadline for the morning).
REPORTED = {"am": dt.time(9, 35), "pm": dt.time(13, 50)}


@dataclass(frozen=True)
class Planned:
    """One session to mark: attended, or absent with a reason ("" for none given)."""

    arrangement: Arrangement
    day: dt.date
    session: str
    attended: bool = True
    reason: str = ""


@dataclass
class DemoRegister:
    marks: int = 0
    follow_ups_closed: int = 0
    follow_ups_open: int = 0
    unreported: list[tuple[str, dt.date]] = dataclasses.field(default_factory=list)


def _calendar(school: School) -> SchoolCalendar:
    return school_calendar(school.pk)


def autumn_term_start(calendar: SchoolCalendar, today: dt.date) -> dt.date:
    year = school_year_of(today)
    return next(h.start for h in calendar.half_terms if h.school_year == year and h.number == 1)


@dataclass
class _Stories:
    """The sessions of the demo's stories, planned before the register is loaded: by (arrangement, day,
    session), and the absences that open a follow-up with the day of their welfare check (None: not yet)."""

    arrangements: dict[str, Arrangement]
    calendars: dict[str, SchoolCalendar]
    today: dt.date
    rng: random.Random
    planned: dict[tuple[int, dt.date, str], Planned] = dataclasses.field(default_factory=dict)
    follow_ups: list[tuple[Planned, dt.date | None]] = dataclasses.field(default_factory=list)

    def last(self, key: str) -> dt.date:
        """The school day before today, in the school's own calendar."""
        return self.calendars[key].school_days_before(self.today, 1)

    def story(self, key: str, day: dt.date, session: str, **what: Any) -> Planned | None:
        a = self.arrangements.get(key)
        if a is None or not _runs(a, day):
            return None
        planned = Planned(a, day, session, **what)
        self.planned[(a.pk, day, session)] = planned
        return planned


def create_demo_marks(
    schools: dict[str, School], arrangements: dict[str, Arrangement], today: dt.date, seed: int = 2026
) -> DemoRegister:
    """The demo's register up to the school day before `today`. See the module docstring."""
    out = DemoRegister()
    fresh = Arrangement.objects.select_related("pupil").in_bulk([a.pk for a in arrangements.values()])
    officers = {key: User.objects.get(username=f"{key}-attendance") for key in schools}
    stories = _Stories({key: fresh[a.pk] for key, a in arrangements.items()},
                       {key: _calendar(school) for key, school in schools.items()}, today, random.Random(seed))
    _rtl_lags_the_plan(stories)
    _ptt_mornings_off_ill(stories)
    _unexplained_absences(stories)
    leave_out = _farm_leaves_one_unreported(stories, out)
    for key, school in schools.items():
        out.marks += do_load_demo_register(school=school, sessions=_in_bulk(stories, key, school, leave_out),
                                           actor=officers[key])
    _follow_ups(stories, schools, officers, out)
    return out


def _rtl_lags_the_plan(stories: _Stories) -> None:
    """Journey 7: the Return to Learn pupil's attendance lags the plan, a little less each week. Two of
    the three school mornings missed a week at first, then one, then none."""
    rtl = stories.arrangements.get("hf_rtl_missed_step_up")
    if rtl is None:
        return
    hf, rng = stories.calendars["holyfamily"], stories.rng
    weeks: dict[dt.date, list[dt.date]] = defaultdict(list)
    for day in hf.school_days(max(rtl.start, autumn_term_start(hf, stories.today)), stories.last("holyfamily")):
        if _where(rtl, day, "am") == "school":
            weeks[day - dt.timedelta(days=day.weekday())].append(day)
    for n, (_, mornings) in enumerate(sorted(weeks.items())):
        for day in rng.sample(mornings, min(len(mornings), max(0, 2 - n // 3))):
            stories.story("hf_rtl_missed_step_up", day, "am", attended=False,
                          reason=rng.choice(["illness", "illness", "unknown"]))


def _ptt_mornings_off_ill(stories: _Stories) -> None:
    """Journey 1: the pupil with a social worker has a few mornings off ill."""
    ptt = stories.arrangements.get("hf_ptt_social_worker")
    if ptt is None:
        return
    hf = stories.calendars["holyfamily"]
    days = [d for d in hf.school_days(max(ptt.start, autumn_term_start(hf, stories.today)),
                                      stories.last("holyfamily"))
            if d.weekday() in (1, 2, 3)]
    for day in stories.rng.sample(days, min(4, len(days))):
        stories.story("hf_ptt_social_worker", day, "am", attended=False, reason="illness")


def _unexplained_absences(stories: _Stories) -> None:
    """Unexplained absences from a provider or from online lessons, each followed up the same day; and on
    the last school day one from the online lessons, not followed up yet."""
    for key, back, session in (("hf_ap_farm_part_time", 12, "pm"), ("hf_ap_riverside", 7, "am"),
                               ("hf_online_broken_leg", 4, "pm"), ("ok_ap_forge", 9, "am")):
        cal = stories.calendars[{"hf": "holyfamily", "sb": "stbedes", "ok": "oakfield"}[key.split("_")[0]]]
        a = stories.arrangements.get(key)
        if a is None:
            continue
        away = _away_day(a, cal, cal.school_days_before(stories.today, back), session)
        if away is not None:
            planned = stories.story(key, away, session, attended=False, reason="unknown")
            if planned is not None:
                stories.follow_ups.append((planned, away))
    online = stories.arrangements.get("hf_online_broken_leg")
    if online is not None:
        away = _away_day(online, stories.calendars["holyfamily"], stories.last("holyfamily"), "pm", search=1)
        if away is not None:
            planned = stories.story("hf_online_broken_leg", away, "pm", attended=False, reason="unknown")
            if planned is not None:
                stories.follow_ups.append((planned, None))


def _farm_leaves_one_unreported(stories: _Stories, out: DemoRegister) -> set[tuple[int, dt.date]]:
    """Journey 1: Willow Farm has not reported one of its full-time pupils on the last school day."""
    farm = stories.arrangements.get("hf_ap_farm_full_time_1")
    last = stories.last("holyfamily")
    if farm is None or not _runs(farm, last):
        return set()
    out.unreported.append((str(farm.pupil), last))
    return {(farm.pk, last)}


def _in_bulk(stories: _Stories, key: str, school: School, leave_out: set[tuple[int, dt.date]]) -> list[Planned]:
    """Every session of the school's running arrangements from the autumn term's start to the last school
    day, the stories' own where they go in bulk, but those left out and the stories that open follow-ups."""
    cal, last = stories.calendars[key], stories.last(key)
    first = autumn_term_start(cal, stories.today)
    running = [a for a in stories.arrangements.values()
               if a.school_id == school.pk and a.status in (Status.ACTIVE, Status.ENDED)]
    sessions: list[Planned] = []
    for a in running:
        for day in cal.school_days(max(first, a.start), min(a.end or last, last)):
            if (a.pk, day) in leave_out:
                continue
            for session in SESSIONS:
                planned = stories.planned.get((a.pk, day, session))
                if planned is None:
                    sessions.append(Planned(a, day, session))
                elif story_is_bulk(planned):
                    sessions.append(planned)
    return sessions


def _follow_ups(stories: _Stories, schools: dict[str, School], officers: dict[str, User],
                out: DemoRegister) -> None:
    """The stories that open follow-ups, through the register's action, then their welfare checks."""
    today = stories.today
    for planned, check_on in stories.follow_ups:
        a = planned.arrangement
        key = next(k for k, s in schools.items() if s.pk == a.school_id)
        where = _where(a, planned.day, planned.session)
        reported = timezone.make_aware(dt.datetime.combine(planned.day, REPORTED[planned.session]))
        mark = do_record_mark(
            pupil=a.pupil, arrangement=a, day=planned.day, session=planned.session, attended=False,
            reason=planned.reason or None, source=Source.PROVIDER if where == "provider" else Source.SCHOOL,
            reported_at=reported if where == "provider" else None, actor=officers[key],
            comment="Not at the provider; no reason given." if where == "provider" else "Missed the online lesson.",
        )
        out.marks += 1
        follow_up = FollowUp.objects.filter(mark=mark).first()
        if follow_up is None:
            continue
        if check_on is None or check_on >= today:
            out.follow_ups_open += 1
            continue
        dsl = User.objects.get(username=f"{key}-dsl")
        kind = "home_visit" if follow_up.kind == FollowUp.Kind.HOME_VISIT else "phone"
        do_record_follow_up_check(
            follow_up=follow_up, kind=kind, date=check_on, actor=dsl, today=today,
            note="Spoke to the parent: unwell that day and kept at home." if kind == "phone"
            else "Home visit: seen and well; back at the provider the next day.",
        )
        out.follow_ups_closed += 1


def story_is_bulk(planned: Planned) -> bool:
    """A story whose absence needs no follow-up (an absence from school, or with a reason) goes in bulk."""
    return planned.reason not in ("", "unknown", "unauthorised") or _where(
        planned.arrangement, planned.day, planned.session) not in ("provider", "online")


def _runs(a: Arrangement, day: dt.date) -> bool:
    return a.status in (Status.ACTIVE, Status.ENDED) and a.start <= day and (a.end is None or day <= a.end)


def _where(a: Arrangement, day: dt.date, session: str) -> str:
    version = timetable_in_force(list(a.timetables.all()), day)
    slots = (version.slots if version else {}) or {}
    return (slots.get(cf.WEEKDAYS[day.weekday()]) or {}).get(session) or "school"


def _away_day(a: Arrangement, cal: SchoolCalendar, near: dt.date, session: str, search: int = 5) -> dt.date | None:
    """The school day on or before `near` (within `search` school days) when the pupil is expected at the
    provider or online for `session`."""
    day = near if cal.is_school_day(near) else cal.previous_school_day(near)
    for _ in range(search):
        if _runs(a, day) and _where(a, day, session) in ("provider", "online"):
            return day
        day = cal.previous_school_day(day)
    return None


@permission("take_register")  # the demo loads the register as its attendance officer would
@transaction.atomic
def do_load_demo_register(*, school: School, sessions: Iterable[Planned], actor: Any) -> int:
    """Mark every one of `sessions` with the engine's code, in bulk; one audit row. A session the engine
    cannot code (not a school day, a case it finds wrong) is left unmarked. Absences that would need a
    follow-up are refused: they go through do_record_mark."""
    sessions = list(sessions)
    versions: dict[int, list[TimetableVersion]] = defaultdict(list)
    for version in TimetableVersion.objects.filter(arrangement_id__in={p.arrangement.pk for p in sessions}):
        versions[version.arrangement_id].append(version)
    # Group by arrangement and the timetable version in force: one case, and one engine pass, per group.
    groups: dict[tuple[int, int | None], list[Planned]] = defaultdict(list)
    for p in sessions:
        in_force = timetable_in_force(versions[p.arrangement.pk], p.day)
        groups[(p.arrangement.pk, in_force.pk if in_force else None)].append(p)
    by_day: dict[dt.date, list[tuple[int, int | None]]] = defaultdict(list)
    for key, items in groups.items():
        by_day[min(p.day for p in items)].append(key)
    cases: dict[tuple[int, int | None], cf.Case] = {}
    for day, keys in by_day.items():
        built = cases_for([groups[k][0].arrangement for k in keys], as_of=day, register=NO_SESSIONS)
        for k in keys:
            cases[k] = built[k[0]]
    user = actor if getattr(actor, "pk", None) else None
    rows: list[Mark] = []
    for key, items in groups.items():
        ctx = Context(dataclasses.replace(cases[key], sessions=tuple(
            cf.Session(date=p.day, session=p.session, attended=p.attended, reason=p.reason or None) for p in items
        )))
        for p, got in zip(items, ctx.sessions, strict=True):
            if got.code is None or any("not a school day" in problem for problem in got.problems):
                continue
            mark = Mark(
                school_id=school.pk, pupil_id=p.arrangement.pupil_id, arrangement_id=p.arrangement.pk, date=p.day,
                session=p.session, expected=got.where, code=got.code, attended=p.attended,
                absence_reason=p.reason, source=Source.PROVIDER if got.where == "provider" else Source.SCHOOL,
                recorded_by=user,
                reported_at=timezone.make_aware(dt.datetime.combine(p.day, REPORTED[p.session]))
                if got.where == "provider" else None,
            )
            if needs_follow_up(mark):
                raise ValueError(f"{p}: an unexplained absence from {got.where} must be recorded with do_record_mark")
            rows.append(mark)
    Mark.objects.bulk_create(rows, batch_size=500)
    record(actor=actor, action="record register", obj=None, school=school,
           changes={"marks": len(rows), "from": min(p.day for p in sessions) if sessions else None,
                    "to": max(p.day for p in sessions) if sessions else None},
           label=f"Demo register: {len(rows)} marks")
    return len(rows)
