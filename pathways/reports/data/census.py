"""5. The school census's alternative provision placements: every placement the school arranged that runs
in a census's collection period, each census item with its check (docs/census.md cites the items).

The census days are the dated parameter `school_census_days` (policy/parameters/national.yaml); a
census's collection period runs from the day after the previous census day to its own census day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from pathways.arrangements.models import Arrangement, Status, TimetableVersion, timetable_in_force
from pathways.arrangements.vocabulary import SESSIONS, WEEKDAYS, sessions_at
from pathways.audit.models import AuditEvent
from pathways.policy import parameters
from pathways.reports.data.shared import RUNNING

CENSUSES = ("autumn", "spring", "summer")
SEN_CODES = {"none": "N", "sen_support": "K", "ehcp": "E"}   # the census's SEN provision codes
COLUMNS = (
    "UPN", "Surname", "Forename", "Date of birth", "Provider", "URN", "UKPRN", "Type of setting", "Postcode",
    "Companies House number", "Entry date",
    "Leaving date", "Reason for placement", "Full or part time", "Sessions per week", "SEN provision at entry",
    "SEN provision at leaving",
)


@dataclass(frozen=True)
class Census:
    term: str           # autumn, spring or summer
    year: int           # the school year's first calendar year: 2026 for 2026/27
    day: dt.date
    period_start: dt.date

    def __str__(self) -> str:
        return f"{self.term.capitalize()} census {self.day:%-d %B %Y}"


def _days_of(year: int) -> dict[str, dt.date]:
    """The three census days of the school year starting in August `year`."""
    days = parameters.get("school_census_days", dt.date(year, 8, 1))
    out = {}
    for d in days:
        if d.month >= 8:
            out["autumn"] = d.in_year(year)
        elif d.month <= 3:
            out["spring"] = d.in_year(year + 1)
        else:
            out["summer"] = d.in_year(year + 1)
    return out


def census(term: str, year: int) -> Census:
    """The census and its collection period; ParameterError when its days are not known."""
    days = _days_of(year)
    if term == "autumn":
        previous = _days_of(year - 1)["summer"]
    else:
        previous = days[CENSUSES[CENSUSES.index(term) - 1]]
    return Census(term, year, days[term], previous + dt.timedelta(days=1))


def census_on_or_after(day: dt.date) -> Census:
    """The next census on or after `day` (the one being prepared)."""
    year = day.year if day.month >= 8 else day.year - 1
    for y in (year, year + 1):
        for term in CENSUSES:
            c = census(term, y)
            if c.day >= day:
                return c
    raise ValueError(day)


def latest_census_by(day: dt.date) -> Census:
    """The last census on or before `day`."""
    year = day.year if day.month >= 8 else day.year - 1
    for y in (year, year - 1):
        for term in reversed(CENSUSES):
            c = census(term, y)
            if c.day <= day:
                return c
    raise ValueError(day)


@dataclass
class PlacementRow:
    arrangement: Arrangement
    urn: str
    ukprn: str
    setting_type: str
    entry: dt.date
    leaving: dt.date | None
    reason: str
    full_time: bool | None
    sessions: int | None
    sen_entry: str
    sen_leaving: str
    postcode: str = ""           # the setting's, returned with a type of setting
    companies_house: str = ""    # likewise
    problems: list[tuple[str, str]] = field(default_factory=list)   # (item, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.problems

    def cells(self) -> list[Any]:
        p = self.arrangement.pupil
        return [
            p.upn, p.last_name, p.first_name, p.date_of_birth.isoformat(),
            self.arrangement.provider.name if self.arrangement.provider else "",
            self.urn, self.ukprn, self.setting_type, self.postcode, self.companies_house, self.entry.isoformat(),
            self.leaving.isoformat() if self.leaving else "", self.reason,
            "" if self.full_time is None else ("Full time" if self.full_time else "Part time"),
            "" if self.sessions is None else self.sessions, self.sen_entry, self.sen_leaving,
        ]


def sen_on(pupil: Any, day: dt.date, changes: list[AuditEvent]) -> str:
    """The pupil's SEN provision on `day`, from the changes of their record in the audit trail: the value
    before the first change after that day, else the value now."""
    for event in changes:
        if event.at.date() > day:
            before = (event.changes or {}).get("send", [None])[0]
            if before in SEN_CODES:
                return SEN_CODES[before]
            break
    return SEN_CODES.get(pupil.send, "")


def placement_rows(school: Any, c: Census) -> list[PlacementRow]:
    """Every placement with a provider the school arranged that runs at some point in the period."""
    arrangements = list(
        Arrangement.objects.filter(school=school, provider__isnull=False, status__in=RUNNING,
                                   start__lte=c.day)
        .filter(Q(end__isnull=True) | Q(end__gte=c.period_start))
        .select_related("pupil", "provider")
        .prefetch_related(Prefetch("timetables", queryset=TimetableVersion.objects.order_by("effective_from")))
        .order_by("pupil__last_name", "pupil__first_name", "start", "id")
    )
    pupil_ids = {str(a.pupil_id) for a in arrangements}
    changes: dict[str, list[AuditEvent]] = {}
    for event in AuditEvent.objects.filter(object_type="pupils.pupil", object_id__in=pupil_ids,
                                           changes__has_key="send").order_by("at", "id"):
        changes.setdefault(event.object_id, []).append(event)
    return [_row(a, c, changes.get(str(a.pupil_id), [])) for a in arrangements]


def _row(a: Arrangement, c: Census, changes: list[AuditEvent]) -> PlacementRow:
    provider = a.provider
    assert provider is not None
    ended = a.status == Status.ENDED
    # A placement that ended after the census day was still running on it: this census has no leaving date.
    leaving = a.end if ended and a.end and a.end <= c.day else None
    on = min(c.day, leaving) if leaving else c.day
    version = timetable_in_force(list(a.timetables.all()), on)
    sessions = sessions_at(version.slots, "provider") if version else None
    every = len(WEEKDAYS) * len(SESSIONS)
    row = PlacementRow(
        a, provider.urn, provider.ukprn, provider.census_setting_type, a.start, leaving,
        a.census_placement_reason, None if sessions is None else sessions == every, sessions,
        sen_on(a.pupil, a.start, changes), sen_on(a.pupil, leaving, changes) if leaving else "",
        provider.postcode if provider.census_setting_type else "",
        provider.companies_house_number if provider.census_setting_type else "",
    )
    problems = row.problems
    given = [name for name, value in (("URN", row.urn), ("UKPRN", row.ukprn), ("type of setting", row.setting_type))
             if value]
    if len(given) != 1:
        problems.append(("URN, UKPRN or type of setting",
                         f"Exactly one is returned; the provider {provider.name} has "
                         + (" and ".join(given) if given else "none of them")))
    if row.setting_type and len(given) == 1:
        for item, words, value in (("Postcode", "postcode", row.postcode),
                                   ("Companies House number", "Companies House number", row.companies_house)):
            if not value:
                problems.append((item, f"A setting returned by its type of setting is returned with its {words}; "
                                       f"none is recorded for the provider {provider.name}."))
    if not a.pupil.upn:
        problems.append(("UPN", "The pupil has no UPN."))
    if row.entry > c.day:
        problems.append(("Entry date", f"The entry date is after the census day ({c.day:%-d %B %Y})."))
    if ended and a.end is None:
        problems.append(("Leaving date", "The placement has ended but has no last day."))
    elif leaving and not (c.period_start <= leaving <= c.day):
        problems.append(("Leaving date", f"The leaving date is outside the collection period "
                                         f"({c.period_start:%-d %B %Y} to {c.day:%-d %B %Y})."))
    if not row.reason:
        problems.append(("Reason for placement", "No reason for the placement is recorded."))
    if sessions is None:
        problems.append(("Sessions per week", "No usual week is recorded, so full or part time and the sessions "
                                              "per week cannot be worked out."))
    elif sessions == 0:
        problems.append(("Sessions per week", "The usual week has no session at the provider."))
    return row
