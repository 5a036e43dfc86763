"""Every scenario case file under tests/policy/cases/ holds its expect block."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.policy import check_expectations, evaluate, read_case

CASES = Path(__file__).parent / "cases"
FILES = sorted(p for p in CASES.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_a_scenario_case_file_comes_out_as_its_expect_block_says(path: Path):
    case = read_case(path)
    assert case.expect is not None, "a scenario file needs an expect: block"
    assert check_expectations(case, evaluate(case)) == []
