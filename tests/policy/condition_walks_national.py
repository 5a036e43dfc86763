"""The walk for the national, online-learning-packages and return-to-learn duties of several conditions."""

from __future__ import annotations

from tests.policy.condition_walks import (
    AP,
    ONLINE_WEEK,
    PTT,
    REMOTE,
    RTL,
    Condition,
    Walk,
    case,
    drop_checks,
    drop_events,
    ev,
    registered,
    set_check,
    set_key,
)

NATIONAL_WALKS: list[Walk] = [
    # ----- national
    Walk(
        "NAT-REMOTE-LAST-RESORT",
        "started",
        case([], "2025-11-20", REMOTE, events=[ev("2025-11-03", "reintegration_plan")]),
        (
            Condition("plan to return", drop_events("reintegration_plan"), "plan to return to school"),
            Condition("end date", set_key("arrangement.end", None), "end date"),
        ),
    ),
    Walk(
        # The case a new user found: a Return to Learn draft with an end date, before its start.
        "NAT-REMOTE-LAST-RESORT",
        "draft",
        case(["return-to-learn"], "2025-11-05", RTL, events=[ev("2025-11-03", "reintegration_plan")]),
        (
            Condition("plan to return", drop_events("reintegration_plan"), "plan to return to school"),
            Condition("end date", set_key("arrangement.end", None), "end date"),
        ),
    ),
    Walk(
        "NAT-PTT-PROFESSIONALS",
        "social worker and EHC plan",
        case(
            [],
            "2025-11-20",
            PTT,
            pupil={"date_of_birth": "2012-02-14", "social_worker": True, "send": "ehcp"},
            events=[ev("2025-11-03", "social_worker_informed"), ev("2025-11-04", "la_notified")],
        ),
        (
            Condition("social worker told", drop_events("social_worker_informed"), "social worker"),
            Condition("local authority told", drop_events("la_notified"), "local authority"),
        ),
    ),
    Walk(
        "NAT-CODE-C2",
        "recorded C2",
        case(
            [],
            "2025-11-20",
            {**PTT, "timetable": {"mon": {"am": "school", "pm": "home"}}},
            events=[ev("2025-11-03", "parent_consent", written=True)],
            sessions=[{"date": "2025-11-17", "session": "pm", "attended": False, "recorded": "C2"}],
        ),
        (
            Condition("parent's agreement", drop_events("parent_consent"), "no parent agreement"),
            Condition(
                "a pupil of compulsory school age",
                set_key("pupil.date_of_birth", "2021-01-10"),
                "only for a pupil of compulsory school age",
            ),
        ),
    ),
    Walk(
        "NAT-AP-STAFF-CHECKS",
        "confirmation in force",
        case([], "2025-11-20", AP, provider=registered({"type": "staff_checks_confirmed", "date": "2025-11-03"})),
        (
            Condition("confirmed in writing", drop_checks("staff_checks_confirmed"), "No written confirmation"),
            Condition(
                "still in force",
                set_check("staff_checks_confirmed", expires="2025-11-18"),
                "expired on",
                refines="confirmed in writing",
            ),
        ),
    ),
    # ----- online learning packages
    Walk(
        "OLP-BEHAVIOUR-DIRECTION",
        "behaviour",
        case(
            ["online-learning-packages"],
            "2025-11-20",
            {**PTT, "kind": "online_learning", "reason": "behaviour", "timetable": ONLINE_WEEK},
            events=[ev("2025-11-03", "direction_notice"), ev("2025-11-04", "behaviour_plan_updated")],
        ),
        (
            Condition("written direction", drop_events("direction_notice"), "written direction"),
            Condition("behaviour plan", drop_events("behaviour_plan_updated"), "behaviour plan"),
        ),
    ),
    Walk(
        "OLP-ABSENCE-ALERT",
        "a missed lesson reported in time",
        case(
            ["online-learning-packages"],
            "2025-11-20",
            {**PTT, "kind": "online_learning", "timetable": ONLINE_WEEK},
            provider=registered({"type": "absence_alert_agreed", "date": "2025-11-03"}, kind="online_learning"),
            sessions=[
                {
                    "date": "2025-11-18",
                    "session": "am",
                    "where": "online",
                    "attended": False,
                    "provider_reported_at": "11:00",
                }
            ],
        ),
        (
            Condition("alert agreed", drop_checks("absence_alert_agreed"), "No agreement"),
            Condition(
                "agreement in force",
                set_check("absence_alert_agreed", expires="2025-11-19"),
                "expired on",
                refines="alert agreed",
            ),
            Condition(
                "absence reported within the session",
                set_key("sessions.0.provider_reported_at", "12:30"),
                "after the session ended",
            ),
        ),
    ),
    Walk(
        "OLP-COMMISSIONING",
        "agreement and a review in Spring 1",
        case(
            ["online-learning-packages"],
            "2026-02-18",
            {**PTT, "kind": "online_learning", "end": "2026-03-27", "timetable": ONLINE_WEEK},
            provider=registered(
                {"type": "commissioning_agreement", "date": "2025-11-03"},
                {"type": "quality_review", "date": "2026-01-20"},
                kind="online_learning",
            ),
        ),
        (
            Condition("commissioning agreement", drop_checks("commissioning_agreement"), "commissioning agreement"),
            Condition("half-termly quality review", drop_checks("quality_review"), "quality of education"),
        ),
    ),
    # ----- return to learn
    Walk(
        "RTL-THRESHOLD",
        "six weeks of support, then the decision",
        case(
            ["return-to-learn"],
            "2025-11-20",
            RTL,
            events=[ev("2025-09-08", "support_strategies_started"), ev("2025-10-20", "slt_decision")],
        ),
        (
            Condition(
                "support strategies", drop_events("support_strategies_started"), "no in-school support strategies"
            ),
            Condition("senior leaders' decision", drop_events("slt_decision"), "no senior leaders' decision"),
            Condition(
                "six weeks between them",
                set_key("events.0.date", "2025-10-01"),
                "fewer than",
                refines="support strategies",
            ),
        ),
    ),
    Walk(
        # A later meeting would meet the first part late, so the first part has a short timetable
        # of its own (a recurring duty is met only once the arrangement has ended).
        "RTL-PLANNING-MEETINGS",
        "a meeting before a short timetable",
        case(
            ["return-to-learn"],
            "2025-12-10",
            {**RTL, "end": "2025-12-05"},
            events=[ev("2025-11-03", "planning_meeting")],
        ),
        (
            Condition(
                "a meeting before the start",
                drop_events("planning_meeting"),
                "before the Return to Learn timetable started",
            ),
        ),
    ),
    Walk(
        "RTL-PLANNING-MEETINGS",
        "a meeting before the start and every six weeks",
        case(
            ["return-to-learn"],
            "2026-02-10",
            RTL,
            events=[
                ev("2025-11-03", "planning_meeting"),
                ev("2025-12-10", "planning_meeting"),
                ev("2026-01-15", "planning_meeting"),
            ],
        ),
        (
            Condition(
                "the next within six weeks",
                drop_events("planning_meeting", "2025-12-10", "2026-01-15"),
                "every 42 days",
            ),
        ),
    ),
    Walk(
        "RTL-RECORDING-RETENTION",
        "a recording deleted in time",
        case(
            ["return-to-learn"],
            "2026-01-10",
            RTL,
            school={"recordings": [{"date": "2025-11-12", "deleted": "2025-12-01", "first_names_only": True}]},
        ),
        (
            Condition("deleted within a month", set_key("school.recordings.0.deleted", None), "still kept"),
            Condition(
                "first names only",
                set_key("school.recordings.0.first_names_only", False),
                "more than their first names",
            ),
        ),
    ),
    Walk(
        "RTL-OUTCOME",
        "the referral completed at a planning meeting",
        case(
            ["return-to-learn"],
            "2026-02-10",
            RTL,
            events=[ev("2026-01-20", "planning_meeting"), ev("2026-01-22", "iss_referral")],
        ),
        (
            Condition(
                "an Education Planning Meeting",
                drop_events("planning_meeting"),
                "no Education Planning Meeting",
            ),
            Condition("the referral", drop_events("iss_referral"), "no referral"),
        ),
    ),
]
