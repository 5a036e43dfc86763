"""Entries with a form (record_templates.py): recording one through its form, and the form printed
(HTML, or its PDF with ?format=pdf) as the seed lays it out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from pathways.arrangements.access import arrangement_for
from pathways.arrangements.actions_records import do_record_with_form
from pathways.arrangements.forms_structured import StructuredRecordForm
from pathways.arrangements.models import Arrangement
from pathways.arrangements.printing import printed_record
from pathways.audit.record import record_read
from pathways.forms import apply_validation_error, form_status
from pathways.pdf import pdf_response
from pathways.schools.permissions import require


def record_with_form(request: HttpRequest, arrangement: Arrangement, event_type: str,
                     context: dict[str, Any]) -> HttpResponse:
    """The event-record page for a type with a form: the caller has checked the permission."""
    today = dt.date.today()
    if request.method == "POST":
        form = StructuredRecordForm(request.POST, request.FILES, event_type=event_type, today=today)
    else:
        form = StructuredRecordForm(event_type=event_type, today=today, initial={"date": today})
    if request.method == "POST" and form.is_valid():
        try:
            do_record_with_form(
                arrangement=arrangement, type=event_type, date=form.cleaned_data["date"], actor=request.user,
                answers=form.answers(), fields=form.event_fields(), note=form.cleaned_data["note"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.title} recorded on {form.cleaned_data['date']:%-d %B %Y}.")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    return render(request, "arrangements/record_form.html", {**context, "form": form}, status=form_status(form))


@login_required
def record_print(request: HttpRequest, school_id: int, arrangement_id: int, event_id: int) -> HttpResponse:
    """The form as recorded, laid out as the seed's template; ?format=pdf for its PDF."""
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    printed = printed_record(arrangement, event_id)
    if printed is None:
        raise Http404("No such form")
    require(request.user, "view_named_records", arrangement.school)
    pdf = request.GET.get("format") == "pdf"
    record_read(request.user, f"{printed.template.name}{' (PDF)' if pdf else ''}", printed.event,
                school=arrangement.school, pupil=arrangement.pupil_id)
    context = {"school": arrangement.school, "arrangement": arrangement, "printed": printed,
               "today": dt.date.today(), "printed_by": request.user,
               "pdf_link": f"{request.path}?format=pdf", "title": printed.event.type_label}
    if pdf:
        name = f"{slugify(printed.template.name)}-{slugify(arrangement.pupil.full_name)}-{printed.event.date:%Y-%m-%d}"
        return pdf_response("arrangements/record_print.html", context, request, f"{name}.pdf")
    return render(request, "arrangements/record_print.html", context)
