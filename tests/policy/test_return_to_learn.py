"""The return-to-learn pack (001_39a9971d4272ef3e.txt): what the scenario files cannot say.

The scenario files under cases/return-to-learn/ hold the boundaries; these tests add public example 05,
the wording of messages, the school's settings, the `school.recordings` extension key, and the rule
registry.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pathways.policy import CaseFileError, dump_case, evaluate, parse_case, read_case
from pathways.policy.casefile import Recording
from pathways.policy.engine import CATALOGUE, RequirementResult, rules

D = dt.date
EXAMPLE = Path(__file__).parent / "examples" / "05_return_to_learn.yaml"
RTL_IDS = sorted(rid for rid, entry in CATALOGUE.items() if entry["pack"] == "return-to-learn")

CALENDAR = {
    "half_terms": [
        {"name": "Autumn 1", "start": "2024-09-03", "end": "2024-10-25"},
        {"name": "Autumn 2", "start": "2024-11-04", "end": "2024-12-20"},
        {"name": "Spring 1", "start": "2025-01-06", "end": "2025-02-14"},
        {"name": "Spring 2", "start": "2025-02-24", "end": "2025-04-04"},
    ]
}

BASE: dict[str, Any] = {
    "format": "pathways-case/1",
    "as_of": "2024-11-20",
    "policies": ["return-to-learn"],
    "calendar": CALENDAR,
    "pupil": {"date_of_birth": "2010-11-30", "year_group": 9},
    "arrangement": {
        "kind": "return_to_learn",
        "reason": "ebsa",
        "start": "2024-11-06",
        "end": "2025-02-14",
        "timetable": {"mon": {"pm": "online"}, "thu": {"am": "online", "pm": "online"}},
    },
}


def judge(rid: str, **changes: Any) -> RequirementResult | None:
    """Evaluate the base case with top-level keys replaced (`arrangement` entries merged)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key == "arrangement":
            data[key].update(value)
        else:
            data[key] = value
    return evaluate(parse_case(data)).get(rid)


# ------------------------------------------------------------------ the pack as a whole


def test_every_return_to_learn_id_in_the_catalogue_has_a_rule_in_this_pack():
    registered = sorted(r.id for r in rules(["return-to-learn"]))
    assert len(RTL_IDS) == 12
    assert registered == RTL_IDS


def test_every_rule_quotes_its_duty_and_cites_the_seed_section():
    for r in rules(["return-to-learn"]):
        assert "001" in r.doc and "Duty:" in r.doc, r.id


def test_the_pack_is_silent_when_the_case_does_not_list_it():
    data = copy.deepcopy(BASE)
    data["policies"] = []
    result = evaluate(parse_case(data))
    assert not [r for r in result.requirements if r.pack == "return-to-learn"]


# ------------------------------------------------------------------ public example 05


def test_example_05_meets_the_threshold_the_iss_check_and_the_phased_steps():
    result = evaluate(read_case(EXAMPLE))
    for rid in ("RTL-THRESHOLD", "RTL-ISS-CONSULTED", "RTL-PHASED-INCREASE", "RTL-CODES"):
        got = result.get(rid)
        assert got is not None and got.status == "met" and not got.late, (rid, got)
    assert result.codes == ["/", "C2", "O"]


def test_example_05_names_the_next_step_that_needs_more_time_in_school():
    got = evaluate(read_case(EXAMPLE)).get("RTL-PHASED-INCREASE")
    assert got is not None
    assert "12 hours a week in school" in got.message
    assert "15 hours from 6 Jan 2025" in got.message


def test_example_05_misses_the_step_of_6_january_if_the_timetable_never_changes():
    got = evaluate(read_case(EXAMPLE), as_of=D(2025, 1, 6)).get("RTL-PHASED-INCREASE")
    assert got is not None and got.status == "unmet" and got.due == D(2025, 1, 6)


def test_example_05_reports_and_reviews_are_next_due_a_fortnight_after_the_last():
    result = evaluate(read_case(EXAMPLE))
    for rid in ("RTL-FORTNIGHTLY-REPORTS", "RTL-TIMETABLE-REVIEW"):
        got = result.get(rid)
        assert got is not None and (got.status, got.due) == ("due", D(2024, 12, 18)), rid


def test_example_05_next_planning_meeting_is_42_days_after_the_one_before_the_start():
    got = evaluate(read_case(EXAMPLE)).get("RTL-PLANNING-MEETINGS")
    assert got is not None and (got.status, got.due) == ("due", D(2024, 12, 17))
    assert "meeting of 5 Nov 2024" in got.message


# ------------------------------------------------------------------ messages and settings


def test_a_decision_taken_too_soon_says_how_many_days_of_support_there_were():
    got = judge(
        "RTL-THRESHOLD",
        events=[
            {"date": "2024-09-12", "type": "support_strategies_started"},
            {"date": "2024-10-23", "type": "slt_decision"},
        ],
    )
    assert got is not None and got.status == "unmet"
    assert "41 days" in got.message and "fewer than 42" in got.message


def test_a_school_that_sets_a_shorter_threshold_accepts_41_days():
    got = judge(
        "RTL-THRESHOLD",
        settings={"rtl_threshold_days": 41},
        events=[
            {"date": "2024-09-12", "type": "support_strategies_started"},
            {"date": "2024-10-23", "type": "slt_decision"},
        ],
    )
    assert got is not None and got.status == "met" and not got.late


