"""The walk for the remote-education-offer and alternative-pathways duties of several conditions."""

from __future__ import annotations

from tests.policy.condition_walks import (
    AP,
    FLEXI,
    ONLINE_WEEK,
    PTT,
    REMOTE,
    Condition,
    Walk,
    case,
    drop_checks,
    drop_events,
    ev,
    registered,
    risk_assessment_walks,
    set_check,
    set_key,
    unregistered,
)

LOCAL_WALKS: list[Walk] = [
    # ----- remote education offer
    Walk(
        "REM-AUDIT",
        "rated, no term judged yet",
        case(["remote-education-offer"], "2025-11-20", REMOTE, school={"remote_audits": ["2025-06-10"]}),
        (Condition("ever rated", set_key("school.remote_audits", []), "never been completed"),),
    ),
    Walk(
        "REM-AUDIT",
        "rated in the spring term",
        case(
            ["remote-education-offer"],
            "2026-04-10",
            {**REMOTE, "start": "2025-12-01", "end": "2026-05-22"},
            school={"remote_audits": ["2025-06-10", "2026-01-20"]},
        ),
        (
            Condition(
                "rated every term",
                set_key("school.remote_audits", ["2025-06-10"]),
                "No red/amber/green rating of the remote education audit tool in",
            ),
        ),
    ),
    Walk(
        "REM-LIVE-LESSON-SAFETY",
        "every safeguard in place",
        case(
            ["remote-education-offer"],
            "2025-11-20",
            REMOTE,
            school={"live_lessons": {"written_consent": True, "group_only": True, "recorded": True, "call_log": True}},
        ),
        (
            Condition("written consent", set_key("school.live_lessons.written_consent", False), "written consent"),
            Condition("groups only", set_key("school.live_lessons.group_only", False), "group sessions only"),
            Condition("recorded", set_key("school.live_lessons.recorded", False), "every live session recorded"),
            Condition("a log of calls", set_key("school.live_lessons.call_log", None), "a log of who ran"),
        ),
    ),
    Walk(
        "REM-ENGAGEMENT",
        "weekly checks and feedback, parents called",
        case(
            ["remote-education-offer"],
            "2025-12-10",
            {**REMOTE, "end": "2025-12-05", "timetable": ONLINE_WEEK},
            events=[
                *(ev(d, "provider_report") for d in ("2025-11-14", "2025-11-20", "2025-11-27", "2025-12-03")),
                *(ev(d, "progress_report") for d in ("2025-11-14", "2025-11-20", "2025-11-27", "2025-12-03")),
                ev("2025-11-18", "welfare_check", kind="phone"),
            ],
            sessions=[
                {"date": "2025-11-18", "session": "am", "where": "online", "attended": False, "reason": "unknown"}
            ],
        ),
        (
            Condition("engagement checked weekly", drop_events("provider_report"), "check of the pupil's engagement"),
            Condition("feedback weekly", drop_events("progress_report"), "feedback on the pupil's progress"),
            Condition("parents told at once", drop_events("welfare_check"), "parents were not contacted"),
        ),
    ),
    # ----- alternative provision
    Walk(
        "AP-UNREGISTERED-APPROVAL",
        "forms, visit, assessment and approval",
        case(
            ["alternative-pathways"],
            "2025-11-20",
            AP,
            provider=unregistered({"type": "initial_visit", "date": "2025-10-20"}),
            events=[
                ev("2025-10-15", "consideration_form"),
                ev("2025-10-22", "risk_assessment"),
                ev("2025-10-29", "trust_approval"),
            ],
        ),
        (
            Condition("consideration form", drop_events("consideration_form"), "consideration form"),
            Condition("initial visit", drop_checks("initial_visit"), "initial visit"),
            Condition("risk assessment", drop_events("risk_assessment"), "risk assessment"),
            Condition("trust approval", drop_events("trust_approval"), "trust did not approve"),
        ),
    ),
    Walk(
        "AP-HEADTEACHER-AGREEMENT",
        "form and headteacher",
        case(
            ["alternative-pathways"],
            "2025-11-20",
            AP,
            provider=registered(),
            events=[ev("2025-10-15", "consideration_form"), ev("2025-10-16", "headteacher_approval")],
        ),
        (
            Condition("consideration form", drop_events("consideration_form"), "consideration form"),
            Condition("headteacher's agreement", drop_events("headteacher_approval"), "headteacher"),
        ),
    ),
    *risk_assessment_walks(
        "AP-RISK-ASSESSMENT",
        ["alternative-pathways"],
        AP,
        review_day="2026-01-20",
        later="2026-02-20",
        before="2025-11-03",
        review_phrase="risk assessment review",
    ),
    Walk(
        "AP-PROVIDER-POLICIES",
        "three policies in force",
        case(
            ["alternative-pathways"],
            "2025-11-20",
            AP,
            provider=registered(
                {"type": "child_protection_policy_shared", "date": "2025-11-03"},
                {"type": "safeguarding_policy", "date": "2025-11-03"},
                {"type": "health_and_safety", "date": "2025-11-03"},
            ),
        ),
        (
            Condition(
                "trust's policies held", drop_checks("child_protection_policy_shared"), "trust's child protection"
            ),
            Condition("own safeguarding policy", drop_checks("safeguarding_policy"), "its own safeguarding"),
            Condition("health and safety policy", drop_checks("health_and_safety"), "health and safety policy before"),
            Condition(
                "health and safety in date",
                set_check("health_and_safety", expires="2025-11-19"),
                "expired on",
                refines="health and safety policy",
            ),
        ),
    ),
    # ----- part-time timetables
    Walk(
        "PTT-HEADTEACHER-APPROVAL",
        "approved, governors told",
        case(
            ["alternative-pathways"],
            "2025-11-20",
            PTT,
            events=[ev("2025-11-05", "headteacher_approval"), ev("2025-11-18", "governors_informed")],
        ),
        (
            Condition("headteacher's approval", drop_events("headteacher_approval"), "headteacher"),
            Condition("governors told", drop_events("governors_informed"), "governing body"),
        ),
    ),
    *risk_assessment_walks(
        "PTT-RISK-ASSESSMENT",
        ["alternative-pathways"],
        PTT,
        review_day="2026-01-12",
        later="2026-01-20",
        before="2025-11-03",
        review_phrase="risk assessment review",
    ),
    # ----- flexi-schooling
    Walk(
        "FLX-PARENT-REQUEST",
        "asked for by a parent",
        case(["alternative-pathways"], "2025-09-20", FLEXI, events=[ev("2025-09-01", "parent_request")]),
        (
            Condition("a parent's request", drop_events("parent_request"), "No parent asked"),
            Condition("reason: parental request", set_key("arrangement.reason", "medical"), "arrangement's reason is"),
        ),
    ),
    Walk(
        "FLX-WRITTEN-AGREEMENT",
        "three-way agreement",
        case(
            ["alternative-pathways"],
            "2025-09-20",
            FLEXI,
            pupil={"date_of_birth": "2012-02-14", "send": "ehcp"},
            events=[ev("2025-09-01", "written_agreement"), ev("2025-09-02", "la_approval")],
        ),
        (
            Condition("written agreement", drop_events("written_agreement"), "No written flexi-schooling agreement"),
            Condition("the local authority a party", drop_events("la_approval"), "local authority was not party"),
        ),
    ),
    Walk(
        "FLX-LA-NOTIFIED",
        "told and approved",
        case(
            ["alternative-pathways"],
            "2025-09-25",
            FLEXI,
            pupil={"date_of_birth": "2012-02-14", "send": "ehcp"},
            events=[
                ev("2025-09-02", "la_approval"),
                ev("2025-09-11", "la_notified"),
                ev("2025-09-12", "trust_consulted"),
            ],
        ),
        (
            Condition("local authority told", drop_events("la_notified"), "local authority was not told"),
            Condition("trust lead told", drop_events("trust_consulted"), "link DPS"),
            Condition("local authority approval", drop_events("la_approval"), "did not approve"),
        ),
    ),
    Walk(
        # In the first week: the approval is overdue while the two notices are still due; all are named.
        "FLX-LA-NOTIFIED",
        "in the first week",
        case(
            ["alternative-pathways"],
            "2025-09-12",
            FLEXI,
            pupil={"date_of_birth": "2012-02-14", "send": "ehcp"},
            events=[
                ev("2025-09-02", "la_approval"),
                ev("2025-09-11", "la_notified"),
                ev("2025-09-11", "trust_consulted"),
            ],
        ),
        (
            Condition("local authority told", drop_events("la_notified"), "Tell the local authority"),
            Condition("trust lead told", drop_events("trust_consulted"), "link DPS"),
            Condition("local authority approval", drop_events("la_approval"), "did not approve"),
        ),
    ),
    *risk_assessment_walks(
        "FLX-RISK-ASSESSMENT",
        ["alternative-pathways"],
        FLEXI,
        review_day="2026-01-12",
        later="2026-01-20",
        before="2025-09-01",
        review_phrase="risk assessment review",
    ),
]
