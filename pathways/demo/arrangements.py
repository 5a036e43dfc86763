"""The demo trust's providers and arrangements: about 25 arrangements of every kind across the three
schools, with chronologies that read like a real school's, and a few deliberate problems for the
journeys (JOURNEYS.md) to find.

Every date is worked out from `today` and the school's own calendar (its half-terms and closures),
so the states below hold whenever the demo is loaded:

- most arrangements are kept well: consents, approvals, notifications, plans, visits, reviews;
- a part-time timetable whose half-termly review is overdue (St Bede's);
- a part-time timetable agreed by a parent on the phone only, no written consent (St Bede's);
- a tuition agency whose written confirmation of staff checks has expired, and an online school
  whose confirmation expires within 30 days;
- an unregistered farm provider with four full-time pupils of compulsory school age (two from
  schools outside the trust, two of Holy Family's own), so a fifth would make it an unregistered
  independent school; the fifth is awaiting the headteacher's approval (journey 4);
- a Return to Learn whose step up from 8 to 12 hours a week was missed (journey 7);
- an off-site direction with a parent's written review request 11 weeks after the last review
  (journey 8);
- online learning for a broken leg, on a consultant's waiting list, afternoons online (journey 6);
- a pupil with a social worker on a part-time timetable, and a flexi-schooled pupil at home on
  Mondays (journey 1);
- arrangements in draft and awaiting approval (journeys 2 and 3), and ones that have ended.

Everything is written through the actions, so the audit trail reads as it would in a school.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pathways.arrangements.actions import (
    do_add_step,
    do_approve,
    do_create_arrangement,
    do_end_arrangement,
    do_record_event,
    do_set_timetable,
    do_submit_for_approval,
)
from pathways.arrangements.models import Arrangement
from pathways.policy.calendar import Period, SchoolCalendar, school_year_of
from pathways.providers.actions import do_create_provider, do_record_provider_check
from pathways.providers.models import Provider
from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil
from pathways.schools.actions import do_generate_calendar, do_update_school
from pathways.schools.models import Closure, HalfTerm, School, User

ONE_DAY = dt.timedelta(days=1)

POLICY_PACKS = {
    "stbedes": ["alternative-pathways", "online-learning-packages"],
    "holyfamily": ["alternative-pathways", "online-learning-packages", "return-to-learn"],
    "oakfield": ["special-school-remote", "alternative-pathways"],
}

# The usual weeks. A session left out is in school.
ALL_WEEK = ("mon", "tue", "wed", "thu", "fri")


def week(where: str, *days: str, am: bool = True, pm: bool = True) -> dict[str, dict[str, str]]:
    """`where` for the given days' sessions, e.g. week("home", "mon") or week("online", *ALL_WEEK, am=False)."""
    sessions = [s for s, on in (("am", am), ("pm", pm)) if on]
    return {d: dict.fromkeys(sessions, where) for d in days}


