"""Sending the parents' progress report (Appendix 6): the contacts it may go to, a preview of the message,
then the e-mails with the PDF attached and the chronology entry. Thin: access, the period, one action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from pathways.arrangements.access import arrangement_for
from pathways.audit.record import record_read
from pathways.forms import GovukFormMixin, apply_validation_error, form_status
from pathways.pdf import render_pdf
from pathways.reports import data
from pathways.reports.actions import do_send_progress_report, why_not_sent
from pathways.reports.forms import PeriodForm
from pathways.schools.models import HalfTerm
from pathways.schools.permissions import require


class SendForm(GovukFormMixin, forms.Form):
    contacts = forms.TypedMultipleChoiceField(
        label="Send to", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one contact to send the progress report to.",
                        "invalid_choice": "Choose only the contacts listed."},
    )
    subject = forms.CharField(label="Subject", max_length=300)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000,
                           help_text="Sent to each contact on their own, with the report attached as a PDF.")


def _message(report: Any, school: Any, user: Any) -> tuple[str, str]:
    pupil = report.pupil
    subject = f"{pupil.first_name}'s progress report, {report.start:%-d %B} to {report.end:%-d %B %Y}"
    sender = user.get_full_name() or user.get_username()
    body = (f"Dear parent or carer,\n\nPlease find attached {pupil.first_name}'s progress report from "
            f"{school.name} for {report.start:%-d %B} to {report.end:%-d %B %Y}.\n\nIf you would like to talk "
            f"about it, please reply to this e-mail or ring the school.\n\nYours sincerely,\n{sender}\n{school.name}\n")
    return subject, body


@login_required
@require_http_methods(["GET", "POST"])
def send_progress(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    school = arrangement.school
    require(request.user, "send_progress_report", school)
    half_terms = list(HalfTerm.objects.filter(school_id=school.id).order_by("start"))
    period = PeriodForm(request.GET, half_terms=half_terms)
    chosen = None
    if period.is_valid() and period.cleaned_data["half_term"]:
        chosen = next(h for h in half_terms if h.id == period.cleaned_data["half_term"])
    elif not period.errors:
        chosen = data.current_half_term(half_terms, dt.date.today())
    if chosen is None:
        messages.error(request, "Choose the period of the report first.")
        return redirect("report-progress", school.id, arrangement.id)
    today = dt.date.today()
    report = data.progress_report(arrangement, start=chosen.start, end=chosen.end, as_of=min(today, chosen.end),
                                  period_name=f"{chosen} ({chosen.start:%-d %B} to {chosen.end:%-d %B %Y})")
    contacts = list(arrangement.pupil.contacts.all())
    listed = [(c, why_not_sent(c)) for c in contacts]
    allowed = [c for c, reason in listed if not reason]
    subject, body = _message(report, school, request.user)
    form = SendForm(request.POST or None, initial={"contacts": [c.pk for c in allowed], "subject": subject,
                                                   "body": body})
    form.fields["contacts"].choices = [(c.pk, f"{c.name} <{c.email}>") for c in allowed]  # type: ignore[attr-defined]
    step = request.POST.get("step", "")
    filename = f"progress-report-{slugify(report.pupil.full_name)}-{chosen.start:%Y-%m-%d}.pdf"
    preview = None
    if request.method == "POST" and form.is_valid():
        picked = [c for c in allowed if c.pk in form.cleaned_data["contacts"]]
        if step == "send":
            pdf = render_pdf("reports/progress.html", {"school": school, "report": report, "form": period,
                             "arrangement": arrangement, "today": today, "printed_by": request.user}, request)
            try:
                sent = do_send_progress_report(
                    arrangement=arrangement, contacts=picked, period_start=report.start, period_end=report.end,
                    subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], pdf=pdf,
                    filename=filename, actor=request.user, today=today,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                names = ", ".join(r["name"] for r in sent.recipients)
                messages.success(request, f"Progress report sent to {names}, and recorded in the chronology.")
                return redirect("arrangement-detail", school.id, arrangement.id)
        else:
            preview = {"to": picked, "subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]}
    if request.method == "GET":
        record_read(request.user, "contacts (sending the progress report)", arrangement.pupil, school=school,
                    pupil=arrangement.pupil)
    return render(request, "reports/progress_send.html", {
        "school": school, "arrangement": arrangement, "report": report, "form": form, "listed": listed,
        "preview": preview, "filename": filename, "half_term": chosen.id,
    }, status=form_status(form))
