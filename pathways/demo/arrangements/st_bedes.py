"""St Bede's's arrangements in the demo, one function a story, created in the order of STORIES (each
takes the next pupil that fits, so the order is part of the demo)."""

from __future__ import annotations

from pathways.demo.arrangements.builder import ALL_WEEK, DemoArrangements, ev, merge, week
from pathways.demo.arrangements.chronologies import ptt_chronology

SCHOOL = "stbedes"


def _flexi_mondays(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 1: flexi-schooled at home on Mondays, at the parents' request.
    start = c.day_of(-3, 2)
    events = [
        ev(c.sd(-30, start), "parent_request", "Letter from the parents asking for Mondays at home.", written=True),
        ev(c.sd(-20, start), "risk_assessment", "DSL risk assessment (Appendix 8)."),
        ev(c.sd(-15, start), "written_agreement", "Signed: Mondays at home, maths and reading set by school."),
        ev(c.sd(-15, start), "parent_information", "Digital safety guidance: filters and suitable sites."),
        ev(c.sd(2, start), "la_notified"),
        ev(c.sd(2, start), "trust_consulted"),
    ]
    for day in c.each_half_term(start, 9):
        events.append(ev(day, "risk_assessment", "Risk assessment reviewed."))
        events.append(ev(day, "governors_informed", "Termly update to the local governing body."))
    demo.arrangement(
        "sb_flexi_mondays", s, demo.pupil(s, [2, 3]), "flexi_schooling", start, reason="parental_request",
        slots=week("home", "mon"), approved=c.sd(-18, start), by="head", events=events,
    )


def _flexi_awaiting(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Flexi-schooling asked for by a parent, awaiting the headteacher's approval (journey 3).
    start = c.sd(12)
    demo.arrangement(
        "sb_flexi_awaiting", s, demo.pupil(s, [4, 5]), "flexi_schooling", start, reason="parental_request",
        slots=week("home", "fri", am=False), submitted=True, by="head",
        events=[ev(c.sd(-10), "parent_request", "Friday afternoons for music lessons at home.", written=True),
                ev(c.sd(-2), "risk_assessment"),
                ev(c.sd(-1), "written_agreement"),
                ev(c.sd(-1), "parent_information", "Digital safety guidance for home learning.")],
    )


def _ptt_no_written_consent(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A part-time timetable agreed on the phone only: no written parental consent.
    start = c.sd(-12)
    demo.arrangement(
        "sb_ptt_no_written_consent", s, demo.pupil(s, [3, 4]), "part_time_timetable", start,
        reason="mental_health", end=c.sd(40), approved=c.sd(-2, start),
        slots=week("home", *ALL_WEEK, am=False), steps=[(start, 15), (c.sd(15, start), 21)],
        events=ptt_chronology(c, start, consent_written=False),
    )


def _ptt_review_overdue(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A part-time timetable whose review last half-term never happened: overdue.
    start = c.day_of(-1, 1)
    start = c.sd(-10, start)
    demo.arrangement(
        "sb_ptt_review_overdue", s, demo.pupil(s, [5, 6]), "part_time_timetable", start, reason="medical",
        end=c.last_day_of(1), approved=c.sd(-2, start), slots=week("home", "wed", "fri"),
        steps=[(start, 18)], events=ptt_chronology(c, start, skip_reviews=range(10)),
    )


def _ptt_ended(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Ended with the pupil back in full-time school.
    start = c.day_of(-2, 4)
    end = c.last_day_of(-1)
    demo.arrangement(
        "sb_ptt_ended", s, demo.pupil(s, [1, 2]), "part_time_timetable", start, reason="reintegration",
        end=end, approved=c.sd(-2, start), slots=week("home", *ALL_WEEK, am=False),
        steps=[(start, 15), (c.day_of(-1, 1), 30)], timetables=[(c.day_of(-1, 1), {})],
        events=[*ptt_chronology(c, start, until=end), ev(end, "review", "Full days all week: back full time.",
                                                             outcome="satisfactory", parent_attended=True)],
        ended=(end, "full_time_school"),
    )


def _health_tuition(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Home tuition for health needs through the agency whose staff-checks confirmation has expired.
    start = c.day_of(-1, 4)
    demo.arrangement(
        "sb_health_tuition", s, demo.pupil(s, [6, 5], medical_condition=True), "health_needs", start,
        reason="medical", end=c.last_day_of(1), provider="tuition",
        slots=merge(week("provider", "mon", "wed", am=False), week("home", "tue", "thu", "fri")),
        approved=c.sd(-1, start),
        events=[
            ev(c.sd(-5, start), "medical_evidence", "Community paediatrician: too unwell for full days.",
               source="community_paediatrician"),
            ev(c.sd(-3, start), "healthcare_plan"),
            ev(c.sd(-2, start), "plan_agreed", "Tutor at home Monday and Wednesday afternoons."),
            # told on the first day off school through illness, as NAT-HEALTH-15-DAYS reads it
            ev(start, "la_notified", "The LA's medical education service told: off school through illness, "
                                     "tuition at home from today."),
            *[ev(d, "welfare_check", "Phoned home.", kind="phone") for d in c.every(start, 7)],
            *[ev(d, "provider_report", "Tutor's report.") for d in c.each_half_term(start, 10)],
        ],
    )


def _remote_after_surgery(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Remote learning for a fortnight after an operation, with work set at home.
    start = c.sd(-4)
    demo.arrangement(
        "sb_remote_after_surgery", s, demo.pupil(s, [4, 3], medical_condition=True), "remote_learning", start,
        reason="medical", end=c.sd(6), slots=week("home", *ALL_WEEK), approved=c.sd(-1, start),
        events=[
            ev(c.sd(-3, start), "medical_evidence", "Consultant: two weeks at home after the operation.",
               source="consultant"),
            ev(c.sd(-1, start), "reintegration_plan", "Back in class the Monday after."),
            ev(c.sd(-1, start), "parent_information", "Work packs and the daily check-in explained."),
            ev(c.sd(1, start), "welfare_check", kind="phone"),
        ],
    )


def _suspension_ended(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A two-day suspension last half-term, over.
    first = c.day_of(-1, 12)
    days = [first, c.sd(1, first)]
    demo.arrangement(
        "sb_suspension_ended", s, demo.pupil(s, [5, 6]), "suspension", first, reason="suspension", end=days[-1],
        suspension_days=days, approved=first, by="head", ended=(days[-1], "full_time_school"),
        events=[ev(first, "parent_information", "Suspension letter."),
                ev(c.sd(1, days[-1]), "planning_meeting", "Reintegration meeting with the parents.")],
    )


STORIES = (
    _flexi_mondays,
    _flexi_awaiting,
    _ptt_no_written_consent,
    _ptt_review_overdue,
    _ptt_ended,
    _health_tuition,
    _remote_after_surgery,
    _suspension_ended,
)


def create_st_bedes(demo: DemoArrangements) -> None:
    for story in STORIES:
        story(demo)
