"""The case file, version 1: a strict reader and a canonical writer.

A case file is one pupil's arrangement as a single YAML or JSON document (see
/work/shared/spec/case-file.md, "The case file, version 1", and docs/policy-engine.md). This
module turns one into frozen dataclasses and back:

    parse_case(data)      a mapping already loaded from YAML or JSON  -> Case
    load_case(text)       YAML or JSON text (str or bytes)            -> Case
    read_case(path)       a file on disk ("-" is standard input)      -> Case
    dump_case(case)       Case -> the canonical dict (dump -> parse -> dump is identical)

Every problem with the input raises CaseFileError, never anything else. Its `errors` list holds
one line per problem, each naming the path of the offending value exactly, e.g.
``events[3].date: not a date: '2025-02-30'``. Unknown keys are errors, not ignored.

Defaults are applied while reading (an event's `written` is true unless it says otherwise, a
session is attended unless it says otherwise), and the writer leaves out every value that equals
its default, so the canonical dict is the smallest file that means the same case.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pathways.policy import parameters as _parameters
from pathways.policy.clock import Time
from pathways.policy.upn import check_upn

FORMAT = "pathways-case/1"

# ----------------------------------------------------------------------------- vocabularies

PACKS = (
    "national",
    "online-learning-packages",
    "return-to-learn",
    "remote-education-offer",
    "special-school-remote",
    "alternative-pathways",
)
SCHOOL_TYPES = ("maintained", "academy", "special", "pru")
SEND = ("none", "sen_support", "ehcp")
VULNERABILITY = ("low", "medium", "high")
PROVIDER_KINDS = (
    "alternative_provision",
    "online_learning",
    "tuition",
    "hospital_education",
    "another_school",
)
REGISTRATIONS = ("registered_school", "unregistered", "online_accredited")
ARRANGED_BY = ("school", "local_authority")
CHECK_TYPES = (
    "registration_checked",
    "staff_checks_confirmed",
    "safeguarding_policy",
    "child_protection_policy_shared",
    "health_and_safety",
    "initial_visit",
    "provider_checklist",
    "commissioning_agreement",
    "quality_review",
    "absence_alert_agreed",
    "identity_checks",
)
ARRANGEMENT_KINDS = (
    "alternative_provision",
    "part_time_timetable",
    "flexi_schooling",
    "online_learning",
    "remote_learning",
    "return_to_learn",
    "off_site_direction",
    "suspension",
    "health_needs",
)
REASONS = (
    "medical",
    "injury",
    "mental_health",
    "ebsa",
    "behaviour",
    "suspension",
    "reintegration",
    "parental_request",
    "exclusion_risk",
    "other",
)
WHERE = ("school", "provider", "online", "home", "another_school", "not_required")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SESSIONS = ("am", "pm")
ABSENCE_REASONS = (
    "illness",
    "medical_appointment",
    "religious_observance",
    "unknown",
    "unauthorised",
    "study_leave",
    "interview",
    "exceptional",
    "transport_not_arranged",
    "transport_failed",
)
EVENT_TYPES = (
    "parent_consent",
    "parent_request",
    "review_request",
    "parent_information",
    "direction_notice",
    "written_agreement",
    "headteacher_approval",
    "trust_approval",
    "la_approval",
    "trust_consulted",
    "slt_decision",
    "la_notified",
    "social_worker_informed",
    "agencies_informed",
    "governors_informed",
    "attendance_officer_informed",
    "provider_information_shared",
    "plan_agreed",
    "planning_meeting",
    "risk_assessment",
    "reintegration_plan",
    "healthcare_plan",
    "send_plan_updated",
    "behaviour_plan_updated",
    "medical_evidence",
    "support_strategies_started",
    "iss_consulted",
    "iss_referral",
    "consideration_form",
    "student_checklist",
    "induction",
    "equipment_agreement",
    "review",
    "visit",
    "welfare_check",
    "progress_report",
    "provider_report",
    "timetable_review",
    "pupil_views",
    "recording_consent",
    "end",
    "final_report",
)
MEDICAL_EVIDENCE_SOURCES = (
    "consultant",
    "community_paediatrician",
    "camhs_psychiatrist",
    "gp",
    "waiting_list",
)
REVIEW_OUTCOMES = ("satisfactory", "unsatisfactory")
END_OUTCOMES = ("full_time_school", "continued_elsewhere", "other")
WELFARE_CHECK_KINDS = ("phone", "home_visit", "in_person")
REQUESTED_BY = ("parent", "la")

# The optional fields each event type may carry; any other key on an event is an error.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "parent_consent": ("written",),
    "parent_request": ("written",),
    "review_request": ("written", "by"),
    "medical_evidence": ("source",),
    "review": ("outcome", "parent_attended"),
    "welfare_check": ("kind",),
    "recording_consent": ("all_parents",),
    "end": ("outcome",),
}

DEFAULT_REGISTER = {
    "am_opens": "08:50",
    "am_closes": "09:20",
    "am_ends": "12:00",
    "pm_opens": "13:15",
    "pm_closes": "13:45",
    "pm_ends": "15:30",
}


class CaseFileError(ValueError):
    """The case file could not be read. `errors` lists every problem, each starting with its path."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: list[str] = list(errors) or ["(root): the case file could not be read"]
        super().__init__("\n".join(self.errors))


# ----------------------------------------------------------------------------- the typed case


