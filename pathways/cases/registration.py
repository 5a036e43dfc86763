"""The independent-school registration threshold, counted across every school of a provider's trust.

Education Act 1996 s463, as NAT-PROVIDER-REGISTRATION reads it: a provider that educates full time
`independent_school_pupils` (5) or more pupils of compulsory school age, or
`independent_school_looked_after_or_ehcp_pupils` (1) who is looked after or has an EHC plan, must be
registered as an independent school. A pupil counts as full time when the timetable in force puts
them at the provider for more than `full_time_hours_per_week` (18) hours a week, a session being
`hours_per_session` (3) hours: 7 sessions or more. Every one of those numbers is read, for the day
judged, from the same dated parameters the rule reads (pathways.policy.parameters), so the count
shown on the provider's page and the rule's verdict cannot disagree (tests/providers/
test_registration_agrees_with_the_rule.py). The trust's own pupils are counted from their timetables; pupils of
settings outside the trust are the counts the provider gave us (Provider.elsewhere_full_time_*).
No single school can see this: a trust's schools each place one or two pupils.

    placed_at_providers(providers, as_of)          -> {provider id: [Placed]}, one query
    placed_at_providers_on(providers, days)        -> {day: {provider id: [Placed]}}, one query
    threshold_for(provider, *, as_of, adding_pupil=None) -> Threshold
    thresholds_for(providers, *, as_of)            -> {provider id: Threshold}, one query

With `awaiting=True` the placements awaiting the headteacher's approval that will be running on `as_of`
are counted too (each `Placed.awaiting`): what the provider will educate on that day if they are
approved. Approval is judged so (pathways.cases.approval), and the provider pages show it beside the
count of today.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from pathways.arrangements.models import Arrangement, Status, TimetableVersion
from pathways.arrangements.vocabulary import sessions_at
from pathways.policy import age, parameters
from pathways.providers.models import Provider, Registration

SOURCE = "Education Act 1996 s463 (NAT-PROVIDER-REGISTRATION)"
# The parameters NAT-PROVIDER-REGISTRATION reads (its @rule params), all read here too.
PARAMETERS = (
    "full_time_hours_per_week",
    "hours_per_session",
    "independent_school_pupils",
    "independent_school_looked_after_or_ehcp_pupils",
)
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NTH = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@dataclass(frozen=True)
class Placed:
    """One pupil's usual week at a provider on the day judged."""

    pupil_id: int
    school_id: int
    school_name: str
    first_name: str
    last_name: str
    provider_sessions: int
    compulsory_age: bool
    looked_after_or_ehcp: bool
    sen: bool
    hours_per_session: int  # the parameter in force on the day judged
    awaiting: bool = False  # the placement awaits approval (counted only when asked: awaiting=True)

    @property
    def hours(self) -> int:
        return self.provider_sessions * self.hours_per_session

    def is_full_time(self, hours_per_week: int) -> bool:
        """Counted towards the threshold: of compulsory school age and there more than the full-time hours."""
        return self.compulsory_age and self.hours > hours_per_week


def active_on(as_of: dt.date, prefix: str = "", *, awaiting: bool = False) -> Q:
    """Arrangements running on `as_of`: active (or, with `awaiting`, awaiting approval), started, not yet
    ended."""
    statuses = (Status.ACTIVE, Status.AWAITING_APPROVAL) if awaiting else (Status.ACTIVE,)
    return Q(**{f"{prefix}status__in": statuses, f"{prefix}start__lte": as_of}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": as_of})
    )


def placed_at_providers(providers: Iterable[Provider], as_of: dt.date, *,
                        awaiting: bool = False) -> dict[int, list[Placed]]:
    """For each provider, every pupil of its trust's schools (or its own school, for a standalone
    school's provider) with an arrangement there active on `as_of` (with `awaiting`, or awaiting
    approval and due to be running then), and their provider sessions from the timetable in force that
    day. One query."""
    return placed_at_providers_on(providers, [as_of], awaiting=awaiting)[as_of]


