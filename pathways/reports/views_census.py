"""The school census's AP placements (a page, its checks, the export for keying into the MIS, the exports
made) and a placement's census details. The role matrix's "make_census_return"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways import spreadsheet
from pathways.arrangements.access import arrangement_for
from pathways.arrangements.actions_census import do_set_census_details
from pathways.arrangements.models import CensusPlacementReason
from pathways.audit.record import record_read
from pathways.audit.versions import version_of
from pathways.forms import GovukFormMixin, form_status, save_form
from pathways.policy.errors import ParameterError
from pathways.reports.actions_census import do_export_census
from pathways.reports.data import census as data
from pathways.reports.models import CensusExport
from pathways.schools.access import school_for
from pathways.schools.permissions import require
from pathways.writeback.connectors import CsvKeyingList, SimsWriteFile, WondeConnector
from pathways.writeback.models import MisConnection, Route

PERMISSION = "make_census_return"
_CAPABILITIES = {Route.WONDE: WondeConnector.capabilities, Route.SIMS_FILE: SimsWriteFile.capabilities,
                 Route.CSV: CsvKeyingList.capabilities}


def _choices(today: dt.date) -> list[data.Census]:
    """The censuses of this school year and the last, where their days are known."""
    year = today.year if today.month >= 8 else today.year - 1
    out = []
    for y in (year, year - 1):
        for term in data.CENSUSES:
            try:
                out.append(data.census(term, y))
            except (ParameterError, KeyError):
                continue
    return sorted(out, key=lambda c: c.day, reverse=True)


def _chosen(value: str, choices: list[data.Census], today: dt.date) -> data.Census | None:
    if value:
        return next((c for c in choices if f"{c.term}-{c.year}" == value), None)
    past = [c for c in choices if c.day <= today]
    return past[0] if past else (choices[-1] if choices else None)


@login_required
@require_http_methods(["GET", "POST"])
def census_return(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    require(request.user, PERMISSION, school)
    today = dt.date.today()
    choices = _choices(today)
    chosen = _chosen(request.POST.get("census") or request.GET.get("census", ""), choices, today)
    if chosen is None:
        return render(request, "reports/census.html", {"school": school, "choices": choices, "census": None,
                                                       "unknown": True}, status=404)
    rows = data.placement_rows(school, chosen)
    if request.method == "POST":
        export = do_export_census(school=school, census=chosen, rows=rows, actor=request.user)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="census-ap-placements-{school.laestab}-{chosen.day:%Y-%m-%d}.csv"')
        writer = spreadsheet.writer(response)
        writer.writerow(data.COLUMNS)
        for row in rows:
            if row.ok:
                writer.writerow(row.cells())
        response["X-Refused-Placements"] = str(len(export.refused))
        return response
    record_read(request.user, f"school census AP placements ({chosen})", None, school=school)
    connection = MisConnection.objects.filter(school=school).first()
    route = connection.route if connection else Route.CSV
    return render(request, "reports/census.html", {
        "school": school, "census": chosen, "choices": choices, "rows": rows, "columns": data.COLUMNS,
        "refused": sum(1 for r in rows if not r.ok), "route_label": Route(route).label,
        "writes_placements": _CAPABILITIES[Route(route)].write_placements,
        "exports": CensusExport.objects.filter(school=school).select_related("exported_by")[:20],
    })


class CensusDetailsForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Reason for the placement", widget=forms.RadioSelect,
        choices=[(c.value, f"{c.label} ({c.value})") for c in CensusPlacementReason],
        help_text="The main reason the placement was made, not the pupil's needs: a pupil permanently "
                  "excluded who also has a health need is placed because of the exclusion.",
        error_messages={"required": "Choose the reason for the placement."},
    )


@login_required
@require_http_methods(["GET", "POST"])
def census_details(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, PERMISSION, arrangement.school)
    initial: dict[str, Any] = {"reason": arrangement.census_placement_reason}
    form = CensusDetailsForm(request.POST or None, initial=initial)
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    back = request.POST.get("census", "")
    url = f"/schools/{arrangement.school_id}/reports/census/"
    done, version = save_form(
        request, form,
        lambda data: do_set_census_details(arrangement=arrangement, reason=data["reason"], actor=request.user,
                                           seen=request.POST.get("version")),
        message=f"Census details of {arrangement.pupil.full_name}'s placement saved.",
        to=lambda _: redirect(f"{url}?census={back}" if back.replace("-", "").isalnum() and back else url),
        version=seen)
    if done:
        return done
    return render(request, "reports/census_details.html", {
        "school": arrangement.school, "arrangement": arrangement, "form": form, "version": version,
        "census": request.GET.get("census") or request.POST.get("census", ""),
    }, status=form_status(form))
