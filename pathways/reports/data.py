"""What each report holds, built from the records with no access checks (the views make them).

    progress_report(arrangement, start=, end=, as_of=)   -> ProgressReport   (Appendix 6, for parents)
    visit_record(event)                                  -> VisitRecord      (Appendix 5, one visit)
    governors_report(school, year=, term=, today=)       -> GovernorsReport  (pupils counted, never named)
    la_return_rows(school, start=, end=)                 -> list[LaRow]      (part-time timetables, CSV)
    inspection_pack(pupil, as_of=)                       -> InspectionPack   (Ofsted's questions, Annex A)

Figures come from the modules that own them: attendance rates from cases/rates.py, requirements
from the policy engine through cases/casefiles.py, the registration threshold from
cases/registration.py, a check's standing from providers/checks.py. Each builder reads in a fixed
number of queries whatever the number of arrangements.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from pathways.cases.casefiles import ALL_SESSIONS, cases_for
from pathways.cases.judging import CannotJudge, judge
from pathways.arrangements.models import (
    ARRANGEMENT_KIND_LABELS,
    Arrangement,
    Event,
    Status,
    TimetableVersion,
    timetable_in_force,
)
from pathways.arrangements.vocabulary import (
    HOURS_PER_SESSION,
    SESSIONS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    WHERE_LABELS,
    label,
    sessions_at,
    slot,
)
from pathways.attendance.models import Mark
from pathways.cases.rates import Rates, rates_of
from pathways.policy.engine import Result, rules
from pathways.providers.checks import CheckState, check_states
from pathways.providers.models import Provider, ProviderCheck
from pathways.cases.registration import Threshold, explain, thresholds_for
from pathways.pupils.models import Pupil
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.models import HalfTerm, School

# Where a session counts as "at the provision": away from school, with the provider or its lessons.
AT_PROVISION = ("provider", "online", "another_school")
# The rules whose due date is the arrangement's next review (with the parents, or of the timetable).
REVIEW_RULES = (
    "AP-PARENT-MEETINGS", "AP-UNSATISFACTORY-REVIEW", "PTT-REVIEWS", "OLP-REVIEWS", "RTL-TIMETABLE-REVIEW",
    "NAT-DIRECTION-REVIEW-REQUEST",
)
# A met half-termly duty has no due date in the engine's answer: the next falls in the next half-term.
HALF_TERMLY_REVIEW_RULES = ("AP-PARENT-MEETINGS", "PTT-REVIEWS", "OLP-REVIEWS")
PROGRESS_TYPES = ("progress_report", "review", "timetable_review", "final_report")
PROVIDER_REPORT_TYPES = ("provider_report",)
PASTORAL_TYPES = ("welfare_check", "pupil_views", "behaviour_plan_updated", "send_plan_updated", "healthcare_plan")
BEHAVIOUR_TYPES = ("behaviour_plan_updated", "welfare_check", "pupil_views")
TARGET_TYPES = ("plan_agreed",)
NEXT_STEP_TYPES = ("reintegration_plan",)
DECISION_TYPES = (
    "parent_request", "consideration_form", "planning_meeting", "slt_decision", "trust_consulted",
    "trust_approval", "la_approval", "headteacher_approval", "direction_notice", "parent_consent",
    "written_agreement", "parent_information", "medical_evidence", "iss_consulted", "iss_referral",
)
AGENCY_TYPES = ("social_worker_informed", "agencies_informed", "la_notified", "iss_referral")
TERMS = {"autumn": (1, 2), "spring": (3, 4), "summer": (5, 6)}
TERM_NAMES = {"autumn": "Autumn term", "spring": "Spring term", "summer": "Summer term"}
RUNNING = (Status.ACTIVE, Status.ENDED)


# ----------------------------------------------------------------------------- shared pieces


def needs_line(pupil: Pupil) -> str:
    """The forms' "SEND/ FSM/ LAC/ PP" line: what the school holds (pupil premium is not kept here)."""
    parts = [pupil.get_send_display() if pupil.send != "none" else "No SEND"]
    parts.append("FSM" if pupil.free_school_meals else "Not FSM")
    parts.append("Looked after" if pupil.looked_after else "Not looked after")
    return ", ".join(parts)


def who(user: Any) -> str:
    if user is None:
        return "Pathways"
    return str(user.get_full_name() or user.username)


