"""Comparing a result with a case file's `expect:` block (case-file.md, Top level, `expect`).

unmet: [ids]      each id comes out unmet
met: [ids]        each id comes out met (late or not)
late: [ids]       each id comes out met with late: true
due: {id: date}   each id comes out due, by that date
no_duty: [ids]    each id comes out met, not_applicable, or not at all
codes: [...]      the derived codes of the sessions, in order
"""

from __future__ import annotations

from pathways.policy.casefile import Case
from pathways.policy.engine import Result


def check_expectations(case: Case, result: Result) -> list[str]:
    """Every way the result differs from the case's expect block (empty when it holds or there is none)."""
    expect = case.expect
    if expect is None:
        return []
    problems: list[str] = []

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
        if result.status(rid) != "met":
            problems.append(f"{rid}: expected met, got {describe(rid)}")
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
