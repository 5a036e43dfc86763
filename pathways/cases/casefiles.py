"""From the database to the policy engine's case files, and back.

    case_for(arrangement, as_of)          -> Case
    cases_for(arrangements, as_of)        -> {arrangement id: Case}, in the queryset's order, with a
                                             fixed number of queries however many arrangements
    cases_on(arrangements, {day: ids})    -> {day: {arrangement id: Case}}: several days from one read
    export_case_file(arrangement, as_of)  -> the YAML text of the case file
    import_case_file(text, school, actor) -> Arrangement   (see arrangements/importing.py)

What a case file holds and the database keeps elsewhere:
- `policies`, `settings`, `school` and `calendar` are the school's (its policy packs and settings,
  its type, its half-terms and closures); an import leaves them to the school it imports into.
- The timetable of a case file is one usual week: the version in force on `as_of`.
- `provider.full_time_pupils` counts, across every school of the provider's trust, the provider's
  other pupils whose arrangement active on `as_of` puts them at the provider for more than
  full_time_hours_per_week, plus the pupils of settings outside the trust that the provider told
  us about (Provider.elsewhere_full_time_*). The counting is pathways.cases.registration's.
- Superseded events are left out: the rules read the chronology as corrected.
- Register sessions are the pupil's marks (attendance.Mark) from the arrangement's start, or the start
  of the school year of `as_of` if later, up to `as_of`. `case_for` (the arrangement page, exports,
  notices) lists every marked session; the bulk paths (`cases_for`, `cases_on`: Today, the trust
  dashboard, reports, the calendar feed) list the sessions of the days on which the pupil missed a
  session or was not at school or a provider (a mark not attended, or whose code is neither present
  nor educational activity: absences, I, C2 and the other not-possible codes). Those days are what
  the register's duties judge (10 days' unauthorised absence, 15 days' illness, missed provider and
  online sessions, daily contact on days away from school); a day fully attended is nothing to any of
  them (it breaks a run of absence, as an unlisted day does), and leaving those out keeps a year of
  marks out of every Today page. A code recorded wrongly on an attended session is refused when it is
  entered (the register, the provider's report, the MIS import), so the code rules have nothing to
  find there. A test on the demo fixes that both give the same due and unmet requirements.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import yaml
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from pathways.arrangements.importing import do_import_case_file
from pathways.arrangements.models import Arrangement, Event, Step, TimetableVersion, timetable_in_force
from pathways.arrangements.vocabulary import event_fields
from pathways.attendance.models import Mark
from pathways.cases.evidence import counted_as_evidence
from pathways.cases.registration import Placed, placed_at_providers_on, threshold_from
from pathways.policy import casefile as cf
from pathways.policy import codes as policy_codes
from pathways.policy import dump_case, parameters
from pathways.policy.calendar import school_year_of
from pathways.policy.clock import Time
from pathways.providers.checks import counted_checks
from pathways.providers.models import Provider, ProviderCheck
from pathways.pupils.models import Pupil
from pathways.remote import facts as remote_facts
from pathways.remote.contacts import contact_events
from pathways.schools.models import Closure, HalfTerm, School

# Which marked sessions a case lists: every one, the missed ones, or none (for callers that put in the
# sessions they judge themselves, as the register does).
ALL_SESSIONS, MISSED_SESSIONS, NO_SESSIONS = "all", "missed", "none"


def case_for(arrangement: Arrangement, as_of: dt.date, *, register: str = ALL_SESSIONS) -> cf.Case:
    return cases_for(Arrangement.objects.filter(pk=arrangement.pk), as_of, register=register)[arrangement.pk]


def cases_for(arrangements: QuerySet[Arrangement] | Iterable[Arrangement], as_of: dt.date, *,
              register: str = MISSED_SESSIONS) -> dict[int, cf.Case]:
    """Build every arrangement's case in bulk: one query per table, not per arrangement."""
    return cases_on(arrangements, {as_of: None}, register=register)[as_of]


def with_case_data(arrangements: QuerySet[Arrangement]) -> list[Arrangement]:
    """The arrangements with what their cases read besides the events (`cases_on(..., fetched=True)`)."""
    counted = Prefetch("provider__checks", queryset=ProviderCheck.objects.filter(counted_checks()))
    rows = list(arrangements.select_related("pupil", "school", "provider").prefetch_related(counted))
    read_usual_weeks(rows)
    return rows


