"""Every duty made of more than one condition names, when it is unmet or due, the condition that is
missing, and only that one; with all of them missing it names each.

The walk is data: for each such duty, a case that meets it, and for each condition a change that
removes only that condition and a phrase the message must then contain. A duty whose conditions cannot
all be removed one at a time from one case (a check "before the start" that a later review would meet
late) has more than one base case, each walking the conditions it can. Every rule the engine holds must
be either walked here or listed, with a reason, as a duty of one condition: a new rule must be classified.
"""

from __future__ import annotations

import copy

import pytest

from pathways.policy import evaluate, parse_case
from pathways.policy.engine import REGISTRY, rules
from tests.policy.condition_walks import RTL, Case, Condition, Walk, case
from tests.policy.condition_walks_local import LOCAL_WALKS
from tests.policy.condition_walks_national import NATIONAL_WALKS

WALKS: list[Walk] = [*NATIONAL_WALKS, *LOCAL_WALKS]


# Rules whose verdict rests on one condition (or on one of several alternatives, all named when
# none holds), each with the reason. A rule the engine holds must be here or in WALKS.
SINGLE_CONDITION: dict[str, str] = {
    "NAT-CODE-SET": "each recorded code is in the code set",
    "NAT-CODE-PRESENT-ON-SITE": "each present code: the pupil was in school",
    "NAT-CODE-B": "each B: the derived code is B",
    "NAT-CODE-K": "each K or B: the provision was arranged so",
    "NAT-CODE-REMOTE-ABSENT": "each online or home session: the derived code",
    "NAT-CODE-SUSPENSION": "each suspension day: the derived code",
    "NAT-TEN-DAY-ABSENCE": "the local authority told of the run",
    "NAT-HEALTH-15-DAYS": "the local authority told of the illness",
    "NAT-PTT-AGREEMENT": "one record: a parent's written agreement",
    "NAT-PTT-END-DATE": "the end date",
    "NAT-PTT-NOT-BEHAVIOUR": "the reason",
    "NAT-DIRECTION-NOTICE": "the notice",
    "NAT-DIRECTION-REVIEW-REQUEST": "each request: a review held (the rest decide whether a request creates a duty)",
    "NAT-AP-PARENT-INFORMATION": "the information",
    "NAT-AP-PLAN": "the plan",
    "NAT-AP-REINTEGRATION": "the reintegration plan",
    "NAT-PROVIDER-REGISTRATION": "the provider's registration (the counts decide whether it must register)",
    "NAT-AP-EHCP-REGISTERED": "either a registered provider or the LA's direction: the message names both",
    "NAT-SUSPENSION-DAY6": "each day from the sixth: provision",
    "OLP-PERMITTED-USE": "the reason",
    "OLP-MEDICAL-EVIDENCE": "adequate evidence (a GP note is named as not adequate)",
    "OLP-HEALTHCARE-PLAN": "the plan",
    "OLP-SEND-PLAN": "the SEND plan",
    "OLP-DAY6-NOTICE": "the notice (full time is OLP-FULL-TIME-PACKAGE)",
    "OLP-FULL-TIME-PACKAGE": "a full-time week, else an EHC plan or consultant evidence: the message names all",
    "OLP-PROVIDER-CHECKLIST": "one provider record (its expiry is walked in OLP-ABSENCE-ALERT, the same code)",
    "OLP-IDENTITY": "one provider record (its expiry is walked in OLP-ABSENCE-ALERT, the same code)",
    "OLP-CP-POLICY": "one provider record (its expiry is walked in OLP-ABSENCE-ALERT, the same code)",
    "OLP-STUDENT-CHECKLIST": "the checklist",
    "OLP-INDUCTION": "the induction",
    "OLP-ATTENDANCE-OFFICER": "word to the attendance officer",
    "OLP-AGENCIES": "word to the agencies or the social worker, either",
    "OLP-WELFARE-CHECKS": "the pupil seen often enough",
    "OLP-ABSENCE-RESPONSE": "each missed lesson: the response its vulnerability needs",
    "OLP-REVIEWS": "a review each half-term",
    "OLP-EQUIPMENT": "the acceptable-use terms",
    "OLP-GOVERNORS": "word to governors",
    "RTL-ISS-CONSULTED": "the check with the Inclusion Support Service",
    "RTL-FORTNIGHTLY-REPORTS": "a report every two weeks",
    "RTL-TIMETABLE-REVIEW": "a review every two weeks",
    "RTL-PHASED-INCREASE": "the hours of the step in force",
    "RTL-MEDICAL-EVIDENCE": "specialist evidence (a GP's note is named as not specialist)",
    "RTL-ISS-REFERRAL": "the referral",
    "RTL-CODES": "each session: the derived code",
    "RTL-GROUP-CONSENT": "consent from every parent (a partial one is named)",
    "REM-LEAD": "the named lead",
    "REM-NEXT-DAY": "remote education by the next school day",
    "REM-HOURS": "the hours of each remote day (each short day is named)",
    "REM-DEVICE-ACCESS": "the survey",
    "REM-SOCIAL-WORKER": "word to the social worker",
    "MIL-RISK-ASSESSMENT": "the risk assessment",
    "MIL-EHCP-OUTCOMES": "EHCP outcomes in the planned work",
    "MIL-CONTACT-LOG": "a logged contact each school week",
    "MIL-HOME-VISITS": "each visit: senior leaders told",
    "MIL-DAILY-ENGAGEMENT": "each day: the same-day follow-up",
    "AP-TRUST-CONSULTED": "the liaison",
    "AP-INFORMATION-SHARED": "the information",
    "AP-VISITS": "a visit each half-term",
    "AP-PARENT-MEETINGS": "a progress report each half-term",
    "AP-PROVIDER-ABSENCE-DEADLINE": "each absence: reported in time",
    "AP-WEEKLY-ATTENDANCE": "the weekly register",
    "AP-UNSATISFACTORY-REVIEW": "each unsatisfactory review: the follow-up (or, at the agreed number, the end)",
    "AP-REINTEGRATION-MEETING": "the meeting (the plan only makes it arise)",
    "AP-PUPIL-VIEWS": "the pupil's views each half-term",
    "AP-FINAL-REPORT": "the final report",
    "PTT-LAST-RESORT": "the discussion with the trust lead",
    "PTT-LA-NOTIFIED": "notice to the local authority",
    "PTT-REVIEWS": "a review with the parents each half-term",
    "PTT-REINTEGRATION-PLAN": "a reintegration plan or phased steps, either: the message names both",
    "PTT-DAILY-CONTACT": "contact on each day away",
    "PTT-WHEREABOUTS": "the confirmation in the risk assessment",
    "FLX-HEADTEACHER-APPROVAL": "the approval",
    "FLX-NO-END-DATE-NEEDED": "a permission, always met",
    "FLX-GOVERNORS-TERMLY": "an update each term",
    "FLX-DIGITAL-SAFETY": "the guidance",
}


