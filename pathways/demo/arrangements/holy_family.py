"""Holy Family's arrangements in the demo, one function a story, created in the order of STORIES (each
takes the next pupil that fits, so the order is part of the demo)."""

from __future__ import annotations

import datetime as dt

from pathways.demo.arrangements.builder import ALL_WEEK, DemoArrangements, ev, merge, week
from pathways.demo.arrangements.chronologies import ap_chronology, ptt_chronology

SCHOOL = "holyfamily"


def _ap_riverside(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A well-kept placement at the registered AP academy, three days a week.
    start = c.day_of(-2, 10)
    demo.arrangement(
        "hf_ap_riverside", s, demo.pupil(s, [10, 9], ehcp=False), "alternative_provision", start,
        reason="exclusion_risk", end=c.last_day_of(2), provider="riverside",
        slots=week("provider", "mon", "tue", "wed"), approved=c.sd(-10, start),
        events=ap_chronology(c, start),
    )


def _ap_farm_full_time(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Two full-time placements at the unregistered farm: with the two pupils from other settings, four.
    # Years 9 and 10: of compulsory school age until well after the placements end.
    for n, years in enumerate(([10, 9], [9, 10])):
        start = c.day_of(-1, 3)
        pupil = demo.pupil(s, years, ehcp=False, looked_after=False)
        demo.arrangement(
            f"hf_ap_farm_full_time_{n + 1}", s, pupil, "alternative_provision", start, reason="exclusion_risk",
            end=c.last_day_of(3), provider="willowfarm", slots=week("provider", *ALL_WEEK),
            approved=c.sd(-10, start), events=ap_chronology(c, start, unregistered=True),
        )


def _ap_farm_part_time(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A two-day placement at the farm: the farm's other full-time pupils of compulsory age are four.
    start = c.day_of(-1, 8)
    demo.arrangement(
        "hf_ap_farm_part_time", s, demo.pupil(s, [9, 10], ehcp=False, looked_after=False), "alternative_provision",
        start, reason="exclusion_risk", end=c.last_day_of(2), provider="willowfarm",
        slots=week("provider", "mon", "tue"), approved=c.sd(-10, start),
        events=ap_chronology(c, start, unregistered=True),
    )


def _ap_farm_fifth(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 4: a fifth full-time pupil proposed for the farm, awaiting the headteacher's approval.
    start = c.sd(10)
    demo.arrangement(
        "hf_ap_farm_fifth", s, demo.pupil(s, [10, 9], ehcp=False, looked_after=False), "alternative_provision",
        start, reason="exclusion_risk", end=c.last_day_of(3), provider="willowfarm",
        slots=week("provider", *ALL_WEEK), submitted=True,
        events=[
            ev(c.sd(-6), "trust_consulted", "Asked the trust about a full-time place at the farm."),
            ev(c.sd(-3), "consideration_form"),
            ev(c.sd(-3), "parent_consent"),
            ev(c.sd(-3), "pupil_views", "Keen on the animal care and construction sessions."),
            ev(c.sd(-1), "risk_assessment"),
        ],
    )


def _direction_review_request(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 8: an off-site direction; the parent asks in writing for a review 11 weeks after the last.
    # A recent school day exactly 11 weeks after a school day when there is one (a holiday 11 weeks
    # back can make it a little longer).
    recent = [c.sd(-n) for n in range(2, 10)]
    request = next((d for d in recent if c.cal.is_school_day(d - dt.timedelta(weeks=11))), recent[0])
    last_review = c.on_or_before(request - dt.timedelta(weeks=11))
    start = c.sd(-30, last_review)
    demo.arrangement(
        "hf_direction_review_request", s, demo.pupil(s, [9, 8], ehcp=False), "off_site_direction", start,
        reason="behaviour", end=c.last_day_of(2), provider="riverside", slots=week("provider", *ALL_WEEK),
        approved=c.sd(-6, start),
        events=[
            ev(c.sd(-8, start), "planning_meeting", "Planning meeting with the parents and Riverside."),
            ev(c.sd(-5, start), "direction_notice", "Written notice of the direction sent to the parents."),
            ev(c.sd(-5, start), "parent_information"),
            ev(c.sd(-5, start), "plan_agreed", "Behaviour targets and the review dates."),
            ev(c.sd(-5, start), "reintegration_plan"),
            ev(c.sd(10, start), "visit"),
            ev(last_review, "review", "Direction reviewed: good progress, continue.", outcome="satisfactory",
               parent_attended=True),
            ev(request, "review_request", "Letter from the parent asking for the direction to be reviewed.",
               written=True, by="parent"),
        ],
    )


def _online_broken_leg(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 6: online learning for a broken leg, afternoons online, on the consultant's waiting list.
    start = c.sd(-18)
    pupil = demo.pupil(s, [10, 11], ehcp=False, send="none", looked_after=False, social_worker=False,
                       child_protection_plan=False, medical_condition=True)
    welfare = c.every_school_days(start, 4)
    demo.arrangement(
        "hf_online_broken_leg", s, pupil, "online_learning", start, reason="medical", end=c.last_day_of(1),
        provider="horizon", slots=week("online", *ALL_WEEK, am=False), approved=c.sd(-2, start),
        events=[
            ev(c.sd(-8, start), "medical_evidence", "GP letter: broken leg, off games and stairs for 8 weeks.",
               source="gp"),
            ev(c.sd(-6, start), "medical_evidence", "Orthopaedic clinic confirms the consultant waiting list.",
               source="waiting_list"),
            ev(c.sd(-4, start), "planning_meeting"),
            ev(c.sd(-3, start), "healthcare_plan", "Individual healthcare plan (Annex B): lift pass, ground floor."),
            ev(c.sd(-3, start), "plan_agreed", "Mornings in school, afternoon lessons online from home."),
            ev(c.sd(-3, start), "reintegration_plan", "Full days in school once the cast is off."),
            ev(c.sd(-3, start), "parent_information"),
            ev(c.sd(-2, start), "attendance_officer_informed"),
            ev(c.sd(-2, start), "equipment_agreement", "School laptop and webcam: supervised lessons only."),
            ev(start, "induction"),
            ev(c.sd(4, start), "student_checklist", "Annex E checklist completed."),
            ev(c.sd(8, start), "iss_referral", "Medical referral to the Inclusion Support Service."),
            ev(c.sd(5, start), "governors_informed"),
            *[ev(d, "welfare_check", kind="in_person") for d in welfare],
            ev(c.sd(10, start), "review", outcome="satisfactory", parent_attended=True),
        ],
    )


def _rtl_missed_step_up(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 7: Return to Learn for a Year 8 pupil with EBSA; the step up from 8 to 12 hours was missed.
    start = c.sd(-40)
    step_up = c.sd(-4)
    planning = c.every(c.sd(-1, start), 35)
    demo.arrangement(
        "hf_rtl_missed_step_up", s, demo.pupil(s, [8, 7], ehcp=False, looked_after=False), "return_to_learn",
        start, reason="ebsa", end=c.sd(30), approved=c.sd(-2, start),
        slots=merge(week("online", *ALL_WEEK, am=False), week("online", "thu", "fri")),
        steps=[(start, 8), (c.sd(-20), 8), (step_up, 12)],
        events=[
            ev(c.sd(-55, start), "support_strategies_started", "Mentoring, a safe space and a late start tried."),
            ev(c.sd(-6, start), "slt_decision", "Senior leaders: no change after six weeks of support."),
            ev(c.sd(-5, start), "iss_consulted", "Inclusion Support Service agrees the part-time timetable."),
            ev(c.sd(-4, start), "parent_consent", "Parent signed the timetable.", written=True),
            ev(c.sd(-1, start), "planning_meeting", "Education Planning Meeting."),
            ev(c.sd(-1, start), "recording_consent", "Opt-in forms back from every family in the tutor group.",
               all_parents=True),
            ev(c.sd(-1, start), "reintegration_plan", "8 hours, then 12, then 18 a week in school."),
            ev(c.sd(5, start), "medical_evidence", "CAMHS letter.", source="camhs_psychiatrist"),
            *[ev(d, "planning_meeting", "Education Planning Meeting.") for d in planning],
            *[ev(d, "provider_report", "TA's fortnightly report: attitude and progress.")
              for d in c.every(start, 13)],
            *[ev(d, "timetable_review") for d in c.every(start, 13)],
            ev(c.sd(10, start), "pupil_views", "Joins lessons from the gallery; likes the art room."),
        ],
    )


def _ptt_social_worker(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 1: a pupil with a social worker on a part-time timetable (home on Mondays and Friday
    # afternoons): an absence is followed up by a home visit, not a phone call.
    start = c.day_of(-1, 6)
    pupil = demo.pupil(s, [9, 10], ehcp=False, social_worker=True, social_worker_name="Dami Okonjo",
                       social_worker_team="Northshire Children's Services, North Locality Team",
                       social_worker_phone="01632 960 741",
                       social_worker_email="dami.okonjo@northshire.gov.uk.example")
    events = ptt_chronology(c, start)
    events.append(ev(c.sd(-3, start), "social_worker_informed", "Social worker at the planning meeting."))
    events.append(ev(c.sd(5, start), "iss_referral", "Medical referral to the Inclusion Support Service."))
    events.extend(ev(d, "welfare_check", "Home visit after a missed morning.", kind="home_visit")
                  for d in c.every(start, 21))
    # The daily contact on the days at home (004 §4.2(3)): the attendance officer rings home each Monday.
    mondays = [start + dt.timedelta(days=n) for n in range((demo.today - start).days + 1)]
    events.extend(ev(d, "welfare_check", "Phone call home: at home with mum, work set and started.", kind="phone")
                  for d in mondays if d.weekday() == 0 and c.cal.is_school_day(d))
    demo.arrangement(
        "hf_ptt_social_worker", s, pupil, "part_time_timetable", start, reason="mental_health",
        end=c.last_day_of(1), approved=c.sd(-2, start), by="dsl",
        slots=merge(week("home", "mon"), week("home", "fri", am=False)),
        steps=[(start, 21), (c.day_of(0, 1), 24)],
        timetables=[(c.day_of(0, 1), week("home", "mon"))], events=events,
    )


def _ptt_draft(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Journey 2: a Year 9 pupil with anxiety, Tuesday and Thursday mornings in school at first: a draft.
    start = c.sd(15)
    in_school = {"tue": {"am": "school"}, "thu": {"am": "school"}}
    demo.arrangement(
        "hf_ptt_draft", s, demo.pupil(s, [9]), "part_time_timetable", start, reason="mental_health",
        end=c.sd(45, start), slots=merge(week("home", *ALL_WEEK), in_school), by="dsl",
        steps=[(start, 6), (c.sd(10, start), 12), (c.sd(20, start), 18), (c.sd(30, start), 24)],
        events=[ev(c.sd(-3), "trust_consulted", "Six weeks of support in school made no difference.")],
    )


def _suspension(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # A three-day suspension this week, with work set at home.
    first = c.sd(-1, c.sd(0))
    days = [first, c.sd(1, first), c.sd(2, first)]
    demo.arrangement(
        "hf_suspension", s, demo.pupil(s, [8, 9, 10]), "suspension", days[0], reason="suspension", end=days[-1],
        suspension_days=days, approved=days[0], by="head",
        events=[ev(days[0], "parent_information", "Suspension letter sent to the parents the same day."),
                ev(days[0], "la_notified")],
    )


def _health_hospital(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Hospital education for a pupil in the children's unit, arranged by the local authority.
    start = c.sd(-25)
    pupil = demo.pupil(s, [11, 10], medical_condition=True)
    demo.arrangement(
        "hf_health_hospital", s, pupil, "health_needs", start, reason="medical", end=c.last_day_of(1),
        provider="hospital", slots=week("provider", *ALL_WEEK), approved=c.sd(-1, start),
        events=[
            ev(c.sd(-2, start), "medical_evidence", "Consultant's letter: admission for several weeks.",
               source="consultant"),
            ev(c.sd(-1, start), "la_notified", "Local authority arranging education under section 19."),
            ev(c.sd(-1, start), "plan_agreed", "Hospital school to teach English, maths and science."),
            ev(c.sd(-1, start), "provider_information_shared"),
            ev(c.sd(3, start), "healthcare_plan"),
            *[ev(d, "welfare_check", "Visited on the ward.", kind="in_person") for d in c.every(start, 10)],
            ev(c.sd(12, start), "provider_report"),
        ],
    )


def _ap_ended(demo: DemoArrangements) -> None:
    s, c, t = SCHOOL, demo.cals[SCHOOL], demo.today
    # Ended: a placement at Riverside that brought the pupil back to full-time school last half-term.
    start = c.day_of(-3, 3)
    end = c.last_day_of(-1)
    demo.arrangement(
        "hf_ap_ended", s, demo.pupil(s, [10, 11], ehcp=False), "alternative_provision", start,
        reason="exclusion_risk", end=end, provider="riverside", slots=week("provider", "thu", "fri"),
        approved=c.sd(-10, start), ended=(end, "full_time_school"),
        events=[*ap_chronology(c, start, until=end),
                ev(min(c.sd(3, end), t), "final_report", "Riverside's final report: attendance 94%, two GCSE units.")],
    )


def _online_draft(demo: DemoArrangements) -> None:
    s, c = SCHOOL, demo.cals[SCHOOL]
    # Online learning for a pupil whose GP note is all the medical evidence so far: in draft.
    start = c.sd(12)
    demo.arrangement(
        "hf_online_draft", s, demo.pupil(s, [11, 10], medical_condition=True), "online_learning", start,
        reason="medical", end=c.last_day_of(1), provider="horizon", slots=week("online", "mon", "wed", "fri"),
        events=[ev(c.sd(-2), "medical_evidence", "GP note only: ask for the consultant's letter.", source="gp")],
    )


STORIES = (
    _ap_riverside,
    _ap_farm_full_time,
    _ap_farm_part_time,
    _ap_farm_fifth,
    _direction_review_request,
    _online_broken_leg,
    _rtl_missed_step_up,
    _ptt_social_worker,
    _ptt_draft,
    _suspension,
    _health_hospital,
    _ap_ended,
    _online_draft,
)


def create_holy_family(demo: DemoArrangements) -> None:
    for story in STORIES:
        story(demo)
