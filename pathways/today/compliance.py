"""Compliance over time across a trust: at the end of each of the last school weeks, the share of each
school's active arrangements with no unmet requirement, and the trust's.

    trust_compliance(trust, *, today, weeks=12) -> Compliance       (a fixed number of queries)
    compliance_chart(compliance)                -> pathways.charts.Chart

How each week is judged:
- A week's end is the school's last school day of that week (Monday to Friday), in its own calendar; a
  week is counted once it has ended (its last school day is on or before `today`). A school on holiday
  all week has no figure that week.
- The arrangements judged are those running on that day: active, or since ended, started on or before
  it and not ended before it. A draft, or one still awaiting approval, is not running.
- Each is judged by the policy engine as of that day (`evaluate(case, as_of=day)`): the engine reads
  only the events and provider checks dated on or before as_of, so an entry recorded for a later date
  does not count for an earlier week. What a case holds that depends on the day is put right for each
  week: the timetable version in force that day, and the provider's other full-time pupils that day.
- An arrangement the engine cannot judge that day (pathways.cases.judging) is neither kept nor
  failing: it is left out of the share and counted on its own, "cannot be judged", in the figures' table
  ("75% (3 of 4; 1 cannot be judged)") and the chart's description, as in the governors' report.
- The cases are built once (`cases_for`), not once per week. The chronology is read as it is now, as
  corrected: an entry dated in an earlier week but written later counts for that week, as it would in
  an inspection of the records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from pathways.arrangements.models import Arrangement, Status, TimetableVersion, timetable_in_force
from pathways.cases.casefiles import cases_for, timetable_of
from pathways.cases.judging import judge
from pathways.cases.registration import Placed, placed_at_providers, threshold_from
from pathways.charts import Chart, Series, line_chart
from pathways.policy import casefile as cf
from pathways.policy import parameters
from pathways.policy.calendar import SchoolCalendar
from pathways.schools.calendar import school_calendars
from pathways.schools.models import School, Trust

WEEKS = 12
# Each school's line: a colour, a dash pattern and a marker; the trust's is solid, thick and black.
SCHOOL_STYLES = (
    ("#1d70b8", "7 4", "circle"),
    ("#00703c", "2 4", "triangle"),
    ("#d4351c", "12 4 3 4", "diamond"),
    ("#4c2c92", "9 5", "cross"),
    ("#f47738", "2 2", "circle"),
)


@dataclass(frozen=True)
class Line:
    name: str
    label: str                        # the short name drawn at the end of the line
    kept: list[int | None]            # arrangements with nothing unmet, each week (None: no figure)
    running: list[int | None]         # arrangements running at the week's end
    school_id: int | None = None      # None for the trust's line
    # of those running, the ones the engine cannot judge (pathways.cases.judging): neither kept nor
    # failing, so left out of the share and counted on their own
    unjudged: list[int | None] = dataclasses.field(default_factory=list)

    def judged(self, i: int) -> int | None:
        """The arrangements running at week `i`'s end that the engine could judge."""
        running = self.running[i]
        if running is None:
            return None
        return running - ((self.unjudged[i] or 0) if self.unjudged else 0)

    @property
    def shares(self) -> list[float | None]:
        return [round(100 * k / j, 1) if k is not None and j else None
                for k, j in zip(self.kept, (self.judged(i) for i in range(len(self.running))), strict=True)]


@dataclass(frozen=True)
class Compliance:
    trust: Trust
    weeks: list[dt.date]              # the Mondays of the weeks, oldest first
    schools: list[Line]
    total: Line


def _calendars(schools: list[School]) -> dict[int, SchoolCalendar]:
    return school_calendars(s.pk for s in schools)


def week_end(calendar: SchoolCalendar, monday: dt.date) -> dt.date | None:
    """The last school day of the week beginning `monday`, or None in a holiday week."""
    days = [monday + dt.timedelta(days=i) for i in range(5)]
    school_days = [d for d in days if calendar.is_school_day(d)]
    return school_days[-1] if school_days else None


