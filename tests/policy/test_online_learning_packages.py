"""The online-learning-packages pack (000_9aba48fecd4ef049.txt): what the scenario files cannot say.

The scenario files under cases/online-learning-packages/ hold most boundaries; these tests add the
on-time side of a deadline (met and not late), the wording of messages, the rule registry, and the
cases where a rule must stay out of the result.
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
CASES = Path(__file__).parent / "cases" / "online-learning-packages"
BASE: dict[str, Any] = yaml.safe_load((CASES / "00_compliant_package.yaml").read_text(encoding="utf-8"))
OLP_IDS = sorted(rid for rid, entry in CATALOGUE.items() if entry["pack"] == "online-learning-packages")


def judge(rid: str, **changes: Any) -> RequirementResult | None:
    """Evaluate the compliant package with top-level keys (or `arrangement`, `pupil`, `provider`
    entries) changed, and return one requirement's result."""
    data = copy.deepcopy(BASE)
    data.pop("expect")
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        elif key in ("arrangement", "pupil", "provider"):
            data[key].update(value)
            data[key] = {k: v for k, v in data[key].items() if v is not None}
        else:
            data[key] = value
    return evaluate(parse_case(data)).get(rid)


def events(*extra: dict[str, Any], without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    kept = [e for e in BASE["events"] if e["type"] not in without]
    return sorted([*kept, *extra], key=lambda e: str(e["date"]))


def checks(*extra: dict[str, Any], without: tuple[str, ...] = ()) -> dict[str, Any]:
    kept = [c for c in BASE["provider"]["checks"] if c["type"] not in without]
    return {"checks": [*kept, *extra]}


# ------------------------------------------------------------------ the pack as a whole


def test_every_olp_id_in_the_catalogue_has_a_rule_in_this_pack():
    registered = {r.id: r for r in rules(["online-learning-packages"])}
    assert len(OLP_IDS) == 21
    assert sorted(registered) == OLP_IDS


@pytest.mark.parametrize("rid", OLP_IDS)
def test_every_rule_quotes_its_duty_and_cites_the_seed(rid: str):
    rule = next(r for r in rules() if r.id == rid)
    assert '"' in rule.doc
    assert "000" in rule.doc


def test_no_olp_rule_applies_to_an_arrangement_that_is_not_online_learning():
    data = copy.deepcopy(BASE)
    data.pop("expect")
    data["arrangement"]["kind"] = "alternative_provision"
    data["arrangement"]["timetable"] = {"mon": {"pm": "provider"}}
    data["sessions"] = [{"date": D(2025, 2, 4), "session": "pm", "attended": False}]
    result = evaluate(parse_case(data))
    assert [r.id for r in result.requirements if r.pack == "online-learning-packages"] == []


def test_no_olp_rule_runs_unless_the_case_lists_the_pack():
    data = copy.deepcopy(BASE)
    data.pop("expect")
    data["policies"] = []
    result = evaluate(parse_case(data))
    assert [r.id for r in result.requirements if r.id.startswith("OLP-")] == []


def test_the_compliant_package_is_met_throughout_and_nothing_is_late():
    data = copy.deepcopy(BASE)
    data.pop("expect")
    result = evaluate(parse_case(data))
    olp = [r for r in result.requirements if r.pack == "online-learning-packages"]
    assert {r.id: r.status for r in olp if r.status != "met"} == {"OLP-WELFARE-CHECKS": "due"}
    assert [r.id for r in olp if r.late] == []


# ------------------------------------------------------------------ on time, not late


@pytest.mark.parametrize(
    ("rid", "changes"),
    [
        (
            "OLP-MEDICAL-EVIDENCE",
            {
                "events": events(
                    {"date": D(2025, 1, 13), "type": "medical_evidence", "source": "consultant"},
                    without=("medical_evidence",),
                )
            },
        ),
        (
            "OLP-STUDENT-CHECKLIST",
            {"events": events({"date": D(2025, 1, 27), "type": "student_checklist"}, without=("student_checklist",))},
        ),
        ("OLP-INDUCTION", {}),  # the base case's induction is on the start day
        (
            "OLP-GOVERNORS",
            {
                "as_of": D(2025, 4, 10),
                "events": events(
                    {"date": D(2025, 4, 4), "type": "governors_informed"}, without=("governors_informed",)
                ),
            },
        ),
        (
            "OLP-COMMISSIONING",
            {
                "as_of": D(2025, 4, 10),
                "arrangement": {"start": D(2025, 1, 6)},
                "provider": checks(
                    {"type": "commissioning_agreement", "date": D(2025, 1, 3)},
                    {"type": "quality_review", "date": D(2025, 2, 14)},
                    {"type": "quality_review", "date": D(2025, 4, 4)},
                    without=("commissioning_agreement",),
                ),
            },
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_duty_done_on_its_deadline_is_met_and_not_late(rid: str, changes: dict[str, Any]):
    got = judge(rid, **changes)
    assert got is not None
    assert (got.status, got.late) == ("met", False), got.message


def test_an_absence_reported_exactly_when_the_session_ends_is_not_late():
    missed = {"date": D(2025, 2, 4), "session": "pm", "attended": False, "provider_reported_at": "15:30"}
    got = judge("OLP-ABSENCE-ALERT", sessions=[missed])
    assert got is not None
    assert (got.status, got.late) == ("met", False)


# ------------------------------------------------------------------ messages a headteacher reads


def test_a_gp_note_is_said_to_be_inadequate_evidence():
    gp = {"date": D(2024, 12, 16), "type": "medical_evidence", "source": "gp"}
    got = judge("OLP-MEDICAL-EVIDENCE", events=events(gp, without=("medical_evidence",)))
    assert got is not None and got.status == "unmet"
    assert "a GP note is not adequate evidence" in got.message
    assert "16 Dec 2024" in got.message
    assert got.due == D(2025, 1, 13)


def test_missing_evidence_reminds_the_school_that_a_gp_note_will_not_do():
    got = judge("OLP-MEDICAL-EVIDENCE", as_of=D(2025, 1, 10), events=events(without=("medical_evidence",)))
    assert got is not None and got.status == "due"
    assert "A GP note is not adequate evidence." in got.message


def test_a_late_absence_report_names_the_session_and_both_times():
    missed = {"date": D(2025, 2, 4), "session": "pm", "attended": False, "provider_reported_at": "15:31"}
    got = judge("OLP-ABSENCE-ALERT", sessions=[missed])
    assert got is not None and got.status == "unmet"
    assert "4 Feb 2025 PM" in got.message
    assert "15:31" in got.message and "15:30" in got.message


def test_a_high_vulnerability_absence_answered_by_phone_asks_for_a_home_visit():
    missed = {"date": D(2025, 2, 4), "session": "pm", "attended": False, "provider_reported_at": "13:00"}
    phone = {"date": D(2025, 2, 4), "type": "welfare_check", "kind": "phone"}
    got = judge("OLP-ABSENCE-RESPONSE", sessions=[missed], events=events(phone), pupil={"social_worker": True})
    assert got is not None and got.status == "unmet"
    assert "home visit" in got.message and "high vulnerability" in got.message


def test_the_welfare_check_message_gives_the_pupils_vulnerability_and_the_interval():
    got = judge("OLP-WELFARE-CHECKS")
    assert got is not None
    assert got.message == (
        "Next welfare check due by 7 Feb 2025 (the last on 31 Jan 2025; every 5 school days), "
        "for a pupil of medium vulnerability."
    )


def test_an_expired_provider_record_says_when_it_expired():
    expired = {"type": "identity_checks", "date": D(2024, 12, 18), "expires": D(2025, 2, 1)}
    got = judge("OLP-IDENTITY", provider=checks(expired, without=("identity_checks",)))
    assert got is not None and got.status == "unmet"
    assert "expired on 1 Feb 2025" in got.message
    assert got.due == D(2025, 2, 1)


def test_a_part_time_week_without_evidence_says_what_would_support_it():
    week = {d: {"am": "online", "pm": "home"} for d in ("mon", "tue", "wed", "thu", "fri")}
    got = judge("OLP-FULL-TIME-PACKAGE", arrangement={"timetable": week})
    assert got is not None and got.status == "unmet"
    assert "5 online sessions, none at school or a provider" in got.message
    assert "EHC plan or consultant-level medical evidence" in got.message


def test_a_non_permitted_reason_is_named():
    got = judge("OLP-PERMITTED-USE", arrangement={"reason": "exclusion_risk"})
    assert got is not None and got.status == "unmet"
    assert "exclusion risk" in got.message


# ------------------------------------------------------------------ applicability


def test_without_a_calendar_the_governors_duty_is_not_applicable_rather_than_absent():
    got = judge("OLP-GOVERNORS", calendar=None)
    assert got is not None and got.status == "not_applicable"


def test_a_calendar_that_starts_after_the_arrangement_cannot_place_it_in_a_term():
    later = {"half_terms": [{"name": "Summer 1", "start": D(2025, 4, 22), "end": D(2025, 5, 23)}]}
    got = judge("OLP-GOVERNORS", calendar=later)
    assert got is not None and got.status == "not_applicable"


@pytest.mark.parametrize(
    ("rid", "reason"),
    [
        ("OLP-MEDICAL-EVIDENCE", "injury"),
        ("OLP-HEALTHCARE-PLAN", "behaviour"),
        ("OLP-BEHAVIOUR-DIRECTION", "medical"),
        ("OLP-DAY6-NOTICE", "behaviour"),
    ],
)
def test_a_reason_specific_duty_is_left_out_for_other_reasons(rid: str, reason: str):
    assert judge(rid, arrangement={"reason": reason}) is None


def test_the_send_and_agencies_duties_are_left_out_for_a_pupil_without_those_needs():
    assert judge("OLP-SEND-PLAN") is None
    assert judge("OLP-AGENCIES") is None


def test_the_welfare_interval_defaults_follow_vulnerability():
    for pupil, interval in (
        ({"medical_condition": False}, "every 10 school days"),
        ({"medical_condition": True}, "every 5 school days"),
        ({"looked_after": True}, "every 2 school days"),
    ):
        got = judge("OLP-WELFARE-CHECKS", pupil=pupil, as_of=D(2025, 1, 14), events=events(without=("welfare_check",)))
        assert got is not None and interval in got.message


def test_a_provider_without_a_name_is_called_the_online_provider_with_a_capital_at_the_start():
    got = judge("OLP-CP-POLICY", provider={"name": None, "checks": []})
    assert got is not None and got.status == "unmet"
    assert got.message.startswith("The online provider was not given the school's child protection policy")
