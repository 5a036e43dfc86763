"""The `check`, `upn` and `rules` commands of `python -m pathways` (no Django involved)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pathways.cli import main

EXAMPLE = Path(__file__).parent / "examples" / "08_register_coding_week.yaml"
ROOT = Path(__file__).resolve().parents[2]


def test_check_prints_the_result_document_and_exits_zero(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "pathways-result/1"
    assert [s["code"] for s in doc["sessions"]] == ["/", "L", "B", "U", "M", "C2", "C2", "I", "/", "C2"]


def test_check_can_judge_on_another_date(capsys):
    assert main(["check", str(EXAMPLE), "--as-of", "2025-12-01", "--compact"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2025-12-01"


def test_check_of_a_bad_file_exits_two_with_the_reason_on_standard_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("date: 2025-11-17", "date: 2025-11-31", 1))
    assert main(["check", str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert "sessions[0].date: not a date: '2025-11-31'" in out.err


def test_check_of_a_missing_file_exits_two(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_check_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["check", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2025-11-21"


@pytest.mark.parametrize(
    ("upn", "valid", "temporary", "letter"),
    [
        ("H801200001001", True, False, "H"),
        ("X00180001701A", True, True, "X"),
        ("B207000016049", False, False, "P"),
    ],
)
def test_upn_prints_the_verdict(capsys, upn, valid, temporary, letter):
    assert main(["upn", upn]) == 0
    got = json.loads(capsys.readouterr().out)
    assert list(got) == ["upn", "valid", "temporary", "check_letter", "error"]
    assert (got["upn"], got["valid"], got["temporary"], got["check_letter"]) == (
        upn,
        valid,
        temporary,
        letter,
    )


def test_rules_lists_every_implemented_id_as_json(capsys):
    assert main(["rules", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    national = [r for r in rows if r["pack"] == "national"]
    assert len(national) == 23
    assert set(rows[0]) == {"id", "pack", "title", "source", "parameters"}
    by_id = {r["id"]: r for r in rows}
    notice = by_id["NAT-DIRECTION-NOTICE"]["parameters"]
    assert notice == ["direction_notice_all_schools", "direction_notice_school_days"]
    assert by_id["NAT-CODE-SET"]["parameters"] == []


def test_rules_prints_a_table(capsys):
    assert main(["rules", "--pack", "national"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["id", "pack", "title", "source"]
    assert "NAT-SUSPENSION-DAY6" in out and "23 requirements implemented." in out


def test_the_check_command_does_not_import_django():
    code = (
        "import sys; from pathways.cli import main; "
        f"main(['check', {str(EXAMPLE)!r}, '--compact']); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_check_says_when_a_count_ran_past_the_school_calendar(capsys):
    ran_out = Path(__file__).parent / "cases" / "national" / "settled_count_past_the_last_half_term_due.yaml"
    assert main(["check", str(ran_out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["problems"] == [
        "The school calendar ends on 21 Jul 2026: counting 20 school days after 13 Jul 2026 ran past it, so "
        "Mondays to Fridays after it were counted as school days."
    ]
    assert main(["check", str(EXAMPLE)]) == 0
    assert "problems" not in json.loads(capsys.readouterr().out)  # optional: only when there are some


def test_check_of_an_invalid_upn_exits_two_naming_pupil_upn(tmp_path, capsys):
    bad = tmp_path / "bad_upn.yaml"
    bad.write_text(EXAMPLE.read_text().replace("upn: L855401215099", "upn: L855401215098", 1))
    assert main(["check", str(bad)]) == 2
    assert "pupil.upn: not a valid UPN" in capsys.readouterr().err
