"""What a case file's `expect:` block means, so that a scenario can fail for the right reason.

`met` is met on time (a late one is `late:`); an empty block is refused when the file is read; an id
that is not in the catalogue, or that no rule judges, fails in every list (a `no_duty:` too).
"""

from __future__ import annotations

from typing import Any

import pytest

from pathways.cli import main
from pathways.policy import CaseFileError, check_expectations, evaluate, parse_case
from pathways.policy.engine import REGISTRY
from tests.policy.builders import case_dict


def ptt(consent: str | None, expect: dict[str, Any]) -> list[str]:
    """The differences for a part-time timetable from Mon 10 Nov 2025 with written consent on `consent`."""
    data = case_dict(expect=expect)
    if consent is not None:
        data["events"] = [{"date": consent, "type": "parent_consent"}]
    case = parse_case(data)
    return check_expectations(case, evaluate(case))


def test_met_means_met_on_time():
    assert ptt("2025-11-07", {"met": ["NAT-PTT-AGREEMENT"]}) == []


def test_met_refuses_a_late_one():
    (problem,) = ptt("2025-11-12", {"met": ["NAT-PTT-AGREEMENT"]})
    assert problem.startswith("NAT-PTT-AGREEMENT: expected met on time, got met")
    assert "(late)" in problem


def test_late_is_for_the_late_one_and_refuses_one_on_time():
    assert ptt("2025-11-12", {"late": ["NAT-PTT-AGREEMENT"]}) == []
    assert ptt("2025-11-07", {"late": ["NAT-PTT-AGREEMENT"]}) != []


def test_met_refuses_unmet_and_a_missing_result():
    assert ptt(None, {"met": ["NAT-PTT-AGREEMENT"]}) != []
    assert ptt("2025-11-07", {"met": ["OLP-PERMITTED-USE"]}) != []  # pack not in force: no result


@pytest.mark.parametrize("key", ["met", "late", "unmet", "no_duty"])
def test_an_unknown_id_fails_in_every_list(key):
    problems = ptt("2025-11-07", {key: ["NAT-NO-SUCH-DUTY"]})
    assert problems[0] == f"expect.{key}: NAT-NO-SUCH-DUTY is not a requirement id in the catalogue"


def test_an_unknown_id_fails_under_due():
    problems = ptt("2025-11-07", {"due": {"NAT-NO-SUCH-DUTY": "2025-11-10"}})
    assert problems[0] == "expect.due: NAT-NO-SUCH-DUTY is not a requirement id in the catalogue"


def test_no_duty_for_a_requirement_without_a_rule_fails(monkeypatch):
    monkeypatch.delitem(REGISTRY, "NAT-PTT-PROFESSIONALS")
    assert ptt("2025-11-07", {"no_duty": ["NAT-PTT-PROFESSIONALS"]}) == [
        "expect.no_duty: NAT-PTT-PROFESSIONALS has no rule in the engine, so it cannot be judged"
    ]


@pytest.mark.parametrize(
    "block",
    [{}, {"met": []}, {"met": [], "unmet": [], "late": [], "no_duty": [], "due": {}}, {"codes": []}],
)
def test_an_empty_expect_block_is_refused_at_expect(block):
    with pytest.raises(CaseFileError) as caught:
        parse_case(case_dict(expect=block))
    assert caught.value.errors == [
        "expect: an empty expectation: name at least one requirement id or the expected codes"
    ]


def test_a_case_file_may_have_no_expect_block():
    assert parse_case(case_dict()).expect is None


def test_the_command_line_names_expect_for_an_empty_block(tmp_path, capsys):
    path = tmp_path / "empty_expect.yaml"
    path.write_text(
        "format: pathways-case/1\nas_of: 2025-11-20\npupil: {date_of_birth: 2012-02-14}\n"
        "arrangement: {kind: part_time_timetable, reason: medical, start: 2025-11-10}\nexpect: {}\n"
    )
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "expect: an empty expectation" in err
