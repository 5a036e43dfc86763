"""What a member of staff has to do: the engine's due and overdue requirements and the operational
alerts of the arrangements they are responsible for, each with the one action that resolves it.

Everything is read in bulk, for one school or every school of a trust at once (`items_for_schools`): the
same number of queries whatever the number of schools, arrangements, events or marks. The arrangements in
scope and those on the register of today and the last school day are read once, with the stamps that
say whether their chronology and register changed; their cases are built from one read without events
and sessions (`cases_on(..., events=False)`), and the duties' findings come from `today.judgements`,
which judges again only the arrangements whose key has changed since they were last judged. The marks,
follow-ups, risk assessments and providers with their checks are one query each. Only provider sessions
are coded on the register (its alerts are about providers' reports), so only the marks of pupils with
one that day are read.

Besides the engine's duties come the operational alerts: provider sessions unreported past their
deadline and absences reported late; open absence follow-ups (welfare checks); risk assessment reviews
due; provider checks expired or expiring within 30 days; a written review request with no review since,
for the kinds the law does not cover (NAT-DIRECTION-REVIEW-REQUEST covers a placement and an off-site
direction among the duties); and a missed step-up where the school does not follow the Return to Learn
pack (whose RTL-PHASED-INCREASE reports it among the duties). An arrangement the engine cannot judge is an
overdue item of its own, "Cannot be judged: <why>", with the action and page that fix it
(pathways.cases.judging), for those who see the arrangement's duties.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from pathways.arrangements.approvals import awaiting_trust
from pathways.arrangements.models import CLOSED_STATUSES, Arrangement, Status, timetable_in_force
from pathways.arrangements.requirement_links import (
    LINKS,
    is_safety,
    is_school_wide,
    others_act,
    others_act_target,
    targets_for,
)
from pathways.attendance.models import FollowUp
from pathways.cases.casefiles import NO_SESSIONS, cases_on, read_usual_weeks
from pathways.cases.coding import marks_on, running_on, sheet_rows
from pathways.policy.calendar import SchoolCalendar
from pathways.policy.casefile import WEEKDAYS
from pathways.policy.engine import at_the_end, is_breach, kinds_at_the_end
from pathways.providers.checks import attention
from pathways.providers.models import Provider
from pathways.remote.sessions import past_deletion
from pathways.replica import reading_from_default
from pathways.safeguarding.models import RiskAssessment
from pathways.safeguarding.models import Status as RiskStatus
from pathways.schools.access import TRUST_LEAD
from pathways.schools.calendar import school_calendars
from pathways.schools.models import LEADERSHIP_ROLES, Role, School
from pathways.today.item import OVERDUE, TODAY, Item, urgency_of
from pathways.today.judgements import (
    CANNOT_JUDGE,
    REQUIREMENT,
    REVIEW_REQUEST,
    STEP_UP,
    Finding,
    findings_for,
    with_stamps,
)
from pathways.today.rows import plain_rows

# Left unread on the lists read in bulk: a timestamp costs more to read than the rest of a row, and the
# page shows none of these.
SLOW_TIMESTAMPS = ("created_at", "updated_at", "pupil__created_at", "pupil__updated_at")
WHOLE_SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.DSL, TRUST_LEAD})
REGISTER_ROLES = WHOLE_SCHOOL_ROLES | {Role.ATTENDANCE_OFFICER}
SOON_SCHOOL_DAYS = 7
PROVIDER_DEADLINE = "Provider reports absence by the deadline (004 §3.6)"
WHOLE_SCHOOL = "The whole school"
# How long an ended arrangement stays on Today for the duties its ending brings (the provider's final
# report, the Return to Learn outcome): a product choice, not the law; its page keeps them after that.
AFTER_THE_END = dt.timedelta(days=60)


def in_scope(school: School, user: Any, roles: Iterable[str], today: dt.date) -> QuerySet[Arrangement]:
    """The arrangements the user is responsible for: all of the school's for the headteacher, the DSL
    and the trust lead; otherwise those they lead (`Arrangement.lead`). Those not ended, and those ended in
    the last AFTER_THE_END of a kind whose ending brings a duty (`_after_the_end`)."""
    arrangements = Arrangement.objects.filter(school=school).filter(
        ~Q(status__in=CLOSED_STATUSES)
        | Q(status=Status.ENDED, end__gte=today - AFTER_THE_END, kind__in=sorted(kinds_at_the_end())))
    if WHOLE_SCHOOL_ROLES & set(roles):
        return arrangements
    return arrangements.filter(lead=user)


def today_items(school: School, user: Any, roles: Iterable[str], now: dt.datetime | None = None) -> list[Item]:
    """What `user`, holding `roles` in `school`, has to do, most urgent first."""
    return items_for_schools([school], user, {school.id: roles}, now)[school.id]


def today_items_and_cases(school: School, user: Any, roles: Iterable[str], also: Mapping[dt.date, Collection[int]],
                          now: dt.datetime | None = None) -> tuple[list[Item], dict[dt.date, dict[int, Any]]]:
    """`today_items`, with the cases Today built for them (without their chronology and register), those of
    `also` ({day: arrangement ids}, among the school's arrangements running today) included: the DSL's week
    reads both, and the cases are built once."""
    built: dict[dt.date, dict[int, Any]] = {}
    items = items_for_schools([school], user, {school.id: roles}, now, also=also, built=built)[school.id]
    return items, built


@reading_from_default()  # the kept findings are written as they are read: see pathways/replica.py
def items_for_schools(schools: Iterable[School], user: Any, roles: Mapping[int, Iterable[str]],
                      now: dt.datetime | None = None, *, links: bool = True,
                      also: Mapping[dt.date, Collection[int]] | None = None,
                      built: dict[dt.date, dict[int, Any]] | None = None) -> dict[int, list[Item]]:
    """`today_items` for several schools at once (the trust lead's dashboard), each school's list most
    urgent first. The same number of queries however many schools, arrangements and events. Without
    `links`, the duties of the engine come without their action and link (enough to count them). `also`
    asks for the cases of more days ({day: arrangement ids}, among those running today), which are
    put in `built` with Today's own (`today_items_and_cases`)."""
    schools = list(schools)
    roles_of = {s.id: frozenset(roles[s.id]) for s in schools}
    now = now or timezone.now()
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    ids = [s.id for s in schools]
    if not schools:
        return {}
    soon, previous = _school_days(ids, today)
    days = {today, *previous.values()}
    rows, providers = _arrangements(schools, user, roles_of, days, today, plain=not links)
    # The trust lead's approvals (one query, only for the trust lead's list with its links).
    trust_schools = [s.id for s in schools if TRUST_LEAD in roles_of[s.id]] if links else []
    awaiting = set(Arrangement.objects.filter(school_id__in=trust_schools).filter(awaiting_trust())
                   .values_list("id", flat=True)) if trust_schools else set()
    for a in rows:
        a.awaits_trust = a.id in awaiting
    arrangements = sorted((a for a in rows if a.in_scope), key=lambda a: a.id)
    register_on = _register_lines(schools, rows, days, today, previous)
    wanted: dict[dt.date, set[int]] = {day: set() for day in days}
    wanted[today].update(a.pk for a in arrangements)
    for (_, day), on in register_on.items():
        wanted[day].update(a.pk for a in on)
    for day, more in (also or {}).items():
        wanted.setdefault(day, set()).update(more)
    # Every case is built without its chronology and register (the large reads). The duties' findings are
    # kept between requests under a key of all they read (today.judgements), and only arrangements whose
    # key has changed are built whole and judged again. The register's lines need neither: the engine
    # codes a session from where the usual week puts the pupil, the kind of arrangement, the provider, the
    # pupil's age, the suspension days and the school's calendar and register times (policy.codes'
    # Situation), and the marks come below.
    cases = cases_on(rows, wanted, fetched=True, register=NO_SESSIONS, events=False)
    if built is not None:
        built.update(cases)
    findings = findings_for(arrangements, cases[today], today)
    # Only provider sessions are coded, so only the marks of pupils whose week has any are read.
    at_provider = {a.pupil_id for (_, day), on in register_on.items() for a in on
                   if _has_provider_session(cases[day][a.pk], day)}
    marks = marks_on(ids, days, recorded_by=False, pupils=at_provider)

    mine: dict[int, set[int]] = {s.id: set() for s in schools}
    arrangements_of: dict[int, list[Arrangement]] = {s.id: [] for s in schools}
    ended_of: dict[int, list[Arrangement]] = {s.id: [] for s in schools}
    for a in arrangements:
        if a.status == Status.ENDED:  # only for the duties its ending brings
            ended_of[a.school_id].append(a)
            continue
        mine[a.school_id].add(a.id)
        arrangements_of[a.school_id].append(a)
    register_all = {s.id for s in schools if REGISTER_ROLES & roles_of[s.id]}
    follow_ups = _follow_ups(ids, today, soon, mine, register_all)
    assessments = _risk_assessments(ids, today, soon, mine)
    checks = _provider_checks(schools, arrangements_of, providers, today, soon)
    recordings = _recordings([s.id for s in schools if WHOLE_SCHOOL_ROLES & roles_of[s.id]], today)

    out: dict[int, list[Item]] = {}
    for s in schools:
        items: list[Item] = []
        items += _findings(arrangements_of[s.id] + ended_of[s.id], _after_the_end(findings, ended_of[s.id]),
                           today, soon[s.id], links, leader=bool(LEADERSHIP_ROLES & roles_of[s.id]))
        for day in (previous[s.id], today):
            items += _register_day(s, day, now, register_on[(s.id, day)], cases[day], marks, mine[s.id],
                                   s.id in register_all)
        items += follow_ups[s.id] + assessments[s.id] + checks[s.id] + recordings.get(s.id, [])
        if links:
            items += _approvals(arrangements_of[s.id], roles_of[s.id])
        out[s.id] = sorted(items, key=lambda i: i.sort_key)
    return out


def _after_the_end(findings: dict[int, list[Finding]], ended: list[Arrangement]) -> dict[int, list[Finding]]:
    """The findings, those of an ended arrangement kept only for the duties its ending brings (the rules
    registered `at_the_end`: the provider's final report, the return to class or the referral). What it left
    unmet before is in its record, not on Today."""
    if not ended:
        return findings
    out = dict(findings)
    for a in ended:
        out[a.id] = [f for f in findings.get(a.id, []) if f.kind == REQUIREMENT and at_the_end(f.requirement)]
    return out


def _school_days(ids: list[int], today: dt.date) -> tuple[dict[int, dt.date], dict[int, dt.date]]:
    """From the schools' calendars: the school day that ends "this week" (SOON_SCHOOL_DAYS on) and the
    register's previous school day, for each school."""
    calendars = _calendars(ids)
    soon: dict[int, dt.date] = {}
    previous: dict[int, dt.date] = {}
    for school_id in ids:
        calendar = calendars.get(school_id)
        soon[school_id] = (calendar.school_days_after(today, SOON_SCHOOL_DAYS) if calendar is not None
                           else today + dt.timedelta(days=SOON_SCHOOL_DAYS + 2))
        previous[school_id] = (calendar.previous_school_day(today) if calendar is not None
                               else _previous_weekday(today))
    return soon, previous


def _arrangements(schools: list[School], user: Any, roles_of: Mapping[int, frozenset[str]],
                  days: set[dt.date], today: dt.date, *, plain: bool = False) -> tuple[list[Any], dict[int, Provider]]:
    """The arrangements the user is responsible for (`in_scope` set on each) and those on the register
    of the days, in one read, with the schools and providers the cases read (each once, not a copy per
    arrangement). `plain`: as values (today.rows), for a list only counted."""
    ids = [s.id for s in schools]
    scope: QuerySet[Arrangement] | None = None
    for s in schools:
        mine_here = in_scope(s, user, roles_of[s.id], today)
        scope = mine_here if scope is None else scope | mine_here
    assert scope is not None
    on_register = Arrangement.objects.filter(
        school_id__in=ids, status__in=(Status.ACTIVE, Status.ENDED), start__lte=max(days)
    ).filter(Q(end__isnull=True) | Q(end__gte=min(days)))
    read = (with_stamps((scope | on_register).annotate(in_scope=Exists(scope.filter(pk=OuterRef("pk")))))
            .order_by("pupil__last_name", "pupil__first_name", "pupil_id", "-start", "-id"))
    rows = plain_rows(read) if plain else list(read.select_related("pupil").defer(*SLOW_TIMESTAMPS))
    read_usual_weeks(rows)
    by_id = {s.id: s for s in schools}
    providers = {p.id: p for p in Provider.objects.filter(id__in={a.provider_id for a in rows if a.provider_id})
                 .prefetch_related("checks")}
    for a in rows:
        a.school = by_id[a.school_id]
        a.provider = providers.get(a.provider_id) if a.provider_id else None
    return rows, providers


def _register_lines(schools: list[School], rows: list[Arrangement], days: set[dt.date], today: dt.date,
                    previous: dict[int, dt.date]) -> dict[tuple[int, dt.date], list[Arrangement]]:
    """Each pupil's register line on the previous school day and today (the arrangement started last, as
    on the register), kept only when the usual week in force that day has a provider session: the alerts
    are about providers' reports."""
    running: dict[int, list[Arrangement]] = defaultdict(list)  # by school, in the register's order
    for a in rows:
        if a.status in (Status.ACTIVE, Status.ENDED) and a.start <= max(days) and (a.end or today) >= min(days):
            running[a.school_id].append(a)
    return {(s.id, day): [a for a in _one_a_pupil(running_on(running[s.id], s.id, day)) if _provider_day(a, day)]
            for s in schools for day in (previous[s.id], today)}


def _one_a_pupil(arrangements: list[Arrangement]) -> list[Arrangement]:
    seen: set[int] = set()
    out = []
    for a in arrangements:
        if a.pupil_id not in seen:
            seen.add(a.pupil_id)
            out.append(a)
    return out


def _provider_day(a: Arrangement, day: dt.date) -> bool:
    """Whether the usual week in force on `day` (read by `read_usual_weeks`) has a provider session that day."""
    version = timetable_in_force(a.case_timetables, day)  # type: ignore[attr-defined]
    if version is None or day.weekday() >= 5:
        return False
    slots = (version.slots or {}).get(WEEKDAYS[day.weekday()]) or {}
    return "provider" in (slots.get("am"), slots.get("pm"))


def _has_provider_session(case: Any, day: dt.date) -> bool:
    slots = case.arrangement.timetable.day(day.weekday())
    return slots is not None and "provider" in (slots.am, slots.pm)


def _calendars(school_ids: list[int]) -> dict[int, SchoolCalendar]:
    """Each school's calendar, for those that have one. Two queries."""
    return {i: c for i, c in school_calendars(school_ids).items() if c.has_half_terms}


def _findings(arrangements: list[Arrangement], findings: dict[int, list[Finding]], today: dt.date,
              soon: dt.date, links: bool = True, *, leader: bool = True) -> list[Item]:
    """The arrangements' findings (today.judgements) as items, each with the action that resolves it.
    `leader`: the reader is the school's headteacher or DSL (who open the school policy page)."""
    out: list[Item] = []
    school_wide: set[tuple[int, str, str]] = set()
    for a in arrangements:
        detail = reverse("arrangement-detail", args=(a.school_id, a.id)) if links else ""
        for f in findings[a.id]:
            whole = f.kind == REQUIREMENT and is_school_wide(f.requirement)
            if whole:  # a fact about the whole school (its remote education offer): one line, not one a pupil
                if (a.school_id, f.requirement, f.message) in school_wide:
                    continue
                school_wide.add((a.school_id, f.requirement, f.message))
            pupil = None if whole else a.pupil
            # An arrangement the engine cannot judge may have duties overdue that no one can see: it is
            # among the most urgent until its school fixes what the engine lacks. A breach of the law is
            # overdue whatever its date.
            breach = f.kind == REQUIREMENT and is_breach(f.requirement, f.status)
            urgency = OVERDUE if f.status in ("unmet", "cannot") or breach else urgency_of(f.due, today, soon)
            if not links:
                out.append(Item(urgency, None if f.kind == CANNOT_JUDGE else f.due, f.message, f.source, "", "",
                                pupil, breach=breach))
                continue
            if f.kind == CANNOT_JUDGE and f.cannot is not None:
                # no due date: the date it names is the one the engine was asked about, not a deadline. A lead
                # who cannot open the page that fixes it is asked to ask those who can (the arrangement's
                # page says why).
                if f.cannot.leaders_only and not leader:
                    action, url = f.cannot.ask(), detail
                else:
                    action, url = f.cannot.action, f.cannot.url(a.school_id, a.id)
                out.append(Item(urgency, None, f.message, f.source, action, url, a.pupil, a.get_kind_display()))
                continue
            who_acts = ""
            if f.kind == REVIEW_REQUEST:
                action = "Record the review meeting"
                url = reverse("event-record", args=(a.school_id, a.id)) + "?type=review"
            elif f.kind == STEP_UP:
                action, url = "Change the usual week", reverse("timetable-edit", args=(a.school_id, a.id))
            elif (other := others_act(f.requirement, f.message)) is not None:  # the provider's to put right
                target, who_acts = others_act_target(other, a), other.why
                action, url = (target.label, target.url) if target else ("Open the arrangement", detail)
            else:
                who_acts = LINKS[f.requirement].stays if f.requirement in LINKS else ""
                targets = targets_for(f.requirement, a, f.message)
                if targets and not targets[0].url.startswith("#"):
                    action, url = targets[0].label, targets[0].url
                else:
                    action, url = "Open the arrangement", detail + (targets[0].url if targets else "")
            out.append(Item(urgency, f.due, f.message, f.source, action, url, pupil,
                            WHOLE_SCHOOL if whole else a.get_kind_display(),
                            breach=breach, safety=f.kind == REQUIREMENT and is_safety(f.requirement),
                            who_acts=who_acts))
    return out


def _approvals(arrangements: list[Arrangement], roles: frozenset[str]) -> list[Item]:
    """For the headteacher, each arrangement sent for approval, with Approve and Refuse; for the trust lead,
    each placement with an unregistered provider waiting for the trust's approval."""
    out: list[Item] = []
    for a in arrangements:
        if a.status == Status.AWAITING_APPROVAL and Role.HEADTEACHER in roles:
            out.append(Item(TODAY, None, f"Approve or refuse the {a.get_kind_display().lower()}",
                            "Sent for the headteacher's approval", "Approve",
                            reverse("arrangement-approve", args=(a.school_id, a.id)), a.pupil, a.get_kind_display(),
                            more=(("Refuse", reverse("arrangement-refuse", args=(a.school_id, a.id))),)))
        if TRUST_LEAD in roles and getattr(a, "awaits_trust", False):
            provider = a.provider.name if a.provider is not None else "the provider"
            out.append(Item(TODAY, None, f"Approve or refuse the placement with {provider}, which is not registered",
                            "The trust's approval (004 §3, Appendix 3)", "Approve or refuse for the trust",
                            reverse("arrangement-trust-approval", args=(a.school_id, a.id)), a.pupil,
                            a.get_kind_display()))
    return out


def _previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _register_day(school: School, day: dt.date, now: dt.datetime, running: list[Arrangement],
                  cases: dict[int, Any], marks: dict[Any, Any], mine: set[int], register_all: bool) -> list[Item]:
    """Provider sessions unreported past their deadline, and absences reported late, of one day (today's,
    and the last school day's, so that Monday morning still shows what Friday afternoon left). One line
    per pupil and day: "the morning and afternoon sessions" rather than two lines."""
    register = reverse("register-day", args=(school.id,)) + f"?date={day.isoformat()}"
    unreported: dict[int, list[Any]] = {}
    late: dict[int, list[Any]] = {}
    at_provider = [a for a in running if a.id in cases]
    for row in sheet_rows(at_provider, day, cases, marks, where="provider"):
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


def _follow_ups(school_ids: list[int], today: dt.date, soon: dict[int, dt.date], mine: dict[int, set[int]],
                register_all: set[int]) -> dict[int, list[Item]]:
    out: dict[int, list[Item]] = {school_id: [] for school_id in school_ids}
    follow_ups = FollowUp.objects.filter(school_id__in=school_ids, status=FollowUp.Status.OPEN).select_related(
        "pupil", "mark").defer(*SLOW_TIMESTAMPS, "mark__recorded_at", "mark__reported_at")
    for f in follow_ups:
        if f.school_id not in register_all and f.arrangement_id not in mine[f.school_id]:
            continue
        out[f.school_id].append(Item(
            urgency_of(f.due, today, soon[f.school_id]), f.due,
            f"{f.get_kind_display()} about the unexplained absence on {f.mark.date:%a %-d %b}",
            "Absence follow-up", "Record the welfare check", reverse("followup-check", args=(f.school_id, f.id)),
            f.pupil, safety=True,
        ))
    return out


def _risk_assessments(school_ids: list[int], today: dt.date, soon: dict[int, dt.date],
                      mine: dict[int, set[int]]) -> dict[int, list[Item]]:
    out: dict[int, list[Item]] = {school_id: [] for school_id in school_ids}
    assessments = RiskAssessment.objects.filter(
        school_id__in=school_ids, status=RiskStatus.COMPLETED, next_version__isnull=True,
        next_review_due__lte=max(soon.values()),
    ).select_related("arrangement__pupil")
    for ra in assessments:
        due = ra.next_review_due
        if ra.arrangement_id not in mine[ra.school_id] or due is None or due > soon[ra.school_id]:
            continue
        out[ra.school_id].append(Item(
            urgency_of(ra.next_review_due, today, soon[ra.school_id]), ra.next_review_due,
            f"Review the risk assessment: {ra.title}", "Risk assessment", "Review the risk assessment",
            reverse("risk-assessment-review", args=(ra.school_id, ra.id)), ra.arrangement.pupil,
        ))
    return out


def _recordings(school_ids: list[int], today: dt.date) -> dict[int, list[Item]]:
    """Recordings of live sessions kept past their deletion date (RTL-RECORDING-RETENTION; the nightly job
    deletes them on the day, so one here means the job did not run): for the headteacher and the DSL."""
    out: dict[int, list[Item]] = defaultdict(list)
    if not school_ids:
        return out
    for session in past_deletion(school_ids, today).order_by("delete_by", "id"):
        out[session.school_id].append(Item(
            OVERDUE, session.delete_by,
            f"Delete the recording of the live session of {session.held_on:%-d %b %Y} ({session.group})",
            "Recordings are deleted after one month (001 Practice)", "Delete the recording",
            reverse("remote-sessions", args=(session.school_id,)), breach=True,
        ))
    return out


def _provider_checks(schools: list[School], arrangements_of: dict[int, list[Arrangement]],
                     providers: dict[int, Provider], today: dt.date, soon: dict[int, dt.date]) -> dict[int, list[Item]]:
    """The due-diligence checks expired or expiring within 30 days of the providers of each school's
    arrangements (a provider of the trust appears in every school that places pupils there). The
    providers come with their checks."""
    used: dict[int, set[int]] = {s.id: {a.provider_id for a in arrangements_of[s.id] if a.provider_id}
                                 for s in schools}
    states: dict[int, tuple[Provider, list[Any]]] = {}
    for provider_id in set().union(*used.values()):
        provider = providers[provider_id]
        states[provider.id] = (provider, attention(provider.checks.all(), today))
    out: dict[int, list[Item]] = {}
    for s in schools:
        items: list[Item] = []
        for provider, attend in sorted((states[p] for p in used[s.id]), key=lambda pair: pair[0].name):
            for state in attend:
                expires = state.latest.expires if state.latest is not None else None
                what = (f"{provider.name}: {state.label.lower()} expired" if state.status == "expired"
                        else f"{provider.name}: {state.label.lower()} expires in {state.days_left} days")
                urgency = OVERDUE if state.status == "expired" else urgency_of(expires, today, soon[s.id])
                items.append(Item(urgency, expires, what, "Provider due diligence", "Record the renewed check",
                                  reverse("provider-check-add", args=(s.id, provider.id)) + f"?type={state.type}",
                                  None, provider.name))
        out[s.id] = items
    return out
