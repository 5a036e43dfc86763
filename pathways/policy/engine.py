"""The rule engine: a registry of requirement rules, the context they read a case through, the
timing primitives every duty shares, and `evaluate`.

A rule is one function per requirement id (spec/requirements.yaml, copied as requirements.yaml
beside this module), registered with `@rule("ID")`. It receives a `Context` and returns an
`Outcome`, several Outcomes (one per occurrence, e.g. per session or per request), or None when
the requirement does not apply to the case at all. How to write one: docs/policy-engine.md.

Status semantics are case-file.md "Semantics" to the letter:

* one-off duties: met if the event exists dated on or before as_of (late if after the deadline);
  due (with the deadline) if not and as_of is on or before the deadline; unmet after it.
* recurring duties (half-termly, termly, every N days or school days): unmet if a deadline passed
  with no event in its window and none since; else due if the window containing as_of has no event
  yet; else met. A late event cures a breach (the result is met with late: true).
* several results for one id: the worst (unmet, then due, then met); not_applicable occurrences are
  left out when some apply.

    result = evaluate(case)                  # or evaluate(case, as_of=date(...))
    result_to_json(result)                   # the pathways-result/1 dict
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import yaml

from pathways.policy import parameters as _parameters
from pathways.policy.age import CompulsorySchoolAge
from pathways.policy.age import year_group as _year_group
from pathways.policy.calendar import Period, SchoolCalendar
from pathways.policy.casefile import Arrangement, Calendar, Case, Event, Provider, ProviderCheck, Pupil, School
from pathways.policy.codes import CodedSession, Situation, code_session
from pathways.policy.errors import PolicyError

RESULT_FORMAT = "pathways-result/1"
STATUSES = ("met", "unmet", "due", "not_applicable")
_SEVERITY = {"unmet": 3, "due": 2, "met": 1, "not_applicable": 0}

# ----------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Outcome:
    """One verdict on one occurrence of a duty."""

    status: str
    message: str
    due: _dt.date | None = None
    late: bool = False


def met(message: str, *, late: bool = False) -> Outcome:
    return Outcome("met", message, None, late)


def unmet(message: str, *, due: _dt.date | None = None) -> Outcome:
    """Broken on as_of; `due` is the deadline that was missed, when there is one."""
    return Outcome("unmet", message, due)


def due(deadline: _dt.date, message: str) -> Outcome:
    """Not yet broken; must be met by `deadline`."""
    return Outcome("due", message, deadline)


def not_applicable(message: str) -> Outcome:
    return Outcome("not_applicable", message)


RuleReturn: TypeAlias = Outcome | Iterable[Outcome] | None
RuleFunction: TypeAlias = Callable[["Context"], RuleReturn]

# ----------------------------------------------------------------------------- the catalogue and registry

_CATALOGUE_PATH = Path(__file__).with_name("requirements.yaml")


def _load_catalogue() -> dict[str, dict[str, Any]]:
    data = yaml.load(_CATALOGUE_PATH.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {entry["id"]: entry for entry in data["requirements"]}


CATALOGUE: dict[str, dict[str, Any]] = _load_catalogue()
_ORDER = {rid: i for i, rid in enumerate(CATALOGUE)}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    title: str
    source: str
    duty: str
    function: RuleFunction
    params: tuple[str, ...] = ()  # the parameters it reads (tests/policy/test_rule_parameters.py checks)

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()


REGISTRY: dict[str, Rule] = {}


def _title(text: str) -> str:
    """A short title from the duty's text: its first clause, capitalised, at most about 90 characters."""
    text = " ".join(text.split())
    for stop in ("; ", ". ", " (", ": "):
        at = text.find(stop)
        if at >= 20:
            text = text[:at]
    if len(text) > 90:
        text = text[:88].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[:1].upper() + text[1:]


