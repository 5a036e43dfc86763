"""Correcting the record: editing an arrangement, withdrawing a draft, marking a chronology entry entered
in error. Thin: access, validate, one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.arrangements.access import arrangement_for, possible_leads
from pathways.arrangements.corrections import do_edit_arrangement, do_mark_event_in_error, do_withdraw_arrangement
from pathways.arrangements.forms_corrections import EditArrangementForm, InErrorForm, WithdrawForm
from pathways.arrangements.models import EnteredInError, Event, Status
from pathways.arrangements.vocabulary import in_sentence, label
from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion, version_of
from pathways.forms import apply_validation_error, form_status
from pathways.providers.access import providers_of
from pathways.schools.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_edit(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "plan_arrangements", arrangement.school)
    closed = arrangement.status in (Status.ENDED, Status.WITHDRAWN)
    form = EditArrangementForm(request.POST if request.method == "POST" else None, arrangement=arrangement,
                               providers=providers_of(arrangement.school),
                               staff=possible_leads(arrangement.school_id))
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    if request.method == "POST" and form.is_valid():
        try:
            changed = do_edit_arrangement(arrangement=arrangement, actor=request.user, seen=request.POST.get("version"),
                                          why=form.cleaned_data["change_reason"], **form.values())
        except StaleVersion as stale:  # changed since the page was read: what was typed is kept
            form.add_error(None, stale.messages)
            seen = stale.current
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            kept = getattr(changed, "marks_outside_dates", 0)
            note = (f" {kept} register session{'s' if kept != 1 else ''} already recorded outside the new dates "
                    f"{'are' if kept != 1 else 'is'} kept as recorded.") if kept else ""
            messages.success(request, f"The arrangement is changed. The register follows the new details.{note}")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    if request.method == "GET":
        record_read(request.user, "arrangement", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    return render(request, "arrangements/edit.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "version": seen, "closed": closed,
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_withdraw(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "plan_arrangements", arrangement.school)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            do_withdraw_arrangement(arrangement=arrangement, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The draft is withdrawn. It is kept for the record and no longer listed.")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    return render(request, "arrangements/withdraw.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "is_draft": arrangement.status == Status.DRAFT,
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def event_in_error(request: HttpRequest, school_id: int, arrangement_id: int, event_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    try:
        event = Event.objects.select_related("recorded_by").get(pk=event_id, arrangement=arrangement)
    except Event.DoesNotExist:
        raise Http404("No such entry") from None
    require(request.user, "record_events", arrangement.school)
    form = InErrorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            do_mark_event_in_error(event=event, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            what = in_sentence(event.type, event.arrangement.kind)
            messages.success(request, f"The {what} entry of {event.date:%-d %B %Y} is marked "
                                      "entered in error: it is kept, struck through, and the rules no longer count it.")
            return redirect("arrangement-chronology", arrangement.school_id, arrangement.id)
    if request.method == "GET":
        record_read(request.user, "chronology entry", event, school=arrangement.school, pupil=arrangement.pupil_id)
    return render(request, "arrangements/records/in_error.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "event": event, "event_type": label(event.type, event.arrangement.kind),
        "already": EnteredInError.objects.filter(event=event).exists(),
        "corrected": Event.objects.filter(supersedes=event).exists(),
    }, status=form_status(form))
