"""Marks out as CSV, in the shape MIS write-back takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pathways.attendance.models import Mark
from pathways.schools.models import School

HEADER = ("UPN", "Date", "Session", "Code", "Comment", "MinutesLate")


def export_rows(school: School, start: dt.date, end: dt.date) -> Iterator[list[str]]:
    """The header, then one row per recorded mark of the school from `start` to `end`, in date order."""
    yield list(HEADER)
    marks = (
        Mark.objects.filter(school=school, date__gte=start, date__lte=end).exclude(code="")
        .order_by("date", "session", "pupil__upn", "pupil_id")
        .values_list("pupil__upn", "date", "session", "code", "comment", "minutes_late")
    )
    for upn, day, session, code, comment, late in marks.iterator(chunk_size=5_000):
        yield [upn, day.isoformat(), session.upper(), code, comment, "" if late is None else str(late)]


def export_filename(school: School, start: dt.date, end: dt.date) -> str:
    return f"marks-{school.laestab or school.pk}-{start.isoformat()}-to-{end.isoformat()}.csv"

