"""The alternative-pathways pack (004: alternative provision, part-time timetables, flexi-schooling): what
its scenario files under cases/alternative-pathways/ cannot say on their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from pathways.policy import ParameterError, evaluate, parse_case, read_case
from pathways.policy.engine import CATALOGUE, Result, rules
from tests.policy.builders import case_dict

PACK = "alternative-pathways"
CASES = Path(__file__).parent / "cases" / PACK
PACK_IDS = sorted(rid for rid, entry in CATALOGUE.items() if entry["pack"] == PACK)

END_DATE_AND_REINTEGRATION = (
    "NAT-PTT-END-DATE",
    "NAT-AP-REINTEGRATION",
    "PTT-REINTEGRATION-PLAN",
    "AP-REINTEGRATION-MEETING",
)


def judge(**overrides: Any) -> Result:
    data = case_dict(policies=[PACK], **overrides)
    return evaluate(parse_case(data))


def flexi(**arrangement: Any) -> dict[str, Any]:
    return {
        "kind": "flexi_schooling",
        "reason": "parental_request",
        "start": "2025-09-10",
        "end": None,
        "timetable": {"wed": {"am": "home", "pm": "home"}},
        **arrangement,
    }


def placement(**arrangement: Any) -> dict[str, Any]:
    return {
        "kind": "alternative_provision",
        "reason": "exclusion_risk",
        "start": "2025-11-10",
        "end": "2026-07-17",
        "timetable": {"mon": {"am": "provider", "pm": "provider"}},
        **arrangement,
    }


PROVIDER = {"name": "Riverside Learning Centre", "kind": "alternative_provision", "registration": "registered_school"}


# ---------------------------------------------------------------------------- the pack as a whole


def test_the_pack_has_thirty_requirements_in_the_catalogue():
    assert len(PACK_IDS) == 30


def test_every_requirement_of_the_pack_is_implemented_in_the_pack():
    implemented = {r.id for r in rules([PACK])}
    assert set(PACK_IDS) <= implemented


def test_every_rule_of_the_pack_quotes_its_duty_and_cites_the_seed_policy():
    for r in rules([PACK]):
        assert r.doc.startswith('Duty: "'), r.id
        assert "004" in r.doc, r.id


def expectations() -> dict[str, set[str]]:
    """For each id, the outcomes the pack's scenario files expect of it."""
    seen: dict[str, set[str]] = {}
    for path in CASES.glob("*.yaml"):
        expect = read_case(path).expect
        assert expect is not None
        for key, ids in (("met", expect.met), ("late", expect.late), ("unmet", expect.unmet)):
            for rid in ids:
                seen.setdefault(rid, set()).add(key)
        for rid, _ in expect.due:
            seen.setdefault(rid, set()).add("due")
        for rid in expect.no_duty:
            seen.setdefault(rid, set()).add("no_duty")
    return seen


@pytest.mark.parametrize("rid", PACK_IDS)
def test_every_requirement_has_scenarios_on_both_sides(rid: str):
    sides = expectations().get(rid, set())
    assert sides & {"met", "late"}, f"{rid} has no scenario where it is met"
    if rid != "FLX-NO-END-DATE-NEEDED":  # a permission: it is never broken, only absent for other kinds
        assert sides & {"unmet", "due"}, f"{rid} has no scenario where it is unmet or due"


def test_every_scenario_file_starts_with_a_comment_saying_what_it_shows():
    for path in CASES.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_the_pack_is_silent_when_the_school_has_not_adopted_it():
    result = evaluate(parse_case(case_dict()))
    assert [r.id for r in result.requirements if r.pack == PACK] == []


def test_the_part_time_timetable_rules_leave_other_kinds_alone():
    result = judge(arrangement=flexi(), as_of="2025-11-20")
    ids = {r.id for r in result.requirements}
    assert not {rid for rid in ids if rid.startswith(("PTT-", "AP-"))}


# ---------------------------------------------------------------------------- FLX-NO-END-DATE-NEEDED


@pytest.mark.parametrize("end", [None, "2026-07-21", "2025-12-19"])
def test_flexi_schooling_needs_no_end_date_whatever_its_end(end: str | None):
    result = judge(arrangement=flexi(end=end), as_of="2026-01-20")
    assert result.status("FLX-NO-END-DATE-NEEDED") == "met"


@pytest.mark.parametrize("rid", END_DATE_AND_REINTEGRATION)
def test_flexi_schooling_is_not_judged_on_end_dates_or_reintegration(rid: str):
    events = [{"date": "2025-07-01", "type": "reintegration_plan"}]  # even a plan on file raises no meeting duty
    result = judge(arrangement=flexi(), as_of="2026-01-20", events=events)
    assert result.get(rid) is None


@pytest.mark.parametrize(
    "arrangement",
    [
        {"kind": "part_time_timetable", "reason": "medical", "start": "2025-11-10", "end": None},
        placement(end=None),
    ],
    ids=["part-time timetable", "alternative provision"],
)
def test_the_no_end_date_allowance_is_for_flexi_schooling_only(arrangement: dict[str, Any]):
    result = judge(arrangement=arrangement, provider=PROVIDER)
    assert result.get("FLX-NO-END-DATE-NEEDED") is None


