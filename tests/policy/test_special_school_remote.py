"""The special-school-remote pack (003_29c0046e967bce47.txt): what the scenario files cannot say.

The scenario files under cases/special-school-remote/ hold the boundaries; these tests add the on-time
side of the compliant case, the wording of messages, the events that count as a contact with parents,
and the rule registry.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from pathways.policy import evaluate, parse_case
from pathways.policy.engine import CATALOGUE, RequirementResult, rules

D = dt.date
CASES = Path(__file__).parent / "cases" / "special-school-remote"
BASE: dict[str, Any] = yaml.safe_load((CASES / "00_compliant_remote_learning.yaml").read_text(encoding="utf-8"))
MIL_IDS = sorted(rid for rid, entry in CATALOGUE.items() if entry["pack"] == "special-school-remote")


def judge(rid: str, **changes: Any) -> RequirementResult | None:
    """Evaluate the compliant case with top-level keys replaced (`arrangement` and `pupil` entries
    merged; a None value removes the key)."""
    data = copy.deepcopy(BASE)
    data.pop("expect")
    for key, value in changes.items():
        if key in ("arrangement", "pupil"):
            data[key].update(value)
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return evaluate(parse_case(data)).get(rid)


def test_every_special_school_id_in_the_catalogue_has_a_rule_in_this_pack():
    registered = sorted(r.id for r in rules(["special-school-remote"]))
    assert len(MIL_IDS) == 5
    assert registered == MIL_IDS


def test_every_rule_quotes_its_duty_and_cites_the_seed():
    for r in rules(["special-school-remote"]):
        assert "003" in r.doc and "Duty:" in r.doc, r.id


def test_the_compliant_case_is_met_on_time_not_late():
    result = evaluate(parse_case({k: v for k, v in BASE.items() if k != "expect"}))
    for rid in ("MIL-RISK-ASSESSMENT", "MIL-EHCP-OUTCOMES", "MIL-HOME-VISITS", "MIL-DAILY-ENGAGEMENT"):
        got = result.get(rid)
        assert got is not None and got.status == "met" and not got.late, (rid, got)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "welfare_check", "kind": "phone"},
        {"type": "welfare_check"},
        {"type": "progress_report"},
        {"type": "parent_information"},
        {"type": "parent_consent"},
        {"type": "parent_request"},
        {"type": "equipment_agreement"},
        {"type": "review", "parent_attended": True},
        {"type": "review_request", "by": "parent"},
    ],
    ids=lambda e: "-".join(str(v) for v in e.values()),
)
def test_a_contact_with_parents_keeps_the_log(event: dict[str, Any]):
    got = judge("MIL-CONTACT-LOG", as_of="2025-01-14", events=[{"date": "2025-01-10", **event}])
    assert got is not None and (got.status, got.due) == ("due", D(2025, 1, 17))


@pytest.mark.parametrize(
    "event",
    [
        {"type": "review"},
        {"type": "review", "parent_attended": False},
        {"type": "risk_assessment"},
        {"type": "send_plan_updated"},
        {"type": "headteacher_approval"},
        {"type": "pupil_views"},
    ],
    ids=lambda e: "-".join(str(v) for v in e.values()),
)
def test_a_record_that_is_not_a_contact_with_parents_does_not(event: dict[str, Any]):
    got = judge("MIL-CONTACT-LOG", as_of="2025-01-14", events=[{"date": "2025-01-10", **event}])
    assert got is not None and got.status == "unmet"


def test_each_home_visit_is_named_in_its_message():
    got = judge(
        "MIL-HOME-VISITS",
        as_of="2025-01-24",
        events=[
            {"date": "2025-01-15", "type": "welfare_check", "kind": "home_visit"},
            {"date": "2025-01-15", "type": "headteacher_approval"},
            {"date": "2025-01-21", "type": "welfare_check", "kind": "home_visit"},
        ],
    )
    assert got is not None and got.status == "unmet" and got.due == D(2025, 1, 22)
    assert "21 Jan 2025" in got.message and "15 Jan 2025" not in got.message


def test_one_sign_off_may_report_two_visits_made_before_it():
    got = judge(
        "MIL-HOME-VISITS",
        as_of="2025-01-24",
        events=[
            {"date": "2025-01-15", "type": "welfare_check", "kind": "home_visit"},
            {"date": "2025-01-16", "type": "welfare_check", "kind": "home_visit"},
            {"date": "2025-01-16", "type": "headteacher_approval"},
        ],
    )
    assert got is not None and got.status == "met" and not got.late


def test_each_day_of_non_engagement_needs_its_own_report():
    got = judge(
        "MIL-DAILY-ENGAGEMENT",
        as_of="2025-01-24",
        sessions=[
            {"date": "2025-01-20", "session": "am", "attended": False},
            {"date": "2025-01-22", "session": "am", "attended": False, "reason": "unauthorised"},
        ],
        events=[{"date": "2025-01-20", "type": "welfare_check", "kind": "phone"}],
    )
    assert got is not None and got.status == "unmet"
    assert "22 Jan 2025" in got.message and "20 Jan 2025" not in got.message


def test_two_missed_lessons_on_one_day_need_one_report():
    got = judge(
        "MIL-DAILY-ENGAGEMENT",
        as_of="2025-01-24",
        arrangement={"timetable": {"mon": {"am": "online", "pm": "online"}}},
        sessions=[
            {"date": "2025-01-20", "session": "am", "attended": False},
            {"date": "2025-01-20", "session": "pm", "attended": False},
        ],
        events=[{"date": "2025-01-20", "type": "welfare_check", "kind": "phone"}],
    )
    assert got is not None and got.status == "met"


def test_a_school_may_ask_for_contact_every_three_school_days():
    got = judge(
        "MIL-CONTACT-LOG",
        as_of="2025-01-14",
        settings={"parent_contact_interval_school_days": 3},
        events=[{"date": "2025-01-08", "type": "progress_report"}],
    )
    assert got is not None and (got.status, got.due) == ("unmet", D(2025, 1, 13))


def test_a_home_visit_whose_senior_leaders_were_told_next_day_is_met_on_time():
    got = judge(
        "MIL-HOME-VISITS",
        as_of="2025-01-24",
        events=[{"date": "2025-01-17", "type": "welfare_check", "kind": "home_visit", "slt_informed": "2025-01-20"}],
    )
    assert got is not None and got.status == "met" and not got.late
    assert "20 Jan 2025" in got.message


def test_senior_leaders_told_after_the_next_school_day_is_late_and_before_the_visit_does_not_count():
    late = judge(
        "MIL-HOME-VISITS",
        as_of="2025-01-24",
        events=[{"date": "2025-01-15", "type": "welfare_check", "kind": "home_visit", "slt_informed": "2025-01-21"}],
    )
    assert late is not None and late.status == "met" and late.late
    before = judge(
        "MIL-HOME-VISITS",
        as_of="2025-01-24",
        events=[{"date": "2025-01-15", "type": "welfare_check", "kind": "home_visit", "slt_informed": "2025-01-14"}],
    )
    assert before is not None and before.status == "unmet" and before.due == D(2025, 1, 16)


def test_senior_leaders_told_is_read_and_written_back_and_only_on_a_welfare_check():
    from pathways.policy import dump_case
    from pathways.policy.casefile import CaseFileError

    data = copy.deepcopy(BASE)
    data.pop("expect")
    data["events"] = [{"date": "2025-01-15", "type": "welfare_check", "kind": "home_visit",
                       "slt_informed": "2025-01-16"}]
    case = parse_case(data)
    assert case.events[0].slt_informed == D(2025, 1, 16)
    assert dump_case(case)["events"][0]["slt_informed"] == "2025-01-16"
    data["events"] = [{"date": "2025-01-15", "type": "visit", "slt_informed": "2025-01-16"}]
    with pytest.raises(CaseFileError, match="slt_informed"):
        parse_case(data)


@pytest.mark.parametrize("channel", ["phone", "app_message", "email", "video_call", "face_to_face", "home_visit"])
def test_a_contact_of_the_schools_log_keeps_the_log_whatever_its_channel(channel: str):
    # The optional `contacts` list: the school's contact log, a Class Dojo message or an e-mail among them.
    got = judge("MIL-CONTACT-LOG", as_of="2025-01-14", events=[], contacts=[{"date": "2025-01-10",
                                                                              "channel": channel}])
    assert got is not None and (got.status, got.due) == ("due", D(2025, 1, 17))
    # A contact logged after the day the case is judged does not count yet.
    later = judge("MIL-CONTACT-LOG", as_of="2025-01-14", events=[], contacts=[{"date": "2025-01-15",
                                                                               "channel": channel}])
    assert later is not None and later.status == "unmet"


def test_the_contacts_are_read_and_written_back_and_a_channel_not_in_the_list_is_refused():
    from pathways.policy import dump_case
    from pathways.policy.casefile import CaseFileError

    data = copy.deepcopy(BASE)
    data.pop("expect")
    data["contacts"] = [{"date": "2025-01-10", "channel": "app_message"}, {"date": "2025-01-13", "channel": "email"}]
    case = parse_case(data)
    assert [(c.date, c.channel) for c in case.contacts] == [(D(2025, 1, 10), "app_message"), (D(2025, 1, 13), "email")]
    written = dump_case(case)
    assert written["contacts"] == data["contacts"] and parse_case(written) == case
    assert "contacts" not in dump_case(parse_case({k: v for k, v in data.items() if k != "contacts"}))
    data["contacts"] = [{"date": "2025-01-10", "channel": "carrier_pigeon"}]
    with pytest.raises(CaseFileError, match=r"contacts\[0\]\.channel"):
        parse_case(data)
    data["contacts"] = [{"date": "2025-01-10"}]
    with pytest.raises(CaseFileError, match=r"contacts\[0\]"):
        parse_case(data)
