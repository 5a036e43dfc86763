"""The typed case: the frozen dataclasses a case file is read into (see
/work/shared/spec/case-file.md for what each field means)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pathways.policy.casefile.vocabulary import PACKS, SESSIONS
from pathways.policy.clock import Time

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
    slt_informed: _dt.date | None = None  # a home visit: the day senior leaders were told (extension key)


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
class Contact:
    """A contact with the pupil's family logged by the school (the optional `contacts` list): its day and
    channel. Calls, visits and meetings that are welfare checks are events too; a message or an e-mail is
    only here."""

    date: _dt.date
    channel: str


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
    contacts: tuple[Contact, ...] = ()

    @property
    def packs(self) -> tuple[str, ...]:
        """The packs in force: national first, then the case's policies in catalogue order."""
        chosen = set(self.policies)
        return ("national", *(p for p in PACKS[1:] if p in chosen))