def placed_at_providers_on(providers: Iterable[Provider], days: Iterable[dt.date], *,
                           awaiting: bool = False) -> dict[dt.date, dict[int, list[Placed]]]:
    """`placed_at_providers` for each of several days, from one query (Today reads the register's last
    school day and today)."""
    providers = list(providers)
    days = sorted(set(days))
    if not providers or not days:
        return {day: {} for day in days}
    scope = Q()
    for p in providers:
        scope |= Q(arrangement__provider_id=p.id) & (
            Q(arrangement__school__trust_id=p.trust_id) if p.trust_id else Q(arrangement__school_id=p.school_id)
        )
    statuses = (Status.ACTIVE, Status.AWAITING_APPROVAL) if awaiting else (Status.ACTIVE,)
    # running on any of the days; each day keeps those running on it (as active_on says)
    versions = (
        TimetableVersion.objects.filter(scope)
        .filter(Q(arrangement__status__in=statuses, arrangement__start__lte=days[-1])
                & (Q(arrangement__end__isnull=True) | Q(arrangement__end__gte=days[0])))
        .values(
            "arrangement_id", "effective_from", "slots", "arrangement__provider_id", "arrangement__pupil_id",
            "arrangement__school_id", "arrangement__school__name", "arrangement__pupil__first_name",
            "arrangement__pupil__last_name", "arrangement__pupil__date_of_birth", "arrangement__pupil__looked_after",
            "arrangement__pupil__send", "arrangement__status", "arrangement__start", "arrangement__end",
        )
    )
    by_arrangement: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for version in versions:
        by_arrangement[version["arrangement_id"]].append(dict(version))
    return {day: _placed_on(by_arrangement, day) for day in days}


def _placed_on(by_arrangement: dict[int, list[dict[str, Any]]], as_of: dt.date) -> dict[int, list[Placed]]:
    """The pupils placed on `as_of` from the timetable versions of arrangements (by arrangement)."""
    session_hours: int = parameters.get("hours_per_session", as_of)
    best: dict[tuple[int, int], Placed] = {}
    for rows in by_arrangement.values():
        first = rows[0]
        if first["arrangement__start"] > as_of or (first["arrangement__end"] is not None
                                                    and first["arrangement__end"] < as_of):
            continue
        in_force = [r for r in rows if r["effective_from"] <= as_of]
        row = max(in_force, key=lambda r: r["effective_from"]) if in_force else min(
            rows, key=lambda r: r["effective_from"]
        )
        born = row["arrangement__pupil__date_of_birth"]
        send = row["arrangement__pupil__send"]
        placed = Placed(
            pupil_id=row["arrangement__pupil_id"],
            school_id=row["arrangement__school_id"],
            school_name=row["arrangement__school__name"],
            first_name=row["arrangement__pupil__first_name"],
            last_name=row["arrangement__pupil__last_name"],
            provider_sessions=sessions_at(row["slots"] or {}, "provider"),
            compulsory_age=born is None or age.is_compulsory_school_age(born, as_of),
            looked_after_or_ehcp=row["arrangement__pupil__looked_after"] or send == "ehcp",
            sen=send != "none",
            hours_per_session=session_hours,
            awaiting=row["arrangement__status"] == Status.AWAITING_APPROVAL,
        )
        key = (row["arrangement__provider_id"], placed.pupil_id)
        # A pupil with two arrangements at the same provider is one pupil: keep the larger week (and, of
        # two the same, the one approved).
        if key not in best or (best[key].provider_sessions, not best[key].awaiting) < (
                placed.provider_sessions, not placed.awaiting):
            best[key] = placed
    out: dict[int, list[Placed]] = defaultdict(list)
    for (provider_id, _), placed in sorted(best.items(), key=lambda kv: (kv[1].school_name, kv[1].last_name)):
        out[provider_id].append(placed)
    return out


def full_time_hours(as_of: dt.date, settings: dict[str, Any] | None = None) -> int:
    value: int = parameters.get("full_time_hours_per_week", as_of, settings or {})
    return value