def _short(name: str) -> str:
    return " ".join(name.split()[:2])


def trust_compliance(trust: Trust, *, today: dt.date, weeks: int = WEEKS) -> Compliance:
    """See the module docstring. Queries: the schools, their half-terms and closures, the arrangements,
    the eight of `cases_for`, the timetable versions, and one per week for the providers' pupils when any
    arrangement has a provider: the same however many schools and arrangements."""
    schools = list(School.objects.filter(trust=trust).order_by("name"))
    ends = _week_ends(schools, _calendars(schools), today, weeks)
    mondays = sorted(ends)
    days = sorted({d for per_school in ends.values() for d in per_school.values()})
    if not days:
        empty = Line(trust.name, "Trust", [], [])
        return Compliance(trust, [], [Line(s.name, _short(s.name), [], [], s.pk) for s in schools], empty)
    arrangements = list(
        Arrangement.objects.filter(school__trust=trust, status__in=(Status.ACTIVE, Status.ENDED),
                                   start__lte=days[-1])
        .filter(Q(end__isnull=True) | Q(end__gte=days[0]))
        .select_related("provider")
    )
    cases = cases_for(arrangements, as_of=days[-1]) if arrangements else {}
    versions: dict[int, list[TimetableVersion]] = defaultdict(list)
    for version in TimetableVersion.objects.filter(arrangement_id__in=[a.pk for a in arrangements]):
        versions[version.arrangement_id].append(version)
    providers = {a.provider_id: a.provider for a in arrangements if a.provider is not None}
    placed: dict[dt.date, dict[int, list[Placed]]] = {}
    if providers:
        for m in mondays:
            placed[m] = placed_at_providers(providers.values(), max(ends[m].values()))
    lines = []
    for school in schools:
        line = Line(school.name, _short(school.name), [], [], school.pk, [])
        ours = [a for a in arrangements if a.school_id == school.pk]
        for m in mondays:
            day = ends[m].get(school.pk)
            counted = None if day is None else _counts(ours, day, cases, versions, placed.get(m, {}))
            line.kept.append(None if counted is None else counted[0])
            line.running.append(None if counted is None else counted[1])
            line.unjudged.append(None if counted is None else counted[2])
        lines.append(line)
    return Compliance(trust, mondays, lines, _trust_line(trust, lines, len(mondays)))


def _week_ends(schools: list[School], calendars: dict[int, SchoolCalendar], today: dt.date,
               weeks: int) -> dict[dt.date, dict[int, dt.date]]:
    """The last `weeks` weeks that have ended at one school of the trust at least: by Monday, each school's
    last school day of the week."""
    ends: dict[dt.date, dict[int, dt.date]] = {}
    monday = today - dt.timedelta(days=today.weekday())
    for _ in range(weeks * 3 + 20):
        if len(ends) == weeks:
            break
        got = {s.pk: end for s in schools if (end := week_end(calendars[s.pk], monday)) and end <= today}
        if got:
            ends[monday] = got
        monday -= dt.timedelta(days=7)
    return ends


def _counts(arrangements: list[Arrangement], day: dt.date, cases: dict[int, cf.Case],
            versions: dict[int, list[TimetableVersion]], placed: dict[int, list[Placed]]) -> tuple[int, int, int]:
    """Of a school's arrangements running on `day`: (kept, running, cannot be judged). One the engine
    cannot judge is neither kept nor failing."""
    ok = total = cannot = 0
    for a in arrangements:
        if a.start > day or (a.end is not None and a.end < day):
            continue
        total += 1
        result = judge(_case_on(cases[a.pk], a, day, versions[a.pk], placed), as_of=day).result
        if result is None:
            cannot += 1
        elif not any(r.status == "unmet" for r in result.requirements):
            ok += 1
    return ok, total, cannot


