"""The report pages. Each is one template for the page and, with ?format=pdf, for its PDF; the LA
return is a CSV with ?format=csv. Thin: access, the period asked for, one builder from data/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from pathways import spreadsheet
from pathways.arrangements.access import arrangement_for
from pathways.arrangements.models import Event
from pathways.audit.record import record_read
from pathways.pdf import pdf_response
from pathways.pupils.access import pupil_for
from pathways.replica import reading_from_replica
from pathways.reports import data, views_la_sent
from pathways.reports.access import (
    GOVERNORS_REPORT,
    LA_RETURN,
    PUPIL_REPORTS,
    can_read,
    require,
)
from pathways.reports.forms import DateRangeForm, PeriodForm, TermForm
from pathways.schools.access import school_for
from pathways.schools.models import HalfTerm


def _answer(request: HttpRequest, template: str, context: dict[str, Any], filename: str,
            status: int = 200) -> HttpResponse:
    """The page, or its PDF when ?format=pdf (a page with errors is never printed)."""
    context = {**context, "today": context.get("today") or dt.date.today(), "printed_by": request.user}
    if request.GET.get("format") == "pdf" and status == 200:
        return pdf_response(template, context, request, filename)
    return render(request, template, context, status=status)


def _read(request: HttpRequest, what: str, obj: Any, *, school: Any, pupil: Any = None) -> None:
    """The read row of a report: its name, and "(PDF)" or "(CSV)" when it was downloaded as one."""
    fmt = request.GET.get("format")
    record_read(request.user, f"{what} ({fmt.upper()})" if fmt in ("pdf", "csv") else what, obj,
                school=school, pupil=pupil)


def _pdf_link(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "pdf"
    return f"{request.path}?{query.urlencode()}"


@login_required
def report_index(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    return render(request, "reports/index.html", {
        "school": school,
        "governors": can_read(request.user, school, GOVERNORS_REPORT),
        "la_return": can_read(request.user, school, LA_RETURN),
        "pupil_reports": can_read(request.user, school, PUPIL_REPORTS),
        "census": can_read(request.user, school, "make_census_return"),
    })


@login_required
def progress(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, arrangement.school, PUPIL_REPORTS)
    today = dt.date.today()
    half_terms = list(HalfTerm.objects.filter(school_id=arrangement.school_id).order_by("start"))
    form = PeriodForm(request.GET, half_terms=half_terms)
    chosen = None
    if form.is_valid() and form.cleaned_data["half_term"]:
        chosen = next(h for h in half_terms if h.id == form.cleaned_data["half_term"])
    elif not form.errors:
        chosen = data.current_half_term(half_terms, today)
        if chosen is not None:
            form = PeriodForm(initial={"half_term": chosen.id}, half_terms=half_terms)
    if chosen is None:
        return render(request, "reports/progress.html", {"school": arrangement.school, "form": form,
                                                         "arrangement": arrangement, "report": None},
                      status=400 if form.errors else 200)
    _read(request, "progress report", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    with reading_from_replica():
        report = data.progress_report(arrangement, start=chosen.start, end=chosen.end, as_of=min(today, chosen.end),
                                      period_name=f"{chosen} ({chosen.start:%-d %B} to {chosen.end:%-d %B %Y})")
    filename = f"progress-report-{slugify(report.pupil.full_name)}-{chosen.start:%Y-%m-%d}.pdf"
    return _answer(request, "reports/progress.html", {
        "school": report.school, "report": report, "form": form, "arrangement": report.arrangement,
        "pdf_link": _pdf_link(request),
    }, filename)


@login_required
def visit(request: HttpRequest, school_id: int, event_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    try:
        event = Event.current.select_related("recorded_by", "arrangement").get(
            id=event_id, arrangement__school_id=school.id, type="visit"
        )
    except Event.DoesNotExist:
        raise Http404("No such visit") from None
    require(request.user, school, PUPIL_REPORTS)
    _read(request, "visit report", event, school=school, pupil=event.arrangement.pupil_id)
    with reading_from_replica():
        record = data.visit_record(event)
    filename = f"visit-{slugify(record.pupil.full_name)}-{event.date:%Y-%m-%d}.pdf"
    return _answer(request, "reports/visit.html", {
        "school": record.school, "record": record, "pdf_link": _pdf_link(request),
    }, filename)


@login_required
def governors(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    require(request.user, school, GOVERNORS_REPORT)
    today = dt.date.today()
    half_terms = list(HalfTerm.objects.filter(school=school))
    years = sorted({h.school_year for h in half_terms}, reverse=True)
    year, term = data.term_containing(half_terms, today)
    chosen = "year" in request.GET or "term" in request.GET
    form = TermForm(request.GET if chosen else None, years=years, initial={"year": year, "term": term})
    if chosen:
        if not form.is_valid():
            return render(request, "reports/governors.html", {"school": school, "form": form, "report": None},
                          status=400)
        year, term = form.cleaned_data["year"], form.cleaned_data["term"]
    with reading_from_replica():
        report = data.governors_report(school, year=year, term=term, today=today)
    filename = f"governors-report-{slugify(school.name)}-{term}-{year}.pdf"
    return _answer(request, "reports/governors.html", {
        "school": school, "form": form, "report": report, "pdf_link": _pdf_link(request),
    }, filename)


@login_required
@require_http_methods(["GET", "POST"])
def la_return(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    require(request.user, school, LA_RETURN)
    if request.method == "POST":
        return views_la_sent.record_sent(request, school)
    today = dt.date.today()
    half_terms = list(HalfTerm.objects.filter(school=school))
    half = data.current_half_term(half_terms, today)
    initial = {"start": half.start, "end": half.end} if half else {"start": today, "end": today}
    form = DateRangeForm(request.GET if "start" in request.GET or "end" in request.GET else None, initial=initial)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/la_return.html", {"school": school, "form": form, "rows": None}, status=400)
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_bound else (
        initial["start"], initial["end"])
    _read(request, f"part-time timetables return {start:%-d %b %Y} to {end:%-d %b %Y}", None, school=school)
    with reading_from_replica():
        rows = data.la_return_rows(school, start=start, end=end, today=today)
    if request.GET.get("format") == "csv":
        return _csv(school, rows, start, end)
    query = request.GET.copy()
    query.update({"start": start.isoformat(), "end": end.isoformat(), "format": "csv"})
    return render(request, "reports/la_return.html", {
        "school": school, "form": form, "rows": rows, "start": start, "end": end, "columns": data.LA_COLUMNS,
        "laestab": school.laestab, "csv_link": f"{request.path}?{query.urlencode()}",
        **views_la_sent.context(request, school, rows),
    })


def _csv(school: Any, rows: list[data.LaRow], start: dt.date, end: dt.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="part-time-timetables-{school.laestab}-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"'
    )
    writer = spreadsheet.writer(response)
    writer.writerow(data.LA_COLUMNS)
    for row in rows:
        writer.writerow(row.cells(school.laestab))
    return response


@login_required
def inspection(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    require(request.user, pupil.school, PUPIL_REPORTS)
    today = dt.date.today()
    _read(request, "inspection evidence pack", pupil, school=pupil.school, pupil=pupil)
    with reading_from_replica():
        pack = data.inspection_pack(pupil, as_of=today)
    filename = f"inspection-evidence-{slugify(pupil.full_name)}-{today:%Y-%m-%d}.pdf"
    return _answer(request, "reports/inspection.html", {
        "school": pupil.school, "pack": pack, "pdf_link": _pdf_link(request),
    }, filename)