def test_a_school_that_reviews_weekly_is_overdue_after_seven_days():
    got = judge("RTL-TIMETABLE-REVIEW", settings={"rtl_review_interval_days": 7}, as_of="2024-11-14")
    assert got is not None and (got.status, got.due) == ("unmet", D(2024, 11, 13))


def test_a_gp_note_is_named_as_not_from_a_specialist():
    got = judge(
        "RTL-MEDICAL-EVIDENCE",
        arrangement={"reason": "medical"},
        as_of="2024-11-21",
        events=[{"date": "2024-11-08", "type": "medical_evidence", "source": "gp"}],
    )
    assert got is not None and got.status == "unmet"
    assert "not from a specialist" in got.message


def test_a_wrong_code_names_the_session_and_the_right_code():
    got = judge(
        "RTL-CODES",
        as_of="2024-12-11",
        sessions=[
            {"date": "2024-12-09", "session": "am", "attended": True, "recorded": "/"},
            {"date": "2024-12-09", "session": "pm", "attended": True, "recorded": "\\"},
        ],
    )
    assert got is not None and got.status == "unmet"
    assert "9 Dec 2024 PM" in got.message and "C2" in got.message
    assert "9 Dec 2024 AM" not in got.message


def test_a_partial_consent_is_named_in_the_message():
    got = judge(
        "RTL-GROUP-CONSENT",
        events=[{"date": "2024-11-05", "type": "recording_consent", "all_parents": False}],
    )
    assert got is not None and got.status == "unmet"
    assert "5 Nov 2024" in got.message and "every child" in got.message


def test_a_consent_that_does_not_say_all_parents_does_not_count():
    got = judge("RTL-GROUP-CONSENT", events=[{"date": "2024-11-05", "type": "recording_consent"}])
    assert got is not None and got.status == "unmet"


def test_the_first_remote_lesson_is_a_listed_online_session_when_the_timetable_has_none():
    got = judge(
        "RTL-GROUP-CONSENT",
        arrangement={"timetable": {}},
        sessions=[{"date": "2024-11-12", "session": "pm", "where": "online", "attended": True}],
        events=[{"date": "2024-11-13", "type": "recording_consent", "all_parents": True}],
    )
    assert got is not None and got.status == "met" and got.late


def test_health_absence_counts_days_not_sessions():
    # Two sessions of illness on each of ten days are still ten days: no referral needed.
    days = ["2024-11-11", "2024-11-12", "2024-11-13", "2024-11-14", "2024-11-15"]
    days += ["2024-11-18", "2024-11-19", "2024-11-20", "2024-11-21", "2024-11-22"]
    sessions = [
        {"date": d, "session": half, "attended": False, "reason": "illness", "where": "school"}
        for d in days
        for half in ("am", "pm")
    ]
    got = judge("RTL-ISS-REFERRAL", as_of="2024-11-29", sessions=sessions)
    assert got is not None and got.status == "met"
    assert "10 school days" in got.message


def test_no_health_absence_leaves_the_referral_out():
    assert judge("RTL-ISS-REFERRAL") is None


def test_the_outcome_names_the_route_that_met_it():
    got = judge(
        "RTL-OUTCOME",
        as_of="2025-02-24",
        events=[
            {"date": "2025-02-10", "type": "planning_meeting"},
            {"date": "2025-02-10", "type": "iss_referral"},
        ],
    )
    assert got is not None and got.status == "met"
    assert "Inclusion Support Service" in got.message


# ------------------------------------------------------------------ the school.recordings extension key


def test_recordings_are_read_with_their_defaults():
    case = parse_case({**BASE, "school": {"recordings": [{"date": "2024-11-20"}]}})
    assert case.school.recordings == (Recording(D(2024, 11, 20)),)
    assert case.school.recordings[0].pre_recorded is False
    assert case.school.recordings[0].first_names_only is None


def test_recordings_write_back_to_themselves():
    school = {
        "recordings": [
            {"date": "2024-11-20", "deleted": "2024-12-01", "first_names_only": True},
            {"date": "2024-09-20", "pre_recorded": True},
        ]
    }
    case = parse_case({**BASE, "school": school})
    assert dump_case(case)["school"] == school
    assert parse_case(dump_case(case)) == case


@pytest.mark.parametrize(
    ("recording", "error"),
    [
        ({"deleted": "2024-12-01"}, "school.recordings[0].date: required key missing"),
        ({"date": "2024-11-20", "kept": True}, "school.recordings[0].kept: unknown key"),
        ({"date": "2024-11-31"}, "school.recordings[0].date: not a date"),
        ({"date": "2024-11-20", "pre_recorded": "yes"}, "school.recordings[0].pre_recorded: not true or false"),
    ],
)
def test_a_bad_recording_is_refused_at_its_path(recording: dict[str, Any], error: str):
    with pytest.raises(CaseFileError) as caught:
        parse_case({**BASE, "school": {"recordings": [recording]}})
    assert any(line.startswith(error) for line in caught.value.errors), caught.value.errors


def test_each_recording_is_judged_on_its_own():
    got = judge(
        "RTL-RECORDING-RETENTION",
        as_of="2025-01-08",
        school={"recordings": [{"date": "2024-11-20", "deleted": "2024-11-27"}, {"date": "2024-12-02"}]},
    )
    assert got is not None and got.status == "unmet"
    assert "2 Dec 2024" in got.message and "20 Nov 2024" not in got.message


def test_a_recording_made_after_as_of_does_not_exist_yet():
    got = judge("RTL-RECORDING-RETENTION", as_of="2024-11-19", school={"recordings": [{"date": "2024-11-20"}]})
    assert got is None
