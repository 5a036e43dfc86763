"""Comparing a result with a case file's `expect:` block (case-file.md, Top level, `expect`).

unmet: [ids]      each id comes out unmet
met: [ids]        each id comes out met on time (met, and not late)
late: [ids]       each id comes out met with late: true
due: {id: date}   each id comes out due, by that date
no_duty: [ids]    each id comes out met, not_applicable, or not at all
codes: [...]      the derived codes of the sessions, in order

Every id named in any list must be a requirement of the catalogue (requirements.yaml) with a rule
that judges it, so a `no_duty:` (which an absent result satisfies) cannot pass for a misspelt id
or a rule that was never written. An empty expect block is refused when the file is read
(casefile/read_arrangement.py, path `expect`).
"""

from __future__ import annotations

from pathways.policy.casefile import Case, Expect
from pathways.policy.engine import CATALOGUE, Result, rules


def check_expectations(case: Case, result: Result) -> list[str]:
    """Every way the result differs from the case's expect block (empty when it holds or there is none)."""
    expect = case.expect
    if expect is None:
        return []
    problems: list[str] = _unknown_ids(expect)

    def describe(rid: str) -> str:
        got = result.get(rid)
        if got is None:
            return "not in the result"
        extra = f" by {got.due.isoformat()}" if got.due and got.status in ("due", "unmet") else ""
        late = " (late)" if got.late else ""
        return f"{got.status}{extra}{late}: {got.message}"

    for rid in expect.unmet:
        if result.status(rid) != "unmet":
            problems.append(f"{rid}: expected unmet, got {describe(rid)}")
    for rid in expect.met:
        got = result.get(rid)
        if got is None or got.status != "met" or got.late:
            problems.append(f"{rid}: expected met on time, got {describe(rid)}")
    for rid in expect.late:
        got = result.get(rid)
        if got is None or got.status != "met" or not got.late:
            problems.append(f"{rid}: expected met late, got {describe(rid)}")
    for rid, when in expect.due:
        got = result.get(rid)
        if got is None or got.status != "due" or got.due != when:
            problems.append(f"{rid}: expected due by {when.isoformat()}, got {describe(rid)}")
    for rid in expect.no_duty:
        if result.status(rid) not in (None, "met", "not_applicable"):
            problems.append(f"{rid}: expected no duty, got {describe(rid)}")
    if expect.codes is not None:
        got_codes = result.codes
        if list(expect.codes) != got_codes:
            problems.append(f"codes: expected {list(expect.codes)}, got {got_codes}")
    return problems


def _unknown_ids(expect: Expect) -> list[str]:
    """An id in any expect list that is not in the catalogue, or that no rule judges."""
    implemented = {r.id for r in rules()}
    named = [
        *(("unmet", rid) for rid in expect.unmet),
        *(("met", rid) for rid in expect.met),
        *(("late", rid) for rid in expect.late),
        *(("due", rid) for rid, _ in expect.due),
        *(("no_duty", rid) for rid in expect.no_duty),
    ]
    problems = []
    for key, rid in named:
        if rid not in CATALOGUE:
            problems.append(f"expect.{key}: {rid} is not a requirement id in the catalogue")
        elif rid not in implemented:
            problems.append(f"expect.{key}: {rid} has no rule in the engine, so it cannot be judged")
    return problems
