"""The DSL's week (journey 9): every pupil not in full-time school by vulnerability, who has not been seen by
school staff within their interval, and one pupil's chronology across every arrangement.

    not_in_full_time(school, user, roles, today)   -> Week: rows by vulnerability, each with its arrangements,
                                                      where the pupil is on the day and the next duty
    last_seen(school, today)                        -> [Seen], overdue first
    pupil_chronology(pupil, kinds)                  -> [Entry], in date order

The next duty is Today's first item for the pupil (pathways.today.items, whose findings are the kept
judgements of pathways.today.judgements): nothing is judged twice. Where the pupil is comes from the engine's
coding of the day's sessions (pathways.cases.coding.sheet_rows, as the register shows them) and the marks
recorded so far. Each read is a fixed number of queries, whatever the number of pupils.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from pathways.arrangements.models import Arrangement, Event, Status
from pathways.attendance.models import WHERE_LABELS, FollowUp, Mark
from pathways.cases.coding import marks_on, sheet_rows
from pathways.cases.evidence import counted_as_evidence
from pathways.policy import parameters
from pathways.policy.calendar import SchoolCalendar
from pathways.pupils.models import Pupil
from pathways.remote.contacts import contact_log, last_seen_in_contacts
from pathways.remote.models import LiveSession
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.calendar import school_calendar
from pathways.schools.models import School
from pathways.today.item import Item
from pathways.today.items import today_items_and_cases
from pathways.words import label

LEVELS = (("high", "High"), ("medium", "Medium"), ("low", "Low"))
INTERVAL = "last_seen_interval_school_days"
# What counts as the pupil being seen by school staff: a session in school marked attended (case-file.md,
# Vulnerability responses), a welfare check in person or at home, a visit to the provider that saw the pupil,
# and a contact of the contact log face to face, at home or by video call.
SEEN_CHECKS = ("in_person", "home_visit")
SEEN_WORDS = {"school": "In school (register)", "in_person": "Welfare check in person",
              "home_visit": "Home visit", "visit": "Visit to the provider",
              "face_to_face": "Face to face (contact log)", "video_call": "Video call (contact log)"}


def running(school: School, day: dt.date) -> QuerySet[Arrangement]:
    """The school's arrangements in force on `day`: active, within their dates."""
    return (Arrangement.objects.filter(school=school, status=Status.ACTIVE, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day)))


def school_day_of(calendar: SchoolCalendar, today: dt.date) -> dt.date:
    """Today if it is a school day, else the next one (the weekend's list looks at Monday)."""
    if not calendar.has_half_terms:
        day = today
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day
    return today if calendar.is_school_day(today) else calendar.next_school_day(today)


@dataclass
class Row:
    pupil: Pupil
    arrangements: list[Arrangement] = field(default_factory=list)
    where: list[tuple[str, str, str]] = field(default_factory=list)  # (session, where, recorded)
    duty: Item | None = None
    more: int = 0  # further items on Today for the pupil


@dataclass
class Week:
    day: dt.date
    groups: list[tuple[str, str, list[Row]]]

    @property
    def total(self) -> int:
        return sum(len(rows) for _, _, rows in self.groups)


def _recorded(mark: Mark | None) -> str:
    if mark is None or mark.attended is None:
        return "Not yet recorded"
    return "Attended" if mark.attended else "Absent" + (f" ({mark.get_absence_reason_display().lower()})"
                                                       if mark.absence_reason else "")


def not_in_full_time(school: School, user: Any, roles: Iterable[str], today: dt.date) -> Week:
    """Every pupil on an arrangement in force today, by vulnerability (high first), each with their
    arrangements, where the engine puts them on the school day (today, or the next one) and Today's most
    urgent item for them."""
    calendar = school_calendar(school.id)
    day = school_day_of(calendar, today)
    rows = list(running(school, today).select_related("pupil").order_by(
        "pupil__last_name", "pupil__first_name", "pupil_id", "-start", "-id"))
    on_day = [a for a in rows if a.start <= day and (a.end is None or a.end >= day)]
    # Today's items and the day's cases from one build (the running arrangements are among Today's)
    found_items, built = today_items_and_cases(school, user, roles, {day: {a.pk for a in on_day}})
    cases = built.get(day, {})
    marks = marks_on([school.id], [day], recorded_by=False, pupils={a.pupil_id for a in rows})
    by_pupil: dict[int, Row] = {}
    for a in rows:
        by_pupil.setdefault(a.pupil_id, Row(a.pupil)).arrangements.append(a)
    for line in sheet_rows(on_day, day, cases, marks):
        by_pupil[line.pupil.id].where.append(
            (line.session, WHERE_LABELS.get(line.where, line.where), _recorded(line.mark)))
    items: dict[int, list[Item]] = defaultdict(list)
    for item in found_items:
        if item.pupil is not None:
            items[item.pupil.id].append(item)
    for pupil_id, row in by_pupil.items():
        found = items.get(pupil_id, [])
        row.duty, row.more = (found[0], len(found) - 1) if found else (None, 0)
    groups = [(level, name, [r for r in by_pupil.values() if r.pupil.vulnerability == level])
              for level, name in LEVELS]
    return Week(day, groups)