@dataclass(frozen=True)
class Limits:
    """The numbers of s463 in force on a day, from the dated parameters NAT-PROVIDER-REGISTRATION reads."""

    hours_per_week: int  # more than this is full time
    hours_per_session: int
    pupils: int  # full-time pupils of compulsory school age from which a provider must register
    looked_after_or_ehcp: int  # ... or this many of them looked after or with an EHC plan

    @classmethod
    def on(cls, day: dt.date, settings: dict[str, Any] | None = None) -> Limits:
        def read(name: str) -> int:
            value: int = parameters.get(name, day, settings or {})
            return value

        return cls(
            hours_per_week=read("full_time_hours_per_week"),
            hours_per_session=read("hours_per_session"),
            pupils=read("independent_school_pupils"),
            looked_after_or_ehcp=read("independent_school_looked_after_or_ehcp_pupils"),
        )


@dataclass(frozen=True)
class Threshold:
    """Who a provider educates full time on `as_of`, and whether it must register as an independent school."""

    provider: Provider
    as_of: dt.date
    hours_per_week: int  # more than this is full time
    placed: tuple[Placed, ...]  # the trust's pupils placed there (full time or not), without the pupil being added
    elsewhere_compulsory_age: int
    elsewhere_looked_after_or_ehcp: int
    elsewhere_sen: int
    limits: Limits | None = None  # None: read for as_of

    @property
    def law(self) -> Limits:
        """The numbers in force on as_of (given, or read from the parameters)."""
        return self.limits or Limits.on(self.as_of)

    @property
    def full_time(self) -> tuple[Placed, ...]:
        """The trust's pupils who count: of compulsory school age and there full time."""
        return tuple(p for p in self.placed if p.is_full_time(self.hours_per_week))

    @property
    def compulsory_age(self) -> int:
        return len(self.full_time) + self.elsewhere_compulsory_age

    @property
    def looked_after_or_ehcp(self) -> int:
        return sum(p.looked_after_or_ehcp for p in self.full_time) + self.elsewhere_looked_after_or_ehcp

    @property
    def sen(self) -> int:
        return sum(p.sen for p in self.full_time) + self.elsewhere_sen

    @property
    def by_school(self) -> list[tuple[str, int]]:
        """(school name, full-time pupils from it), in the order of the schools' names."""
        counts = Counter(p.school_name for p in self.full_time)
        return sorted(counts.items())

    @property
    def sessions_for_full_time(self) -> int:
        """The fewest sessions a week at the provider that make a pupil full time (7 for 18 hours)."""
        return self.hours_per_week // self.law.hours_per_session + 1

    @property
    def hours_per_session(self) -> int:
        return self.law.hours_per_session

    @property
    def applies(self) -> bool:
        """Only an unregistered provider can breach: a registered school may educate any number."""
        return self.provider.registration == Registration.UNREGISTERED

    @property
    def reached(self) -> bool:
        """The counts meet the threshold, whatever the provider's registration."""
        law = self.law
        return self.compulsory_age >= law.pupils or self.looked_after_or_ehcp >= law.looked_after_or_ehcp

    @property
    def breached(self) -> bool:
        """An unregistered provider that must register as an independent school."""
        return self.applies and self.reached

    @property
    def room(self) -> int:
        """How many more full-time pupils of compulsory school age (none looked after or with an EHC
        plan) it may take before it must register."""
        law = self.law
        if self.looked_after_or_ehcp >= law.looked_after_or_ehcp:
            return 0
        return max(0, law.pupils - self.compulsory_age)

    def would_breach_with(self, pupil: Any, *, sessions: int | None = None) -> bool:
        """Whether placing `pupil` there (for `sessions` a week; None: full time) makes the provider breach.
        A pupil already counted is counted once; a pupil past compulsory school age or there part time
        adds nothing."""
        if not self.applies:
            return False
        if self.breached:
            return True
        if any(p.pupil_id == pupil.pk for p in self.full_time):
            return False
        law = self.law
        if sessions is not None and sessions * law.hours_per_session <= self.hours_per_week:
            return False
        born = getattr(pupil, "date_of_birth", None)
        if born is not None and not age.is_compulsory_school_age(born, self.as_of):
            return False
        priority = bool(pupil.looked_after or pupil.send == "ehcp")
        # The pupil placed counts once more.
        return (
            self.compulsory_age + 1 >= law.pupils
            or self.looked_after_or_ehcp + int(priority) >= law.looked_after_or_ehcp
        )


