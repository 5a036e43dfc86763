"""How the demo writes its records: usual weeks, chronology entries, and DemoArrangements, which
creates pupils' stories, providers and arrangements through the actions, as a school would."""

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
from pathways.arrangements.actions_records import do_record_check_with_form, do_record_with_form
from pathways.arrangements.models import Arrangement
from pathways.arrangements.record_templates import STRUCTURED_TYPES
from pathways.demo.arrangements.calendar import Calendar
from pathways.demo.arrangements.forms import demo_answers, demo_checklist, demo_visit_report
from pathways.policy.calendar import school_year_of
from pathways.policy.casefile import WEEKDAYS
from pathways.providers.actions import (
    do_complete_provider_checklist,
    do_create_provider,
    do_record_provider_check,
)
from pathways.providers.models import Provider
from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil
from pathways.safeguarding.actions import (
    do_complete_risk_assessment,
    do_review_risk_assessment,
    do_start_risk_assessment,
)
from pathways.safeguarding.models import RiskAssessment
from pathways.safeguarding.templates_data import template_for_kind
from pathways.schools.actions import do_generate_calendar
from pathways.schools.models import HalfTerm, School, User

# The usual weeks. A session left out is in school.
ALL_WEEK = WEEKDAYS  # every school day of the week, in the case file's words


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

    def trust_lead(self, school: str) -> User:
        """The trust lead of the school's trust, who records what the trust approves."""
        trust_id = self.schools[school].trust_id
        assert trust_id is not None, f"the demo school {school} belongs to a trust"
        return User.objects.get(trust_roles__trust_id=trust_id)

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
            if type == "initial_visit":  # Appendix 1b: the visit recorded with its report
                do_record_check_with_form(provider=provider, school=self.schools[school], actor=actor, type=type,
                                          date=date, answers=demo_visit_report(provider, actor))
            elif type == "provider_checklist":  # Annex C: every answer with its evidence
                do_complete_provider_checklist(provider=provider, school=self.schools[school], actor=actor,
                                               completed_on=date, review_by=expires, answers=demo_checklist(provider))
            else:
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
            # The trust's approval is the trust lead's to record, never the school's.
            who = self.trust_lead(school) if e.type == "trust_approval" else actor
            if e.type == "risk_assessment":  # the assessment itself, completed and signed off, writes the entry
                self.risk_assessment(arrangement, school, e)
            elif e.type in STRUCTURED_TYPES:  # an entry with a form: the form filled in, as the school must
                staff = {"lead": arrangement.lead or actor, "head": self.user(school, "head")}
                do_record_with_form(arrangement=arrangement, type=e.type, date=e.date, actor=who, fields=e.fields,
                                    note=e.note, answers=demo_answers(arrangement, e.type, e.date, e.note, staff))
            else:
                do_record_event(arrangement=arrangement, type=e.type, date=e.date, actor=who, fields=e.fields,
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

    def risk_assessment(self, arrangement: Arrangement, school: str, e: Ev) -> RiskAssessment:
        """The arrangement's risk assessment on `e.date`, as the school writes it: the first started from
        the template for its kind and completed, signed off by the headteacher; each later one a review of
        the latest. Either records the chronology's `risk_assessment` entry, which the rules read."""
        head = self.user(school, "head")
        approver = f"{head.get_full_name() or head.username}, Headteacher"
        latest = arrangement.risk_assessments.filter(next_version__isnull=True, status="completed").first()
        if latest is None:
            draft = do_start_risk_assessment(arrangement=arrangement, template=template_for_kind(arrangement.kind),
                                             actor=head)
            return do_complete_risk_assessment(risk_assessment=draft, on=e.date, actor=head, approved_by=approver,
                                               next_review_due=e.date + RISK_REVIEW_AFTER)
        return do_review_risk_assessment(risk_assessment=latest, on=e.date, actor=head, approved_by=approver,
                                         next_review_due=e.date + RISK_REVIEW_AFTER,
                                         note=e.note or "Reviewed: the control measures still fit the pupil.")


# When the demo's risk assessments are next to be reviewed: a half-term or so on.
RISK_REVIEW_AFTER = dt.timedelta(weeks=8)


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
