"""MIS interchange pages: export marks as CSV, import an MIS CSV, follow a long import, its report.
Thin: access, validate, one action (or the import job), render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from pathways import spreadsheet
from pathways.attendance.access import require_register_writer
from pathways.attendance.models import MarkImport
from pathways.audit.record import record_read
from pathways.forms import GovukFormMixin
from pathways.jobs.health import worker_seen
from pathways.register import mis
from pathways.register.actions import do_start_mark_import
from pathways.schools.access import school_for

MAX_UPLOAD = 20 * 1024 * 1024  # 20 MB: about 400,000 rows


class ExportForm(GovukFormMixin, forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(
        attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"))
    end = forms.DateField(label="To", widget=forms.DateInput(
        attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        return data


class ImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="MIS CSV file",
                           help_text="Columns UPN,Date,Session,Code,Comment,MinutesLate with that header row; "
                                     "dates as YYYY-MM-DD, sessions AM or PM. Up to 20 MB.")
    mode = forms.ChoiceField(label="If any row is rejected", choices=MarkImport.Mode.choices,
                             widget=forms.RadioSelect, initial=MarkImport.Mode.ALL_OR_NOTHING)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB: export fewer weeks at a time.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def register_export(request: HttpRequest, school_id: int) -> HttpResponseBase:
    school = school_for(request.user, school_id)
    require_register_writer(request.user, school)
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        record_read(request.user, f"register export {start:%-d %b %Y} to {end:%-d %b %Y} (CSV)", None, school=school)
        writer = spreadsheet.writer(_Echo())
        response = StreamingHttpResponse((writer.writerow(r) for r in mis.export_rows(school, start, end)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{mis.export_filename(school, start, end)}"'
        return response
    if not request.GET:
        today = timezone.localdate()
        form = ExportForm(initial={"start": today - dt.timedelta(days=today.weekday()), "end": today})
    return render(request, "attendance/mis/export.html", {"school": school, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    require_register_writer(request.user, school)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mark_import = do_start_mark_import(school=school, filename=upload.name, mode=form.cleaned_data["mode"],
                                           data=upload.read(), actor=request.user)
        return redirect("register-import-detail", school.id, mark_import.pk)
    mis.settle_stalled(school)
    recent = MarkImport.objects.filter(school=school).select_related("started_by")[:10]
    return render(request, "attendance/mis/import.html", {"school": school, "form": form, "recent": recent})


@login_required
@require_GET
def register_import_detail(request: HttpRequest, school_id: int, import_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    mark_import = get_object_or_404(MarkImport.objects.select_related("job"), pk=import_id, school=school)
    require_register_writer(request.user, school)
    if mis.settle_stalled(school):
        mark_import.refresh_from_db()
    if mark_import.finished:
        # Only once it has finished: the page refreshes itself every 2 seconds until then, showing no rows.
        record_read(request.user, "register import results", mark_import, school=school,
                    label=f"Import of {mark_import.filename}")
    shown = mark_import.rejected[:500]
    job = mark_import.job
    return render(request, "attendance/mis/detail.html", {
        "school": school, "imp": mark_import, "rejected": shown, "more": mark_import.rejected_count - len(shown),
        "queued": job is not None and mark_import.status == MarkImport.Status.PENDING,
        "attempt": len(job.worker_ids) if job is not None else 0, "attempts": mis.ATTEMPTS,
        "worker_seen": worker_seen() if job is not None and not mark_import.finished else True,
    })


@login_required
@require_GET
def register_import_rejected(request: HttpRequest, school_id: int, import_id: int) -> HttpResponseBase:
    school = school_for(request.user, school_id)
    mark_import = get_object_or_404(MarkImport, pk=import_id, school=school)
    require_register_writer(request.user, school)
    record_read(request.user, "rejected rows of a register import (CSV)", mark_import, school=school,
                label=f"Import of {mark_import.filename}")
    writer = spreadsheet.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(r) for r in mis.rejected_csv(mark_import)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-import-{mark_import.pk}.csv"'
    return response
