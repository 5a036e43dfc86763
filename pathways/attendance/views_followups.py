"""Absence follow-ups: the school's open ones, overdue first, and recording the welfare check that
answers one. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.attendance.followups import CHECK_KINDS, can_follow_up, do_record_follow_up_check
from pathways.attendance.models import SESSION_LABELS, WHERE_LABELS, FollowUp
from pathways.audit.record import record_read
from pathways.forms import GovukFormMixin, apply_validation_error
from pathways.schools.permissions import require, school_with


class WelfareCheckForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="How was the pupil seen or spoken to?", choices=list(CHECK_KINDS.items()), widget=forms.RadioSelect,
        error_messages={"required": "Choose how the pupil was seen or spoken to."},
    )
    date = forms.DateField(label="Date of the welfare check", widget=forms.DateInput(
        attrs={"class": "govuk-input govuk-input--width-10", "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the welfare check.", "invalid": "Enter a real date."})
    note = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                           max_length=2000, help_text="Who you spoke to or saw, and anything that worries you.")


def _follow_up(school_id: int, follow_up_id: int) -> FollowUp:
    try:
        return FollowUp.objects.select_related(
            "pupil", "arrangement__provider", "mark", "done_by",
        ).get(pk=follow_up_id, school_id=school_id)
    except FollowUp.DoesNotExist:
        raise Http404("No such follow-up") from None


def _describe(f: FollowUp, today: dt.date) -> dict[str, Any]:
    where = f.mark.expected
    provider = f.arrangement.provider
    place = provider.name if where == "provider" and provider is not None else WHERE_LABELS.get(where, where)
    return {
        "f": f, "overdue": f.overdue(today), "due_today": f.status == FollowUp.Status.OPEN and f.due == today,
        "session": SESSION_LABELS[f.mark.session].lower(), "place": place,
        "reason": f.mark.get_absence_reason_display() if f.mark.absence_reason else "No reason given",
        "done_kind": CHECK_KINDS.get(f.done_by.fields.get("kind", ""), "") if f.done_by is not None else "",
    }


@login_required
def followup_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    today = timezone.localdate()
    # Ordered by the day each is due: the overdue ones come first.
    open_ones = FollowUp.objects.filter(school=school, status=FollowUp.Status.OPEN).select_related(
        "pupil", "arrangement__provider", "mark",
    ).order_by("due", "pupil__last_name", "pupil__first_name", "id")
    items = [_describe(f, today) for f in open_ones]
    return render(request, "attendance/followups/list.html", {
        "school": school, "items": items, "today": today, "can_act": can_follow_up(request.user, school),
        "overdue": sum(1 for i in items if i["overdue"]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def followup_check(request: HttpRequest, school_id: int, followup_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    follow_up = _follow_up(school.id, followup_id)
    allowed = can_follow_up(request.user, school)
    if request.method == "POST":
        require(request.user, "record_welfare_checks", school)
    today = timezone.localdate()
    form = WelfareCheckForm(request.POST or None, initial={"kind": follow_up.kind, "date": today})
    if request.method == "POST" and follow_up.status == FollowUp.Status.OPEN and form.is_valid():
        try:
            outcome = do_record_follow_up_check(
                follow_up=follow_up, kind=form.cleaned_data["kind"], date=form.cleaned_data["date"],
                note=form.cleaned_data["note"].strip(), actor=request.user, today=today,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            (messages.success if outcome.closed else messages.warning)(request, outcome.message)
            return redirect("followup-list", school.id) if outcome.closed else redirect(request.path)
    if request.method == "GET":
        record_read(request.user, "absence follow-up", follow_up, school=school, pupil=follow_up.pupil_id)
    return render(request, "attendance/followups/check.html", {
        "school": school, "item": _describe(follow_up, today), "form": form, "can_act": allowed,
        "kinds": FollowUp.Kind,
    })