def rule(
    requirement_id: str,
    *,
    pack: str | None = None,
    title: str | None = None,
    source: str | None = None,
    params: Iterable[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a function as the rule for `requirement_id`. Pack, source and the duty's text come
    from the catalogue (requirements.yaml); pass them only for an id the catalogue lacks. `params`
    names every parameter the rule reads with ctx.param (`pathways rules --json` lists them)."""

    def register(function: RuleFunction) -> RuleFunction:
        entry = CATALOGUE.get(requirement_id, {})
        rule_pack = pack or entry.get("pack")
        rule_source = source or entry.get("source")
        if not rule_pack or not rule_source:
            raise PolicyError(f"{requirement_id}: not in the catalogue; give pack= and source=")
        if requirement_id in REGISTRY and REGISTRY[requirement_id].function is not function:
            raise PolicyError(f"{requirement_id}: registered twice")
        REGISTRY[requirement_id] = Rule(
            id=requirement_id,
            pack=rule_pack,
            title=title or _title(str(entry.get("rule", requirement_id))),
            source=str(rule_source),
            duty=str(entry.get("rule", "")),
            function=function,
            params=tuple(params),
        )
        return function

    return register


def rules(packs: Iterable[str] | None = None) -> list[Rule]:
    """Every registered rule (of `packs`, when given), in catalogue order."""
    _import_packs()
    wanted = set(packs) if packs is not None else None
    found = [r for r in REGISTRY.values() if wanted is None or r.pack in wanted]
    return sorted(found, key=lambda r: (_ORDER.get(r.id, len(_ORDER)), r.id))


def _import_packs() -> None:
    import pathways.policy.packs  # noqa: F401  (registers every pack's rules)


# ----------------------------------------------------------------------------- formatting


def fmt(day: _dt.date) -> str:
    """A date as a headteacher reads it: 10 Nov 2025."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------- the context


@functools.lru_cache(maxsize=256)
def _calendar_for(calendar: Calendar | None) -> SchoolCalendar:
    """Schools share calendars across many cases; build each once (its day lookups are cached too)."""
    return SchoolCalendar.from_case(calendar)


EventFilter: TypeAlias = Callable[[Event], bool]
_T = TypeVar("_T")


class Context:
    """Everything a rule reads, precomputed once per case.

    Events dated after as_of "do not exist yet": every event accessor leaves them out unless
    asked with `until=`.
    """

    def __init__(self, case: Case) -> None:
        self.case: Case = case
        self.as_of: _dt.date = case.as_of
        self.pupil: Pupil = case.pupil
        self.arrangement: Arrangement = case.arrangement
        self.provider: Provider | None = case.provider
        self.school: School = case.school
        self.settings: Mapping[str, Any] = case.settings
        self.calendar: SchoolCalendar = _calendar_for(case.calendar).view()
        self.csa: CompulsorySchoolAge = CompulsorySchoolAge.for_birth(case.pupil.date_of_birth)
        by_type: dict[str, list[Event]] = {}
        for event in sorted(case.events, key=lambda e: e.date):
            by_type.setdefault(event.type, []).append(event)
        self._events: dict[str, list[Event]] = by_type
        self._sessions: tuple[CodedSession, ...] | None = None
        self._suspension_days: tuple[_dt.date, ...] | None = None
        self._suspension_lookup: frozenset[_dt.date] | None = None
        self._memo: dict[str, Any] = {}
        self.params_read: set[str] | None = None  # when a set, every ctx.param name is added to it

    def cached(self, key: str, compute: Callable[[], _T]) -> _T:
        """`compute()` once per case: for a value several rules derive from the same case (give the
        key a pack prefix, e.g. "national:day_codes")."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: _T = self._memo[key]
        return value

    # ------------------------------------------------------------------ the pupil

    @property
    def vulnerability(self) -> str:
        return self.pupil.effective_vulnerability

    def compulsory_age(self, on: _dt.date | None = None) -> bool:
        """Of compulsory school age on `on` (default as_of)."""
        return self.csa.on(on or self.as_of)

    def year_group(self, on: _dt.date | None = None) -> int | None:
        """The year group given in the case, else derived from the date of birth."""
        if self.pupil.year_group is not None:
            return self.pupil.year_group
        if self.pupil.date_of_birth is None:
            return None
        return _year_group(self.pupil.date_of_birth, on or self.as_of)

    # ------------------------------------------------------------------ the arrangement

    @property
    def kind(self) -> str:
        return self.arrangement.kind

    @property
    def start(self) -> _dt.date:
        return self.arrangement.start

    @property
    def end(self) -> _dt.date | None:
        return self.arrangement.end

    def is_active(self, day: _dt.date | None = None) -> bool:
        return self.arrangement.is_active(day or self.as_of)

    @property
    def has_ended(self) -> bool:
        """The arrangement has an end date on or before as_of."""
        return self.arrangement.end is not None and self.arrangement.end <= self.as_of

    def slot(self, day: _dt.date, session: str) -> str:
        """Where the timetable in force expects the pupil (school outside the arrangement's dates)."""
        if self.arrangement.is_active(day):
            return self.arrangement.timetable.where(day.weekday(), session)
        return "school"

    def weekly_hours(self, where: str) -> int:
        """Hours a week the usual timetable spends in `where` (a session counts as `hours_per_session`,
        3, on as_of)."""
        hours: int = self.param("hours_per_session")
        return hours * self.arrangement.timetable.count(where)

    @property
    def provider_hours_per_week(self) -> int:
        """Only `provider` slots count as hours at a provider; `online` slots do not."""
        return self.weekly_hours("provider")

    @property
    def suspension_days(self) -> tuple[_dt.date, ...]:
        """The listed days of suspension; for a suspension listing none, every school day from
        start to end."""
        if self._suspension_days is None:
            a = self.arrangement
            if a.kind != "suspension":
                days: tuple[_dt.date, ...] = ()
            elif a.suspension_days:
                days = a.suspension_days
            elif a.end is not None:
                days = tuple(self.calendar.school_days(a.start, a.end))
            else:
                days = ()
            self._suspension_days = days
        return self._suspension_days

    # ------------------------------------------------------------------ events

    def events(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> list[Event]:
        """Events of these types dated from `since` to `until` (default as_of), in date order."""
        last = until or self.as_of
        out: list[Event] = []
        for t in types:
            for e in self._events.get(t, ()):
                if e.date > last:
                    break
                if (since is None or e.date >= since) and (where is None or where(e)):
                    out.append(e)
        if len(types) > 1:
            out.sort(key=lambda e: e.date)
        return out

    def first(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> Event | None:
        found = self.events(*types, since=since, until=until, where=where)
        return found[0] if found else None

    def last(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> Event | None:
        found = self.events(*types, since=since, until=until, where=where)
        return found[-1] if found else None

    def dates(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> list[_dt.date]:
        return [e.date for e in self.events(*types, since=since, until=until, where=where)]

    def seen_dates(self) -> list[_dt.date]:
        """Days the pupil was seen or spoken to by school staff: welfare checks, and attended
        `school` sessions (case-file.md, Vulnerability responses)."""
        days = set(self.dates("welfare_check"))
        for s in self.sessions:
            if s.where == "school" and s.session.attended and s.date <= self.as_of:
                days.add(s.date)
        return sorted(days)

    # ------------------------------------------------------------------ provider checks

    def checks(self, check_type: str) -> list[ProviderCheck]:
        """The provider's due-diligence records of this type, in date order (none without a provider)."""
        if self.provider is None:
            return []
        return sorted((c for c in self.provider.checks if c.type == check_type), key=lambda c: c.date)

    def check_in_force(self, check_type: str, on: _dt.date | None = None) -> ProviderCheck | None:
        """A record of this type dated on or before `on` (default as_of) that has not expired."""
        day = on or self.as_of
        for c in self.checks(check_type):
            if c.in_force_on(day):
                return c
        return None

    # ------------------------------------------------------------------ parameters

    def param(self, name: str, on: _dt.date | None = None) -> Any:
        """The pack parameter in force on `on` (default as_of), with the school's settings applied.
        Raises ParameterError when no value covers the date."""
        if self.params_read is not None:
            self.params_read.add(name)
        return _parameters.get(name, on or self.as_of, self.settings)

    def param_source(self, name: str, on: _dt.date | None = None) -> str:
        return _parameters.source(name, on or self.as_of, self.settings)

    # ------------------------------------------------------------------ sessions

    @property
    def sessions(self) -> tuple[CodedSession, ...]:
        """Every listed session with its derived code and the verdict on its recorded code."""
        if self._sessions is None:
            self._sessions = tuple(self._code(s) for s in self.case.sessions)
        return self._sessions

    def _code(self, session: Any) -> CodedSession:
        a = self.arrangement
        day = session.date
        where = session.where or self.slot(day, session.session)
        suspension_day = a.kind == "suspension" and day in self._suspension_set()
        situation = Situation(
            where=where,
            kind=a.kind,
            arranged_by=self.provider.arranged_by if self.provider is not None else "school",
            compulsory_age=self.csa.on(day),
            suspension_day=suspension_day,
            school_day=self.calendar.is_school_day(day),
            closure=day in self.calendar.closures or self.calendar.outside_half_terms(day),
            register=self.school.register,
        )
        return code_session(session, situation)

    def _suspension_set(self) -> frozenset[_dt.date]:
        if self._suspension_lookup is None:
            self._suspension_lookup = frozenset(self.suspension_days)
        return self._suspension_lookup

    # ------------------------------------------------------------------ timing primitives

    def one_off(
        self,
        deadline: _dt.date,
        done: _dt.date | None,
        *,
        what: str,
        met_message: str | None = None,
        due_message: str | None = None,
        unmet_message: str | None = None,
    ) -> Outcome:
        """A duty to be done once by `deadline`. `done` is the date it was done (None: not done).
        Messages may use {deadline} and {done}; the defaults are built from `what`, a noun phrase
        such as "written parental agreement to the part-time timetable"."""
        words = {"deadline": fmt(deadline), "done": fmt(done) if done else ""}
        if done is not None and done <= self.as_of:
            late = done > deadline
            text = met_message.format(**words) if met_message else f"{_cap(what)} recorded on {words['done']}."
            if late:
                text = f"{text.rstrip('.')}, after it was due by {words['deadline']}."
            return Outcome("met", text, None, late)
        if self.as_of <= deadline:
            text = due_message.format(**words) if due_message else f"{_cap(what)} is due by {words['deadline']}."
            return Outcome("due", text, deadline)
        text = unmet_message.format(**words) if unmet_message else f"No {what} by {words['deadline']}."
        return Outcome("unmet", text, deadline)

    def one_off_event(
        self,
        *types: str,
        deadline: _dt.date,
        what: str,
        since: _dt.date | None = None,
        where: EventFilter | None = None,
        met_message: str | None = None,
        due_message: str | None = None,
        unmet_message: str | None = None,
    ) -> Outcome:
        """`one_off` done by the first event of these types (dated on or before as_of, on or
        after `since`, passing `where`)."""
        first = self.first(*types, since=since, where=where)
        return self.one_off(
            deadline,
            first.date if first else None,
            what=what,
            met_message=met_message,
            due_message=due_message,
            unmet_message=unmet_message,
        )

    def before_start(
        self,
        *types: str,
        what: str,
        where: EventFilter | None = None,
        met_message: str | None = None,
        due_message: str | None = None,
        unmet_message: str | None = None,
    ) -> Outcome:
        """`one_off_event` with the arrangement's start as the deadline ("unmet from start")."""
        return self.one_off_event(
            *types,
            deadline=self.start,
            what=what,
            where=where,
            met_message=met_message,
            due_message=due_message,
            unmet_message=unmet_message,
        )

    def school_days_after_start(
        self,
        n: int,
        *types: str,
        what: str,
        where: EventFilter | None = None,
        met_message: str | None = None,
        due_message: str | None = None,
        unmet_message: str | None = None,
    ) -> Outcome:
        """`one_off_event` due N school days after the start ("unmet N school days after start")."""
        return self.one_off_event(
            *types,
            deadline=self.calendar.school_days_after(self.start, n),
            what=what,
            where=where,
            met_message=met_message,
            due_message=due_message,
            unmet_message=unmet_message,
        )

    def half_termly(self, dates: Iterable[_dt.date], *, what: str) -> Outcome:
        """A duty every half-term that starts on or after the start, has started by as_of and (with
        an end) ends by the end; each half-term's deadline is its last day."""
        return self._per_period(self.calendar.half_terms, dates, what, "half-term")

    def termly(self, dates: Iterable[_dt.date], *, what: str) -> Outcome:
        """The same over terms (half-terms 1-2, 3-4, 5-6)."""
        return self._per_period(self.calendar.terms, dates, what, "term")

    def _per_period(self, periods: Sequence[Period], dates: Iterable[_dt.date], what: str, unit: str) -> Outcome:
        if not periods:
            return not_applicable(f"The case has no school calendar, so {unit}ly {what} cannot be judged.")
        as_of, start, end = self.as_of, self.start, self.end
        days = sorted(d for d in dates if d <= as_of)
        late = False
        judged = 0
        for p in periods:
            if p.start < start or p.start > as_of or (end is not None and p.end > end):
                continue
            judged += 1
            kept = any(p.start <= d <= p.end for d in days)
            if p.end < as_of:
                if kept:
                    continue
                if any(d > p.end for d in days):
                    late = True
                    continue
                return unmet(f"No {what} in {p.name} ({fmt(p.start)} to {fmt(p.end)}).", due=p.end)
            if not kept:
                return due(p.end, f"{_cap(what)} is due by {fmt(p.end)}, the end of {p.name}.")
        if judged == 0:
            return met(f"No {unit} of the arrangement has needed {what} yet.")
        if late:
            return met(f"{_cap(what)} recorded for every {unit}, one of them late.", late=True)
        return met(f"{_cap(what)} recorded in every {unit} so far.")

    def every(
        self,
        n: int,
        dates: Iterable[_dt.date],
        *,
        what: str,
        school_days: bool = False,
        start: _dt.date | None = None,
    ) -> Outcome:
        """A duty at least every `n` days (calendar days, or school days with school_days=True):
        the first deadline is start + n; each event opens a new window ending at its date + n.
        Due while the arrangement runs; met after it ends if the last window was kept."""
        first = start or self.start
        as_of, end = self.as_of, self.end
        cal = self.calendar
        step = _dt.timedelta(days=n)

        def add(day: _dt.date) -> _dt.date:
            return cal.school_days_after(day, n) if school_days else day + step

        unit = "school days" if school_days else "days"
        anchor, deadline, late = first, add(first), False
        for d in sorted({d for d in dates if first <= d <= as_of}):
            if d > deadline and (end is None or deadline <= end):
                late = True
            anchor, deadline = d, add(d)
        if deadline < as_of and (end is None or deadline <= end):
            since = "the start" if anchor == first else fmt(anchor)
            return unmet(
                f"No {what} since {since} ({fmt(anchor)}): one was due by {fmt(deadline)} (every {n} {unit}).",
                due=deadline,
            )
        if end is not None and as_of > end:
            return met(f"{_cap(what)} kept to every {n} {unit} until the arrangement ended.", late=late)
        last = f"the last on {fmt(anchor)}" if anchor != first else f"from the start on {fmt(first)}"
        return due(deadline, f"Next {what} due by {fmt(deadline)} ({last}; every {n} {unit}).")

    def whenever(self, ok: bool, *, met_message: str, unmet_message: str, deadline: _dt.date | None = None) -> Outcome:
        """A condition that must hold: met when `ok`; otherwise unmet, or due while as_of is on or
        before `deadline` (when given)."""
        if ok:
            return met(met_message)
        if deadline is not None and self.as_of <= deadline:
            return due(deadline, unmet_message)
        return unmet(unmet_message, due=deadline)


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class RequirementResult:
    id: str
    pack: str
    status: str
    message: str
    source: str
    due: _dt.date | None = None
    late: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    as_of: _dt.date
    requirements: tuple[RequirementResult, ...]
    sessions: tuple[CodedSession, ...]
    problems: tuple[str, ...] = ()  # about the case as a whole (a count that ran past the calendar)

    def get(self, requirement_id: str) -> RequirementResult | None:
        for r in self.requirements:
            if r.id == requirement_id:
                return r
        return None

    def status(self, requirement_id: str) -> str | None:
        found = self.get(requirement_id)
        return found.status if found else None

    @property
    def codes(self) -> list[str | None]:
        return [s.code for s in self.sessions]


def combine(outcomes: Sequence[Outcome]) -> Outcome | None:
    """The id's verdict from its occurrences: the worst; not_applicable ones left out when some apply."""
    if not outcomes:
        return None
    applying = [o for o in outcomes if o.status != "not_applicable"]
    if not applying:
        return outcomes[0]
    worst = max(_SEVERITY[o.status] for o in applying)
    chosen = [o for o in applying if _SEVERITY[o.status] == worst]
    status = chosen[0].status
    late = status == "met" and any(o.late for o in applying)
    due_date: _dt.date | None = None
    dated = [o.due for o in chosen if o.due is not None]
    if dated:
        due_date = min(dated)
    if status == "due":
        chosen = [o for o in chosen if o.due == due_date] + [o for o in chosen if o.due != due_date]
    if late:
        chosen = [o for o in chosen if o.late] + [o for o in chosen if not o.late]
    messages: list[str] = []
    for o in chosen:
        if o.message not in messages:
            messages.append(o.message)
    if len(messages) > 3:
        message = " ".join(messages[:3]) + f" (and {len(messages) - 3} more)"
    else:
        message = " ".join(messages)
    return Outcome(status, message, due_date, late)


def _as_list(value: RuleReturn) -> list[Outcome]:
    if value is None:
        return []
    if isinstance(value, Outcome):
        return [value]
    return [o for o in value if o is not None]


def evaluate(case: Case, as_of: _dt.date | None = None, *, trace: dict[str, set[str]] | None = None) -> Result:
    """Judge every requirement of the case's packs on as_of (the case's own, unless given). With
    `trace`, the names of the parameters each rule read are added to trace[rule id]."""
    if as_of is not None and as_of != case.as_of:
        case = dataclasses.replace(case, as_of=as_of)
    ctx = Context(case)
    out: list[RequirementResult] = []
    for r in _rules_for(case.packs):
        if trace is not None:
            ctx.params_read = trace.setdefault(r.id, set())
        got = r.function(ctx)
        if got is None:
            continue
        if isinstance(got, Outcome):
            verdict: Outcome | None = got
        else:
            occurrences = _as_list(got)
            verdict = occurrences[0] if len(occurrences) == 1 else combine(occurrences)
        if verdict is None:
            continue
        out.append(
            RequirementResult(r.id, r.pack, verdict.status, verdict.message, r.source, verdict.due, verdict.late)
        )
    return Result(case.as_of, tuple(out), ctx.sessions, tuple(ctx.calendar.ran_out()))


_by_packs: dict[tuple[str, ...], list[Rule]] = {}
_registry_size = -1


def _rules_for(packs: tuple[str, ...]) -> list[Rule]:
    """The rules of these packs in catalogue order, cached per set of packs (rebuilt if rules are added)."""
    global _registry_size
    _import_packs()
    if _registry_size != len(REGISTRY):
        _by_packs.clear()
        _registry_size = len(REGISTRY)
    found = _by_packs.get(packs)
    if found is None:
        found = _by_packs[packs] = rules(packs)
    return found


def result_to_json(result: Result) -> dict[str, Any]:
    """The pathways-result/1 document (case-file.md, "Output of pathways check")."""
    requirements = []
    for r in result.requirements:
        item: dict[str, Any] = {
            "id": r.id,
            "status": r.status,
            "due": r.due.isoformat() if r.due is not None and r.status in ("due", "unmet") else None,
            "message": r.message,
            "source": r.source,
        }
        if r.late:
            item["late"] = True
        requirements.append(item)
    sessions = [
        {
            "date": s.date.isoformat(),
            "session": s.session.session,
            "code": s.code,
            "category": s.category,
            "recorded_valid": s.recorded_valid,
            "problems": list(s.problems),
        }
        for s in result.sessions
    ]
    document: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "as_of": result.as_of.isoformat(),
        "requirements": requirements,
        "sessions": sessions,
    }
    if result.problems:
        document["problems"] = list(result.problems)  # optional: docs/policy-engine.md, Output extensions
    return document
