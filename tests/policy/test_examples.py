"""The eight public examples (copied from spec/examples) come out as their expect blocks say."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.policy import check_expectations, evaluate, read_case
from pathways.policy.engine import rules

EXAMPLES = sorted((Path(__file__).parent / "examples").glob("*.yaml"))


def expected_ids(path: Path) -> set[str]:
    expect = read_case(path).expect
    assert expect is not None
    return {*expect.unmet, *expect.met, *expect.late, *expect.no_duty, *(rid for rid, _ in expect.due)}


def test_all_eight_examples_are_here():
    assert len(EXAMPLES) == 8


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_holds_for_its_codes_and_every_implemented_requirement(path: Path):
    case = read_case(path)
    implemented = {r.id for r in rules()}
    problems = check_expectations(case, evaluate(case))
    assert [p for p in problems if p.startswith("codes") or p.split(":")[0] in implemented] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_holds_in_full(path: Path):
    missing = expected_ids(path) - {r.id for r in rules()}
    assert not missing, f"the example names requirements the engine has no rule for: {', '.join(sorted(missing))}"
    case = read_case(path)
    assert check_expectations(case, evaluate(case)) == []


def test_the_national_expectations_are_exercised_by_the_examples():
    national = {rid for path in EXAMPLES for rid in expected_ids(path) if rid.startswith("NAT-")}
    assert len(national) >= 15