def merge(*weeks: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for w in weeks:
        for day, sessions in w.items():
            out.setdefault(day, {}).update(sessions)
    return out


@dataclass(frozen=True)
class Ev:
    """One entry of a chronology to record: on `date`, an event of `type`."""

    date: dt.date
    type: str
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


def ev(date: dt.date, type: str, note: str = "", **fields: Any) -> Ev:
    return Ev(date, type, note, fields)


class Calendar:
    """The school's calendar seen from `today`: half-terms counted back and forward from the one
    today is in (or, in a holiday, the last one that started), and school days counted from today."""

    def __init__(self, school: School, today: dt.date) -> None:
        from pathways.policy.casefile import HalfTerm as CaseHalfTerm

        rows = list(HalfTerm.objects.filter(school=school).order_by("start"))
        self.cal = SchoolCalendar(
            [CaseHalfTerm(name=h.name, start=h.start, end=h.end) for h in rows],
            Closure.objects.filter(school=school).values_list("date", flat=True),
        )
        self.today = today
        self.half_terms = self.cal.half_terms
        started = [i for i, h in enumerate(self.half_terms) if h.start <= today]
        self._now = started[-1] if started else 0

    def ht(self, k: int) -> Period:
        """Half-term k from now: 0 the current one (in a holiday, the last that started), -1 the one before."""
        return self.half_terms[self._now + k]

    def day_of(self, k: int, n: int) -> dt.date:
        """The nth school day (1 = the first) of half-term k."""
        return self.cal.school_days_after(self.ht(k).start - ONE_DAY, n)

    def last_day_of(self, k: int) -> dt.date:
        return self.cal.school_days_before(self.ht(k).end + ONE_DAY, 1)

    def sd(self, n: int, day: dt.date | None = None) -> dt.date:
        """n school days after `day` (before it when n < 0); n = 0: the day itself, or the school day before."""
        day = day or self.today
        if n > 0:
            return self.cal.school_days_after(day, n)
        if n < 0:
            return self.cal.school_days_before(day, -n)
        return day if self.cal.is_school_day(day) else self.cal.previous_school_day(day)

    def on_or_before(self, day: dt.date) -> dt.date:
        return self.sd(0, day)

    def each_half_term(self, start: dt.date, n: int, *, until: dt.date | None = None) -> list[dt.date]:
        """One school day in every half-term from the one `start` is in to the current one, for
        half-termly duties: the nth school day, or earlier when that is after `until` (default today),
        never before `start`."""
        until = until or self.today
        first = self.on_or_after(start)
        out: list[dt.date] = []
        for i in range(self._now + 1):
            h = self.half_terms[i]
            if h.end < start or h.start > until:
                continue
            last = self.on_or_before(min(h.end, until))
            opens = self.cal.school_days_after(h.start - ONE_DAY, 1)
            day = max(self.cal.school_days_after(h.start - ONE_DAY, n), first)
            if day > last:
                day = min(last, max(self.sd(-2, last), opens, first))
            if first <= day <= last and h.start <= day and (not out or day > out[-1]):
                out.append(day)
        return out

    def on_or_after(self, day: dt.date) -> dt.date:
        return day if self.cal.is_school_day(day) else self.cal.next_school_day(day)

    def every(self, start: dt.date, days: int, *, until: dt.date | None = None) -> list[dt.date]:
        """Weekdays at most `days` calendar days apart from `start` to `until` (default today); in a
        holiday too, as a phone call or a report may be."""
        until = until or self.today
        out, day = [], start
        while True:
            day = day + dt.timedelta(days=days)
            while day.weekday() >= 5:
                day -= ONE_DAY
            if day > until:
                break
            out.append(day)
        return out

    def every_school_days(self, start: dt.date, n: int, *, until: dt.date | None = None) -> list[dt.date]:
        """Every nth school day after `start` up to `until` (default today)."""
        until = until or self.today
        out, day = [], start
        while (day := self.sd(n, day)) <= until:
            out.append(day)
        return out


class DemoArrangements:
    def __init__(self, schools: dict[str, School], today: dt.date) -> None:
        self.schools = schools
        self.today = today
        self.used: set[int] = set()
        self.providers: dict[str, Provider] = {}
        self.arrangements: dict[str, Arrangement] = {}
        for school in schools.values():
            _ensure_calendar(school, today)
        self.cals = {key: Calendar(school, today) for key, school in schools.items()}
        self.users = {u.username: u for u in User.objects.filter(username__contains="-")}

    def user(self, school: str, role: str) -> User:
        return self.users[f"{school}-{role}"]

    # ------------------------------------------------------------------ pupils

    def pupil(self, school: str, years: Iterable[int], *, ehcp: bool | None = None, **story: Any) -> Pupil:
        """A pupil of the school not used yet, of one of the year groups if any (else any from Year 1),
        and with an EHC plan or not. `story` sets facts the arrangement depends on (social_worker=True...)."""
        order = list(years)
        candidates = [
            p for p in Pupil.objects.filter(school=self.schools[school]).order_by("id")
            if p.id not in self.used and (p.year_group or 0) >= 1
            and (ehcp is None or (p.send == "ehcp") == ehcp)
        ]

        def rank(p: Pupil) -> tuple[int, int]:
            return (order.index(p.year_group) if p.year_group in order else len(order), p.id)

        ranked = sorted(candidates, key=rank)
        pupil = ranked[0]
        self.used.add(pupil.id)
        changes = {k: v for k, v in story.items() if getattr(pupil, k) != v}
        if changes:
            pupil = do_update_pupil(pupil=pupil, actor=self.user(school, "senco"), **changes)
        return pupil

    # ------------------------------------------------------------------ providers

    def provider(self, key: str, school: str, checks: list[tuple[str, dt.date, dt.date | None]],
                 **fields: Any) -> Provider:
        actor = self.user(school, "aplead")
        provider = do_create_provider(school=self.schools[school], actor=actor, **fields)
        for type, date, expires in checks:
            do_record_provider_check(provider=provider, school=self.schools[school], actor=actor, type=type,
                                     date=date, expires=expires)
        self.providers[key] = provider
        return provider

    # ------------------------------------------------------------------ arrangements

    def arrangement(
        self, key: str, school: str, pupil: Pupil, kind: str, start: dt.date, *, reason: str = "",
        end: dt.date | None = None, provider: str | None = None, slots: dict[str, Any] | None = None,
        timetables: Iterable[tuple[dt.date, dict[str, Any]]] = (), steps: Iterable[tuple[dt.date, float]] = (),
        events: Iterable[Ev] = (), approved: dt.date | None = None, submitted: bool = False,
        ended: tuple[dt.date, str] | None = None, suspension_days: Iterable[dt.date] = (), by: str = "aplead",
    ) -> Arrangement:
        """Create an arrangement the way a school would: the draft with its usual week, later weeks and
        steps, the chronology, then sent for approval, approved by the headteacher, and ended. Whoever
        sets it up (`by`), it is led as a school would lead it (`lead_for`)."""
        actor = self.user(school, by)
        arrangement = do_create_arrangement(
            pupil=pupil, actor=actor, kind=kind, start=start, reason=reason, end=end,
            provider=self.providers[provider] if provider else None, suspension_days=suspension_days,
            slots=slots if slots is not None else {}, lead=self.user(school, lead_for(kind, pupil, by)),
        )
        for from_date, hours in steps:
            do_add_step(arrangement=arrangement, from_date=from_date, hours_in_school=hours, actor=actor)
        for effective_from, later in timetables:
            do_set_timetable(arrangement=arrangement, slots=later, effective_from=effective_from, actor=actor)
        for e in sorted(events, key=lambda e: e.date):
            if e.date > self.today:
                raise AssertionError(f"{key}: {e.type} on {e.date} is after today ({self.today})")
            do_record_event(arrangement=arrangement, type=e.type, date=e.date, actor=actor, fields=e.fields,
                            note=e.note)
        if submitted or approved:
            do_submit_for_approval(arrangement=arrangement, actor=actor)
        if approved:
            do_approve(arrangement=arrangement, actor=self.user(school, "head"), on=approved,
                       note="Approved: the plan, the risk assessment and the steps back to full time seen.")
        if ended:
            on, outcome = ended
            do_end_arrangement(arrangement=arrangement, actor=actor, on=on, outcome=outcome)
        self.arrangements[key] = arrangement
        return arrangement


def lead_for(kind: str, pupil: Pupil, by: str) -> str:
    """Who leads an arrangement in the demo schools: a suspension the headteacher, a placement with a
    provider (alternative provision, an off-site direction) the AP lead, one for a pupil with special
    educational needs the SENCO; any other the member of staff who set it up."""
    if kind == "suspension":
        return "head"
    if kind in ("alternative_provision", "off_site_direction"):
        return "aplead"
    if pupil.send in ("ehcp", "sen_support"):
        return "senco"
    return by


def _ensure_calendar(school: School, today: dt.date) -> None:
    """Half-terms enough for the dates below whenever the demo is loaded: three before and three after
    the one today is in, so that every date falls on a school day of the school's own calendar. A
    school year the school has no calendar for gets the default one."""
    year = school_year_of(today)
    have = set(HalfTerm.objects.filter(school=school).values_list("school_year", flat=True))
    for y in (year - 1, year):
        if y not in have:
            do_generate_calendar(school=school, school_year=y, actor=None)
    starts = list(HalfTerm.objects.filter(school=school).order_by("start").values_list("start", flat=True))
    now = sum(1 for start in starts if start <= today) - 1
    if now + 3 >= len(starts) and year + 1 not in have:
        do_generate_calendar(school=school, school_year=year + 1, actor=None)


def create_demo_arrangements(schools: dict[str, School], today: dt.date) -> DemoArrangements:
    for key, packs in POLICY_PACKS.items():
        do_update_school(school=schools[key], actor=None, policy_packs=packs)
    demo = DemoArrangements(schools, today)
    _providers(demo)
    _holy_family(demo)
    _st_bedes(demo)
    _oakfield(demo)
    return demo


# ----------------------------------------------------------------------------- providers


def _providers(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    t = demo.today
    year_ago = c.on_or_before(t - dt.timedelta(days=300))
    set_up = c.day_of(-2, 3)
    demo.provider(
        "riverside", "holyfamily",
        [("registration_checked", year_ago, None),
         ("staff_checks_confirmed", year_ago, year_ago + dt.timedelta(days=365)),
         ("safeguarding_policy", year_ago, None),
         ("health_and_safety", year_ago, year_ago + dt.timedelta(days=365)),
         ("child_protection_policy_shared", year_ago, None),
         ("quality_review", c.day_of(-1, 10), None)],
        name="Riverside Alternative Provision Academy", kind="alternative_provision",
        registration="registered_school", urn="149872", live_teaching=True,
        address="Mill Lane, Northshire NS4 2RA", contact_name="Joanne Pearson",
        contact_email="referrals@riverside-ap.example.org", contact_phone="01632 960 114",
    )
    demo.provider(
        "willowfarm", "holyfamily",
        [("registration_checked", set_up, None), ("initial_visit", set_up, None),
         ("staff_checks_confirmed", set_up, set_up + dt.timedelta(days=365)),
         ("safeguarding_policy", set_up, None),
         ("health_and_safety", set_up, set_up + dt.timedelta(days=365)),
         ("child_protection_policy_shared", c.sd(2, set_up), None)],
        name="Willow Farm Rural Skills", kind="alternative_provision", registration="unregistered",
        live_teaching=True, address="Willow Farm, Low Road, Eskby NS9 7TF", contact_name="Tom Ashworth",
        contact_email="tom@willowfarm.example.org", contact_phone="01632 960 387",
        # Two full-time pupils of compulsory school age from schools outside the trust, as the farm told us.
        elsewhere_full_time_compulsory_age=2, elsewhere_full_time_sen=1,
    )
    # The online school's confirmation of staff checks runs out within 30 days of today.
    soon = t + dt.timedelta(days=20)
    online_checked = soon - dt.timedelta(days=365)
    demo.provider(
        "horizon", "holyfamily",
        [("registration_checked", online_checked, None), ("provider_checklist", online_checked, None),
         ("staff_checks_confirmed", online_checked, soon), ("identity_checks", online_checked, None),
         ("absence_alert_agreed", online_checked, None),
         ("commissioning_agreement", online_checked + dt.timedelta(days=7), None),
         ("child_protection_policy_shared", online_checked + dt.timedelta(days=7), None),
         ("quality_review", c.day_of(-1, 15), None)],
        name="Horizon Live Online School", kind="online_learning", registration="online_accredited",
        live_teaching=True, contact_name="Admissions team", contact_email="schools@horizon-live.example.org",
    )
    # The tuition agency's confirmation ran out ten days ago and has not been renewed.
    expired = t - dt.timedelta(days=10)
    tuition_checked = expired - dt.timedelta(days=365)
    sb = "stbedes"
    demo.provider(
        "tuition", sb,
        [("registration_checked", tuition_checked, None),
         ("staff_checks_confirmed", tuition_checked, expired),
         ("safeguarding_policy", tuition_checked, None),
         ("child_protection_policy_shared", tuition_checked, None)],
        name="Northshire Home Tuition Partners", kind="tuition", registration="unregistered",
        live_teaching=True, contact_name="Priya Raman", contact_email="office@nhtp.example.org",
        contact_phone="01632 960 552",
    )
    demo.provider(
        "hospital", "holyfamily",
        [("registration_checked", year_ago, None)],
        name="Northshire Hospital Education Service", kind="hospital_education",
        registration="registered_school", urn="131906", arranged_by="local_authority", live_teaching=True,
        address="Children's Unit, Northshire General Hospital", contact_name="Hospital school office",
    )
    demo.provider(
        "forge", "oakfield",
        [("registration_checked", year_ago, None),
         ("staff_checks_confirmed", c.day_of(-1, 2), c.day_of(-1, 2) + dt.timedelta(days=365)),
         ("safeguarding_policy", year_ago, None),
         ("health_and_safety", c.day_of(-1, 2), c.day_of(-1, 2) + dt.timedelta(days=365)),
         ("child_protection_policy_shared", year_ago, None),
         ("initial_visit", year_ago, None)],
        name="The Forge Independent Special School", kind="alternative_provision",
        registration="registered_school", urn="146630", live_teaching=True,
        address="Forge Street, Northshire NS2 5BX", contact_name="Dr Helen Marsh",
    )


# ----------------------------------------------------------------------------- a well-kept placement


def _ap_chronology(c: Calendar, start: dt.date, *, unregistered: bool = False, until: dt.date | None = None,
                   reviews: bool = True) -> list[Ev]:
    """The chronology of a well-kept alternative provision placement (004 §3, Appendices 1-6)."""
    until = until or c.today
    events = [
        ev(c.sd(-15, start), "trust_consulted", "Discussed with the trust's alternative provision lead."),
        ev(c.sd(-12, start), "consideration_form", "Appendix 1a: costs, parent and pupil views, agreements."),
        ev(c.sd(-12, start), "parent_consent", "Parents agreed at the meeting and signed the form."),
        ev(c.sd(-12, start), "pupil_views"),
        ev(c.sd(-8, start), "risk_assessment", "Appendix 2 risk assessment, travel included."),
        ev(c.sd(-6, start), "parent_information", "Letter: why, where, when, and how it will be reviewed."),
        ev(c.sd(-6, start), "plan_agreed", "Objectives, baseline and review dates agreed."),
        ev(c.sd(-3, start), "provider_information_shared", "SEND, safeguarding, medical and attainment shared."),
        ev(start, "reintegration_plan", "Return to full-time school planned for the end of the placement."),
        ev(start, "planning_meeting", "Multi-agency meeting with the parents: reintegration strategies agreed."),
    ]
    for day in c.every_school_days(start, 5, until=until):
        events.append(ev(day, "provider_report", "Weekly attendance register from the provider."))
    if unregistered:
        events.append(ev(c.sd(-7, start), "trust_approval", "Trust approved the unregistered provider."))
    for day in c.each_half_term(start, 6, until=until):
        events.append(ev(day, "visit", "Appendix 5 visit: saw the pupil at work, spoke to the tutor."))
    for day in c.each_half_term(start, 8, until=until):
        events.append(ev(day, "progress_report", "Appendix 6 progress report sent home."))
        events.append(ev(day, "pupil_views"))
        events.append(ev(day, "risk_assessment", "Risk assessment reviewed."))
        if reviews:
            events.append(ev(day, "review", "Placement reviewed with parents and the provider.",
                             outcome="satisfactory", parent_attended=True))
    return events


def _ptt_chronology(c: Calendar, start: dt.date, *, until: dt.date | None = None, consent_written: bool = True,
                    skip_reviews: Iterable[int] = ()) -> list[Ev]:
    """A part-time timetable kept as 004 §4 asks, with its half-termly reviews."""
    until = until or c.today
    consent = ev(c.sd(-4, start), "parent_consent",
                 "Parent signed the agreement to the times and dates." if consent_written
                 else "Parent agreed on the phone; the signed agreement has not come back.",
                 written=consent_written)
    events = [
        ev(c.sd(-10, start), "trust_consulted", "Six weeks of in-school support tried; discussed with the trust."),
        consent,
        ev(c.sd(-4, start), "pupil_views"),
        ev(c.sd(-3, start), "risk_assessment", "DSL risk assessment (Appendix 7): whereabouts at home agreed."),
        ev(c.sd(-3, start), "reintegration_plan", "Steps back to full time agreed with the family."),
        ev(c.sd(-3, start), "planning_meeting", "Multi-agency meeting: strategies for the return agreed."),
        ev(c.sd(2, start), "la_notified", "Part-time timetable form sent to the local authority."),
        ev(c.sd(8, start), "governors_informed", "Reported to the local governing body."),
    ]
    skip = set(skip_reviews)
    for i, day in enumerate(c.each_half_term(start, 7, until=until)):
        events.append(ev(day, "risk_assessment", "Risk assessment reviewed."))
        events.append(ev(day, "timetable_review"))
        if i not in skip:
            events.append(ev(day, "review", "Review meeting with parents and the pupil.",
                             outcome="satisfactory", parent_attended=True))
    return events


# ----------------------------------------------------------------------------- Holy Family


def _holy_family(demo: DemoArrangements) -> None:
    s, c, t = "holyfamily", demo.cals["holyfamily"], demo.today

    # A well-kept placement at the registered AP academy, three days a week.
    start = c.day_of(-2, 10)
    demo.arrangement(
        "hf_ap_riverside", s, demo.pupil(s, [10, 9], ehcp=False), "alternative_provision", start,
        reason="exclusion_risk", end=c.last_day_of(2), provider="riverside",
        slots=week("provider", "mon", "tue", "wed"), approved=c.sd(-10, start),
        events=_ap_chronology(c, start),
    )

    # Two full-time placements at the unregistered farm: with the two pupils from other settings, four.
    # Years 9 and 10: of compulsory school age until well after the placements end.
    for n, years in enumerate(([10, 9], [9, 10])):
        start = c.day_of(-1, 3)
        pupil = demo.pupil(s, years, ehcp=False, looked_after=False)
        demo.arrangement(
            f"hf_ap_farm_full_time_{n + 1}", s, pupil, "alternative_provision", start, reason="exclusion_risk",
            end=c.last_day_of(3), provider="willowfarm", slots=week("provider", *ALL_WEEK),
            approved=c.sd(-10, start), events=_ap_chronology(c, start, unregistered=True),
        )

    # A two-day placement at the farm: the farm's other full-time pupils of compulsory age are four.
    start = c.day_of(-1, 8)
    demo.arrangement(
        "hf_ap_farm_part_time", s, demo.pupil(s, [9, 10], ehcp=False, looked_after=False), "alternative_provision",
        start, reason="exclusion_risk", end=c.last_day_of(2), provider="willowfarm",
        slots=week("provider", "mon", "tue"), approved=c.sd(-10, start),
        events=_ap_chronology(c, start, unregistered=True),
    )

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

    # Journey 1: a pupil with a social worker on a part-time timetable (home on Mondays and Friday
    # afternoons): an absence is followed up by a home visit, not a phone call.
    start = c.day_of(-1, 6)
    pupil = demo.pupil(s, [9, 10], ehcp=False, social_worker=True)
    events = _ptt_chronology(c, start)
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

    # Journey 2: a Year 9 pupil with anxiety, Tuesday and Thursday mornings in school at first: a draft.
    start = c.sd(15)
    in_school = {"tue": {"am": "school"}, "thu": {"am": "school"}}
    demo.arrangement(
        "hf_ptt_draft", s, demo.pupil(s, [9]), "part_time_timetable", start, reason="mental_health",
        end=c.sd(45, start), slots=merge(week("home", *ALL_WEEK), in_school), by="dsl",
        steps=[(start, 6), (c.sd(10, start), 12), (c.sd(20, start), 18), (c.sd(30, start), 24)],
        events=[ev(c.sd(-3), "trust_consulted", "Six weeks of support in school made no difference.")],
    )

    # A three-day suspension this week, with work set at home.
    first = c.sd(-1, c.sd(0))
    days = [first, c.sd(1, first), c.sd(2, first)]
    demo.arrangement(
        "hf_suspension", s, demo.pupil(s, [8, 9, 10]), "suspension", days[0], reason="suspension", end=days[-1],
        suspension_days=days, approved=days[0], by="head",
        events=[ev(days[0], "parent_information", "Suspension letter sent to the parents the same day."),
                ev(days[0], "la_notified")],
    )

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

    # Ended: a placement at Riverside that brought the pupil back to full-time school last half-term.
    start = c.day_of(-3, 3)
    end = c.last_day_of(-1)
    demo.arrangement(
        "hf_ap_ended", s, demo.pupil(s, [10, 11], ehcp=False), "alternative_provision", start,
        reason="exclusion_risk", end=end, provider="riverside", slots=week("provider", "thu", "fri"),
        approved=c.sd(-10, start), ended=(end, "full_time_school"),
        events=[*_ap_chronology(c, start, until=end),
                ev(min(c.sd(3, end), t), "final_report", "Riverside's final report: attendance 94%, two GCSE units.")],
    )

    # Online learning for a pupil whose GP note is all the medical evidence so far: in draft.
    start = c.sd(12)
    demo.arrangement(
        "hf_online_draft", s, demo.pupil(s, [11, 10], medical_condition=True), "online_learning", start,
        reason="medical", end=c.last_day_of(1), provider="horizon", slots=week("online", "mon", "wed", "fri"),
        events=[ev(c.sd(-2), "medical_evidence", "GP note only: ask for the consultant's letter.", source="gp")],
    )


# ----------------------------------------------------------------------------- St Bede's


def _st_bedes(demo: DemoArrangements) -> None:
    s, c = "stbedes", demo.cals["stbedes"]

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

    # A part-time timetable agreed on the phone only: no written parental consent.
    start = c.sd(-12)
    demo.arrangement(
        "sb_ptt_no_written_consent", s, demo.pupil(s, [3, 4]), "part_time_timetable", start,
        reason="mental_health", end=c.sd(40), approved=c.sd(-2, start),
        slots=week("home", *ALL_WEEK, am=False), steps=[(start, 15), (c.sd(15, start), 21)],
        events=_ptt_chronology(c, start, consent_written=False),
    )

    # A part-time timetable whose review last half-term never happened: overdue.
    start = c.day_of(-1, 1)
    start = c.sd(-10, start)
    demo.arrangement(
        "sb_ptt_review_overdue", s, demo.pupil(s, [5, 6]), "part_time_timetable", start, reason="medical",
        end=c.last_day_of(1), approved=c.sd(-2, start), slots=week("home", "wed", "fri"),
        steps=[(start, 18)], events=_ptt_chronology(c, start, skip_reviews=range(10)),
    )

    # Ended with the pupil back in full-time school.
    start = c.day_of(-2, 4)
    end = c.last_day_of(-1)
    demo.arrangement(
        "sb_ptt_ended", s, demo.pupil(s, [1, 2]), "part_time_timetable", start, reason="reintegration",
        end=end, approved=c.sd(-2, start), slots=week("home", *ALL_WEEK, am=False),
        steps=[(start, 15), (c.day_of(-1, 1), 30)], timetables=[(c.day_of(-1, 1), {})],
        events=[*_ptt_chronology(c, start, until=end), ev(end, "review", "Full days all week: back full time.",
                                                             outcome="satisfactory", parent_attended=True)],
        ended=(end, "full_time_school"),
    )

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

    # A two-day suspension last half-term, over.
    first = c.day_of(-1, 12)
    days = [first, c.sd(1, first)]
    demo.arrangement(
        "sb_suspension_ended", s, demo.pupil(s, [5, 6]), "suspension", first, reason="suspension", end=days[-1],
        suspension_days=days, approved=first, by="head", ended=(days[-1], "full_time_school"),
        events=[ev(first, "parent_information", "Suspension letter."),
                ev(c.sd(1, days[-1]), "planning_meeting", "Reintegration meeting with the parents.")],
    )


# ----------------------------------------------------------------------------- Oakfield


def _oakfield(demo: DemoArrangements) -> None:
    s, c = "oakfield", demo.cals["oakfield"]

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
        ],
    )

    # Remote learning proposed for a pupil awaiting surgery: a draft.
    start = c.sd(8)
    demo.arrangement(
        "ok_remote_draft", s, demo.pupil(s, [4, 5, 6]), "remote_learning", start, reason="medical",
        end=c.sd(25, start), slots=week("home", *ALL_WEEK), by="senco",
        events=[ev(c.sd(-1), "medical_evidence", "Surgery date confirmed.", source="consultant")],
    )

    # A placement at a registered independent special school two days a week.
    start = c.day_of(-2, 8)
    demo.arrangement(
        "ok_ap_forge", s, demo.pupil(s, [10, 11]), "alternative_provision", start, reason="other",
        end=c.last_day_of(3), provider="forge", slots=week("provider", "wed", "thu"),
        approved=c.sd(-10, start), events=_ap_chronology(c, start),
    )

    # A part-time timetable for a pupil with an EHC plan: the local authority told before the start.
    start = c.day_of(-1, 5)
    events = _ptt_chronology(c, start)
    events.append(ev(c.sd(-3, start), "la_notified", "SEND team told before the start (EHCP)."))
    demo.arrangement(
        "ok_ptt", s, demo.pupil(s, [6, 7, 8]), "part_time_timetable", start, reason="medical",
        end=c.last_day_of(1), approved=c.sd(-2, start), slots=week("home", *ALL_WEEK, am=False),
        steps=[(start, 15)], events=events, by="senco",
    )

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
