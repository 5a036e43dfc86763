"""The trust lead's set-up pages: load a GIAS establishments file, add a school of the trust by URN."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.forms import GovukFormMixin, apply_validation_error, form_status, save_form
from pathways.schools.access import forget_access, trust_for_lead
from pathways.schools.setup_actions import do_add_school_from_gias, do_load_gias_file, last_gias_file

MAX_GIAS_BYTES = 200 * 1024 * 1024  # the whole of England's extract is about 60 MB


class GiasUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Establishments file from GIAS",
        help_text="The CSV of “Establishment fields” (edubasealldata) from Get Information About Schools.",
        error_messages={"required": "Choose the GIAS file"},
    )


class AddSchoolForm(GovukFormMixin, forms.Form):
    urn = forms.CharField(label="URN", max_length=6, help_text="The school's unique reference number: six digits.",
                          error_messages={"required": "Enter the school's URN"})

    def clean_urn(self) -> str:
        urn = str(self.cleaned_data["urn"]).strip()
        if not urn.isdigit():
            raise ValidationError("A URN is six digits, for example 123456")
        return urn.zfill(6)


@login_required
@require_http_methods(["GET", "POST"])
def gias_upload(request: HttpRequest, trust_id: int) -> HttpResponse:
    trust = trust_for_lead(request.user, trust_id)
    form = GiasUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_GIAS_BYTES:
            form.add_error("file", "The file is larger than a GIAS extract can be: choose the establishments CSV.")
        else:
            try:
                gias = do_load_gias_file(trust=trust, filename=upload.name, data=upload.read(), actor=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Loaded {gias.filename}: {len(gias.establishments)} establishments. "
                                          "Add your schools from it by URN.")
                return redirect("trust-school-add", trust.id)
    context = {"trust": trust, "form": form, "gias": last_gias_file()}
    return render(request, "schools/gias_upload.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def school_add(request: HttpRequest, trust_id: int) -> HttpResponse:
    trust = trust_for_lead(request.user, trust_id)
    gias = last_gias_file()
    form = AddSchoolForm(request.POST or None)

    def added(school: Any) -> HttpResponse:
        forget_access(request.user)
        return redirect("staff-list", school.id)

    done, _ = save_form(
        request, form,
        lambda data: do_add_school_from_gias(trust=trust, urn=data["urn"], actor=request.user, gias=gias),
        message=lambda school: f"Added {school.name} (URN {school.urn}, LAESTAB {school.laestab}). "
                               "Give it a calendar and invite its headteacher.",
        to=added)
    if done:
        return done
    context = {"trust": trust, "form": form, "gias": gias, "schools": trust.schools.order_by("name")}
    return render(request, "schools/school_add.html", context, status=form_status(form))
