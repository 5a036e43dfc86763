"""Properties that hold for any input: the reader raises nothing but CaseFileError, a case it reads
writes back to itself and can be judged, and a derived code is always in the set in force."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways.policy.casefile import (
    ABSENCE_REASONS,
    ARRANGEMENT_KINDS,
    WHERE,
    CaseFileError,
    dump_case,
    load_case,
    parse_case,
)
from pathways.policy.codes import code_set_on
from pathways.policy.engine import evaluate
from pathways.policy.errors import PolicyError

EXAMPLES = [
    yaml.load(p.read_text(), Loader=yaml.SafeLoader)
    for p in sorted((Path(__file__).parent / "examples").glob("*.yaml"))
]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2025-02-30", "10:00", "25:61", "am", "pm", "school", "home", "B", "C2", "pathways-case/1"]),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=12), st.integers(), st.sampled_from(list(EXAMPLES[0]))), inner, max_size=4
        ),
    ),
    max_leaves=30,
)


def read_or_refuse(data: Any) -> Any:
    try:
        return parse_case(data)
    except CaseFileError as exc:
        assert exc.errors and all(isinstance(line, str) and ": " in line for line in exc.errors)
        assert not any("could not be read (" in line for line in exc.errors), exc.errors  # no reader bug
        return None


@SETTINGS
@given(anything)
def test_the_reader_raises_only_case_file_errors_on_arbitrary_data(data):
    read_or_refuse(data)


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_the_reader_raises_only_case_file_errors_on_arbitrary_text(text):
    with contextlib.suppress(CaseFileError):
        load_case(text)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "add_key" and isinstance(parent[last], dict):
        parent[last]["unexpected"] = value
    else:
        parent[last] = value
    return doc


@st.composite
def mutated_examples(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(EXAMPLES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        doc = _mutate(doc, path, draw(st.sampled_from(["delete", "replace", "add_key"])), draw(anything))
        if not isinstance(doc, dict):
            break
    return doc


@SETTINGS
@given(mutated_examples())
def test_a_mutated_example_is_refused_cleanly_or_read_written_back_and_judged(doc):
    case = read_or_refuse(doc)
    if case is None:
        return
    assert parse_case(dump_case(case)) == case
    national_only = parse_case({**dump_case(case), "policies": []})
    try:
        result = evaluate(national_only)
    except PolicyError:
        return
    assert all(r.status in ("met", "unmet", "due", "not_applicable") for r in result.requirements)
    assert len(result.sessions) == len(case.sessions)


@st.composite
def sessions_after_the_change(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(st.dates(min_value=dt.date(2024, 8, 19), max_value=dt.date(2030, 7, 31)))
    session: dict[str, Any] = {"date": day.isoformat(), "session": draw(st.sampled_from(["am", "pm"]))}
    session["attended"] = draw(st.booleans())
    if draw(st.booleans()):
        session["reason"] = draw(st.sampled_from(ABSENCE_REASONS))
    if draw(st.booleans()):
        session["where"] = draw(st.sampled_from(WHERE))
    if draw(st.booleans()):
        session["arrived"] = f"{draw(st.integers(7, 15)):02d}:{draw(st.integers(0, 59)):02d}"
    return session


@SETTINGS
@given(
    kind=st.sampled_from(ARRANGEMENT_KINDS),
    born=st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2024, 1, 1)),
    arranged_by=st.sampled_from(["school", "local_authority"]),
    sessions=st.lists(sessions_after_the_change(), min_size=1, max_size=6),
)
def test_a_derived_code_is_always_in_the_set_in_force_on_its_date(kind, born, arranged_by, sessions):
    data = {
        "format": "pathways-case/1",
        "as_of": "2030-08-01",
        "pupil": {"date_of_birth": born.isoformat()},
        "provider": {"name": "P", "kind": "alternative_provision", "arranged_by": arranged_by},
        "arrangement": {
            "kind": kind,
            "start": "2024-08-19",
            "end": "2030-07-31",
            "suspension_days": ["2024-09-02", "2024-09-03"],
        },
        "sessions": sessions,
    }
    for coded in evaluate(parse_case(data)).sessions:
        if coded.code is None:
            assert coded.where == "not_required" and coded.compulsory_age and coded.problems
        else:
            assert coded.code in code_set_on(coded.date)
            assert coded.category == code_set_on(coded.date).category(coded.code)
