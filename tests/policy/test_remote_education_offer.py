"""The remote-education-offer pack (002_c7c503eced1a63bd.txt): what the scenario files cannot say.

The scenario files under cases/remote-education-offer/ hold the boundaries; these tests add the wording
of messages, a case without a calendar, the rule registry and where rules must stay out of the result.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from pathways.policy import evaluate, parse_case
from pathways.policy.engine import CATALOGUE, RequirementResult, rules

D = dt.date
CASES = Path(__file__).parent / "cases" / "remote-education-offer"
BASE: dict[str, Any] = yaml.safe_load((CASES / "00_compliant_remote_education.yaml").read_text(encoding="utf-8"))
REM_IDS = sorted(rid for rid, entry in CATALOGUE.items() if entry["pack"] == "remote-education-offer")


def judge(rid: str, **changes: Any) -> RequirementResult | None:
    """Evaluate the compliant case with top-level keys replaced (`arrangement`, `pupil` and `school`
    entries merged; a None entry removed)."""
    data = copy.deepcopy(BASE)
    data.pop("expect")
    for key, value in changes.items():
        if key in ("arrangement", "pupil", "school"):
            data[key].update(value)
            data[key] = {k: v for k, v in data[key].items() if v is not None}
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return evaluate(parse_case(data)).get(rid)


def test_every_remote_education_id_in_the_catalogue_has_a_rule_in_this_pack():
    registered = sorted(r.id for r in rules(["remote-education-offer"]))
    assert len(REM_IDS) == 8
    assert registered == REM_IDS


def test_every_rule_quotes_its_duty_and_cites_the_seed():
    for r in rules(["remote-education-offer"]):
        assert "002" in r.doc and "Duty:" in r.doc, r.id


def test_the_compliant_case_is_met_on_time_not_late():
    result = evaluate(parse_case({k: v for k, v in BASE.items() if k != "expect"}))
    for rid in ("REM-LEAD", "REM-NEXT-DAY", "REM-HOURS", "REM-DEVICE-ACCESS", "REM-AUDIT", "REM-LIVE-LESSON-SAFETY"):
        got = result.get(rid)
        assert got is not None and got.status == "met" and not got.late, (rid, got)


def test_the_lead_is_named_in_the_message():
    got = judge("REM-LEAD")
    assert got is not None and "Ms A Patel" in got.message


def test_each_missing_live_lesson_safeguard_is_named():
    got = judge("REM-LIVE-LESSON-SAFETY", school={"live_lessons": {"group_only": False, "call_log": True}})
    assert got is not None and got.status == "unmet"
    assert "one to one" in got.message and "written consent" in got.message and "recorded" in got.message
    assert "log of who ran" not in got.message


def test_a_late_offer_names_the_first_remote_session():
    got = judge(
        "REM-NEXT-DAY",
        as_of="2025-01-08",
        arrangement={"timetable": {"fri": {"am": "online"}}},
        sessions=None,
    )
    assert got is not None and got.status == "unmet" and got.due == D(2025, 1, 7)
    assert "10 Jan 2025" in got.message


def test_a_day_partly_in_school_is_left_out_of_the_shortfall():
    got = judge(
        "REM-HOURS",
        settings={"remote_minimum_hours": {"ks3": 7}},
        arrangement={"timetable": {"mon": {"am": "online", "pm": "home"}, "tue": {"am": "online"}}},
    )
    # Tuesday afternoon is in school, so only Monday is a day learning wholly remotely.
    assert got is not None and got.status == "unmet"
    assert "6 hours on Monday" in got.message and "Tuesday" not in got.message


def test_days_short_by_different_amounts_are_listed_each():
    got = judge(
        "REM-HOURS",
        arrangement={
            "timetable": {"mon": {"am": "online", "pm": "home"}, "tue": {"am": "online", "pm": "not_required"}}
        },
    )
    assert got is not None and got.status == "unmet"
    assert "(3 hours on Tuesday)" in got.message
    got = judge(
        "REM-HOURS",
        settings={"remote_minimum_hours": {"ks3": 7}},
        arrangement={
            "timetable": {"mon": {"am": "online", "pm": "home"}, "tue": {"am": "online", "pm": "not_required"}}
        },
    )
    assert got is not None and "(6 hours on Monday, 3 hours on Tuesday)" in got.message


def test_key_stage_4_uses_its_own_minimum():
    got = judge(
        "REM-HOURS",
        pupil={"date_of_birth": "2008-12-01", "year_group": 11},
        settings={"remote_minimum_hours": {"ks3": 5, "ks4": 7}},
    )
    assert got is not None and got.status == "unmet" and "Key Stage 4" in got.message


def test_without_a_calendar_the_audit_is_judged_on_whether_it_was_ever_done():
    got = judge("REM-AUDIT", calendar=None)
    assert got is not None and got.status == "met"
    got = judge("REM-AUDIT", calendar=None, school={"remote_audits": None})
    assert got is not None and got.status == "unmet"


def test_pupil_duties_stay_out_for_a_return_to_learn_timetable():
    result = evaluate(
        parse_case(
            {
                **{k: v for k, v in BASE.items() if k not in ("expect", "sessions", "events")},
                "arrangement": {**BASE["arrangement"], "kind": "return_to_learn"},
                "pupil": {**BASE["pupil"], "social_worker": True},
            }
        )
    )
    for rid in ("REM-NEXT-DAY", "REM-HOURS", "REM-ENGAGEMENT", "REM-SOCIAL-WORKER"):
        assert result.get(rid) is None, rid
    for rid in ("REM-LEAD", "REM-DEVICE-ACCESS", "REM-AUDIT", "REM-LIVE-LESSON-SAFETY"):
        assert result.get(rid) is not None, rid


def test_a_missed_lesson_on_a_home_slot_is_not_an_engagement_concern():
    # attended is ignored for home slots (case-file.md, Sessions): set work at home is not a lesson missed.
    got = judge(
        "REM-ENGAGEMENT",
        sessions=[{"date": "2025-01-16", "session": "pm", "attended": False, "reason": "unauthorised"}],
    )
    assert got is not None and got.status == "due" and got.due == D(2025, 1, 20)