def _trust_line(trust: Trust, lines: list[Line], weeks: int) -> Line:
    """The schools' counts added up, week by week, over the schools with that week ended."""
    total = Line(f"{trust.name} (all schools)", "Trust", [], [], None, [])
    for i in range(weeks):
        here = [line for line in lines if line.running[i] is not None]
        total.kept.append(sum(line.kept[i] or 0 for line in here) if here else None)
        total.running.append(sum(line.running[i] or 0 for line in here) if here else None)
        total.unjudged.append(sum(line.unjudged[i] or 0 for line in here) if here else None)
    return total


def _case_on(case: cf.Case, a: Arrangement, day: dt.date, versions: list[TimetableVersion],
             placed: dict[int, list[Placed]]) -> cf.Case:
    """The case built for the latest week, as it stood on `day`: that day's timetable and, for a provider,
    its other full-time pupils that day."""
    version = timetable_in_force(versions, day)
    arrangement = dataclasses.replace(
        case.arrangement, timetable=timetable_of(version.slots) if version is not None else cf.Timetable()
    )
    provider = case.provider
    if provider is not None and a.provider is not None and a.provider_id is not None:
        threshold = parameters.get("full_time_hours_per_week", day, case.settings)
        others = threshold_from(a.provider, placed.get(a.provider_id, []), as_of=day, hours_per_week=threshold,
                                leave_out_pupil_id=a.pupil_id)
        provider = dataclasses.replace(provider, full_time_pupils=cf.FullTimePupils(
            compulsory_age=others.compulsory_age, looked_after_or_ehcp=others.looked_after_or_ehcp, sen=others.sen,
        ))
    return dataclasses.replace(case, as_of=day, arrangement=arrangement, provider=provider)


def compliance_chart(c: Compliance) -> Chart:
    labels = [f"{m:%-d %b}" for m in c.weeks]
    shares = c.total.shares
    latest = next((s for s in reversed(shares) if s is not None), None)
    description = (
        f"The share of active arrangements with no unmet requirement at the end of each of the last {len(c.weeks)} "
        f"school weeks, for each school of {c.trust.name} and for the trust. "
        + (f"At the end of the latest week, {latest:g}% across the trust." if latest is not None else "")
        + _unjudged_sentence(c)
    )
    series = []
    for i, line in enumerate(c.schools):
        colour, dash, marker = SCHOOL_STYLES[i % len(SCHOOL_STYLES)]
        series.append(Series(line.name, line.shares, label=line.label, colour=colour, dash=dash, marker=marker))
    series.append(Series(c.total.name, shares, label=c.total.label, colour="#0b0c0c", dash="", marker="square",
                         width=4))
    chart = line_chart(
        title="Arrangements with nothing unmet, at the end of each school week", description=description,
        labels=labels, series=series, y_label="With nothing unmet (%)", x_label="Week beginning",
        unit="%", y_max=100.0, slug="compliance",
    )
    # The table gives the counts behind each share: "80% (4 of 5)".
    lines = [*c.schools, c.total]
    rows = [[label, *[_cell(line, i) for line in lines]] for i, label in enumerate(labels)]
    return dataclasses.replace(chart, rows=rows)


def _unjudged_sentence(c: Compliance) -> str:
    """How many arrangements the engine could not judge, for the weeks it could not: never silent."""
    weeks = [(m, n) for m, n in zip(c.weeks, c.total.unjudged, strict=True) if n]
    if not weeks:
        return ""
    latest, n = weeks[-1]
    return (f" Arrangements that cannot be judged are counted neither as kept nor as failing: {n} at the end of "
            f"the week beginning {latest:%-d %b}" + (f", and in {len(weeks) - 1} earlier week" + "s" * (len(weeks) > 2)
                                                      if len(weeks) > 1 else "") + ".")


def _cell(line: Line, i: int) -> str:
    share, kept, running = line.shares[i], line.kept[i], line.running[i]
    if running is None:
        return "holiday"
    if not running:
        return "none running"
    unjudged = line.unjudged[i] if line.unjudged else 0
    if not unjudged:
        return f"{share:g}% ({kept} of {running})"
    cannot = f"{unjudged} cannot be judged"
    return f"{share:g}% ({kept} of {line.judged(i)}; {cannot})" if share is not None else f"— ({cannot})"