def threshold_from(
    provider: Provider, placed: Iterable[Placed], *, as_of: dt.date, hours_per_week: int,
    leave_out_pupil_id: int | None = None, limits: Limits | None = None,
) -> Threshold:
    """The threshold from pupils already read (see placed_at_providers), leaving one pupil out."""
    return Threshold(
        limits=limits,
        provider=provider,
        as_of=as_of,
        hours_per_week=hours_per_week,
        placed=tuple(p for p in placed if p.pupil_id != leave_out_pupil_id),
        elsewhere_compulsory_age=provider.elsewhere_full_time_compulsory_age,
        elsewhere_looked_after_or_ehcp=provider.elsewhere_full_time_looked_after_or_ehcp,
        elsewhere_sen=provider.elsewhere_full_time_sen,
    )


def threshold_for(
    provider: Provider, *, as_of: dt.date, adding_pupil: Any = None, settings: dict[str, Any] | None = None,
    awaiting: bool = False,
) -> Threshold:
    """The provider's threshold on `as_of`. With `adding_pupil`, that pupil is left out of the counts:
    they are the provider's *other* pupils, and `would_breach_with(adding_pupil)` says whether
    placing (or keeping) the pupil there full time breaches. With `awaiting`, placements awaiting
    approval that will be running on `as_of` count too."""
    placed = placed_at_providers([provider], as_of, awaiting=awaiting).get(provider.id, [])
    limits = Limits.on(as_of, settings)
    return threshold_from(
        provider, placed, as_of=as_of, hours_per_week=limits.hours_per_week,
        leave_out_pupil_id=getattr(adding_pupil, "pk", None), limits=limits,
    )


def thresholds_for(providers: Iterable[Provider], *, as_of: dt.date) -> dict[int, Threshold]:
    """Every provider's threshold in one query, for the lists."""
    providers = list(providers)
    placed = placed_at_providers(providers, as_of)
    limits = Limits.on(as_of)
    return {
        p.id: threshold_from(p, placed.get(p.id, []), as_of=as_of, hours_per_week=limits.hours_per_week, limits=limits)
        for p in providers
    }


def _pupils(n: int) -> str:
    return f"{n} pupil{'' if n == 1 else 's'}"


def explain(threshold: Threshold) -> list[str]:
    """The threshold in plain words, a sentence or two a paragraph, for the provider's page."""
    t = threshold
    name = t.provider.name
    trust_full_time = t.full_time
    lines = []
    if trust_full_time:
        schools = ", ".join(f"{school} {n}" for school, n in t.by_school)
        verb = "attends" if len(trust_full_time) == 1 else "attend"
        where = "your school" if t.provider.trust_id is None else "schools in the trust"
        first = f"{_pupils(len(trust_full_time))} of compulsory school age {verb} full time from {where} ({schools})."
        priority = sum(p.looked_after_or_ehcp for p in trust_full_time)
        if priority:
            first += (
                f" {priority} of them {'is' if priority == 1 else 'are'} looked after or "
                f"{'has' if priority == 1 else 'have'} an EHC plan."
            )
    else:
        first = "No pupil of compulsory school age attends full time from " + (
            "your school." if t.provider.trust_id is None else "a school in the trust."
        )
    lines.append(first)
    if t.elsewhere_compulsory_age:
        other = (
            f"The provider tells us it also educates {_pupils(t.elsewhere_compulsory_age)} of compulsory school age "
            f"full time from other settings"
        )
        if t.elsewhere_looked_after_or_ehcp:
            other += f", {t.elsewhere_looked_after_or_ehcp} of them looked after or with an EHC plan"
        lines.append(other + f": {t.compulsory_age} in all.")
    if not t.applies:
        lines.append(f"{name} is registered, so the independent-school registration threshold does not limit it.")
    elif t.breached:
        if t.compulsory_age >= t.law.pupils:
            why = f"{_pupils(t.compulsory_age)} of compulsory school age full time ({t.law.pupils} or more)"
        else:
            why = (
                f"{_pupils(t.looked_after_or_ehcp)} full time who "
                f"{'is' if t.looked_after_or_ehcp == 1 else 'are'} looked after or with an EHC plan"
            )
        lines.append(
            f"{name} must register as an independent school: it educates {why} and is not registered. "
            "Placing a pupil there is a breach."
        )
    else:
        limit = t.law.pupils
        if t.room == 1 and limit < len(_NTH):
            more = f"A {_NTH[limit]}"
        elif t.compulsory_age == 0:
            count = _WORDS[limit] if limit < len(_WORDS) else str(limit)
            more = f"{count.capitalize()} full-time pupils of compulsory school age"
        else:
            more = f"{t.room} more full-time pupils of compulsory school age ({limit} in all)"
        lines.append(
            f"{more}, or any looked-after child or pupil with an EHC plan, would mean it must register as an "
            "independent school."
        )
    return lines