def judge(data: Case, rule_id: str) -> tuple[str, str]:
    found = evaluate(parse_case(data)).get(rule_id)
    assert found is not None, f"{rule_id} left out of the result"
    return found.status, found.message


def _walk_id(walk: Walk) -> str:
    return f"{walk.rule_id}[{walk.label}]"


MUTATIONS = [(walk, condition) for walk in WALKS for condition in walk.conditions]


# ---------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("walk", WALKS, ids=_walk_id)
def test_the_base_case_meets_the_duty(walk: Walk) -> None:
    status, message = judge(copy.deepcopy(walk.base), walk.rule_id)
    assert status == "met", message


@pytest.mark.parametrize(("walk", "condition"), MUTATIONS, ids=[f"{_walk_id(w)}-{c.name}" for w, c in MUTATIONS])
def test_with_one_condition_missing_the_message_names_it_and_no_other(walk: Walk, condition: Condition) -> None:
    data = copy.deepcopy(walk.base)
    condition.remove(data)
    status, message = judge(data, walk.rule_id)
    assert status in ("unmet", "due"), f"{condition.name} removed, yet {status}: {message}"
    assert condition.phrase.lower() in message.lower(), f"{condition.name!r} not named: {message}"
    for present in walk.conditions:
        if present is not condition:
            assert present.phrase.lower() not in message.lower(), f"{present.name!r} is present, yet named: {message}"


@pytest.mark.parametrize("walk", [w for w in WALKS if sum(not c.refines for c in w.conditions) > 1], ids=_walk_id)
def test_with_every_condition_missing_the_message_names_each(walk: Walk) -> None:
    data = copy.deepcopy(walk.base)
    independent = [c for c in walk.conditions if not c.refines]
    for condition in independent:
        condition.remove(data)
    status, message = judge(data, walk.rule_id)
    assert status in ("unmet", "due"), message
    for condition in independent:
        assert condition.phrase.lower() in message.lower(), f"{condition.name!r} not named: {message}"


def test_a_return_to_learn_draft_with_an_end_date_is_not_asked_for_one() -> None:
    draft = case(["return-to-learn"], "2025-11-05", RTL)
    status, message = judge(draft, "NAT-REMOTE-LAST-RESORT")
    assert status == "due"
    assert "plan to return to school" in message
    assert "end date" not in message


# ---------------------------------------------------------------------------- every rule classified


def test_every_walked_duty_has_more_than_one_condition() -> None:
    by_rule: dict[str, set[str]] = {}
    for walk in WALKS:
        by_rule.setdefault(walk.rule_id, set()).update(c.name for c in walk.conditions)
    thin = {rid: names for rid, names in by_rule.items() if len(names) < 2}
    assert not thin, f"walked with fewer than two conditions: {thin}"


def test_every_rule_is_walked_or_classified_as_one_condition() -> None:
    engine_ids = {r.id for r in rules()}
    walked = {walk.rule_id for walk in WALKS}
    single = set(SINGLE_CONDITION)
    assert walked <= set(REGISTRY), f"walked but not a rule: {sorted(walked - set(REGISTRY))}"
    assert single <= set(REGISTRY), f"listed but not a rule: {sorted(single - set(REGISTRY))}"
    assert not walked & single, f"both walked and listed as one condition: {sorted(walked & single)}"
    unclassified = engine_ids - walked - single
    assert not unclassified, (
        f"new rules to classify (walk them here, or list them as one condition): {sorted(unclassified)}"
    )
