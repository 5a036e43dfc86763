"""Oakfield's arrangements in the demo, one function a story, created in the order of STORIES (each
takes the next pupil that fits, so the order is part of the demo)."""

from __future__ import annotations

from pathways.demo.arrangements.builder import ALL_WEEK, DemoArrangements, ev, week
from pathways.demo.arrangements.chronologies import ap_chronology, ptt_chronology

SCHOOL = "oakfield"


def _remote(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Remote learning while recovering at home, with weekly contact logged and EHCP outcomes in the work.
    start = c.sd(-20)
    demo.arrangement(
        "ok_remote", s, demo.pupil(s, [7, 8, 9]), "remote_learning", start, reason="medical", end=c.sd(20),
        slots=week("home", *ALL_WEEK), approved=c.sd(-1, start), by="senco",
        events=[
            ev(c.sd(-3, start), "medical_evidence", "Consultant's letter.", source="consultant"),
            ev(c.sd(-2, start), "risk_assessment", "EHCP targets met at home and in school; health support."),
            ev(c.sd(-1, start), "reintegration_plan"),
            ev(c.sd(-1, start), "parent_information"),
            ev(c.sd(3, start), "send_plan_updated", "EHCP outcomes in the weekly work packs."),
            *[ev(d, "welfare_check", "Phone call with the parent.", kind="phone")
              for d in c.every_school_days(start, 3)],
            # The engagement check and the feedback of every school week (002 Appendix A), and a teacher's visit
            # at home early on: seen in person, not since (the DSL's week shows the visit overdue).
            *[ev(d, "provider_report", "Seesaw: every piece of the week's work handed in.")
              for d in c.every_school_days(start, 5)],
            *[ev(d, "progress_report", "Feedback on the week's work sent to the family.")
              for d in c.every_school_days(start, 5)],
            ev(c.sd(4, start), "welfare_check", "Class teacher saw him at home with his reading book.",
               kind="in_person"),
        ],
    )


def _remote_draft(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Remote learning proposed for a pupil awaiting surgery: a draft.
    start = c.sd(8)
    demo.arrangement(
        "ok_remote_draft", s, demo.pupil(s, [4, 5, 6]), "remote_learning", start, reason="medical",
        end=c.sd(25, start), slots=week("home", *ALL_WEEK), by="senco",
        events=[ev(c.sd(-1), "medical_evidence", "Surgery date confirmed.", source="consultant")],
    )


def _ap_forge(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A placement at a registered independent special school two days a week.
    start = c.day_of(-2, 8)
    demo.arrangement(
        "ok_ap_forge", s, demo.pupil(s, [10, 11]), "alternative_provision", start, reason="other",
        end=c.last_day_of(3), provider="forge", slots=week("provider", "wed", "thu"),
        approved=c.sd(-10, start), events=ap_chronology(c, start),
    )


def _ptt(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A part-time timetable for a pupil with an EHC plan: the local authority told before the start.
    start = c.day_of(-1, 5)
    events = ptt_chronology(c, start)
    events.append(ev(c.sd(-3, start), "la_notified", "SEND team told before the start (EHCP)."))
    demo.arrangement(
        "ok_ptt", s, demo.pupil(s, [6, 7, 8]), "part_time_timetable", start, reason="medical",
        end=c.last_day_of(1), approved=c.sd(-2, start), slots=week("home", *ALL_WEEK, am=False),
        steps=[(start, 15)], events=events, by="senco",
    )


def _health_hospital(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Hospital education, arranged by the local authority, for a long admission.
    start = c.day_of(-1, 10)
    demo.arrangement(
        "ok_health_hospital", s, demo.pupil(s, [9, 10, 3]), "health_needs", start, reason="medical",
        end=c.last_day_of(1), provider="hospital", slots=week("provider", *ALL_WEEK), approved=c.sd(-1, start),
        by="senco",
        events=[
            ev(c.sd(-1, start), "plan_agreed", "Hospital teachers to follow the EHCP outcomes."),
            ev(c.sd(-1, start), "la_notified"),
            ev(c.sd(2, start), "send_plan_updated"),
            *[ev(d, "welfare_check", "Visited on the ward.", kind="in_person") for d in c.every(start, 14)],
        ],
    )


STORIES = (
    _remote,
    _remote_draft,
    _ap_forge,
    _ptt,
    _health_hospital,
)


def create_oakfield(demo: DemoArrangements) -> None:
    for story in STORIES:
        story(demo)
