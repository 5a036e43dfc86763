"""The column-mapping page: a CSV whose columns the import does not recognise, each column matched to a Pathways
field (the file's first rows shown as examples), saved as the school's mapping, then on to the preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.forms import form_status
from pathways.pupils.models import RosterImport, RosterMapping
from pathways.roster.actions import do_map_roster_columns, needs_columns
from pathways.roster.columns import ColumnMappingForm, sample
from pathways.roster.records import RosterFileError
from pathways.schools.access import school_for
from pathways.schools.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def roster_columns(request: HttpRequest, school_id: int, roster_import_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    roster_import = RosterImport.objects.filter(school=school, pk=roster_import_id).first()
    if roster_import is None:  # looked up first: another school's import is a 404 whatever the role
        raise Http404("No such import")
    require(request.user, "import_roster", school)
    if roster_import.status != RosterImport.Status.PREVIEWED or not bytes(roster_import.data):
        messages.error(request, "This file was already imported: choose it again to read its columns another way.")
        return redirect("roster-import", school.id, roster_import.id)
    try:
        header, examples = sample(bytes(roster_import.data))
    except RosterFileError as exc:
        messages.error(request, f"The file cannot be read: {exc}.")
        return redirect("roster-upload", school.id)
    if not header or (roster_import.preview or {}).get("format") == "CTF":
        raise Http404("Only a CSV file has columns to map")
    saved = RosterMapping.objects.filter(school=school).values_list("columns", flat=True).first() or {}
    form = ColumnMappingForm(request.POST or None, header=header, examples=examples, saved=saved)
    if request.method == "POST" and form.is_valid():
        try:
            do_map_roster_columns(roster_import=roster_import, columns=form.columns, actor=request.user)
        except RosterFileError as exc:
            form.add_error(None, f"The file cannot be read with these columns: {exc}.")
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("roster-import", school.id, roster_import.id)
        else:
            messages.success(request, f"The column mapping is saved for {school.name}: the next CSV of this "
                                      "shape is read with it.")
            return redirect("roster-import", school.id, roster_import.id)
    return render(request, "roster/columns.html", {
        "school": school, "imp": roster_import, "form": form, "examples": examples, "header": header,
        "problem": (roster_import.preview or {}).get("problem", ""), "first_time": needs_columns(roster_import),
    }, status=form_status(form))