_AM_OPENS, _AM_CLOSES, _AM_ENDS = Time(8, 50), Time(9, 20), Time(12, 0)
_PM_OPENS, _PM_CLOSES, _PM_ENDS = Time(13, 15), Time(13, 45), Time(15, 30)


@dataclass(frozen=True, slots=True)
class Register:
    """When the register opens and closes and the session ends, morning and afternoon."""

    am_opens: Time = _AM_OPENS
    am_closes: Time = _AM_CLOSES
    am_ends: Time = _AM_ENDS
    pm_opens: Time = _PM_OPENS
    pm_closes: Time = _PM_CLOSES
    pm_ends: Time = _PM_ENDS

    def opens(self, session: str) -> Time:
        return self.am_opens if session == "am" else self.pm_opens

    def closes(self, session: str) -> Time:
        return self.am_closes if session == "am" else self.pm_closes

    def ends(self, session: str) -> Time:
        return self.am_ends if session == "am" else self.pm_ends


@dataclass(frozen=True, slots=True)
class LiveLessons:
    """Extension (school level, remote-education-offer pack): how live online lessons are run."""

    written_consent: bool | None = None
    group_only: bool | None = None
    recorded: bool | None = None
    call_log: bool | None = None


@dataclass(frozen=True, slots=True)
class Recording:
    """Extension (return-to-learn pack): a recording of a live lesson or conversation with the pupil
    that the school kept, made on `date`; `deleted` when it was deleted (None: still kept)."""

    date: _dt.date
    deleted: _dt.date | None = None
    pre_recorded: bool = False
    first_names_only: bool | None = None


@dataclass(frozen=True, slots=True)
class School:
    """The school. `type` defaults to academy. The last five fields are documented extensions
    for school-level rules (docs/policy-engine.md, "Extension keys")."""

    type: str = "academy"
    register: Register = Register()
    register_given: tuple[str, ...] = ()
    remote_education_lead: str | None = None
    device_survey: _dt.date | None = None
    remote_audits: tuple[_dt.date, ...] = ()
    live_lessons: LiveLessons | None = None
    recordings: tuple[Recording, ...] = ()


@dataclass(frozen=True, slots=True)
class HalfTerm:
    name: str | None
    start: _dt.date
    end: _dt.date


