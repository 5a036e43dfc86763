"""The roster upload page: choose a file, see what it would do (nothing written), confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.forms import GovukFormMixin, form_status
from pathways.pupils.models import RosterImport
from pathways.roster import jobs
from pathways.roster.actions import (
    MAX_BYTES,
    do_confirm_roster,
    do_keep_roster_for_columns,
    do_preview_roster,
    needs_columns,
)
from pathways.roster.csvfile import UnknownColumns
from pathways.roster.progress import CHECKING, WRITING
from pathways.roster.records import RosterFileError
from pathways.schools.access import school_for
from pathways.schools.permissions import require, school_with


class RosterUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="The roster file from your MIS",
                           help_text="A Common Transfer File (CTF, .xml) or the MIS's pupil list report (.csv).")
    valid_rows_only = forms.BooleanField(
        required=False, label="Import the valid records even if some are rejected",
        help_text="Otherwise nothing is imported while any record is rejected.")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 100 MB: is it the right file?")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "import_roster")
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            roster_import = do_preview_roster(school=school, filename=upload.name, data=data,
                                              valid_rows_only=form.cleaned_data["valid_rows_only"],
                                              actor=request.user)
        except UnknownColumns as exc:  # a CSV of another shape: its columns are mapped on the next page
            kept = do_keep_roster_for_columns(
                school=school, filename=upload.name, data=data,
                valid_rows_only=form.cleaned_data["valid_rows_only"], header=exc.header, problem=str(exc),
                actor=request.user)
            return redirect("roster-columns", school.id, kept.id)
        except RosterFileError as exc:
            form.add_error("file", f"The file cannot be read: {exc}.")
        else:
            return redirect("roster-import", school.id, roster_import.id)
    recent = RosterImport.objects.filter(school=school).defer("data")[:10]
    return render(request, "roster/upload.html", {"school": school, "form": form, "recent": recent},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, school_id: int, roster_import_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    roster_import = RosterImport.objects.filter(school=school, pk=roster_import_id).first()
    if roster_import is None:  # looked up first: another school's import is a 404 whatever the role
        raise Http404("No such import")
    require(request.user, "import_roster", school)
    if needs_columns(roster_import) and roster_import.status == RosterImport.Status.PREVIEWED:
        return redirect("roster-columns", school.id, roster_import.id)
    if request.method == "POST":
        try:
            roster_import = do_confirm_roster(roster_import=roster_import, actor=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("roster-import", school.id, roster_import.id)
        if roster_import.rows_total > jobs.background_threshold():
            jobs.enqueue(roster_import)
        else:
            jobs.run_confirmed(roster_import, request.user)
        return redirect("roster-import", school.id, roster_import.id)
    preview = roster_import.result or roster_import.preview
    working = roster_import.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING)
    return render(request, "roster/import.html", {
        "school": school, "imp": roster_import, "preview": preview, "working": working,
        "progress": progress_of(roster_import) if working else None,
        "blocked": bool(preview.get("rejected")) and not roster_import.valid_rows_only,
        "to_import": preview.get("created", 0) + preview.get("updated", 0),
    })


def progress_of(roster_import: RosterImport) -> dict[str, object]:
    """What the page says of a running import: the stage with its count, and the bar's value and maximum."""
    progress = roster_import.progress or {}
    done, total = int(progress.get("done", 0)), int(progress.get("total", 0))
    if roster_import.status == RosterImport.Status.QUEUED:
        label = f"Waiting to start: {roster_import.rows_total:,} records to check"
    elif progress.get("stage") == WRITING:
        label = f"Writing: {done:,} of {total:,} pupils' records"
    elif progress.get("stage") == CHECKING:
        label = f"Checking records: {done:,} of {total:,}"
    else:
        label = f"Reading the file: {roster_import.rows_total:,} records"
    return {"label": label, "done": done, "total": max(total, 1),
            "percent": int(100 * done / total) if total else 0}
