"""Register codes: the dated code sets, the expected code of a session, and whether a recorded
code is right.

Two sets, as data. The 2006 set (the Education (Pupil Registration) (England) Regulations 2006,
SI 2006/1751) is in force until 18 August 2024; the 2024 set (SI 2024/208 regs 10-11, Working
together to improve school attendance (Aug 2024) paras 283-407) from 19 August 2024. Asking for a
set on a date neither covers raises CodeSetError.

Categories follow case-file.md ("Settled after the first review"): present (/ \\ L),
educational_activity (B K P V W), authorised_absence, unauthorised_absence (G N O U),
not_possible (Q, Y1-Y7), administrative (D X Z #). J1 (interview) is a leave of absence in the
2024 regulations, so an authorised absence, not an educational activity (in 2006 J was an approved
educational activity).

How a session's code is derived is case-file.md "Semantics", Sessions, to the letter; see
`derive_code`. Before 19 August 2024 no code is derived (`code` is None) and a recorded code is
judged only on membership of the 2006 set.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from pathways.policy.casefile import Register, Session
from pathways.policy.errors import CODE_SET, CodeSetError

CATEGORIES = (
    "present",
    "educational_activity",
    "authorised_absence",
    "unauthorised_absence",
    "not_possible",
    "administrative",
)


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    category: str
    meaning: str


@dataclass(frozen=True, slots=True)
class CodeSet:
    name: str
    start: _dt.date
    end: _dt.date | None  # the last day in force; None while in force
    source: str
    codes: dict[str, Code]
    withdrawn: dict[str, _dt.date] = field(default_factory=dict)  # a code no longer valid from that day

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def valid_on(self, code: str, day: _dt.date) -> bool:
        """In this set and not withdrawn by `day` (F left the 2006 set on 1 Sep 2013)."""
        gone = self.withdrawn.get(code)
        return code in self.codes and (gone is None or day < gone)

    def category(self, code: str) -> str | None:
        found = self.codes.get(code)
        return found.category if found else None

    def covers(self, day: _dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _set(rows: list[tuple[str, str, str]]) -> dict[str, Code]:
    return {code: Code(code, category, meaning) for code, category, meaning in rows}


CODES_2006 = CodeSet(
    name="2006 code set",
    start=_dt.date(2006, 9, 1),
    end=_dt.date(2024, 8, 18),
    source="The Education (Pupil Registration) (England) Regulations 2006 (SI 2006/1751) and DfE guidance",
    codes=_set(
        [
            ("/", "present", "present (AM)"),
            ("\\", "present", "present (PM)"),
            ("L", "present", "late before registers closed"),
            ("B", "educational_activity", "educated off site (not dual registration)"),
            ("D", "educational_activity", "dual registered: at another educational establishment"),
            (
                "J",
                "educational_activity",
                "at an interview with prospective employers or another establishment",
            ),
            ("P", "educational_activity", "participating in a supervised sporting activity"),
            ("V", "educational_activity", "educational visit or trip"),
            ("W", "educational_activity", "work experience"),
            ("C", "authorised_absence", "leave of absence authorised by the school"),
            ("E", "authorised_absence", "excluded (no alternative provision made)"),
            ("F", "authorised_absence", "extended family holiday (agreed)"),
            ("H", "authorised_absence", "family holiday (agreed)"),
            ("I", "authorised_absence", "illness (not medical or dental appointments)"),
            ("M", "authorised_absence", "medical or dental appointments"),
            ("R", "authorised_absence", "religious observance"),
            ("S", "authorised_absence", "study leave"),
            ("T", "authorised_absence", "Traveller absence"),
            ("G", "unauthorised_absence", "family holiday (not agreed or days in excess)"),
            ("N", "unauthorised_absence", "reason not yet provided"),
            ("O", "unauthorised_absence", "absent in other or unknown circumstances"),
            ("U", "unauthorised_absence", "arrived after registers closed"),
            (
                "Y",
                "not_possible",
                "enforced closure or unable to attend because of exceptional circumstances",
            ),
            ("X", "administrative", "not required to be in school (non-compulsory school age)"),
            ("Z", "administrative", "pupil not on admission register"),
            ("#", "administrative", "planned whole or partial school closure"),
        ]
    ),
    # F (extended family holiday) was removed by The Education (Pupil Registration) (England)
    # (Amendment) Regulations 2013 (SI 2013/756) from 1 September 2013 (case-file.md, Settled).
    withdrawn={"F": _dt.date(2013, 9, 1)},
)

CODES_2024 = CodeSet(
    name="2024 code set",
    start=_dt.date(2024, 8, 19),
    end=None,
    source="SI 2024/208 reg 10; Working together to improve school attendance (Aug 2024) paras 283-407",
    codes=_set(
        [
            ("/", "present", "present in the morning"),
            ("\\", "present", "present in the afternoon"),
            ("L", "present", "late arrival before the register closed"),
            ("K", "educational_activity", "attending education provision arranged by the local authority"),
            ("V", "educational_activity", "attending an educational visit or trip"),
            ("P", "educational_activity", "participating in a sporting activity"),
            ("W", "educational_activity", "attending work experience"),
            ("B", "educational_activity", "attending any other approved educational activity"),
            ("C1", "authorised_absence", "leave of absence for a regulated performance or employment abroad"),
            ("M", "authorised_absence", "leave of absence for a medical or dental appointment"),
            ("J1", "authorised_absence", "leave of absence for an interview"),
            ("S", "authorised_absence", "leave of absence for study leave"),
            (
                "C2",
                "authorised_absence",
                "leave of absence for a compulsory school age pupil subject to a part-time timetable",
            ),
            ("C", "authorised_absence", "leave of absence for exceptional circumstances"),
            ("T", "authorised_absence", "parent travelling for occupational purposes"),
            ("R", "authorised_absence", "religious observance"),
            ("I", "authorised_absence", "illness (not medical or dental appointment)"),
            (
                "E",
                "authorised_absence",
                "suspended or permanently excluded and no alternative provision made",
            ),
            ("G", "unauthorised_absence", "holiday not granted by the school"),
            ("N", "unauthorised_absence", "reason for absence not yet established"),
            ("O", "unauthorised_absence", "absent in other or unknown circumstances"),
            ("U", "unauthorised_absence", "arrived in school after registration closed"),
            ("Q", "not_possible", "unable to attend because of a lack of access arrangements"),
            ("Y1", "not_possible", "unable to attend due to transport normally provided not being available"),
            ("Y2", "not_possible", "unable to attend due to widespread disruption to travel"),
            ("Y3", "not_possible", "unable to attend due to part of the school premises being closed"),
            ("Y4", "not_possible", "unable to attend due to the whole school site being unexpectedly closed"),
            ("Y5", "not_possible", "unable to attend as the pupil is in criminal justice detention"),
            ("Y6", "not_possible", "unable to attend in accordance with public health guidance or law"),
            ("Y7", "not_possible", "unable to attend because of other unavoidable causes"),
            ("D", "administrative", "dual registered: at another school"),
            ("X", "administrative", "not required to be in school (non-compulsory school age)"),
            ("Z", "administrative", "prospective pupil not on admission register"),
            ("#", "administrative", "planned whole school closure"),
        ]
    ),
)

CODE_SETS = (CODES_2006, CODES_2024)
CHANGEOVER = CODES_2024.start


def code_set_on(day: _dt.date) -> CodeSet:
    """The code set in force on `day`; CodeSetError when none is."""
    if day >= CHANGEOVER:
        return CODES_2024
    if day >= CODES_2006.start:
        return CODES_2006
    raise CodeSetError(f"no register code set is held for {day.isoformat()} (the earliest starts {CODES_2006.start})",
                       subject=CODE_SET, on=day, first=CODES_2006.start)


REASON_CODES = {
    "illness": "I",
    "medical_appointment": "M",
    "religious_observance": "R",
    "study_leave": "S",
    "interview": "J1",
    "exceptional": "C",
    "transport_not_arranged": "Q",
    "transport_failed": "Y1",
    "unauthorised": "O",
    "unknown": "N",
}

PRESENT = frozenset({"/", "\\", "L"})
UNAUTHORISED = frozenset({"G", "N", "O", "U"})


@dataclass(frozen=True, slots=True)
class Situation:
    """What the engine knows about one session besides the session itself."""

    where: str  # the slot: the session's `where`, else the timetable in force, else school
    kind: str  # the arrangement kind
    arranged_by: str  # school or local_authority (the provider's)
    compulsory_age: bool
    suspension_day: bool
    school_day: bool
    closure: bool  # a closure day, or a day outside every half-term of the calendar: coded #
    register: Register


@dataclass(frozen=True, slots=True)
class Derived:
    code: str | None
    problem: str | None = None  # the case itself is wrong (e.g. not_required for a compulsory-age pupil)


def absence_code(reason: str | None) -> str:
    """The code for an absence with this reason; no reason given is N (reason not yet established)."""
    return REASON_CODES.get(reason or "unknown", "N")


def derive_code(session: Session, s: Situation) -> Derived:
    """The code a session should carry from 19 August 2024 (case-file.md, Semantics, Sessions)."""
    if s.closure:
        return Derived("#")
    where = s.where
    if s.suspension_day:
        if where == "provider":
            return Derived(_provider_code(session, s))
        if where == "another_school":
            return Derived("D")
        return Derived("E")
    if where == "school":
        if not session.attended:
            return Derived(absence_code(session.reason))
        if session.arrived is not None:
            if session.arrived > s.register.closes(session.session):
                return Derived("U")
            if session.arrived > s.register.opens(session.session):
                return Derived("L")
        return Derived("/" if session.session == "am" else "\\")
    if where == "provider":
        return Derived(_provider_code(session, s))
    if where == "another_school":
        return Derived("D")
    if where in ("online", "home"):
        if not s.compulsory_age:
            return Derived("X")
        if where == "online" and not session.attended:
            return Derived("I" if session.reason == "illness" else "O")
        if s.kind in ("part_time_timetable", "return_to_learn"):
            return Derived("C2")
        if s.kind == "health_needs":
            return Derived("I")
        if s.kind == "suspension":
            return Derived("E")
        return Derived("C")
    # not_required
    if not s.compulsory_age:
        return Derived("X")
    return Derived(
        None,
        "the timetable says this session is not required, but the pupil is of compulsory school age: "
        "every session is required (X is only for pupils not of compulsory school age)",
    )


def _provider_code(session: Session, s: Situation) -> str:
    if not session.attended:
        return absence_code(session.reason)
    return "K" if s.arranged_by == "local_authority" else "B"


_WHERE_WORDS = {
    "school": "in school",
    "provider": "at the provider",
    "online": "in an online lesson away from school",
    "home": "at home",
    "another_school": "at another school where dual registered",
    "not_required": "not required to attend",
}


def explain(recorded: str, derived: str, session: Session, s: Situation) -> str:
    """Why `recorded` is wrong for this session, in words a headteacher understands."""
    where = _WHERE_WORDS.get(s.where, s.where)
    should = f"the code should be {derived}"
    if recorded == "B" and s.where in ("online", "home"):
        return f"B is never valid for home, work set for home or online provision (the pupil was {where}); {should}"
    if recorded in PRESENT and derived not in PRESENT:
        if s.where == "school" and not session.attended:
            return f"{recorded} is a present code but the pupil was absent; {should}"
        if s.where == "school" and derived == "U":
            return f"the pupil arrived at {session.arrived} after the register closed; {should}"
        return f"{recorded} is a present code, only for a pupil physically in school (the pupil was {where}); {should}"
    if recorded == "L" and derived in PRESENT:
        return f"the pupil was in school by the time the register opened; {should}"
    if recorded in PRESENT and derived == "L":
        return f"the pupil arrived at {session.arrived}, after the register opened; {should}"
    if recorded == "K" and derived == "B":
        return (
            "K is only for provision arranged by the local authority; "
            f"this provision was arranged by the school, so {should}"
        )
    if recorded == "B" and derived == "K":
        return f"this provision was arranged by the local authority, so {should}"
    if recorded == "C2":
        if not s.compulsory_age:
            return f"C2 is only for a pupil of compulsory school age; {should}"
        return f"C2 is only for a temporary part-time timetable; {should}"
    if recorded == "X" and s.compulsory_age:
        return f"X is only for pupils not of compulsory school age; {should}"
    if recorded == "E" and s.suspension_day:
        return (
            f"E is only while no alternative provision is made; provision was made (the pupil was {where}), so {should}"
        )
    if recorded == "E":
        return f"E is only for a day of suspension or exclusion without provision; {should}"
    if recorded in ("B", "K", "D") and s.suspension_day and derived == "E":
        return f"no alternative provision was made on this day of suspension; {should}"
    if s.where in ("online", "home"):
        return f"the pupil was {where}, which is never present or an approved educational activity; {should}"
    return f"{recorded} does not match what happened (the pupil was {where}); {should}"


@dataclass(frozen=True, slots=True)
class CodedSession:
    """A session with its derived code and the verdict on its recorded code."""

    session: Session
    where: str
    code: str | None
    category: str | None
    recorded_valid: bool | None
    problems: tuple[str, ...]
    compulsory_age: bool
    suspension_day: bool

    @property
    def date(self) -> _dt.date:
        return self.session.date

    @property
    def recorded(self) -> str | None:
        return self.session.recorded

    @property
    def effective_code(self) -> str | None:
        """The derived code, or before 19 Aug 2024 (when none is derived) the recorded one."""
        return self.code if self.code is not None else self.session.recorded


def code_session(session: Session, s: Situation) -> CodedSession:
    """Derive the session's code and judge its recorded code, per the code set in force that day."""
    day = session.date
    code_set = code_set_on(day)
    problems: list[str] = []
    recorded = session.recorded
    if code_set is CODES_2006:
        valid: bool | None = None
        if recorded is not None:
            valid = code_set.valid_on(recorded, day)
            if not valid:
                gone = code_set.withdrawn.get(recorded)
                why = f"; it was withdrawn on {_fmt(gone)}" if gone is not None and recorded in code_set else ""
                problems.append(f"{recorded} is not in the code set in force on {_fmt(day)} (the 2006 code set{why})")
        return CodedSession(session, s.where, None, None, valid, tuple(problems), s.compulsory_age, s.suspension_day)
    derived = derive_code(session, s)
    if derived.problem:
        problems.append(derived.problem)
    if not s.school_day and not s.closure:
        problems.append(f"{_fmt(day)} is not a school day in the calendar")
    code = derived.code
    valid = None
    if recorded is not None:
        if recorded not in code_set:
            valid = False
            withdrawn = " (it was withdrawn on 19 Aug 2024)" if recorded in CODES_2006 else ""
            tail = f"; the code should be {code}" if code is not None else ""
            problems.append(f"{recorded} is not in the code set in force on {_fmt(day)}{withdrawn}{tail}")
        elif code is None:
            valid = False
        elif recorded != code:
            valid = False
            problems.append(explain(recorded, code, session, s))
        else:
            valid = True
    category = code_set.category(code) if code is not None else None
    return CodedSession(session, s.where, code, category, valid, tuple(problems), s.compulsory_age, s.suspension_day)


def _fmt(day: _dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


__all__ = [
    "CATEGORIES",
    "CHANGEOVER",
    "CODES_2006",
    "CODES_2024",
    "CODE_SETS",
    "Code",
    "CodeSet",
    "CodedSession",
    "Derived",
    "Situation",
    "absence_code",
    "code_session",
    "code_set_on",
    "derive_code",
]
