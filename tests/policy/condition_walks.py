"""The walk of tests/policy/test_missing_conditions.py: a duty made of several conditions, a case that
meets it, and for each condition a change that removes only that condition and the phrase its message
must then contain. The tables are condition_walks_national.py and condition_walks_local.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.policy.builders import case_dict

Case = dict[str, Any]
Change = Callable[[Case], None]


@dataclass(frozen=True)
class Condition:
    name: str
    remove: Change
    phrase: str
    # The condition this one qualifies (a record's expiry qualifies the record): it cannot be missing
    # together with it, so the walk with every condition missing leaves it out.
    refines: str = ""


@dataclass(frozen=True)
class Walk:
    rule_id: str
    label: str
    base: Case
    conditions: tuple[Condition, ...]


# ---------------------------------------------------------------------------- changes to a case


def drop_events(kind: str, *dates: str) -> Change:
    """Remove the events of this type (only those on `dates`, when given)."""

    def change(case: Case) -> None:
        case["events"] = [
            e for e in case.get("events", []) if not (e["type"] == kind and (not dates or e["date"] in dates))
        ]

    return change


def drop_checks(kind: str) -> Change:
    def change(case: Case) -> None:
        case["provider"]["checks"] = [c for c in case["provider"]["checks"] if c["type"] != kind]

    return change


def set_key(path: str, value: Any) -> Change:
    """Set a dotted key ("arrangement.end", "school.live_lessons.group_only", "sessions.0.where")."""

    def change(case: Case) -> None:
        *parents, last = path.split(".")
        node: Any = case
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def set_check(kind: str, **fields: Any) -> Change:
    def change(case: Case) -> None:
        for c in case["provider"]["checks"]:
            if c["type"] == kind:
                c.update(fields)

    return change


def ev(day: str, event_type: str, **fields: Any) -> dict[str, Any]:
    return {"date": day, "type": event_type, **fields}


def case(policies: list[str], as_of: str, arrangement: dict[str, Any], **rest: Any) -> Case:
    return case_dict(policies=policies, as_of=as_of, arrangement=arrangement, **rest)


PTT = {"kind": "part_time_timetable", "reason": "medical", "start": "2025-11-10", "end": "2026-02-13"}
AP = {
    "kind": "alternative_provision",
    "reason": "exclusion_risk",
    "start": "2025-11-10",
    "end": "2026-07-17",
    "timetable": {"mon": {"am": "provider", "pm": "provider"}},
}
FLEXI = {
    "kind": "flexi_schooling",
    "reason": "parental_request",
    "start": "2025-09-10",
    "timetable": {"wed": {"am": "home", "pm": "home"}},
}
RTL = {
    "kind": "return_to_learn",
    "reason": "mental_health",
    "start": "2025-11-10",
    "end": "2026-01-30",
    "timetable": {"mon": {"am": "school", "pm": "online"}},
}
REMOTE = {"kind": "remote_learning", "reason": "medical", "start": "2025-11-10", "end": "2026-02-13"}
ONLINE_WEEK = {d: {"am": "online", "pm": "school"} for d in ("mon", "tue", "wed", "thu", "fri")}


def unregistered(*checks: dict[str, Any], kind: str = "alternative_provision") -> dict[str, Any]:
    return {"name": "Northfield Farm", "kind": kind, "registration": "unregistered", "checks": list(checks)}


def registered(*checks: dict[str, Any], kind: str = "alternative_provision") -> dict[str, Any]:
    return {"name": "Riverside Learning", "kind": kind, "registration": "registered_school", "checks": list(checks)}


def risk_assessment_walks(
    rule_id: str,
    policies: list[str],
    arrangement: dict[str, Any],
    review_day: str,
    later: str,
    before: str,
    review_phrase: str,
) -> list[Walk]:
    """A risk assessment before the start, then reviews: the first base is judged before any review is
    needed (the one before the start is the condition); the second once a review is due."""
    return [
        Walk(
            rule_id,
            "before the start",
            case(
                policies,
                "2025-11-20" if arrangement["start"] > "2025-10-01" else "2025-09-20",
                arrangement,
                events=[ev(before, "risk_assessment")],
            ),
            (Condition("assessed before the start", drop_events("risk_assessment"), before_start_phrase(arrangement)),),
        ),
        Walk(
            rule_id,
            "reviewed",
            case(
                policies, later, arrangement, events=[ev(before, "risk_assessment"), ev(review_day, "risk_assessment")]
            ),
            (Condition("reviewed", drop_events("risk_assessment", review_day), review_phrase),),
        ),
    ]


def before_start_phrase(arrangement: dict[str, Any]) -> str:
    return {
        "alternative_provision": "No risk assessment before the placement started",
        "part_time_timetable": "No risk assessment before the part-time timetable started",
        "flexi_schooling": "No risk assessment before flexi-schooling started",
    }[arrangement["kind"]]