def current_half_term(half_terms: Iterable[HalfTerm], today: dt.date) -> HalfTerm | None:
    """The half-term `today` falls in; in a holiday, the last one to have started; before any, the first."""
    ordered = sorted(half_terms, key=lambda h: h.start)
    started = [h for h in ordered if h.start <= today]
    if started:
        return started[-1]
    return ordered[0] if ordered else None


def term_of(half_terms: Iterable[HalfTerm], year: int, term: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a term: autumn is half-terms 1-2, spring 3-4, summer 5-6."""
    numbers = TERMS[term]
    found = [h for h in half_terms if h.school_year == year and h.number in numbers]
    if not found:
        return None
    return min(h.start for h in found), max(h.end for h in found)


def term_containing(half_terms: Iterable[HalfTerm], day: dt.date) -> tuple[int, str]:
    half = current_half_term(half_terms, day)
    if half is None:
        year = day.year if day.month >= 9 else day.year - 1
        return year, "autumn"
    term = next(t for t, numbers in TERMS.items() if half.number in numbers)
    return half.school_year, term


@dataclass(frozen=True)
class EventLine:
    date: dt.date
    type: str
    text: str
    by: str
    details: list[tuple[str, str]]

    @classmethod
    def of(cls, event: Event) -> EventLine:
        details = [(label(k), _value(v)) for k, v in (event.fields or {}).items()]
        return cls(event.date, label(event.type), event.note, who(event.recorded_by), details)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return label(str(value))


def _lines(events: Iterable[Event], types: Iterable[str], start: dt.date | None = None,
           end: dt.date | None = None) -> list[EventLine]:
    types = tuple(types)
    return [
        EventLine.of(e) for e in events
        if e.type in types and (start is None or e.date >= start) and (end is None or e.date <= end)
    ]


def _latest(events: Iterable[Event], types: Iterable[str], until: dt.date) -> EventLine | None:
    found = _lines(events, types, end=until)
    return found[-1] if found else None


def _judge(case: Any) -> Result | None:
    """The engine's result, or None when it cannot judge the case (a progress report and the LA return
    then give no next review date; the governors' report counts it as "cannot be judged")."""
    return judge(case).result


def next_review(result: Result | None, half_terms: Iterable[HalfTerm] = (),
                end: dt.date | None = None) -> tuple[dt.date | None, bool]:
    """(the next review's due date, whether a review is overdue), from the engine's review rules. A
    half-termly review already held this half-term is next due by the end of the next half-term, or the
    arrangement's end if sooner (if it runs into that half-term)."""
    if result is None:
        return None, False
    reviews = [r for r in result.requirements if r.id in REVIEW_RULES]
    overdue = any(r.status == "unmet" for r in reviews)
    dates = [r.due for r in reviews if r.status == "due" and r.due]
    if dates:
        return min(dates), overdue
    if any(r.id in HALF_TERMLY_REVIEW_RULES and r.status == "met" for r in reviews):
        later = sorted((h for h in half_terms if h.start > result.as_of), key=lambda h: h.start)
        if later and (end is None or end >= later[0].start):
            return min(later[0].end, end or later[0].end), overdue
    return None, overdue


def _marks(arrangements: Iterable[int], start: dt.date | None, end: dt.date | None) -> dict[int, list[Mark]]:
    q = Q(arrangement_id__in=list(arrangements))
    if start is not None:
        q &= Q(date__gte=start)
    if end is not None:
        q &= Q(date__lte=end)
    out: dict[int, list[Mark]] = defaultdict(list)
    for m in Mark.objects.filter(q).only("arrangement_id", "date", "session", "expected", "code"):
        out[m.arrangement_id or 0].append(m)
    return out


@dataclass(frozen=True)
class Attendance:
    """Rates for the arrangement's recorded sessions: all of them, and those at the provision."""

    all: Rates
    at_provision: Rates

    @classmethod
    def of(cls, marks: Iterable[Mark]) -> Attendance:
        marks = list(marks)
        return cls(
            all=rates_of((m.date, m.code) for m in marks),
            at_provision=rates_of((m.date, m.code) for m in marks if m.expected in AT_PROVISION),
        )


def week_rows(slots: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(WEEKDAY_NAMES[d], WHERE_LABELS[slot(slots, d, "am")], WHERE_LABELS[slot(slots, d, "pm")])
            for d in WEEKDAYS]


def hours_by_place(slots: dict[str, Any]) -> list[tuple[str, int]]:
    """(where, hours a week) for every place the usual week uses, a session being 3 hours."""
    counts = Counter(slot(slots, d, s) for d in WEEKDAYS for s in SESSIONS)
    return [(WHERE_LABELS[w], n * HOURS_PER_SESSION) for w, n in counts.items() if n]


def hours_offered(slots: dict[str, Any]) -> int:
    """Hours of education a week the usual week offers: every session but those at home or not required."""
    return sum(sessions_at(slots, w) for w in ("school", "provider", "online", "another_school")) * HOURS_PER_SESSION


def _with_events(queryset: Any) -> Any:
    return queryset.select_related("pupil", "school", "provider").prefetch_related(
        Prefetch("events", queryset=Event.current.select_related("recorded_by").order_by("date", "id"),
                 to_attr="current_events"),
    )


# ----------------------------------------------------------------------------- 1. parent progress report


@dataclass
class ProgressReport:
    arrangement: Arrangement
    pupil: Pupil
    school: School
    provider: Provider | None
    start: dt.date
    end: dt.date
    period_name: str
    as_of: dt.date
    needs: str
    attendance: Attendance
    pastoral: list[EventLine]
    curriculum: list[EventLine]
    provider_reports: list[EventLine]
    targets: EventLine | None
    next_steps: EventLine | None
    next_review: dt.date | None
    review_overdue: bool


def progress_report(arrangement: Arrangement, *, start: dt.date, end: dt.date, as_of: dt.date,
                    period_name: str = "") -> ProgressReport:
    a = _with_events(Arrangement.objects.filter(pk=arrangement.pk)).get()
    events = a.current_events
    marks = _marks([a.pk], start, end).get(a.pk, [])
    result = _judge(cases_for([a], as_of=as_of, register=ALL_SESSIONS)[a.pk])
    due, overdue = next_review(result, HalfTerm.objects.filter(school_id=a.school_id), a.end)
    return ProgressReport(
        arrangement=a, pupil=a.pupil, school=a.school, provider=a.provider, start=start, end=end,
        period_name=period_name or f"{start:%-d %B %Y} to {end:%-d %B %Y}", as_of=as_of,
        needs=needs_line(a.pupil), attendance=Attendance.of(marks),
        pastoral=_lines(events, PASTORAL_TYPES, start, end),
        curriculum=_lines(events, PROGRESS_TYPES, start, end),
        provider_reports=_lines(events, PROVIDER_REPORT_TYPES, start, end),
        targets=_latest(events, TARGET_TYPES, end), next_steps=_latest(events, NEXT_STEP_TYPES, end),
        next_review=due, review_overdue=overdue,
    )


# ----------------------------------------------------------------------------- 2. provider visit record


@dataclass
class VisitRecord:
    event: Event
    arrangement: Arrangement
    pupil: Pupil
    school: School
    provider: Provider | None
    visited_by: str
    needs: str
    agencies: list[str]
    since: dt.date
    attendance: Attendance
    checks: list[CheckState]
    risk_assessment: RiskAssessment | None
    behaviour: list[EventLine]
    progress: list[EventLine]
    provider_reports: list[EventLine]
    others_seen: int
    details: list[tuple[str, str]]


def visit_record(event: Event) -> VisitRecord:
    """The visit with what Pathways holds for each section of Appendix 5, from the start of its half-term
    (or of the placement, if later) to the day of the visit."""
    a = _with_events(Arrangement.objects.filter(pk=event.arrangement_id)).get()
    events = a.current_events
    half_terms = list(HalfTerm.objects.filter(school_id=a.school_id))
    half = current_half_term(half_terms, event.date)
    since = max(half.start if half and half.start <= event.date else a.start, a.start)
    marks = _marks([a.pk], since, event.date).get(a.pk, [])
    checks = list(a.provider.checks.all()) if a.provider else []
    risk = (RiskAssessment.objects.filter(arrangement=a, status="completed", completed_on__lte=event.date)
            .order_by("-completed_on", "-version").first())
    others = 0
    if a.provider_id:
        others = (Event.current.filter(type="visit", date=event.date, arrangement__provider_id=a.provider_id,
                                       arrangement__school_id=a.school_id)
                  .exclude(arrangement__pupil_id=a.pupil_id).values("arrangement__pupil_id").distinct().count())
    agencies = []
    if a.pupil.social_worker:
        agencies.append("Social worker allocated")
    for line in _lines(events, AGENCY_TYPES, end=event.date):
        agencies.append(f"{line.type} ({line.date:%-d %b %Y})")
    return VisitRecord(
        event=event, arrangement=a, pupil=a.pupil, school=a.school, provider=a.provider,
        visited_by=who(event.recorded_by), needs=needs_line(a.pupil), agencies=agencies, since=since,
        attendance=Attendance.of(marks), checks=check_states(checks, event.date) if a.provider else [],
        risk_assessment=risk, behaviour=_lines(events, BEHAVIOUR_TYPES, since, event.date),
        progress=_lines(events, PROGRESS_TYPES, since, event.date),
        provider_reports=_lines(events, PROVIDER_REPORT_TYPES, since, event.date), others_seen=others,
        details=[(label(k), _value(v)) for k, v in (event.fields or {}).items()],
    )


# ----------------------------------------------------------------------------- 3. governors' termly report


@dataclass(frozen=True)
class KindRow:
    kind: str
    started: int
    active: int
    ended: int


@dataclass(frozen=True)
class ProviderRow:
    name: str
    kind: str
    registration: str
    registered: bool
    our_pupils: int
    threshold: Threshold
    checks_attention: int
    checks_missing: int

    @property
    def explanation(self) -> list[str]:
        return explain(self.threshold)


@dataclass
class GovernorsReport:
    school: School
    year: int
    term: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    kinds: list[KindRow]
    totals: KindRow
    judged: int
    compliant: int
    unmet_by_rule: list[tuple[str, str, int]]
    outcomes: list[tuple[str, int]]
    providers: list[ProviderRow]
    awaiting_approval: int
    # running on the day judged but the engine cannot judge them: neither compliant nor failing
    cannot_judge: list[tuple[Arrangement, CannotJudge]] = field(default_factory=list)

    @property
    def running_on_day(self) -> int:
        """The arrangements running on the day judged: those judged and those that cannot be."""
        return self.judged + len(self.cannot_judge)

    @property
    def term_name(self) -> str:
        return f"{TERM_NAMES[self.term]} {self.year}-{(self.year + 1) % 100:02d}"

    @property
    def compliance_rate(self) -> float | None:
        return round(100 * self.compliant / self.judged, 1) if self.judged else None


def governors_report(school: School, *, year: int, term: str, today: dt.date) -> GovernorsReport | None:
    """The term's arrangements counted by kind, the share of those running on the last day judged with
    no unmet requirement, how the ended ones ended, and the providers used. None: no such term."""
    half_terms = list(HalfTerm.objects.filter(school=school))
    span = term_of(half_terms, year, term)
    if span is None:
        return None
    start, end = span
    as_of = min(end, today)
    rows = list(
        Arrangement.objects.filter(school=school, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .exclude(status=Status.DRAFT)
        .select_related("provider")
        .order_by("id")
    )
    running = [a for a in rows if a.status in RUNNING]
    awaiting = sum(1 for a in rows if a.status == Status.AWAITING_APPROVAL)
    kinds = []
    for kind, name in ARRANGEMENT_KIND_LABELS.items():
        of_kind = [a for a in running if a.kind == kind]
        if not of_kind:
            continue
        kinds.append(KindRow(
            name,
            started=sum(1 for a in of_kind if start <= a.start <= end),
            active=len(of_kind),
            ended=sum(1 for a in of_kind if a.status == Status.ENDED and a.end and start <= a.end <= end),
        ))
    totals = KindRow("All arrangements", sum(k.started for k in kinds), sum(k.active for k in kinds),
                     sum(k.ended for k in kinds))
    # Compliance: the arrangements running on the day judged (the term's last day, or today).
    judged = [a for a in running if a.start <= as_of and (a.end is None or a.end >= as_of)
              and (a.status == Status.ACTIVE or (a.end is not None and a.end >= as_of))]
    cases = cases_for(judged, as_of=as_of) if judged else {}
    compliant = 0
    unmet: Counter[str] = Counter()
    judged_count = 0
    cannot: list[tuple[Arrangement, CannotJudge]] = []
    for a in judged:
        verdict = judge(cases[a.pk])
        if verdict.cannot is not None:  # neither compliant nor failing: counted and named on its own
            cannot.append((a, verdict.cannot))
            continue
        result = verdict.result
        assert result is not None
        judged_count += 1
        failing = {r.id for r in result.requirements if r.status == "unmet"}
        unmet.update(failing)
        compliant += not failing
    outcomes = Counter(
        a.get_outcome_display() for a in running
        if a.status == Status.ENDED and a.end and start <= a.end <= end
    )
    providers = {a.provider.id: a.provider for a in running if a.provider is not None}
    ours = Counter(a.provider.id for a in running if a.provider is not None)
    thresholds = thresholds_for(providers.values(), as_of=as_of)
    checks: dict[int, list[Any]] = defaultdict(list)
    for check in ProviderCheck.objects.filter(provider_id__in=list(providers)):
        checks[check.provider_id].append(check)
    provider_rows = []
    for pid, p in sorted(providers.items(), key=lambda kv: kv[1].name):
        states = check_states(checks[pid], as_of)
        provider_rows.append(ProviderRow(
            name=p.name, kind=p.get_kind_display(), registration=p.get_registration_display(),
            registered=p.registration != "unregistered", our_pupils=ours[pid], threshold=thresholds[pid],
            checks_attention=sum(1 for s in states if s.needs_attention),
            checks_missing=sum(1 for s in states if s.status == "missing"),
        ))
    return GovernorsReport(
        school=school, year=year, term=term, start=start, end=end, as_of=as_of, kinds=kinds, totals=totals,
        judged=judged_count, compliant=compliant, unmet_by_rule=_titled(unmet), cannot_judge=cannot,
        outcomes=sorted(outcomes.items()), providers=provider_rows, awaiting_approval=awaiting,
    )


def _titled(unmet: Counter[str]) -> list[tuple[str, str, int]]:
    """(requirement id, its title, how many arrangements leave it unmet), most first."""
    titles = {r.id: r.title for r in rules()}
    return [(rid, titles.get(rid, rid), n) for rid, n in sorted(unmet.items(), key=lambda kv: (-kv[1], kv[0]))]


# ----------------------------------------------------------------------------- 4. LA part-time timetable return


LA_COLUMNS = (
    "LAESTAB", "UPN", "Surname", "Forename", "Date of birth", "Year group", "SEN status", "Looked after",
    "Social worker", "Start date", "Planned end date", "Status", "Hours per week offered", "Reason",
    "Last review date", "Next review date", "Parental agreement recorded",
)


@dataclass(frozen=True)
class LaRow:
    arrangement: Arrangement
    pupil: Pupil
    hours: int | None
    last_review: dt.date | None
    next_review: dt.date | None
    review_overdue: bool
    agreement: dt.date | None
    year_group: int
    cannot_judge: bool = False      # the engine cannot judge it, so its next review is not known

    def cells(self, laestab: str) -> list[Any]:
        p, a = self.pupil, self.arrangement
        return [
            laestab, p.upn, p.last_name, p.first_name, p.date_of_birth.isoformat(), self.year_group,
            p.get_send_display(), _yes(p.looked_after), _yes(p.social_worker), a.start.isoformat(),
            a.end.isoformat() if a.end else "", a.get_status_display(), "" if self.hours is None else self.hours,
            a.get_reason_display(), self.last_review.isoformat() if self.last_review else "",
            "Overdue" if self.review_overdue else "Cannot be judged" if self.cannot_judge else (
                self.next_review.isoformat() if self.next_review else ""),
            f"Yes ({self.agreement.isoformat()})" if self.agreement else "No",
        ]


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def la_return_rows(school: School, *, start: dt.date, end: dt.date, today: dt.date) -> list[LaRow]:
    """Every part-time timetable running at some point from `start` to `end` (approved: active or ended),
    by surname. Hours are the timetable in force on the range's last day (or the timetable's own, if it
    ended earlier); the next review is the engine's, judged on that day too."""
    arrangements = list(
        _with_events(
            Arrangement.objects.filter(school=school, kind="part_time_timetable", status__in=RUNNING,
                                       start__lte=end)
            .filter(Q(end__isnull=True) | Q(end__gte=start))
        ).prefetch_related(Prefetch("timetables", queryset=TimetableVersion.objects.order_by("effective_from")))
        .order_by("pupil__last_name", "pupil__first_name", "start", "id")
    )
    as_of = min(end, today)
    cases = cases_for(arrangements, as_of=as_of) if arrangements else {}
    half_terms = list(HalfTerm.objects.filter(school=school))
    out = []
    for a in arrangements:
        on = min(as_of, a.end) if a.end else as_of
        version = timetable_in_force(list(a.timetables.all()), on)
        reviews = [e.date for e in a.current_events if e.type in ("review", "timetable_review") and e.date <= as_of]
        consent = [e.date for e in a.current_events
                   if e.type == "parent_consent" and (e.fields or {}).get("written") is not False and e.date <= as_of]
        judged = judge(cases[a.pk]) if a.status == Status.ACTIVE else None
        due, overdue = next_review(judged.result, half_terms, a.end) if judged is not None else (None, False)
        out.append(LaRow(a, a.pupil, hours_offered(version.slots) if version else None,
                         max(reviews) if reviews else None, due, overdue, min(consent) if consent else None,
                         a.pupil.year_group_on(on), cannot_judge=judged is not None and judged.cannot is not None))
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula is prefixed with an apostrophe (OWASP's advice);
    numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# ----------------------------------------------------------------------------- 5. inspection evidence pack


@dataclass
class ArrangementEvidence:
    arrangement: Arrangement
    decisions: list[EventLine]
    threshold: Threshold | None
    registration_checked: CheckState | None
    checks: list[CheckState]
    risk_assessments: list[RiskAssessment]
    week: list[tuple[str, str, str]]
    timetable_from: dt.date | None
    hours: list[tuple[str, int]]
    hours_offered: int | None
    steps: list[Any]
    progress: list[EventLine]
    provider_reports: list[EventLine]
    attendance: Attendance
    behaviour: list[EventLine]
    visits: list[EventLine]
    panel: dict[str, list[Any]] = field(default_factory=dict)
    panel_problem: str = ""

    @property
    def threshold_lines(self) -> list[str]:
        return explain(self.threshold) if self.threshold else []


@dataclass
class InspectionPack:
    pupil: Pupil
    school: School
    as_of: dt.date
    needs: str
    arrangements: list[ArrangementEvidence]


def inspection_pack(pupil: Pupil, *, as_of: dt.date) -> InspectionPack:
    """Every arrangement of the pupil but drafts, newest first, with the evidence for each of the
    questions inspectors consider (Annex A: Ofsted handbook 230)."""
    arrangements = list(
        _with_events(Arrangement.objects.filter(pupil=pupil).exclude(status=Status.DRAFT))
        .prefetch_related("timetables", "steps", "provider__checks",
                          Prefetch("risk_assessments", queryset=RiskAssessment.objects.select_related(
                              "completed_by", "next_version").order_by("-version")))
        .order_by("-start", "-id")
    )
    cases = cases_for(arrangements, as_of=as_of, register=ALL_SESSIONS) if arrangements else {}
    providers = {a.provider_id: a.provider for a in arrangements if a.provider is not None}
    thresholds = thresholds_for(providers.values(), as_of=as_of)
    marks = _marks([a.pk for a in arrangements], None, as_of)
    out = []
    for a in arrangements:
        events = a.current_events
        versions = list(a.timetables.all())
        version = timetable_in_force(versions, min(as_of, a.end) if a.end else as_of)
        states = check_states(list(a.provider.checks.all()), as_of) if a.provider else []
        registration = next((s for s in states if s.type == "registration_checked"), None)
        panel: dict[str, list[Any]] = {"unmet": [], "due": [], "met": [], "not_applicable": []}
        problem = ""
        judged = judge(cases[a.pk])
        if judged.cannot is not None:
            problem = f"{judged.cannot.reason}. {judged.cannot.action}."
        else:
            assert judged.result is not None
            for r in judged.result.requirements:
                panel[r.status].append(r)
            panel["due"].sort(key=lambda r: (r.due or dt.date.max, r.id))
        out.append(ArrangementEvidence(
            arrangement=a,
            decisions=_lines(events, (*DECISION_TYPES, "end")),
            threshold=thresholds.get(a.provider_id) if a.provider_id else None,
            registration_checked=registration,
            checks=[s for s in states if s.type != "registration_checked"],
            risk_assessments=[r for r in a.risk_assessments.all() if r.is_current],
            week=week_rows(version.slots) if version else [],
            timetable_from=version.effective_from if version else None,
            hours=hours_by_place(version.slots) if version else [],
            hours_offered=hours_offered(version.slots) if version else None,
            steps=list(a.steps.all()),
            progress=_lines(events, (*PROGRESS_TYPES, "pupil_views")),
            provider_reports=_lines(events, PROVIDER_REPORT_TYPES),
            attendance=Attendance.of(marks.get(a.pk, [])),
            behaviour=_lines(events, ("behaviour_plan_updated", "welfare_check", "send_plan_updated")),
            visits=_lines(events, ("visit",)),
            panel=panel, panel_problem=problem,
        ))
    return InspectionPack(pupil=pupil, school=pupil.school, as_of=as_of, needs=needs_line(pupil), arrangements=out)
