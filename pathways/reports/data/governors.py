"""3. The governors' termly report: pupils counted, never named."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from pathways.arrangements.models import (
    ARRANGEMENT_KIND_LABELS,
    Arrangement,
    Status,
)
from pathways.cases.casefiles import cases_for
from pathways.cases.judging import CannotJudge, judge
from pathways.cases.registration import Threshold, explain, thresholds_for
from pathways.policy.engine import rules
from pathways.providers.checks import check_states
from pathways.providers.models import ProviderCheck
from pathways.reports.data.shared import (
    RUNNING,
    TERM_NAMES,
    term_of,
)
from pathways.schools.models import HalfTerm, School


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
    kinds = _kind_rows(running, start, end)
    totals = KindRow("All arrangements", sum(k.started for k in kinds), sum(k.active for k in kinds),
                     sum(k.ended for k in kinds))
    judged_count, compliant, unmet, cannot = _compliance(running, as_of)
    outcomes = Counter(
        a.get_outcome_display() for a in running
        if a.status == Status.ENDED and a.end and start <= a.end <= end
    )
    return GovernorsReport(
        school=school, year=year, term=term, start=start, end=end, as_of=as_of, kinds=kinds, totals=totals,
        judged=judged_count, compliant=compliant, unmet_by_rule=_titled(unmet), cannot_judge=cannot,
        outcomes=sorted(outcomes.items()), providers=_provider_rows(running, as_of),
        awaiting_approval=sum(1 for a in rows if a.status == Status.AWAITING_APPROVAL),
    )


def _kind_rows(running: list[Arrangement], start: dt.date, end: dt.date) -> list[KindRow]:
    """Each kind of arrangement the term ran: how many started in it, ran in it, ended in it."""
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
    return kinds


def _compliance(
    running: list[Arrangement], as_of: dt.date,
) -> tuple[int, int, Counter[str], list[tuple[Arrangement, CannotJudge]]]:
    """Of the arrangements running on the day judged (the term's last day, or today): how many were
    judged, how many of those had no unmet requirement, the unmet requirements counted, and those the
    engine cannot judge (neither compliant nor failing: counted and named on their own)."""
    judged = [a for a in running if a.start <= as_of and (a.end is None or a.end >= as_of)
              and (a.status == Status.ACTIVE or (a.end is not None and a.end >= as_of))]
    cases = cases_for(judged, as_of=as_of) if judged else {}
    compliant = 0
    unmet: Counter[str] = Counter()
    judged_count = 0
    cannot: list[tuple[Arrangement, CannotJudge]] = []
    for a in judged:
        verdict = judge(cases[a.pk])
        if verdict.cannot is not None:
            cannot.append((a, verdict.cannot))
            continue
        result = verdict.result
        assert result is not None
        judged_count += 1
        failing = {r.id for r in result.requirements if r.status == "unmet"}
        unmet.update(failing)
        compliant += not failing
    return judged_count, compliant, unmet, cannot


def _provider_rows(running: list[Arrangement], as_of: dt.date) -> list[ProviderRow]:
    """The providers the term's arrangements used, by name, with their registration and checks."""
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
    return provider_rows


def _titled(unmet: Counter[str]) -> list[tuple[str, str, int]]:
    """(requirement id, its title, how many arrangements leave it unmet), most first."""
    titles = {r.id: r.title for r in rules()}
    return [(rid, titles.get(rid, rid), n) for rid, n in sorted(unmet.items(), key=lambda kv: (-kv[1], kv[0]))]
