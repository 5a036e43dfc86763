"""evaluate: every rule of the case's packs run over one Context, each id's occurrences combined into
its verdict; and result_to_json, the pathways-result/1 document."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import Any

from pathways.policy.casefile import Case
from pathways.policy.codes import CodedSession
from pathways.policy.engine.context import Context
from pathways.policy.engine.outcomes import Outcome, RuleReturn, combine
from pathways.policy.engine.registry import REGISTRY, Rule, import_packs, rules

RESULT_FORMAT = "pathways-result/1"


@dataclass(frozen=True, slots=True)
class RequirementResult:
    id: str
    pack: str
    status: str
    message: str
    source: str
    due: _dt.date | None = None
    late: bool = False
    nothing_due_yet: bool = False  # met only because its first window has not closed (Outcome)


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
            RequirementResult(r.id, r.pack, verdict.status, verdict.message, r.source, verdict.due, verdict.late,
                              verdict.nothing_due_yet)
        )
    return Result(case.as_of, tuple(out), ctx.sessions, tuple(ctx.calendar.ran_out()))


_by_packs: dict[tuple[str, ...], list[Rule]] = {}
_registry_size = -1


def _rules_for(packs: tuple[str, ...]) -> list[Rule]:
    """The rules of these packs in catalogue order, cached per set of packs (rebuilt if rules are added)."""
    global _registry_size
    import_packs()
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
        if r.nothing_due_yet:
            item["nothing_due_yet"] = True  # optional: docs/policy-engine.md, Output extensions
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
