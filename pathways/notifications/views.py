"""Notify the local authority: choose the notice, check and edit its text, then send it by email or
download it as a letter. Thin: access, validate, one action, render."""

from __future__ import annotations

import smtplib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from pathways.arrangements.access import arrangement_for
from pathways.audit.record import record_read
from pathways.cases.casefiles import case_for
from pathways.cases.judging import CannotJudge, judge
from pathways.forms import GovukFormMixin, apply_validation_error, form_status
from pathways.notifications.actions import do_notify_local_authority
from pathways.notifications.models import Method, Notice
from pathways.notifications.notices import TEMPLATES, applicable, choose, compose, facts_for
from pathways.pdf import pdf_response
from pathways.policy.calendar import SchoolCalendar
from pathways.schools.permissions import can, require, school_with


class NoticeForm(GovukFormMixin, forms.Form):
    template = forms.CharField(widget=forms.HiddenInput)
    subject = forms.CharField(max_length=300, error_messages={"required": "Enter the subject of the notice."})
    body = forms.CharField(
        label="Text of the notice", max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 32, "spellcheck": "true"}),
        help_text="Check every line. Change anything the local authority should read differently: what is sent "
                  "or printed, and kept in the chronology, is this text.",
        error_messages={"required": "Enter the text of the notice: it cannot be empty.",
                        "max_length": "The text of the notice must be 20,000 characters or fewer."},
    )
    method = forms.ChoiceField(choices=Method.choices, required=True,
                               error_messages={"required": "Choose to send the notice by email or as a letter.",
                                               "invalid_choice": "Choose to send the notice by email or as a letter."})


def _duties(arrangement: Any, case: Any, template: Any) -> tuple[list[Any], CannotJudge | None]:
    """The engine's verdict on the duties this notice meets, to show beside it, or why it cannot check
    them (the page says so, with what fixes it)."""
    if template is None:
        return [], None
    judged = judge(case)
    if judged.result is None:
        return [], judged.cannot
    return [r for r in judged.result.requirements if r.id in template.duties], None


@login_required
@require_http_methods(["GET", "POST"])
def notify(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    school = arrangement.school
    require(request.user, "notify_local_authority", school)
    now = timezone.now()
    today = timezone.localdate(now)
    case = case_for(arrangement, today)
    facts = facts_for(arrangement, user=request.user, today=today, calendar=SchoolCalendar.from_case(case.calendar))
    offered = applicable(facts)
    asked = (request.POST.get("template") if request.method == "POST" else request.GET.get("template")) or ""
    chosen = choose(facts, template=asked, duty=request.GET.get("duty", ""))
    problem = ""
    if asked and chosen is None:
        what = TEMPLATES[asked].title.lower() if asked in TEMPLATES else repr(asked)
        problem = (f"Template: the notice of {what} does not apply to this arrangement." if asked in TEMPLATES
                   else f"Template: {what} is not a notice Pathways writes.")
    form: NoticeForm | None = None
    if request.method == "POST" and not problem:
        form = NoticeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = do_notify_local_authority(
                    arrangement=arrangement, template=data["template"], method=data["method"],
                    subject=data["subject"], body=data["body"], actor=request.user, today=today, now=now)
            except ValidationError as error:
                apply_validation_error(form, error)
            except (smtplib.SMTPException, OSError) as error:
                form.add_error(None, f"The email could not be sent to {school.la_email} ({error}). Nothing has "
                                     "been recorded: try again later, or download the notice as a letter.")
            else:
                if notice.method == Method.EMAIL:
                    messages.success(request, f"The notice is sent to {notice.to} and recorded in the chronology.")
                else:
                    messages.success(request, "The notice is recorded in the chronology: download the letter, "
                                              "sign it and send it.")
                return redirect("la-notice", school.id, notice.id)
    elif chosen is not None:
        subject, body = compose(chosen, facts)
        form = NoticeForm(initial={"template": chosen.key, "subject": subject, "body": body, "method": "email"})
    if problem:
        form = None
    duties, cannot = _duties(arrangement, case, chosen)
    if request.method == "GET":
        record_read(request.user, "notices to the local authority", arrangement, school=school,
                    pupil=arrangement.pupil_id)
    return render(request, "notifications/notify.html", {
        "school": school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "offered": offered, "chosen": chosen, "problem": problem, "duties": duties, "cannot": cannot,
        "cannot_url": cannot.url(school.id, arrangement.id) if cannot is not None else "",
        "notices": list(arrangement.notices.select_related("sent_by").order_by("-sent_at")),
        "all_templates": list(TEMPLATES.values()),
        "is_leader": can(request.user, "manage_school_policy", school),
    }, status=400 if problem else form_status(form))


def _notice_for(user: Any, school_id: int, notice_id: int) -> Notice:
    school = school_with(user, school_id, "view_named_records")
    try:
        return Notice.objects.select_related("arrangement__pupil", "arrangement__school", "sent_by").get(
            id=notice_id, arrangement__school=school)
    except Notice.DoesNotExist:
        raise Http404("No such notice") from None


@login_required
@require_GET
def notice(request: HttpRequest, school_id: int, notice_id: int) -> HttpResponse:
    found = _notice_for(request.user, school_id, notice_id)
    record_read(request.user, "notice to the local authority", found, school=found.arrangement.school,
                pupil=found.arrangement.pupil_id)
    return render(request, "notifications/notice.html", {
        "school": found.arrangement.school, "notice": found, "arrangement": found.arrangement,
        "pupil": found.arrangement.pupil,
    })


@login_required
@require_GET
def notice_letter(request: HttpRequest, school_id: int, notice_id: int) -> HttpResponse:
    found = _notice_for(request.user, school_id, notice_id)
    school = found.arrangement.school
    record_read(request.user, "notice to the local authority (PDF letter)", found, school=school,
                pupil=found.arrangement.pupil_id)
    paragraphs = [p for p in found.body.split("\n\n") if p.strip()]
    filename = f"notice-{slugify(found.arrangement.pupil.full_name)}-{timezone.localtime(found.sent_at):%Y-%m-%d}.pdf"
    return pdf_response("notifications/letter.html", {
        "school": school, "notice": found, "paragraphs": paragraphs,
        "date": timezone.localtime(found.sent_at).date(),
    }, request, filename, inline=False)