@dataclasses.dataclass(frozen=True, slots=True)
class UsualWeek:
    """A timetable version as the cases read it (`timetable_in_force` takes these as it takes the model's)."""

    effective_from: dt.date
    slots: dict[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedStep:
    """A phased step as the cases read it."""

    from_date: dt.date
    hours_in_school: Decimal


def read_usual_weeks(rows: Sequence[Arrangement]) -> None:
    """Give arrangements already read their usual weeks and steps as plain lists (`case_timetables`,
    `case_steps`, in date order), which each case reads for each day: two queries. (Django's prefetching
    would cost more per arrangement than the rows; and without when each week was recorded: a timestamp
    costs more to read than the rest of the row.)"""
    ids = [a.pk for a in rows] or [0]  # [0]: no arrangement, and still the same queries
    # Read as values into two small classes, not model instances: the cases read two fields of each, and
    # on the trust's dashboard the 3,700 instances cost about 90 ms of CPU a request (bench/README.md).
    weeks: dict[int, list[UsualWeek]] = defaultdict(list)
    for arrangement_id, effective_from, slots in TimetableVersion.objects.filter(arrangement_id__in=ids).order_by(
        "arrangement_id", "effective_from", "id"
    ).values_list("arrangement_id", "effective_from", "slots"):
        weeks[arrangement_id].append(UsualWeek(effective_from, slots))
    steps: dict[int, list[PlannedStep]] = defaultdict(list)
    for arrangement_id, from_date, hours in Step.objects.filter(arrangement_id__in=ids).order_by(
        "arrangement_id", "from_date", "id"
    ).values_list("arrangement_id", "from_date", "hours_in_school"):
        steps[arrangement_id].append(PlannedStep(from_date, hours))
    for a in rows:
        a.case_timetables = weeks.get(a.pk, [])  # type: ignore[attr-defined]
        a.case_steps = steps.get(a.pk, [])  # type: ignore[attr-defined]


def cases_on(
    arrangements: QuerySet[Arrangement] | Iterable[Arrangement], wanted: Mapping[dt.date, Collection[int] | None],
    *, fetched: bool = False, register: str = MISSED_SESSIONS, events: bool = True,
) -> dict[dt.date, dict[int, cf.Case]]:
    """The cases of several days from one read: for each day of `wanted`, the case as of that day of each
    arrangement it names (None: all of them), in the queryset's order. The arrangements may be of many
    schools. One query per table (the providers' other pupils: one for all the days). With
    `fetched`, the arrangements are already read as `with_case_data` reads them and are not read again.
    Without `events` (and with NO_SESSIONS), the cases come without their chronology and register, the
    two large reads: `fill_cases` adds them to those that need them."""
    if fetched:
        rows = list(arrangements)
    else:
        if not isinstance(arrangements, QuerySet):
            arrangements = Arrangement.objects.filter(pk__in=[a.pk for a in arrangements])
        rows = with_case_data(arrangements)
    out: dict[dt.date, dict[int, cf.Case]] = {day: {} for day in wanted}
    if not rows:
        return out
    chronology, contacts = _with_contacts(_events_of([a.pk for a in rows]), rows) if events else ({}, {})
    school_ids = {a.school_id for a in rows}
    half_terms: dict[int, list[HalfTerm]] = defaultdict(list)
    closures: dict[int, list[dt.date]] = defaultdict(list)
    for h in HalfTerm.objects.filter(school_id__in=school_ids).order_by("start"):
        half_terms[h.school_id].append(h)
    for school_id, day in Closure.objects.filter(school_id__in=school_ids).order_by("date").values_list(
        "school_id", "date"
    ):
        closures[school_id].append(day)
    calendars = {school_id: _calendar(half_terms[school_id], closures[school_id]) for school_id in school_ids}
    settings = {a.school_id: _settings(a.school) for a in rows}
    remote = remote_facts.facts_of(
        {a.school_id for a in rows if remote_facts.PACKS & set(a.school.policy_packs or ())})
    providers = {a.provider for a in rows if a.provider is not None}
    provider_checks: dict[int, tuple[cf.ProviderCheck, ...]] = {}
    marked = _sessions_of(rows, wanted, register)
    chosen_on = {as_of: rows if ids is None else [a for a in rows if a.pk in ids] for as_of, ids in wanted.items()}
    # the providers' pupils of every day in one query (each provider's are the same whichever others are asked)
    placed_on = placed_at_providers_on(
        {a.provider for chosen in chosen_on.values() for a in chosen if a.provider is not None} & providers, wanted)
    for as_of, chosen in chosen_on.items():
        placed = placed_on[as_of]
        cases = out[as_of]
        for a in chosen:
            school = a.school
            provider = None
            if a.provider is not None:
                threshold = parameters.get("full_time_hours_per_week", as_of, settings[a.school_id])
                provider = _provider(a.provider, placed.get(a.provider.pk, []), a.pupil_id, threshold, as_of,
                                     provider_checks)
            cases[a.pk] = cf.Case(
                as_of=as_of,
                pupil=_pupil(a.pupil),
                arrangement=_arrangement(a, as_of),
                policies=tuple(school.policy_packs),
                settings=settings[a.school_id],
                school=cf.School(type=school.school_type, **(remote[a.school_id].on(as_of)
                                                             if a.school_id in remote else {})),
                calendar=calendars[a.school_id],
                provider=provider,
                events=tuple(chronology.get(a.pk, ())),
                sessions=_listed(marked.get(a.pupil_id, ()), max(a.start, _year_start(as_of)), as_of),
                contacts=contacts.get(a.pk, ()),
            )
    return out


def fill_cases(arrangements: Iterable[Arrangement], cases: Mapping[dt.date, Mapping[int, cf.Case]], *,
               register: str = MISSED_SESSIONS) -> dict[dt.date, dict[int, cf.Case]]:
    """Cases built without their events and sessions (`cases_on(..., events=False, register=NO_SESSIONS)`)
    with them: the events of every arrangement named, and the register sessions `register` lists. Two
    queries (one with NO_SESSIONS), even for no cases, so a page asks the same whatever its data."""
    rows = {a.pk: a for a in arrangements}
    named = sorted({pk for by_id in cases.values() for pk in by_id})
    chosen = [rows[pk] for pk in named]
    chronology, contacts = _with_contacts(_events_of(named or [0]), chosen)  # [0]: no arrangement
    marked = _sessions_of(chosen, dict.fromkeys(cases), register) if chosen else {}
    out: dict[dt.date, dict[int, cf.Case]] = {}
    for as_of, by_id in cases.items():
        out[as_of] = {
            pk: dataclasses.replace(case, events=tuple(chronology.get(pk, ())), sessions=_listed(
                marked.get(rows[pk].pupil_id, ()), max(rows[pk].start, _year_start(as_of)), as_of),
                contacts=contacts.get(pk, ()))
            for pk, case in by_id.items()
        }
    return out


# Codes of a session attended, at school or in approved educational activity, in either code set.
ATTENDING_CODES = sorted({
    code for code_set in (policy_codes.CODES_2006, policy_codes.CODES_2024) for code, c in code_set.codes.items()
    if c.category in ("present", "educational_activity")
})


def _year_start(day: dt.date) -> dt.date:
    return dt.date(school_year_of(day), 9, 1)


def _sessions_of(rows: list[Arrangement], wanted: Mapping[dt.date, Collection[int] | None],
                 register: str) -> dict[int, list[cf.Session]]:
    """The marked sessions of the arrangements' pupils, by pupil, in date order: one query."""
    if register == NO_SESSIONS or not wanted:
        return {}
    within = {"pupil_id__in": {a.pupil_id for a in rows},
              "date__gte": max(min(a.start for a in rows), _year_start(min(wanted))), "date__lte": max(wanted)}
    marks = Mark.objects.filter(**within)
    if register == MISSED_SESSIONS:
        # every session of a day on which the pupil missed one or was not at school or a provider (a code
        # other than a present or educational-activity one, or none yet): a rule judging such a day sees
        # it whole, as with every session listed. (On PostgreSQL the inner query repeats the pupils and
        # dates, or the planner hashes every school's marks; SQLite looks each day up by the unique
        # index, and given the pupils again it scans their list for every row.)
        same_day = Mark.objects.filter(**within) if connection.vendor == "postgresql" else Mark.objects.all()
        missed = same_day.filter(pupil_id=OuterRef("pupil_id"), date=OuterRef("date")).filter(
            Q(attended=False) | ~Q(code__in=ATTENDING_CODES))
        marks = marks.filter(Exists(missed))
    out: dict[int, list[cf.Session]] = defaultdict(list)
    for pupil_id, day, session, attended, reason, arrived, expected, code, reported_at in marks.order_by(
        "date", "session"
    ).values_list("pupil_id", "date", "session", "attended", "absence_reason", "arrived", "expected", "code",
                  "reported_at"):
        out[pupil_id].append(cf.Session(
            date=day, session=session, attended=attended is not False,
            arrived=Time(arrived.hour, arrived.minute) if arrived is not None else None,
            reason=reason or None, where=expected or None, recorded=code or None,
            provider_reported_at=_reported_on(reported_at, day),
        ))
    return out


def _reported_on(reported_at: dt.datetime | None, day: dt.date) -> Time | None:
    """When the provider reported the session, if on the session's day (the deadline rules read it)."""
    if reported_at is None:
        return None
    local = timezone.localtime(reported_at) if timezone.is_aware(reported_at) else reported_at
    return Time(local.hour, local.minute) if local.date() == day else None


def _listed(sessions: Iterable[cf.Session], first: dt.date, last: dt.date) -> tuple[cf.Session, ...]:
    return tuple(s for s in sessions if first <= s.date <= last)


def _events_of(arrangement_ids: list[int]) -> dict[int, list[cf.Event]]:
    """The current events of these arrangements, in date order, as the engine's events. The chronology is
    the largest table a case reads, so its rows are read through the cursor as plain values (no model
    instances), the details decoded only for the types that carry any, and each arrangement's few events
    put in order here rather than all of them sorted by the database."""
    if not arrangement_ids:
        return {}
    query = (
        Event.current.filter(arrangement_id__in=arrangement_ids)
        .filter(counted_as_evidence())
        .order_by()
        .values_list("arrangement_id", "date", "id", "type", "fields")
    )
    sql, params = query.query.sql_with_params()
    read: dict[int, list[tuple[dt.date, int, cf.Event]]] = defaultdict(list)
    details: dict[tuple[str, Any], dict[str, Any]] = {}  # the same few details recur: decode each once
    with_fields = cf.EVENT_FIELDS
    make = cf.Event
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    dates: dict[Any, dt.date] = {}
    for arrangement_id, day, pk, event_type, fields in rows:
        if day.__class__ is not dt.date:  # SQLite keeps dates as text
            day = dates.get(day) or dates.setdefault(day, dt.date.fromisoformat(day))
        if event_type in with_fields:
            key = (event_type, fields if isinstance(fields, str | bytes) else json.dumps(fields, sort_keys=True))
            given = details.get(key)
            if given is None:
                given = details[key] = event_fields(
                    event_type, json.loads(fields) if isinstance(fields, str | bytes) else fields
                )
            read[arrangement_id].append((day, pk, make(day, event_type, **given)))
        else:
            read[arrangement_id].append((day, pk, make(day, event_type)))
    events: dict[int, list[cf.Event]] = defaultdict(list)
    for arrangement_id, found in read.items():
        found.sort(key=_by_date_and_id)
        events[arrangement_id] = [event for _, _, event in found]
    return events


def _with_contacts(chronology: dict[int, list[cf.Event]], rows: Sequence[Arrangement],
                   ) -> tuple[dict[int, list[cf.Event]], dict[int, tuple[cf.Contact, ...]]]:
    """Each arrangement's events with what its pupil's contact log and the register of live sessions add
    (pathways.remote.contacts.contact_events: a contact is the welfare check, recorded once), in date order,
    and each arrangement's pupil's contacts of every channel (the case's `contacts`): two queries."""
    added, logged = contact_events({a.pupil_id for a in rows})
    contacts = {a.pk: tuple(logged[a.pupil_id]) for a in rows if logged.get(a.pupil_id)}
    if not added:
        return chronology, contacts
    out: dict[int, list[cf.Event]] = defaultdict(list, chronology)
    for a in rows:
        more = added.get(a.pupil_id)
        if more:
            out[a.pk] = sorted([*chronology.get(a.pk, ()), *more], key=lambda e: e.date)
    return out, contacts


def _by_date_and_id(row: tuple[dt.date, int, cf.Event]) -> tuple[dt.date, int]:
    return row[0], row[1]


def export_case_file(arrangement: Arrangement, as_of: dt.date) -> str:
    """The case file of an arrangement as YAML, in the canonical form `pathways check` reads."""
    return dump_yaml(dump_case(case_for(arrangement, as_of)))


def import_case_file(text: str | bytes, school: School, actor: Any) -> Arrangement:
    """Create the arrangement a case file describes in `school`. See arrangements.importing."""
    return do_import_case_file(text=text, school=school, actor=actor)


class _Dumper(yaml.SafeDumper):
    pass


def _inline_leaves(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
    """Small mappings of plain values on one line ({date: ..., type: ...}), as the examples are written."""
    flow = all(not isinstance(v, dict | list) for v in data.values()) and len(data) <= 8
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_Dumper.add_representer(dict, _inline_leaves)


def dump_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


# ----------------------------------------------------------------------------- pieces


def _settings(school: School) -> dict[str, Any]:
    """The school's overrides as the engine reads them (times as Time and so on)."""
    out = {}
    for key, raw in (school.policy_settings or {}).items():
        got = parameters.validate_override(key, raw)
        if not isinstance(got, parameters.Invalid):
            out[key] = got
    return out


# What a case reads of the pupil (`_pupil`): the trust dashboard reads only these, as values (today.rows).
PUPIL_FIELDS = ("date_of_birth", "upn", "year_group", "send", "looked_after", "social_worker",
                "child_protection_plan", "medical_condition", "vulnerability_override")


def _pupil(p: Pupil) -> cf.Pupil:
    return cf.Pupil(
        date_of_birth=p.date_of_birth,
        upn=p.upn or None,
        year_group=p.year_group,
        send=p.send,
        looked_after=p.looked_after,
        social_worker=p.social_worker,
        child_protection_plan=p.child_protection_plan,
        medical_condition=p.medical_condition,
        vulnerability=p.vulnerability_override or None,
    )


def _calendar(half_terms: list[HalfTerm], closures: list[dt.date]) -> cf.Calendar | None:
    if not half_terms and not closures:
        return None
    return cf.Calendar(
        half_terms=tuple(cf.HalfTerm(name=h.name, start=h.start, end=h.end) for h in half_terms),
        closures=tuple(closures),
    )


def timetable_of(slots: dict[str, Any]) -> cf.Timetable:
    days = {
        day: cf.DaySlots(am=(sessions or {}).get("am"), pm=(sessions or {}).get("pm"))
        for day, sessions in slots.items()
    }
    return cf.Timetable(**days)


def _hours(value: Decimal) -> float | int:
    return int(value) if value == int(value) else float(value)


def _arrangement(a: Arrangement, as_of: dt.date) -> cf.Arrangement:
    timetables = a.case_timetables if hasattr(a, "case_timetables") else list(a.timetables.all())
    steps = a.case_steps if hasattr(a, "case_steps") else list(a.steps.all())
    version = timetable_in_force(timetables, as_of)
    return cf.Arrangement(
        kind=a.kind,
        start=a.start,
        reason=a.reason or None,
        end=a.end,
        timetable=timetable_of(version.slots) if version is not None else cf.Timetable(),
        steps=tuple(cf.Step(from_=s.from_date, hours_in_school=_hours(s.hours_in_school)) for s in steps),
        suspension_days=tuple(a.suspension_dates),
        year11_exams_finished=a.year11_exams_finished,
    )


def _event(e: Event) -> cf.Event:
    return cf.Event(date=e.date, type=e.type, **event_fields(e.type, e.fields))


# ----------------------------------------------------------------------------- the registration threshold


def _provider(p: Provider, placed: list[Placed], pupil_id: int, threshold: int, as_of: dt.date,
              checks: dict[int, tuple[cf.ProviderCheck, ...]] | None = None) -> cf.Provider:
    """The provider as the case gives it; `checks` keeps each provider's checks once read."""
    others = threshold_from(p, placed, as_of=as_of, hours_per_week=threshold, leave_out_pupil_id=pupil_id)
    if checks is None or p.pk not in checks:
        read = tuple(
            cf.ProviderCheck(type=c.type, date=c.date, expires=c.expires)
            for c in sorted(p.checks.all(), key=lambda c: (c.date, c.id))
        )
        if checks is None:
            checks = {}
        checks[p.pk] = read
    return cf.Provider(
        name=p.name,
        kind=p.kind,
        registration=p.registration,
        arranged_by=p.arranged_by,
        live_teaching=p.live_teaching,
        full_time_pupils=cf.FullTimePupils(
            compulsory_age=others.compulsory_age,
            looked_after_or_ehcp=others.looked_after_or_ehcp,
            sen=others.sen,
        ),
        checks=checks[p.pk],
    )