@dataclass(frozen=True, slots=True)
class Calendar:
    half_terms: tuple[HalfTerm, ...] = ()
    closures: tuple[_dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Pupil:
    date_of_birth: _dt.date | None = None
    upn: str | None = None
    year_group: int | None = None
    send: str = "none"
    looked_after: bool = False
    social_worker: bool = False
    child_protection_plan: bool = False
    medical_condition: bool = False
    vulnerability: str | None = None

    @property
    def ehcp(self) -> bool:
        return self.send == "ehcp"

    @property
    def effective_vulnerability(self) -> str:
        """The override if given; else high (looked after, CP plan, social worker), medium (EHCP, SEN
        support, medical condition) or low (case-file.md, `pupil.vulnerability`)."""
        if self.vulnerability is not None:
            return self.vulnerability
        if self.looked_after or self.child_protection_plan or self.social_worker:
            return "high"
        if self.send != "none" or self.medical_condition:
            return "medium"
        return "low"


@dataclass(frozen=True, slots=True)
class FullTimePupils:
    """Pupils the provider educates full time elsewhere (this pupil not included)."""

    compulsory_age: int = 0
    looked_after_or_ehcp: int = 0
    sen: int = 0


@dataclass(frozen=True, slots=True)
class ProviderCheck:
    type: str
    date: _dt.date
    expires: _dt.date | None = None

    @property
    def lapses(self) -> _dt.date | None:
        """The day the record stops being in force: its `expires`; without one, a health_and_safety
        record lapses a year after its date (renewed annually) and any other never does
        (case-file.md, "Settled after the second review of the cases")."""
        if self.expires is not None or self.type != "health_and_safety":
            return self.expires
        try:
            return self.date.replace(year=self.date.year + 1)
        except ValueError:  # 29 February
            return _dt.date(self.date.year + 1, 3, 1)

    def in_force_on(self, day: _dt.date) -> bool:
        """Recorded on or before `day` and not lapsed (no longer in force on the day it lapses)."""
        lapses = self.lapses
        return self.date <= day and (lapses is None or day < lapses)


@dataclass(frozen=True, slots=True)
class Provider:
    name: str | None = None
    kind: str | None = None
    registration: str | None = None
    arranged_by: str = "school"
    live_teaching: bool | None = None
    full_time_pupils: FullTimePupils | None = None
    checks: tuple[ProviderCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class DaySlots:
    am: str | None = None
    pm: str | None = None


@dataclass(frozen=True, slots=True)
class Timetable:
    """The usual week. A session not listed is `school`."""

    mon: DaySlots | None = None
    tue: DaySlots | None = None
    wed: DaySlots | None = None
    thu: DaySlots | None = None
    fri: DaySlots | None = None

    def day(self, weekday: int) -> DaySlots | None:
        """Monday is 0; Saturday and Sunday have no slots."""
        if weekday == 0:
            return self.mon
        if weekday == 1:
            return self.tue
        if weekday == 2:
            return self.wed
        if weekday == 3:
            return self.thu
        if weekday == 4:
            return self.fri
        return None

    def where(self, weekday: int, session: str) -> str:
        slots = self.day(weekday)
        if slots is None:
            return "school"
        value = slots.am if session == "am" else slots.pm
        return value or "school"

    def count(self, where: str) -> int:
        """How many sessions of the usual week are in `where`."""
        return sum(1 for wd in range(5) for s in SESSIONS if self.where(wd, s) == where)


@dataclass(frozen=True, slots=True)
class Step:
    from_: _dt.date
    hours_in_school: float


@dataclass(frozen=True, slots=True)
class Arrangement:
    kind: str
    start: _dt.date
    reason: str | None = None
    end: _dt.date | None = None
    timetable: Timetable = Timetable()
    steps: tuple[Step, ...] = ()
    suspension_days: tuple[_dt.date, ...] = ()
    year11_exams_finished: bool = False

    def is_active(self, day: _dt.date) -> bool:
        """Active from start to end inclusive; with no end, open."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the chronology. Fields that do not belong to the event's type are None."""

    date: _dt.date
    type: str
    written: bool | None = None
    by: str | None = None
    outcome: str | None = None
    parent_attended: bool | None = None
    source: str | None = None
    kind: str | None = None
    all_parents: bool | None = None


@dataclass(frozen=True, slots=True)
class Session:
    date: _dt.date
    session: str
    attended: bool = True
    arrived: Time | None = None
    reason: str | None = None
    where: str | None = None
    recorded: str | None = None
    provider_reported_at: Time | None = None


@dataclass(frozen=True, slots=True)
class Expect:
    unmet: tuple[str, ...] = ()
    met: tuple[str, ...] = ()
    late: tuple[str, ...] = ()
    due: tuple[tuple[str, _dt.date], ...] = ()
    no_duty: tuple[str, ...] = ()
    codes: tuple[str | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class Case:
    as_of: _dt.date
    pupil: Pupil
    arrangement: Arrangement
    policies: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    school: School = School()
    calendar: Calendar | None = None
    provider: Provider | None = None
    events: tuple[Event, ...] = ()
    sessions: tuple[Session, ...] = ()
    expect: Expect | None = None

    @property
    def packs(self) -> tuple[str, ...]:
        """The packs in force: national first, then the case's policies in catalogue order."""
        chosen = set(self.policies)
        return ("national", *(p for p in PACKS[1:] if p in chosen))


# ----------------------------------------------------------------------------- reading

_DATE_RE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_T = TypeVar("_T")
_MISSING: Any = object()


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Collects errors while walking the document; every check names the value's path."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path or '(root)'}: {message}")

    # --- shapes

    def mapping(
        self, value: Any, path: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of keys, not {_kind(value)}")
            return None
        allowed_set = set(allowed)
        required = tuple(required)
        ok: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                self.error(path, f"keys must be text, not {_kind(key)}: {_show(key)}")
            elif key not in allowed_set:
                self.error(_join(path, key), "unknown key")
            elif item is not None or key in required:
                ok[key] = item  # an optional key written as null means the same as leaving it out
        for key in required:
            if key not in value:
                self.error(_join(path, key), "required key missing")
        return ok

    def listing(self, value: Any, path: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(path, f"must be a list, not {_kind(value)}")
            return None
        return value

    def items(self, value: Any, path: str, read: Callable[[Any, str], _T | None]) -> tuple[_T, ...]:
        items = self.listing(value, path)
        if items is None:
            return ()
        out: list[_T] = []
        for i, item in enumerate(items):
            got = read(item, f"{path}[{i}]")
            if got is not None:
                out.append(got)
        return tuple(out)

    # --- scalars

    def date(self, value: Any, path: str) -> _dt.date | None:
        if isinstance(value, _dt.datetime):
            self.error(path, f"a date and time, not a date: {_show(str(value))} (write YYYY-MM-DD)")
            return None
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            match = _DATE_RE.match(value)
            if match:
                try:
                    return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                except ValueError:
                    pass
        self.error(path, f"not a date: {_show(value)}")
        return None

    def optional_date(self, value: Any, path: str) -> _dt.date | None:
        return None if value is None else self.date(value, path)

    def time(self, value: Any, path: str) -> Time | None:
        if isinstance(value, str):
            try:
                return Time.parse(value)
            except ValueError:
                self.error(path, f'not a time: {_show(value)} (write "HH:MM", 24-hour)')
                return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            hint = f'"{value // 60:02d}:{value % 60:02d}"'
            self.error(
                path,
                f"not a time: {value} (an unquoted time is read by YAML as a number of minutes; "
                f"write it in quotes: {hint})",
            )
            return None
        self.error(path, f'not a time: {_show(value)} (write "HH:MM" in quotes)')
        return None

    def boolean(self, value: Any, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(path, f"not true or false: {_show(value)}")
        return None

    def integer(self, value: Any, path: str, minimum: int | None = 0) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            if minimum is not None and value < minimum:
                self.error(path, f"must be at least {minimum}: {value}")
                return None
            return value
        self.error(path, f"not a whole number: {_show(value)}")
        return None

    def number(self, value: Any, path: str) -> float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            if value < 0 or value in (float("inf"), float("-inf")):
                self.error(path, f"must be a number of hours, 0 or more: {_show(value)}")
                return None
            return value
        self.error(path, f"not a number: {_show(value)}")
        return None

    def text(self, value: Any, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self.error(path, f"not text: {_show(value)}")
        return None

    def choice(self, value: Any, path: str, allowed: Sequence[str]) -> str | None:
        if isinstance(value, str) and value in allowed:
            return value
        self.error(path, f"not one of {', '.join(allowed)}: {_show(value)}")
        return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return "a date"
    return type(value).__name__


_TOP = (
    "format",
    "as_of",
    "policies",
    "settings",
    "school",
    "calendar",
    "pupil",
    "provider",
    "arrangement",
    "events",
    "sessions",
    "expect",
)


def parse_case(data: Any) -> Case:
    """Read a loaded YAML/JSON document into a Case. Raises CaseFileError naming every bad path."""
    try:
        return _parse(data)
    except CaseFileError:
        raise
    except RecursionError:
        raise CaseFileError(["(root): the case file is nested too deeply"]) from None
    except Exception as exc:  # a reader bug must still surface as a CaseFileError
        raise CaseFileError([f"(root): the case file could not be read ({type(exc).__name__}: {exc})"]) from None


def _parse(data: Any) -> Case:
    r = _Reader()
    top = r.mapping(data, "", _TOP, required=("format", "as_of", "pupil", "arrangement"))
    if top is None:
        raise CaseFileError(r.errors)
    fmt = top.get("format", _MISSING)
    if fmt is not _MISSING and fmt != FORMAT:
        r.error("format", f"must be {FORMAT!r}, not {_show(fmt)}")
    as_of = r.date(top["as_of"], "as_of") if "as_of" in top else None
    policies: tuple[str, ...] = ()
    if "policies" in top:
        policies = r.items(top["policies"], "policies", lambda v, p: r.choice(v, p, PACKS))
    settings = _read_settings(r, top["settings"]) if "settings" in top else {}
    school = _read_school(r, top["school"]) if "school" in top else School()
    calendar = _read_calendar(r, top["calendar"]) if "calendar" in top else None
    pupil = _read_pupil(r, top["pupil"]) if "pupil" in top else None
    provider = _read_provider(r, top["provider"]) if "provider" in top and top["provider"] is not None else None
    arrangement = _read_arrangement(r, top["arrangement"]) if "arrangement" in top else None
    events = r.items(top["events"], "events", lambda v, p: _read_event(r, v, p)) if "events" in top else ()
    sessions = r.items(top["sessions"], "sessions", lambda v, p: _read_session(r, v, p)) if "sessions" in top else ()
    expect = _read_expect(r, top["expect"]) if "expect" in top else None
    if r.errors or as_of is None or pupil is None or arrangement is None:
        raise CaseFileError(r.errors)
    return Case(
        as_of=as_of,
        pupil=pupil,
        arrangement=arrangement,
        policies=policies,
        settings=settings,
        school=school,
        calendar=calendar,
        provider=provider,
        events=events,
        sessions=sessions,
        expect=expect,
    )


def _read_settings(r: _Reader, value: Any) -> dict[str, Any]:
    known = _parameters.names()
    m = r.mapping(value, "settings", known)
    if m is None:
        return {}
    out: dict[str, Any] = {}
    for key, item in m.items():
        got = _parameters.validate_override(key, item)
        if isinstance(got, _parameters.Invalid):
            r.error(f"settings.{key}{got.subpath}", got.message)
        else:
            out[key] = got
    return out


def _read_school(r: _Reader, value: Any) -> School:
    allowed = (
        "type",
        "register",
        "remote_education_lead",
        "device_survey",
        "remote_audits",
        "live_lessons",
        "recordings",
    )
    m = r.mapping(value, "school", allowed)
    if m is None:
        return School()
    kind = r.choice(m["type"], "school.type", SCHOOL_TYPES) if "type" in m else "academy"
    register = Register()
    given: tuple[str, ...] = ()
    if "register" in m:
        reg = r.mapping(m["register"], "school.register", DEFAULT_REGISTER)
        if reg is not None:
            times: dict[str, Time] = {}
            for key in DEFAULT_REGISTER:
                if key in reg:
                    t = r.time(reg[key], f"school.register.{key}")
                    if t is not None:
                        times[key] = t
            given = tuple(k for k in DEFAULT_REGISTER if k in times)
            register = Register(**times)
            for s in SESSIONS:
                o, c, e = register.opens(s), register.closes(s), register.ends(s)
                if not (o.minutes <= c.minutes <= e.minutes):
                    r.error("school.register", f"the {s} register must open, then close, then end ({o}, {c}, {e})")
    lead = r.text(m["remote_education_lead"], "school.remote_education_lead") if "remote_education_lead" in m else None
    survey = r.date(m["device_survey"], "school.device_survey") if "device_survey" in m else None
    audits = r.items(m["remote_audits"], "school.remote_audits", r.date) if "remote_audits" in m else ()
    live = None
    if "live_lessons" in m:
        keys = ("written_consent", "group_only", "recorded", "call_log")
        ll = r.mapping(m["live_lessons"], "school.live_lessons", keys)
        if ll is not None:
            live = LiveLessons(**{k: r.boolean(ll[k], f"school.live_lessons.{k}") for k in keys if k in ll})

    def recording(v: Any, p: str) -> Recording | None:
        rec = r.mapping(v, p, ("date", "deleted", "pre_recorded", "first_names_only"), required=("date",))
        if rec is None:
            return None
        made = r.date(rec["date"], f"{p}.date") if "date" in rec else None
        deleted = r.optional_date(rec["deleted"], f"{p}.deleted") if "deleted" in rec else None
        pre = r.boolean(rec["pre_recorded"], f"{p}.pre_recorded") if "pre_recorded" in rec else False
        names = r.boolean(rec["first_names_only"], f"{p}.first_names_only") if "first_names_only" in rec else None
        if made is None:
            return None
        return Recording(made, deleted, bool(pre), names)

    recordings = r.items(m["recordings"], "school.recordings", recording) if "recordings" in m else ()
    return School(
        type=kind or "academy",
        register=register,
        register_given=given,
        remote_education_lead=lead,
        device_survey=survey,
        remote_audits=audits,
        live_lessons=live,
        recordings=recordings,
    )


def _read_calendar(r: _Reader, value: Any) -> Calendar | None:
    m = r.mapping(value, "calendar", ("half_terms", "closures"))
    if m is None:
        return None

    def half_term(v: Any, p: str) -> HalfTerm | None:
        ht = r.mapping(v, p, ("name", "start", "end"), required=("start", "end"))
        if ht is None:
            return None
        name = r.text(ht["name"], f"{p}.name") if "name" in ht else None
        start = r.date(ht["start"], f"{p}.start") if "start" in ht else None
        end = r.date(ht["end"], f"{p}.end") if "end" in ht else None
        if start is None or end is None:
            return None
        if end < start:
            r.error(f"{p}.end", f"before the start ({start.isoformat()}): {end.isoformat()}")
            return None
        return HalfTerm(name, start, end)

    half_terms = r.items(m["half_terms"], "calendar.half_terms", half_term) if "half_terms" in m else ()
    for i in range(1, len(half_terms)):
        if half_terms[i].start <= half_terms[i - 1].end:
            r.error(
                f"calendar.half_terms[{i}].start",
                f"must come after the end of the half-term before it ({half_terms[i - 1].end.isoformat()})",
            )
    closures = r.items(m["closures"], "calendar.closures", r.date) if "closures" in m else ()
    return Calendar(half_terms=half_terms, closures=closures)


def _read_pupil(r: _Reader, value: Any) -> Pupil | None:
    keys = (
        "upn",
        "date_of_birth",
        "year_group",
        "send",
        "looked_after",
        "social_worker",
        "child_protection_plan",
        "medical_condition",
        "vulnerability",
    )
    m = r.mapping(value, "pupil", keys)
    if m is None:
        return None
    upn = None
    if "upn" in m:
        upn = r.text(m["upn"], "pupil.upn")
        if upn is not None:
            verdict = check_upn(upn)
            if not verdict.valid:
                r.error("pupil.upn", f"not a valid UPN: {verdict.error}: {_show(upn)}")
    dob = r.date(m["date_of_birth"], "pupil.date_of_birth") if "date_of_birth" in m else None
    year_group = None
    if "year_group" in m and m["year_group"] is not None:
        year_group = r.integer(m["year_group"], "pupil.year_group", minimum=None)
        if year_group is not None and not -3 <= year_group <= 14:
            r.error("pupil.year_group", f"not a school year group (0 is Reception, 1-13): {year_group}")
    flags = {
        k: r.boolean(m[k], f"pupil.{k}")
        for k in ("looked_after", "social_worker", "child_protection_plan", "medical_condition")
        if k in m
    }
    return Pupil(
        date_of_birth=dob,
        upn=upn,
        year_group=year_group,
        send=(r.choice(m["send"], "pupil.send", SEND) or "none") if "send" in m else "none",
        looked_after=bool(flags.get("looked_after")),
        social_worker=bool(flags.get("social_worker")),
        child_protection_plan=bool(flags.get("child_protection_plan")),
        medical_condition=bool(flags.get("medical_condition")),
        vulnerability=(
            r.choice(m["vulnerability"], "pupil.vulnerability", VULNERABILITY)
            if "vulnerability" in m and m["vulnerability"] is not None
            else None
        ),
    )


def _read_provider(r: _Reader, value: Any) -> Provider | None:
    keys = ("name", "kind", "registration", "arranged_by", "live_teaching", "full_time_pupils", "checks")
    m = r.mapping(value, "provider", keys)
    if m is None:
        return None
    ftp = None
    if "full_time_pupils" in m:
        f = r.mapping(
            m["full_time_pupils"],
            "provider.full_time_pupils",
            ("compulsory_age", "looked_after_or_ehcp", "sen"),
        )
        if f is not None:
            counts = {k: r.integer(f[k], f"provider.full_time_pupils.{k}") for k in f}
            ftp = FullTimePupils(**{k: v for k, v in counts.items() if v is not None})

    def check(v: Any, p: str) -> ProviderCheck | None:
        c = r.mapping(v, p, ("type", "date", "expires"), required=("type", "date"))
        if c is None:
            return None
        kind = r.choice(c["type"], f"{p}.type", CHECK_TYPES) if "type" in c else None
        date = r.date(c["date"], f"{p}.date") if "date" in c else None
        expires = r.optional_date(c["expires"], f"{p}.expires") if "expires" in c else None
        if kind is None or date is None:
            return None
        return ProviderCheck(kind, date, expires)

    return Provider(
        name=r.text(m["name"], "provider.name") if "name" in m else None,
        kind=r.choice(m["kind"], "provider.kind", PROVIDER_KINDS) if "kind" in m else None,
        registration=r.choice(m["registration"], "provider.registration", REGISTRATIONS)
        if "registration" in m
        else None,
        arranged_by=(r.choice(m["arranged_by"], "provider.arranged_by", ARRANGED_BY) or "school")
        if "arranged_by" in m
        else "school",
        live_teaching=r.boolean(m["live_teaching"], "provider.live_teaching") if "live_teaching" in m else None,
        full_time_pupils=ftp,
        checks=r.items(m["checks"], "provider.checks", check) if "checks" in m else (),
    )


def _read_timetable(r: _Reader, value: Any, path: str) -> Timetable:
    if value is None:
        return Timetable()
    m = r.mapping(value, path, WEEKDAYS)
    if m is None:
        return Timetable()
    days: dict[str, DaySlots] = {}
    for day, slots in m.items():
        if slots is None:
            continue
        s = r.mapping(slots, f"{path}.{day}", SESSIONS)
        if s is None:
            continue
        got = {k: r.choice(v, f"{path}.{day}.{k}", WHERE) for k, v in s.items()}
        days[day] = DaySlots(am=got.get("am"), pm=got.get("pm"))
    return Timetable(**days)


def _read_arrangement(r: _Reader, value: Any) -> Arrangement | None:
    keys = (
        "kind",
        "reason",
        "start",
        "end",
        "timetable",
        "steps",
        "suspension_days",
        "year11_exams_finished",
    )
    m = r.mapping(value, "arrangement", keys, required=("kind", "start"))
    if m is None:
        return None
    kind = r.choice(m["kind"], "arrangement.kind", ARRANGEMENT_KINDS) if "kind" in m else None
    start = r.date(m["start"], "arrangement.start") if "start" in m else None
    end = r.optional_date(m["end"], "arrangement.end") if "end" in m else None
    if start is not None and end is not None and end < start:
        r.error("arrangement.end", f"before the start ({start.isoformat()}): {end.isoformat()}")

    def step(v: Any, p: str) -> Step | None:
        s = r.mapping(v, p, ("from", "hours_in_school"), required=("from", "hours_in_school"))
        if s is None:
            return None
        d = r.date(s["from"], f"{p}.from") if "from" in s else None
        h = r.number(s["hours_in_school"], f"{p}.hours_in_school") if "hours_in_school" in s else None
        return None if d is None or h is None else Step(d, h)

    steps = r.items(m["steps"], "arrangement.steps", step) if m.get("steps") is not None else ()
    for i in range(1, len(steps)):
        if steps[i].from_ < steps[i - 1].from_:
            r.error(f"arrangement.steps[{i}].from", "steps must be in date order")
    days = (
        r.items(m["suspension_days"], "arrangement.suspension_days", r.date)
        if m.get("suspension_days") is not None
        else ()
    )
    for i in range(1, len(days)):
        if days[i] <= days[i - 1]:
            r.error(f"arrangement.suspension_days[{i}]", "suspension days must be in order, each once")
    y11 = False
    if "year11_exams_finished" in m:
        y11 = bool(r.boolean(m["year11_exams_finished"], "arrangement.year11_exams_finished"))
    if kind is None or start is None:
        return None
    return Arrangement(
        kind=kind,
        start=start,
        reason=r.choice(m["reason"], "arrangement.reason", REASONS) if m.get("reason") is not None else None,
        end=end,
        timetable=_read_timetable(r, m.get("timetable"), "arrangement.timetable"),
        steps=steps,
        suspension_days=days,
        year11_exams_finished=y11,
    )


def _read_event(r: _Reader, value: Any, path: str) -> Event | None:
    if not isinstance(value, dict):
        r.error(path, f"must be a mapping of keys, not {_kind(value)}")
        return None
    raw_type = value.get("type", _MISSING)
    kind = None
    if raw_type is _MISSING:
        r.error(f"{path}.type", "required key missing")
    else:
        kind = r.choice(raw_type, f"{path}.type", EVENT_TYPES)
    extra = EVENT_FIELDS.get(kind, ()) if kind else ()
    allowed = ("date", "type", *extra) if kind else tuple(k for k in value if isinstance(k, str))
    m = r.mapping(value, path, allowed, required=("date",))
    if m is None or kind is None:
        return None
    date = r.date(m["date"], f"{path}.date") if "date" in m else None
    fields: dict[str, Any] = {}
    if "written" in extra:
        fields["written"] = r.boolean(m["written"], f"{path}.written") if "written" in m else True
    if "by" in m:
        fields["by"] = r.choice(m["by"], f"{path}.by", REQUESTED_BY)
    if "outcome" in m:
        fields["outcome"] = r.choice(
            m["outcome"], f"{path}.outcome", REVIEW_OUTCOMES if kind == "review" else END_OUTCOMES
        )
    if "parent_attended" in m:
        fields["parent_attended"] = r.boolean(m["parent_attended"], f"{path}.parent_attended")
    if "source" in m:
        fields["source"] = r.choice(m["source"], f"{path}.source", MEDICAL_EVIDENCE_SOURCES)
    if "kind" in m:
        fields["kind"] = r.choice(m["kind"], f"{path}.kind", WELFARE_CHECK_KINDS)
    if "all_parents" in m:
        fields["all_parents"] = r.boolean(m["all_parents"], f"{path}.all_parents")
    if date is None:
        return None
    return Event(date=date, type=kind, **fields)


def _read_session(r: _Reader, value: Any, path: str) -> Session | None:
    keys = ("date", "session", "attended", "arrived", "reason", "where", "recorded", "provider_reported_at")
    m = r.mapping(value, path, keys, required=("date", "session"))
    if m is None:
        return None
    date = r.date(m["date"], f"{path}.date") if "date" in m else None
    session = r.choice(m["session"], f"{path}.session", SESSIONS) if "session" in m else None
    attended = True
    if "attended" in m:
        attended = r.boolean(m["attended"], f"{path}.attended") is not False
    arrived = r.time(m["arrived"], f"{path}.arrived") if m.get("arrived") is not None else None
    reason = r.choice(m["reason"], f"{path}.reason", ABSENCE_REASONS) if m.get("reason") is not None else None
    where = r.choice(m["where"], f"{path}.where", WHERE) if m.get("where") is not None else None
    recorded = None
    if m.get("recorded") is not None:
        recorded = r.text(m["recorded"], f"{path}.recorded")
        if recorded is not None and not recorded.strip():
            r.error(f"{path}.recorded", "an empty code")
    reported = (
        r.time(m["provider_reported_at"], f"{path}.provider_reported_at")
        if m.get("provider_reported_at") is not None
        else None
    )
    if date is None or session is None:
        return None
    return Session(
        date=date,
        session=session,
        attended=attended,
        arrived=arrived,
        reason=reason,
        where=where,
        recorded=recorded,
        provider_reported_at=reported,
    )


def _read_expect(r: _Reader, value: Any) -> Expect | None:
    m = r.mapping(value, "expect", ("unmet", "met", "late", "due", "no_duty", "codes"))
    if m is None:
        return None
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("unmet", "met", "late", "no_duty"):
        if key in m and m[key] is not None:
            lists[key] = r.items(m[key], f"expect.{key}", r.text)
    due: tuple[tuple[str, _dt.date], ...] = ()
    if m.get("due") is not None:
        if not isinstance(m["due"], dict):
            r.error("expect.due", f"must be a mapping of requirement id to date, not {_kind(m['due'])}")
        else:
            pairs: list[tuple[str, _dt.date]] = []
            for k, v in m["due"].items():
                if not isinstance(k, str):
                    r.error("expect.due", f"keys must be requirement ids, not {_kind(k)}: {_show(k)}")
                    continue
                d = r.date(v, f"expect.due.{k}")
                if d is not None:
                    pairs.append((k, d))
            due = tuple(pairs)
    codes: tuple[str | None, ...] | None = None
    if m.get("codes") is not None:
        items = r.listing(m["codes"], "expect.codes")
        if items is not None:
            got: list[str | None] = []
            for i, v in enumerate(items):
                if v is None or isinstance(v, str):
                    got.append(v)
                else:
                    r.error(f"expect.codes[{i}]", f"not a register code: {_show(v)}")
            codes = tuple(got)
    if not due and not codes and not any(lists.values()):
        r.error("expect", "an empty expectation: name at least one requirement id or the expected codes")
        return None
    return Expect(due=due, codes=codes, **lists)


# ----------------------------------------------------------------------------- loading text and files


def load_case(text: str | bytes) -> Case:
    """Read YAML or JSON text. Raises CaseFileError for anything that is not a valid case file."""
    try:
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise CaseFileError([f"(root): not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
        if not isinstance(text, str):
            raise CaseFileError([f"(root): expected text, not {type(text).__name__}"])
        data = _load_document(text)
    except CaseFileError:
        raise
    except RecursionError:
        raise CaseFileError(["(root): the case file is nested too deeply"]) from None
    except Exception as exc:
        raise CaseFileError([f"(root): the case file could not be read ({type(exc).__name__})"]) from None
    return parse_case(data)


def _load_document(text: str) -> Any:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style also starts with "{"; let the YAML reader judge it
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise CaseFileError([f"(root): not valid YAML or JSON{where}: {exc.problem}"]) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([f"(root): not valid YAML or JSON: {exc}"]) from None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe YAML loader, except that an impossible unquoted date (2025-02-30) stays text, so the
    case-file reader can name its path instead of YAML failing on the whole document."""


def _timestamp(loader: Any, node: Any) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_case(path: str | Path) -> Case:
    """Read a case file from disk; "-" reads standard input."""
    if str(path) == "-":
        return load_case(sys.stdin.buffer.read())
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CaseFileError([f"(root): cannot read {path}: {exc.strerror or exc}"]) from None
    return load_case(raw)


# ----------------------------------------------------------------------------- writing


def _iso(d: _dt.date) -> str:
    return d.isoformat()


def dump_case(case: Case) -> dict[str, Any]:
    """The canonical dict of a case: keys in the order of case-file.md, dates as "YYYY-MM-DD",
    times as "HH:MM", values equal to their default left out. parse_case(dump_case(c)) == c for
    any case read from a file, so export -> import -> export is identical."""
    out: dict[str, Any] = {"format": FORMAT, "as_of": _iso(case.as_of)}
    if case.policies:
        out["policies"] = list(case.policies)
    if case.settings:
        out["settings"] = {k: _plain(v) for k, v in case.settings.items()}
    school = _dump_school(case.school)
    if school:
        out["school"] = school
    if case.calendar is not None:
        cal: dict[str, Any] = {}
        if case.calendar.half_terms:
            cal["half_terms"] = [
                {
                    **({"name": h.name} if h.name is not None else {}),
                    "start": _iso(h.start),
                    "end": _iso(h.end),
                }
                for h in case.calendar.half_terms
            ]
        if case.calendar.closures:
            cal["closures"] = [_iso(d) for d in case.calendar.closures]
        out["calendar"] = cal
    out["pupil"] = _dump_pupil(case.pupil)
    if case.provider is not None:
        out["provider"] = _dump_provider(case.provider)
    out["arrangement"] = _dump_arrangement(case.arrangement)
    if case.events:
        out["events"] = [_dump_event(e) for e in case.events]
    if case.sessions:
        out["sessions"] = [_dump_session(s) for s in case.sessions]
    if case.expect is not None:
        out["expect"] = _dump_expect(case.expect)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Time):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _dump_school(school: School) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if school.type != "academy":
        out["type"] = school.type
    if school.register_given:
        out["register"] = {k: str(getattr(school.register, k)) for k in school.register_given}
    if school.remote_education_lead is not None:
        out["remote_education_lead"] = school.remote_education_lead
    if school.device_survey is not None:
        out["device_survey"] = _iso(school.device_survey)
    if school.remote_audits:
        out["remote_audits"] = [_iso(d) for d in school.remote_audits]
    if school.live_lessons is not None:
        ll = school.live_lessons
        out["live_lessons"] = {
            k: getattr(ll, k)
            for k in ("written_consent", "group_only", "recorded", "call_log")
            if getattr(ll, k) is not None
        }
    if school.recordings:
        out["recordings"] = [_dump_recording(rec) for rec in school.recordings]
    return out


def _dump_recording(rec: Recording) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(rec.date)}
    if rec.deleted is not None:
        out["deleted"] = _iso(rec.deleted)
    if rec.pre_recorded:
        out["pre_recorded"] = True
    if rec.first_names_only is not None:
        out["first_names_only"] = rec.first_names_only
    return out


def _dump_pupil(p: Pupil) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.upn is not None:
        out["upn"] = p.upn
    if p.date_of_birth is not None:
        out["date_of_birth"] = _iso(p.date_of_birth)
    if p.year_group is not None:
        out["year_group"] = p.year_group
    if p.send != "none":
        out["send"] = p.send
    for k in ("looked_after", "social_worker", "child_protection_plan", "medical_condition"):
        if getattr(p, k):
            out[k] = True
    if p.vulnerability is not None:
        out["vulnerability"] = p.vulnerability
    return out


def _dump_provider(p: Provider) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in ("name", "kind", "registration"):
        if getattr(p, k) is not None:
            out[k] = getattr(p, k)
    if p.arranged_by != "school":
        out["arranged_by"] = p.arranged_by
    if p.live_teaching is not None:
        out["live_teaching"] = p.live_teaching
    if p.full_time_pupils is not None:
        f = p.full_time_pupils
        out["full_time_pupils"] = {
            "compulsory_age": f.compulsory_age,
            "looked_after_or_ehcp": f.looked_after_or_ehcp,
            "sen": f.sen,
        }
    if p.checks:
        out["checks"] = [
            {"type": c.type, "date": _iso(c.date), **({"expires": _iso(c.expires)} if c.expires else {})}
            for c in p.checks
        ]
    return out


def _dump_arrangement(a: Arrangement) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": a.kind}
    if a.reason is not None:
        out["reason"] = a.reason
    out["start"] = _iso(a.start)
    out["end"] = _iso(a.end) if a.end is not None else None
    tt: dict[str, Any] = {}
    for day in WEEKDAYS:
        slots: DaySlots | None = getattr(a.timetable, day)
        if slots is not None:
            tt[day] = {k: v for k, v in (("am", slots.am), ("pm", slots.pm)) if v is not None}
    if tt:
        out["timetable"] = tt
    if a.steps:
        out["steps"] = [{"from": _iso(s.from_), "hours_in_school": s.hours_in_school} for s in a.steps]
    if a.suspension_days:
        out["suspension_days"] = [_iso(d) for d in a.suspension_days]
    if a.year11_exams_finished:
        out["year11_exams_finished"] = True
    return out


def _dump_event(e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(e.date), "type": e.type}
    if e.written is False:
        out["written"] = False
    for k in ("by", "outcome", "parent_attended", "source", "kind", "all_parents"):
        v = getattr(e, k)
        if v is not None:
            out[k] = v
    return out


def _dump_session(s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(s.date), "session": s.session}
    if not s.attended:
        out["attended"] = False
    if s.arrived is not None:
        out["arrived"] = str(s.arrived)
    for k in ("reason", "where", "recorded"):
        v = getattr(s, k)
        if v is not None:
            out[k] = v
    if s.provider_reported_at is not None:
        out["provider_reported_at"] = str(s.provider_reported_at)
    return out


def _dump_expect(x: Expect) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in ("unmet", "met", "late"):
        if getattr(x, k):
            out[k] = list(getattr(x, k))
    if x.due:
        out["due"] = {k: _iso(v) for k, v in x.due}
    if x.no_duty:
        out["no_duty"] = list(x.no_duty)
    if x.codes is not None:
        out["codes"] = list(x.codes)
    return out
