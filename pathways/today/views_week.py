"""The DSL's week (journey 9): read-only pages for the DSL and the headteacher (`view_dsl_week`). Each names
children, so each writes read rows to the audit trail: one for every pupil a list shows (one INSERT), one
for a pupil's chronology."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pathways.audit.record import record_read, record_reads
from pathways.pupils.access import pupil_for
from pathways.schools.access import access_for
from pathways.schools.permissions import link_allows, require, school_with
from pathways.today import week as w


def _read_rows(request: HttpRequest, what: str, school: object, pupils: list[object]) -> None:
    record_reads(request.user, what, [(p, school, p, str(p)) for p in pupils])  # type: ignore[misc]


@login_required
@require_GET
def week(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_dsl_week")
    today = timezone.localdate()
    roles = access_for(request.user).roles_in(school.id)
    got = w.not_in_full_time(school, request.user, roles, today)
    for _, _, rows in got.groups:  # only the actions this person can take, as on Today
        for row in rows:
            if row.duty is not None and row.duty.url and not link_allows(request.user, row.duty.url, school):
                row.duty = replace(row.duty, action="", url="", more=())
    _read_rows(request, "the DSL's week", school, [r.pupil for _, _, rows in got.groups for r in rows])
    return render(request, "today/week.html", {"school": school, "week": got, "today": today})


@login_required
@require_GET
def last_seen_view(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_dsl_week")
    today = timezone.localdate()
    rows = w.last_seen(school, today)
    intervals, source = w.interval_source(school, today)
    _read_rows(request, "last seen by school staff", school, [s.pupil for s in rows])
    return render(request, "today/last_seen.html", {
        "school": school, "rows": rows, "today": today, "source": source,
        "intervals": [(name, intervals[level]) for level, name in w.LEVELS],
        "overdue": sum(1 for s in rows if s.overdue),
    })


@login_required
@require_GET
def pupil_chronology_view(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    require(request.user, "view_dsl_week", pupil.school)
    chosen = [k for k in request.GET.getlist("type") if k in w.KIND_NAMES]
    entries = w.pupil_chronology(pupil, chosen)
    record_read(request.user, "pupil's whole chronology", pupil, school=pupil.school, pupil=pupil)
    return render(request, "today/pupil_chronology.html", {
        "school": pupil.school, "pupil": pupil, "entries": entries, "today": timezone.localdate(),
        "kinds": [(k, name, k in chosen) for k, name in w.KINDS], "chosen": [w.KIND_NAMES[k] for k in chosen],
    })
