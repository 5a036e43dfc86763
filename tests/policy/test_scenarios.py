"""Every scenario case file under tests/policy/cases/ holds its expect block."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.policy import check_expectations, evaluate, read_case

CASES = Path(__file__).parent / "cases"
FILES = sorted(p for p in CASES.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_a_scenario_case_file_comes_out_as_its_expect_block_says(path: Path):
    case = read_case(path)  # an empty expect block is refused here (CaseFileError at `expect`)
    assert case.expect is not None, "a scenario file needs an expect: block"
    assert check_expectations(case, evaluate(case)) == []


def test_every_national_requirement_has_scenarios_on_both_sides():
    from pathways.policy.engine import CATALOGUE

    seen: dict[str, set[str]] = {}
    for path in (CASES / "national").glob("*.yaml"):
        expect = read_case(path).expect
        assert expect is not None
        for side, ids in (("kept", (*expect.met, *expect.late)), ("broken", expect.unmet)):
            for rid in ids:
                seen.setdefault(rid, set()).add(side)
    national = [rid for rid, entry in CATALOGUE.items() if entry["pack"] == "national"]
    assert {rid: seen.get(rid, set()) for rid in national} == {rid: {"kept", "broken"} for rid in national}