@dataclass
class Seen:
    pupil: Pupil
    arrangements: list[Arrangement]
    last: dt.date | None          # the last time staff saw the pupil (None: not since the arrangement began)
    how: str                      # how, in words
    interval: int                 # school days allowed for the pupil's vulnerability
    due: dt.date                  # by when the pupil must be seen again
    school_days_since: int        # school days since (from the arrangement's start when never seen)
    overdue: bool

    @property
    def due_today(self) -> bool:
        return not self.overdue and self.school_days_since >= self.interval


def sightings(pupil_ids: Iterable[int]) -> dict[int, tuple[dt.date, str]]:
    """The last time each pupil was seen by school staff, and how: three queries for any number of pupils."""
    ids = list(pupil_ids) or [0]
    found: dict[int, tuple[dt.date, str]] = {}

    def keep(pupil_id: int, day: dt.date, how: str) -> None:
        if pupil_id not in found or day > found[pupil_id][0]:
            found[pupil_id] = (day, how)

    for pupil_id, last in (Mark.objects.filter(pupil_id__in=ids, expected="school", attended=True)
                           .values("pupil_id").annotate(last=Max("date")).values_list("pupil_id", "last")):
        keep(pupil_id, last, "school")
    seen = Q(type="visit") | Q(type="welfare_check", fields__kind__in=list(SEEN_CHECKS))
    for pupil_id, event_type, kind, last in (
        Event.current.filter(arrangement__pupil_id__in=ids).filter(seen).filter(counted_as_evidence())
        .values("arrangement__pupil_id", "type", "fields__kind").annotate(last=Max("date"))
        .values_list("arrangement__pupil_id", "type", "fields__kind", "last")
    ):
        keep(pupil_id, last, kind if event_type == "welfare_check" else event_type)
    for pupil_id, (last, channel) in last_seen_in_contacts(ids).items():
        keep(pupil_id, last, channel)
    return found


def last_seen(school: School, today: dt.date) -> list[Seen]:
    """For every pupil on an arrangement in force today, the last time school staff saw them against the
    interval the school's policy sets for their vulnerability (in school days of the school's calendar),
    overdue first (the longest overdue at the top), then by when they are due."""
    calendar = school_calendar(school.id)
    settings = school.policy_settings or {}
    intervals = parameters.get(INTERVAL, today, settings)
    rows = list(running(school, today).select_related("pupil").order_by("pupil_id", "start", "id"))
    by_pupil: dict[int, list[Arrangement]] = defaultdict(list)
    for a in rows:
        by_pupil[a.pupil_id].append(a)
    seen = sightings(by_pupil)
    out = []
    for pupil_id, arrangements in by_pupil.items():
        pupil = arrangements[0].pupil
        interval = intervals[pupil.vulnerability]
        last, how = seen.get(pupil_id, (None, ""))
        since = last or min(a.start for a in arrangements)
        due = (calendar.school_days_after(since, interval) if calendar.has_half_terms
               else since + dt.timedelta(days=interval))
        days_since = calendar.count_school_days(since + dt.timedelta(days=1), today)
        out.append(Seen(pupil, arrangements, last, SEEN_WORDS.get(how, ""), interval, due, days_since, due < today))
    out.sort(key=lambda s: (not s.overdue, s.due, s.pupil.last_name, s.pupil.first_name, s.pupil.id))
    return out


def interval_source(school: School, today: dt.date) -> tuple[dict[str, int], str]:
    settings = school.policy_settings or {}
    return parameters.get(INTERVAL, today, settings), parameters.source(INTERVAL, today, settings)


# ---------------------------------------------------------------------------- one pupil's chronology

ENTRIES, CHECKS, FOLLOW_UPS, RISK = "entries", "welfare_checks", "follow_ups", "risk_assessments"
CONTACTS, SESSIONS = "contacts", "live_sessions"
KINDS = ((ENTRIES, "Chronology entries"), (CHECKS, "Welfare checks and visits"),
         (CONTACTS, "Contacts with the family"), (SESSIONS, "Live lessons and recordings"),
         (FOLLOW_UPS, "Absence follow-ups"), (RISK, "Risk assessments"))
