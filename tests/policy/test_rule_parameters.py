"""Every rule declares the parameters it reads (`@rule(..., params=...)`, listed by `pathways rules
--json`), and the declaration is true: every scenario and example case file is judged with ctx.param
traced, and each parameter a rule read while it ran must be one it declares."""

from __future__ import annotations

import io
import re
import tokenize
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
    outside = {"absence_response_home_visit", "absence_response_school_days",  # pathways.attendance.followups
               "compulsory_school_age_prescribed_days", "school_leaving_date",  # pathways.policy.age
               "school_census_days",  # pathways.reports.census
               "last_seen_interval_school_days"}  # pathways.today.week
    declared = {name for r in rules() for name in r.params}
    assert set(parameters.PARAMETERS) - declared == outside


def test_pack_code_reads_parameters_only_through_ctx_param():
    """No pack sidesteps the trace by calling the loader itself."""
    for path in PACKS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"parameters\.(get|PARAMETERS|parameter)\b", text), path


# Numbers kept in pack code, each for a reason that is not the law (docs/policy-engine.md, Kept literals):
# a line holding a number other than 0 and 1 must match one of these.
KEPT = (
    (r"% 100|% 10\b", "ordinal suffixes (1st, 2nd, 11th) of a count read from a parameter"),
    (r"\[:5\]|len\(\w+\) - 5|len\(\w+\) > 5", "a message lists at most five dates, then 'and N more'"),
    (r"year_group\(\w+\) == 11", "Year 11 is the year the regulation names (SI 2007/1870 reg 5), not a count"),
    (r"_LOOK_AHEAD = _dt\.timedelta\(days=400\)", "how far ahead a search for the next school day looks"),
    (r"_dt\.date\(day\.year \+ years, 3, 1\)", "29 February's anniversary in a common year is 1 March"),
)
# Text in code that reads as a duty's number ("5 school days", "10 weeks", "19 Aug 2024").
DUTY_TEXT = re.compile(
    r"\b\d+ (?:consecutive )?(?:school )?(?:days?|weeks?|hours?)\b"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)


def _code_tokens(path: Path) -> list[tuple[tokenize.TokenInfo, str]]:
    """Every number and string token of a module that is not a docstring, with its line."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    out = []
    for i, t in enumerate(tokens):
        if t.type == tokenize.STRING:
            before = tokens[i - 1].type if i else tokenize.NEWLINE
            after = tokens[i + 1].type if i + 1 < len(tokens) else tokenize.NEWLINE
            statement = before in (tokenize.INDENT, tokenize.NEWLINE, tokenize.NL, tokenize.DEDENT)
            if statement and after == tokenize.NEWLINE:
                continue  # a docstring quotes the law as written
        if t.type in (tokenize.NUMBER, tokenize.STRING):
            out.append((t, lines[t.start[0] - 1]))
    return out


def test_no_duty_number_or_date_is_a_literal_in_pack_code():
    """Every number and date a duty depends on is read with ctx.param; titles (the catalogue's words
    for the duty, as the law reads today) are the only text allowed to state one."""
    found = []
    for path in sorted(PACKS.rglob("*.py")):
        for token, line in _code_tokens(path):
            where = f"{path.relative_to(PACKS)}:{token.start[0]}: {line.strip()}"
            if token.type == tokenize.NUMBER and token.string not in ("0", "1"):
                if not any(re.search(pattern, line) for pattern, _ in KEPT):
                    found.append(where)
            elif token.type == tokenize.STRING and DUTY_TEXT.search(token.string) and not re.match(r"\s*title=", line):
                found.append(where)
    assert found == []
