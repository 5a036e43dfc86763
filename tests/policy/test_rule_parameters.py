"""Every rule declares the parameters it reads (`@rule(..., params=...)`, listed by `pathways rules
--json`), and the declaration is true: every scenario and example case file is judged with ctx.param
traced, and each parameter a rule read while it ran must be one it declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathways.policy import parameters, read_case
from pathways.policy.engine import evaluate, rules

HERE = Path(__file__).parent
SUFFIXES = (".yaml", ".yml", ".json")
FILES = sorted(p for d in ("cases", "examples") for p in (HERE / d).rglob("*") if p.suffix in SUFFIXES)
PACKS = HERE.parent.parent / "pathways" / "policy" / "packs"


@pytest.fixture(scope="module")
def traced() -> dict[str, set[str]]:
    """rule id -> every parameter it read over all the case files."""
    reads: dict[str, set[str]] = {}
    for path in FILES:
        trace: dict[str, set[str]] = {}
        evaluate(read_case(path), trace=trace)
        for rid, names in trace.items():
            reads.setdefault(rid, set()).update(names)
    return reads


def test_the_case_files_are_found():
    assert len(FILES) > 100


def test_every_declared_parameter_exists():
    for r in rules():
        for name in r.params:
            assert name in parameters.PARAMETERS, f"{r.id} declares unknown parameter {name}"
        assert len(set(r.params)) == len(r.params), r.id


def test_each_parameter_a_rule_reads_is_declared(traced: dict[str, set[str]]):
    declared = {r.id: set(r.params) for r in rules()}
    undeclared = {rid: sorted(names - declared.get(rid, set())) for rid, names in traced.items()}
    assert {rid: names for rid, names in undeclared.items() if names} == {}


def test_each_declared_parameter_is_read_in_some_case_file(traced: dict[str, set[str]]):
    """A declaration no case file exercises is stale (or wants a scenario)."""
    unread = {r.id: sorted(set(r.params) - traced.get(r.id, set())) for r in rules()}
    assert {rid: names for rid, names in unread.items() if names} == {}


def test_tracing_sees_a_read():
    case = read_case(HERE / "cases" / "national" / "direction_notice_two_school_days_before.yaml")
    trace: dict[str, set[str]] = {}
    evaluate(case, trace=trace)
    assert "direction_notice_school_days" in trace["NAT-DIRECTION-NOTICE"]


def test_every_parameter_is_read_by_some_rule_or_named_by_its_reader():
    """A parameter no rule declares is read outside the rules (the follow-ups of an absence, the
    provider's registration count): each is named here with its reader, so none is forgotten."""
    outside = {"absence_response_home_visit", "absence_response_school_days"}  # pathways.attendance.followups
    declared = {name for r in rules() for name in r.params}
    assert set(parameters.PARAMETERS) - declared == outside


def test_pack_code_reads_parameters_only_through_ctx_param():
    """No pack sidesteps the trace by calling the loader itself."""
    for path in PACKS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"parameters\.(get|PARAMETERS|parameter)\b", text), path