def test_a_part_time_timetable_without_an_end_date_is_still_a_breach():
    result = judge(arrangement={"kind": "part_time_timetable", "reason": "medical", "start": "2025-11-10", "end": None})
    assert result.status("NAT-PTT-END-DATE") == "unmet"


# ---------------------------------------------------------------------------- AP-REINTEGRATION-MEETING


def test_an_open_ended_placement_owes_the_reintegration_meeting_with_no_date_yet():
    events = [{"date": "2025-11-10", "type": "reintegration_plan"}]
    result = judge(arrangement=placement(end=None), provider=PROVIDER, events=events, as_of="2026-03-02")
    got = result.get("AP-REINTEGRATION-MEETING")
    assert got is not None
    assert (got.status, got.due) == ("due", None)
    assert "no end date" in got.message


def test_an_open_ended_placement_with_the_meeting_held_is_met():
    events = [{"date": "2025-11-10", "type": "reintegration_plan"}, {"date": "2025-11-24", "type": "planning_meeting"}]
    result = judge(arrangement=placement(end=None), provider=PROVIDER, events=events, as_of="2026-03-02")
    assert result.status("AP-REINTEGRATION-MEETING") == "met"


# ---------------------------------------------------------------------------- AP-PROVIDER-ABSENCE-DEADLINE


def missed(day: str, half: str, reported: str | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {"date": day, "session": half, "attended": False, "reason": "illness"}
    if reported is not None:
        s["provider_reported_at"] = reported
    return s


def test_a_missed_session_after_as_of_is_not_judged_yet():
    result = judge(
        arrangement=placement(),
        provider=PROVIDER,
        as_of="2026-01-09",
        sessions=[missed("2026-01-12", "am")],
    )
    assert result.get("AP-PROVIDER-ABSENCE-DEADLINE") is None


def test_the_absence_rule_names_the_session_and_the_time_in_plain_english():
    result = judge(
        arrangement=placement(), provider=PROVIDER, as_of="2026-01-13", sessions=[missed("2026-01-12", "am", "10:20")]
    )
    got = result.get("AP-PROVIDER-ABSENCE-DEADLINE")
    assert got is not None and got.status == "unmet"
    assert "12 Jan 2026 AM" in got.message and "10:20" in got.message and "10:00" in got.message


def test_an_absence_before_the_policy_was_issued_has_no_deadline_to_judge_it_by():
    # The policy was issued on 19 Jul 2023: a session before then has no provider_absence_deadline.
    with pytest.raises(ParameterError, match="provider_absence_deadline"):
        judge(
            arrangement=placement(start="2023-07-10", end="2023-07-21"),
            provider=PROVIDER,
            calendar=None,
            as_of="2023-07-20",
            sessions=[missed("2023-07-17", "am", "09:00")],
        )


# ---------------------------------------------------------------------------- parameters


def parameters() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "pathways" / "policy" / "parameters" / f"{PACK}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_every_parameter_of_the_pack_cites_the_seed_policy():
    for name, spec in parameters().items():
        for value in spec["values"]:
            assert "004" in value["source"], name


def test_the_weekly_register_and_review_parameters_have_their_defaults():
    values = {name: spec["values"][0]["value"] for name, spec in parameters().items()}
    assert values["provider_register_interval_school_days"] == 5
    assert values["unsatisfactory_review_follow_up_school_days"] == 10
    assert values["unsatisfactory_reviews_before_ending"] == 3


def test_a_school_can_allow_a_longer_follow_up_of_an_unsatisfactory_review():
    events = [{"date": "2026-01-12", "type": "review", "outcome": "unsatisfactory"}]
    default = judge(arrangement=placement(), provider=PROVIDER, events=events, as_of="2026-01-27")
    longer = judge(
        arrangement=placement(),
        provider=PROVIDER,
        events=events,
        as_of="2026-01-27",
        settings={"unsatisfactory_review_follow_up_school_days": 15},
    )
    assert default.status("AP-UNSATISFACTORY-REVIEW") == "unmet"
    got = longer.get("AP-UNSATISFACTORY-REVIEW")
    assert got is not None and (got.status, got.due) == ("due", dt.date(2026, 2, 2))


# ---------------------------------------------------------------------------- PTT-DAILY-CONTACT


def test_daily_contact_lists_every_missed_day():
    sessions = [{"date": d, "session": "am"} for d in ("2026-01-09", "2026-01-16", "2026-01-23")]
    result = judge(
        arrangement={
            "kind": "part_time_timetable",
            "reason": "medical",
            "start": "2025-11-10",
            "end": "2026-02-13",
            "timetable": {"fri": {"am": "home", "pm": "home"}},
        },
        events=[{"date": "2026-01-16", "type": "welfare_check", "kind": "home_visit"}],
        sessions=sessions,
        as_of="2026-01-26",
    )
    got = result.get("PTT-DAILY-CONTACT")
    assert got is not None and got.status == "unmet"
    assert "9 Jan 2026 and 23 Jan 2026" in got.message
    assert got.due == dt.date(2026, 1, 9)
