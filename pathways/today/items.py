"""What a member of staff has to do: the engine's due and overdue requirements and the operational
alerts of the arrangements they are responsible for, each with the one action that resolves it.

Everything is read in bulk (one query per table, whatever the number of arrangements): the cases come
from `cases_for`, today's register from `day_sheet`, and follow-ups, risk assessments and provider
checks one query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from pathways.arrangements.casefiles import cases_for
from pathways.arrangements.models import Arrangement, Status
from pathways.arrangements.requirement_links import targets_for
from pathways.attendance.coding import day_sheet
from pathways.attendance.models import FollowUp
from pathways.policy import PolicyError, evaluate
from pathways.policy.calendar import SchoolCalendar
from pathways.providers.checks import attention
from pathways.providers.models import Provider
from pathways.safeguarding.models import RiskAssessment
from pathways.safeguarding.models import Status as RiskStatus
from pathways.schools.access import TRUST_LEAD
from pathways.schools.models import Role, School

WHOLE_SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.DSL, TRUST_LEAD})
REGISTER_ROLES = WHOLE_SCHOOL_ROLES | {Role.ATTENDANCE_OFFICER}
SOON_SCHOOL_DAYS = 7
PROVIDER_DEADLINE = "Provider reports absence by the deadline (004 §3.6)"

OVERDUE, TODAY, WEEK, LATER = "overdue", "today", "week", "later"
URGENCIES = [
    (OVERDUE, "Overdue"),
    (TODAY, "Today"),
    (WEEK, "This week"),
    (LATER, "Coming up"),
]
_ORDER = {u: i for i, (u, _) in enumerate(URGENCIES)}


@dataclass(frozen=True)
class Item:
    urgency: str
    due: dt.date | None
    what: str             # what is needed, in plain words
    source: str           # where the duty comes from
    action: str           # the one action that resolves it
    url: str
    pupil: Any = None     # the Pupil, or None for a provider's check
    about: str = ""       # the arrangement or provider it concerns

    @property
    def sort_key(self) -> tuple[int, dt.date, str]:
        return (_ORDER[self.urgency], self.due or dt.date.max, self.what)


def _urgency(due: dt.date | None, today: dt.date, soon: dt.date) -> str:
    if due is None or due == today:
        return TODAY
    if due < today:
        return OVERDUE
    return WEEK if due <= soon else LATER


def in_scope(school: School, user: Any, roles: Iterable[str]) -> QuerySet[Arrangement]:
    """The arrangements the user is responsible for: all of the school's for the headteacher, the DSL
    and the trust lead; otherwise those they lead (`Arrangement.lead`)."""
    arrangements = Arrangement.objects.filter(school=school).exclude(status=Status.ENDED)
    if WHOLE_SCHOOL_ROLES & set(roles):
        return arrangements
    return arrangements.filter(lead=user)


def today_items(school: School, user: Any, roles: Iterable[str], now: dt.datetime | None = None) -> list[Item]:
    roles = frozenset(roles)
    now = now or timezone.now()
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    arrangements = list(in_scope(school, user, roles).select_related("pupil", "provider"))
    mine = {a.id for a in arrangements}
    cases = cases_for(arrangements, as_of=today) if arrangements else {}
    calendar = None
    for case in cases.values():
        calendar = SchoolCalendar.from_case(case.calendar)
        break
    soon = (calendar.school_days_after(today, SOON_SCHOOL_DAYS) if calendar is not None
            else today + dt.timedelta(days=SOON_SCHOOL_DAYS + 2))
    items: list[Item] = []
    items += _requirements(arrangements, cases, today, soon)
    register_all = bool(REGISTER_ROLES & roles)
    items += _register(school, now, mine, register_all, calendar)
    items += _follow_ups(school, today, soon, mine, register_all)
    items += _risk_assessments(school, today, soon, mine)
    items += _provider_checks(school, arrangements, today, soon)
    return sorted(items, key=lambda i: i.sort_key)


def _requirements(arrangements: list[Arrangement], cases: dict[int, Any], today: dt.date,
                  soon: dt.date) -> list[Item]:
    out: list[Item] = []
    for a in arrangements:
        try:
            result = evaluate(cases[a.id])
        except PolicyError:
            continue
        detail = reverse("arrangement-detail", args=(a.school_id, a.id))
        for r in result.requirements:
            if r.status not in ("unmet", "due"):
                continue
            urgency = OVERDUE if r.status == "unmet" else _urgency(r.due, today, soon)
            targets = targets_for(r.id, a)
            if targets and not targets[0].url.startswith("#"):
                action, url = targets[0].label, targets[0].url
            else:
                action, url = "Open the arrangement", detail + (targets[0].url if targets else "")
            out.append(Item(urgency, r.due, r.message, r.source, action, url, a.pupil, a.get_kind_display()))
    return out


def _register(school: School, now: dt.datetime, mine: set[int], register_all: bool,
              calendar: SchoolCalendar | None) -> list[Item]:
    """Provider sessions unreported past their deadline, and absences reported late: today's, and the
    last school day's (so that Monday morning still shows what Friday afternoon left)."""
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    previous = calendar.previous_school_day(today) if calendar is not None else _previous_weekday(today)
    out: list[Item] = []
    for day in (previous, today):
        out += _register_day(school, day, now, mine, register_all)
    return out


