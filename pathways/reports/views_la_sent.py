"""The part-time timetables return: each row's missing items, "sent to the LA" recorded, the sends made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from pathways.reports.actions_census import do_record_la_return_sent
from pathways.reports.data.la_return import LaRow, la_return_rows, missing_items
from pathways.reports.models import LaReturnSent
from pathways.schools.models import School
from pathways.schools.permissions import can, require


def context(request: HttpRequest, school: School, rows: list[LaRow]) -> dict[str, Any]:
    return {
        "checked": [(row, missing_items(row)) for row in rows],
        "can_send": can(request.user, "send_la_return", school),
        "sends": LaReturnSent.objects.filter(school=school).select_related("sent_by")[:20],
        "sent_to_error": "",
    }


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def record_sent(request: HttpRequest, school: School) -> HttpResponse:
    require(request.user, "send_la_return", school)
    start, end = _date(request.POST.get("start", "")), _date(request.POST.get("end", ""))
    url = f"/schools/{school.id}/reports/part-time-timetables/"
    if start is None or end is None or end < start:
        messages.error(request, "The return's dates could not be read: show the dates again, then record it.")
        return redirect(url)
    rows = la_return_rows(school, start=start, end=end, today=dt.date.today())
    try:
        do_record_la_return_sent(school=school, start=start, end=end, sent_to=request.POST.get("sent_to", ""),
                                 rows=[(row, missing_items(row)) for row in rows], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The return is recorded as sent to the local authority.")
    return redirect(f"{url}?start={start.isoformat()}&end={end.isoformat()}")