KIND_NAMES = dict(KINDS)


@dataclass(frozen=True)
class Entry:
    date: dt.date
    kind: str                     # one of KINDS
    what: str                     # the entry's type in staff's words
    detail: str
    arrangement: Arrangement | None
    by: str = ""
    order: int = 0


def pupil_chronology(pupil: Pupil, kinds: Iterable[str]) -> list[Entry]:
    """Every arrangement's chronology entries (as corrected; entries in error left out), the contact log's
    contacts, the live sessions the pupil took part in with their recordings' deletion, absence follow-ups
    and risk assessments of one pupil, merged in date order. Welfare checks and visits are the chronology's
    entries of those types, shown as their own kind. A fixed number of queries."""
    wanted = set(kinds) or {k for k, _ in KINDS}
    out: list[Entry] = []
    arrangements = {a.id: a for a in Arrangement.objects.filter(pupil=pupil)}
    if wanted & {ENTRIES, CHECKS}:
        for e in Event.current.filter(arrangement__pupil=pupil).select_related("recorded_by").order_by("date", "id"):
            kind = CHECKS if e.type in ("welfare_check", "visit") else ENTRIES
            if kind not in wanted:
                continue
            running = arrangements.get(e.arrangement_id)
            what = label(e.type, running.kind if running is not None else "")
            if e.type == "welfare_check" and e.fields.get("kind"):
                what += f" ({label(e.fields['kind']).lower()})"
            by = (e.recorded_by.get_full_name() or e.recorded_by.get_username()) if e.recorded_by else "Pathways"
            out.append(Entry(e.date, kind, what, e.note, arrangements.get(e.arrangement_id), by, e.id))
    if CONTACTS in wanted:  # the contact log's own contacts (its welfare checks are the entries above)
        for c in contact_log(pupil):
            if c.arrangement_id is None:
                concern = f" Concern raised with the DSL: {c.concern}" if c.concern_raised else ""
                slt = f" Senior leaders told: {c.slt[:1].lower()}{c.slt[1:]}." if c.slt else ""
                detail = f"{c.time:%H:%M}, with {c.with_whom}: {c.outcome}{concern}{slt}" if c.time else c.outcome
                out.append(Entry(c.day, CONTACTS, f"Contact: {c.how.lower()}", detail, None, c.by, c.order))
    if SESSIONS in wanted:  # the register of live sessions: each session and, on its day, a recording's deletion
        for s in LiveSession.objects.filter(pupils=pupil, pre_recorded=False).order_by("held_on", "id"):
            consent = "every parent consented" if s.all_parents_consented else "not every parent consented"
            kept = (f"recorded, to be deleted by {s.delete_by:%-d %B %Y}" if s.recorded and s.delete_by
                    else "recorded" if s.recorded else "not recorded")
            out.append(Entry(s.held_on, SESSIONS, "Live session", f"{s.group} on {s.platform}, led by {s.led_by}; "
                             f"{consent}; {kept}", None, "", s.id))
            if s.deleted_on is not None:
                late = " (after its deletion date)" if s.delete_by and s.deleted_on > s.delete_by else ""
                out.append(Entry(s.deleted_on, SESSIONS, "Recording deleted",
                                 f"The recording of the live session of {s.held_on:%-d %B %Y} ({s.group}) was "
                                 f"deleted{late}.", None, "", s.id))
    if FOLLOW_UPS in wanted:
        for f in FollowUp.objects.filter(pupil=pupil).select_related("mark").order_by("due", "id"):
            session = f.mark.get_session_display().lower()
            detail = (f"{f.get_kind_display()} by {f.due:%-d %B %Y} about the unexplained absence on "
                      f"{f.mark.date:%-d %B %Y} ({session}): {f.get_status_display().lower()}")
            out.append(Entry(f.mark.date, FOLLOW_UPS, "Absence follow-up", detail,
                             arrangements.get(f.arrangement_id), "", f.id))
    if RISK in wanted:
        for ra in RiskAssessment.objects.filter(arrangement__pupil=pupil).order_by("id"):
            day = ra.completed_on or ra.created_at.date()
            status = ra.get_status_display().lower()
            review = f"; next review by {ra.next_review_due:%-d %B %Y}" if ra.next_review_due else ""
            out.append(Entry(day, RISK, f"Risk assessment: {ra.title}", f"{status[:1].upper()}{status[1:]}{review}",
                             arrangements.get(ra.arrangement_id), "", ra.id))
    out.sort(key=lambda e: (e.date, e.kind, e.order))
    return out