def _previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _register_day(school: School, day: dt.date, now: dt.datetime, mine: set[int], register_all: bool) -> list[Item]:
    """One line per pupil and day: "the morning and afternoon sessions" rather than two lines."""
    register = reverse("register-day", args=(school.id,)) + f"?date={day.isoformat()}"
    unreported: dict[int, list[Any]] = {}
    late: dict[int, list[Any]] = {}
    for row in day_sheet(school, day):
        if not register_all and row.arrangement.id not in mine:
            continue
        if row.overdue(now):
            unreported.setdefault(row.pupil.id, []).append(row)
        elif row.reported_late:
            late.setdefault(row.pupil.id, []).append(row)
    out: list[Item] = []
    for rows, urgency, what, action in (
        (unreported, OVERDUE, "{provider} has not reported the {halves}", "Record the {halves} on the register"),
        (late, TODAY, "{provider} reported the absence from the {halves} after the deadline", "Check the register"),
    ):
        for pupil_rows in rows.values():
            first = pupil_rows[0]
            provider = first.arrangement.provider.name if first.arrangement.provider else "The provider"
            halves = ("morning and afternoon sessions" if len(pupil_rows) > 1
                      else "morning session" if first.session == "am" else "afternoon session")
            out.append(Item(urgency, day, what.format(provider=provider, halves=halves), PROVIDER_DEADLINE,
                            action.format(halves="sessions" if len(pupil_rows) > 1 else "session"), register,
                            first.pupil, provider))
    return out


def _follow_ups(school: School, today: dt.date, soon: dt.date, mine: set[int], register_all: bool) -> list[Item]:
    follow_ups = FollowUp.objects.filter(school=school, status=FollowUp.Status.OPEN).select_related("pupil", "mark")
    if not register_all:
        follow_ups = follow_ups.filter(arrangement_id__in=mine)
    return [
        Item(_urgency(f.due, today, soon), f.due,
             f"{f.get_kind_display()} about the unexplained absence on {f.mark.date:%a %-d %b}",
             "Absence follow-up", "Record the welfare check",
             reverse("followup-check", args=(school.id, f.id)), f.pupil)
        for f in follow_ups
    ]


def _risk_assessments(school: School, today: dt.date, soon: dt.date, mine: set[int]) -> list[Item]:
    assessments = RiskAssessment.objects.filter(
        school=school, arrangement_id__in=mine, status=RiskStatus.COMPLETED, next_version__isnull=True,
        next_review_due__lte=soon,
    ).select_related("arrangement__pupil")
    return [
        Item(_urgency(ra.next_review_due, today, soon), ra.next_review_due, f"Review the risk assessment: {ra.title}",
             "Risk assessment", "Review the risk assessment",
             reverse("risk-assessment-review", args=(school.id, ra.id)), ra.arrangement.pupil)
        for ra in assessments
    ]


def _provider_checks(school: School, arrangements: list[Arrangement], today: dt.date, soon: dt.date) -> list[Item]:
    provider_ids = {a.provider_id for a in arrangements if a.provider_id}
    out: list[Item] = []
    for provider in Provider.objects.filter(id__in=provider_ids).prefetch_related("checks").order_by("name"):
        for state in attention(provider.checks.all(), today):
            expires = state.latest.expires if state.latest is not None else None
            what = (f"{provider.name}: {state.label.lower()} expired" if state.status == "expired"
                    else f"{provider.name}: {state.label.lower()} expires in {state.days_left} days")
            urgency = OVERDUE if state.status == "expired" else _urgency(expires, today, soon)
            out.append(Item(urgency, expires, what, "Provider due diligence",
                            "Record the renewed check",
                            reverse("provider-check-add", args=(school.id, provider.id)) + f"?type={state.type}",
                            None, provider.name))
    return out


def counts(items: list[Item]) -> dict[str, int]:
    out = {u: 0 for u, _ in URGENCIES}
    for item in items:
        out[item.urgency] += 1
    return out