@dataclass(frozen=True)
class Outlook:
    """The provider's count on a day ahead (or today), placements awaiting approval included: the day the
    count will be highest, soonest first."""

    on: dt.date
    threshold: Threshold

    @property
    def awaiting(self) -> tuple[Placed, ...]:
        """The full-time pupils counted whose placement still awaits approval."""
        return tuple(p for p in self.threshold.full_time if p.awaiting)


def outlooks_for(providers: Iterable[Provider], *, today: dt.date,
                 now: dict[int, Threshold] | None = None) -> dict[int, Outlook]:
    """For each provider whose count will rise, today or on a day ahead, once the placements approved or
    awaiting approval start: the day it is highest (the soonest of equals), counted as on that day. `now`:
    today's thresholds, when already counted. A query for the days ahead, and one per distinct day."""
    providers = [p for p in providers if p.registration == Registration.UNREGISTERED]
    if not providers:
        return {}
    days: dict[dt.date, set[int]] = defaultdict(set)
    for provider_id, start in (
        Arrangement.objects.filter(provider__in=providers, status__in=(Status.ACTIVE, Status.AWAITING_APPROVAL))
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("provider_id", "start")
    ):
        days[max(start, today)].add(provider_id)
    if now is None:
        now = thresholds_for(providers, as_of=today)
    by_id = {p.id: p for p in providers}
    best: dict[int, Outlook] = {}
    for day in sorted(days):
        chosen = [by_id[i] for i in days[day]]
        placed = placed_at_providers(chosen, day, awaiting=True)
        limits = Limits.on(day)
        for p in chosen:
            t = threshold_from(p, placed.get(p.id, []), as_of=day, hours_per_week=limits.hours_per_week,
                               limits=limits)
            key = (t.breached, t.compulsory_age, t.looked_after_or_ehcp)
            current = best.get(p.id)
            if current is None or key > (current.threshold.breached, current.threshold.compulsory_age,
                                         current.threshold.looked_after_or_ehcp):
                best[p.id] = Outlook(day, t)
    return {
        i: o for i, o in best.items()
        if (o.threshold.compulsory_age, o.threshold.looked_after_or_ehcp, o.threshold.breached)
        > (now[i].compulsory_age, now[i].looked_after_or_ehcp, now[i].breached)
    }


def describe_outlook(outlook: Outlook) -> str:
    """"5 of 5 from 18 Dec 2026, including George Byrne's awaiting approval"."""
    t = outlook.threshold
    text = f"{t.compulsory_age} of {t.law.pupils} full time from {outlook.on.day} {outlook.on:%b %Y}"
    if t.looked_after_or_ehcp:
        text += f" ({t.looked_after_or_ehcp} looked after or with an EHC plan)"
    if outlook.awaiting:
        names = ", ".join(f"{p.first_name} {p.last_name}'s" for p in outlook.awaiting)
        text += f", including {names} awaiting approval"
    if t.breached:
        text += ": it would then have to register, so placing a pupil there would be a breach"
    return text
