"""4. The local authority's return of part-time timetables (a page and a CSV)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from pathways.arrangements.models import (
    Arrangement,
    Status,
    TimetableVersion,
    timetable_in_force,
)
from pathways.cases.casefiles import cases_for
from pathways.cases.judging import judge
from pathways.pupils.models import Pupil
from pathways.reports.data.shared import (
    RUNNING,
    hours_offered,
    next_review,
    with_events,
)
from pathways.schools.models import HalfTerm, School
from pathways.spreadsheet import safe_cell

LA_COLUMNS = (
    "LAESTAB", "UPN", "Surname", "Forename", "Date of birth", "Year group", "SEN status", "Looked after",
    "Social worker", "Start date", "Planned end date", "Status", "Hours per week offered", "Reason",
    "Last review date", "Next review date", "Parental agreement recorded",
)


@dataclass(frozen=True)
class LaRow:
    arrangement: Arrangement
    pupil: Pupil
    hours: int | None
    last_review: dt.date | None
    next_review: dt.date | None
    review_overdue: bool
    agreement: dt.date | None
    year_group: int
    cannot_judge: bool = False      # the engine cannot judge it, so its next review is not known

    def cells(self, laestab: str) -> list[Any]:
        p, a = self.pupil, self.arrangement
        return [
            laestab, p.upn, p.last_name, p.first_name, p.date_of_birth.isoformat(), self.year_group,
            p.get_send_display(), _yes(p.looked_after), _yes(p.social_worker), a.start.isoformat(),
            a.end.isoformat() if a.end else "", a.get_status_display(), "" if self.hours is None else self.hours,
            a.get_reason_display(), self.last_review.isoformat() if self.last_review else "",
            "Overdue" if self.review_overdue else "Cannot be judged" if self.cannot_judge else (
                self.next_review.isoformat() if self.next_review else ""),
            f"Yes ({self.agreement.isoformat()})" if self.agreement else "No",
        ]


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def la_return_rows(school: School, *, start: dt.date, end: dt.date, today: dt.date) -> list[LaRow]:
    """Every part-time timetable running at some point from `start` to `end` (approved: active or ended),
    by surname. Hours are the timetable in force on the range's last day (or the timetable's own, if it
    ended earlier); the next review is the engine's, judged on that day too."""
    arrangements = list(
        with_events(
            Arrangement.objects.filter(school=school, kind="part_time_timetable", status__in=RUNNING,
                                       start__lte=end)
            .filter(Q(end__isnull=True) | Q(end__gte=start))
        ).prefetch_related(Prefetch("timetables", queryset=TimetableVersion.objects.order_by("effective_from")))
        .order_by("pupil__last_name", "pupil__first_name", "start", "id")
    )
    as_of = min(end, today)
    cases = cases_for(arrangements, as_of=as_of) if arrangements else {}
    half_terms = list(HalfTerm.objects.filter(school=school))
    out = []
    for a in arrangements:
        on = min(as_of, a.end) if a.end else as_of
        version = timetable_in_force(list(a.timetables.all()), on)
        reviews = [e.date for e in a.current_events if e.type in ("review", "timetable_review") and e.date <= as_of]
        consent = [e.date for e in a.current_events
                   if e.type == "parent_consent" and (e.fields or {}).get("written") is not False and e.date <= as_of]
        judged = judge(cases[a.pk]) if a.status == Status.ACTIVE else None
        due, overdue = next_review(judged.result, half_terms, a.end) if judged is not None else (None, False)
        out.append(LaRow(a, a.pupil, hours_offered(version.slots, on) if version else None,
                         max(reviews) if reviews else None, due, overdue, min(consent) if consent else None,
                         a.pupil.year_group_on(on), cannot_judge=judged is not None and judged.cannot is not None))
    return out


def missing_items(row: LaRow) -> list[str]:
    """The return's required items this row lacks, each by its column's name."""
    p, a = row.pupil, row.arrangement
    missing = []
    if not p.upn:
        missing.append("UPN")
    if not a.end:
        missing.append("Planned end date")
    if row.hours is None:
        missing.append("Hours per week offered")
    if not a.reason:
        missing.append("Reason")
    if row.agreement is None:
        missing.append("Parental agreement recorded")
    return missing


csv_safe = safe_cell  # the one helper every CSV writer uses (pathways/spreadsheet.py)
