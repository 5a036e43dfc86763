"""Checks of a provider that the policy records with a form: Appendix 1b (the report of the initial
visit), its form and its report printed as the seed lays it out, and Annex C (choosing a provider)
printed as the seed's checklist; ?format=pdf for the PDF of either."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from pathways.arrangements.actions_records import do_record_check_with_form
from pathways.arrangements.forms_structured import CheckRecordForm
from pathways.arrangements.printing import printed_check
from pathways.audit.record import record_read
from pathways.casework.providers.views import _provider_at
from pathways.forms import apply_validation_error, form_status
from pathways.pdf import pdf_response
from pathways.providers.access import checklist_of
from pathways.providers.checklist import NAME, SOURCE, printed
from pathways.providers.models import CheckType
from pathways.schools.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def initial_visit(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    """Appendix 1b: the initial visit recorded with its report; refused, naming each question not answered."""
    school, provider = _provider_at(request.user, school_id, provider_id)
    require(request.user, "manage_providers", school)
    today = dt.date.today()
    form = CheckRecordForm(request.POST or None, check_type=CheckType.INITIAL_VISIT, today=today,
                           initial={"date": today})
    if request.method == "POST" and form.is_valid():
        try:
            check = do_record_check_with_form(
                provider=provider, school=school, actor=request.user, type=CheckType.INITIAL_VISIT,
                date=form.cleaned_data["date"], answers=form.answers(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The report of the initial visit to {provider.name} on "
                                      f"{check.date:%-d %B %Y} is recorded.")
            return redirect("provider-check-report", school.id, provider.id, check.id)
    return render(request, "providers/check_record_form.html",
                  {"school": school, "provider": provider, "form": form}, status=form_status(form))


@login_required
def check_report(request: HttpRequest, school_id: int, provider_id: int, check_id: int) -> HttpResponse:
    """The check's form as recorded, laid out as the seed's template; ?format=pdf for its PDF."""
    school, provider = _provider_at(request.user, school_id, provider_id)
    printed = printed_check(provider, check_id)
    if printed is None:
        raise Http404("No such report")
    pdf = request.GET.get("format") == "pdf"
    record_read(request.user, f"{printed.template.name}{' (PDF)' if pdf else ''}", printed.check,
                school=school)
    context = {"school": school, "provider": provider, "printed": printed, "today": dt.date.today(),
               "printed_by": request.user, "pdf_link": f"{request.path}?format=pdf",
               "title": printed.template.name}
    if pdf:
        name = f"{slugify(printed.template.name)}-{slugify(provider.name)}-{printed.check.date:%Y-%m-%d}"
        return pdf_response("providers/check_record_print.html", context, request, f"{name}.pdf")
    return render(request, "providers/check_record_print.html", context)


@login_required
def checklist_print(request: HttpRequest, school_id: int, provider_id: int, checklist_id: int) -> HttpResponse:
    """An Annex C checklist as completed, laid out as the seed's form, each answer with its evidence;
    ?format=pdf for its PDF."""
    school, provider = _provider_at(request.user, school_id, provider_id)
    checklist = checklist_of(provider, checklist_id)
    pdf = request.GET.get("format") == "pdf"
    record_read(request.user, f"provider checklist{' (PDF)' if pdf else ''}", checklist, school=school,
                label=f"{provider.name}: {checklist}")
    registration = provider.get_registration_display() + (f" (URN {provider.urn})" if provider.urn else "")
    context = {"school": school, "provider": provider, "checklist": checklist, "sections": printed(checklist.answers),
               "registration": registration, "review_by": getattr(checklist.check_record, "expires", None),
               "name": NAME, "source": SOURCE, "today": dt.date.today(), "printed_by": request.user,
               "pdf_link": f"{request.path}?format=pdf"}
    if pdf:
        name = f"provider-checklist-{slugify(provider.name)}-{checklist.completed_on:%Y-%m-%d}"
        return pdf_response("providers/checklist_detail.html", context, request, f"{name}.pdf")
    return render(request, "providers/checklist_detail.html", context)
