"""An arrangement's records: its usual week, its phased steps, the chronology (with corrections and
attachments) and case-file export and import. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from pathways.arrangements import actions
from pathways.arrangements.access import arrangement_for
from pathways.arrangements.forms_records import (
    DETAIL_LABELS,
    CaseFileImportForm,
    CorrectionForm,
    StepForm,
    TimetableForm,
    detail_value,
)
from pathways.arrangements.importing import do_import_case_file
from pathways.arrangements.models import (
    Arrangement,
    EnteredInError,
    Event,
    Status,
    TimetableVersion,
    timetable_in_force,
)
from pathways.arrangements.models_approvals import ApprovalRefusal
from pathways.arrangements.vocabulary import (
    SESSIONS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    WHERE_LABELS,
    hours_per_session,
    in_sentence,
    label,
    sessions_at,
    slot,
)
from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion, version_of
from pathways.cases.casefiles import export_case_file
from pathways.forms import apply_validation_error, form_status
from pathways.policy import CaseFileError
from pathways.schools.permissions import can, require, school_with


def who(user: Any) -> str:
    """Who recorded something, in words: an import or the demo has no person."""
    if user is None:
        return "an import or the system"
    return str(user.get_full_name() or user.username)


def hours_in_school(slots: dict[str, Any], on: dt.date) -> int:
    """Hours a week in school the usual week gives, each session counting the law's hours_per_session on `on`."""
    return sessions_at(slots or {}, "school") * hours_per_session(on)


def _week(slots: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(WEEKDAY_NAMES[d], [WHERE_LABELS[slot(slots or {}, d, s)] for s in SESSIONS]) for d in WEEKDAYS]


def _versions(arrangement: Arrangement) -> list[TimetableVersion]:
    return list(arrangement.timetables.select_related("recorded_by").order_by("effective_from"))


def _back_link(arrangement: Arrangement) -> str:
    """The arrangement page if it exists yet, else the chronology."""
    try:
        return reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id])
    except NoReverseMatch:
        return reverse("arrangement-chronology", args=[arrangement.school_id, arrangement.id])


def _context(request: HttpRequest, arrangement: Arrangement, **extra: Any) -> dict[str, Any]:
    return {
        "school": arrangement.school,
        "arrangement": arrangement,
        "pupil": arrangement.pupil,
        # A withdrawn draft is kept as it was: no link to record on it or correct it.
        "can_write": arrangement.status != Status.WITHDRAWN and can(request.user, "plan_arrangements",
                                                                     arrangement.school_id),
        "can_record": arrangement.status != Status.WITHDRAWN and can(request.user, "record_events",
                                                                      arrangement.school_id),
        "ended": arrangement.status == Status.ENDED,
        "back": _back_link(arrangement),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def timetable_edit(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    if request.method == "POST":
        require(request.user, "plan_arrangements", arrangement.school)
    today = dt.date.today()
    versions = _versions(arrangement)
    current = timetable_in_force(versions, today)
    form = TimetableForm(
        request.POST or None, arrangement=arrangement, slots=current.slots if current else {},
        initial={"effective_from": min(max(today, arrangement.start), arrangement.end or dt.date.max)},
    )
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.do_set_timetable(
                arrangement=arrangement, slots=form.slots(), effective_from=form.cleaned_data["effective_from"],
                actor=request.user, seen=request.POST.get("version"),
            )
        except StaleVersion as stale:  # changed since the page was read: the week typed is kept
            form.add_error(None, stale.messages)
            seen = stale.current
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Timetable saved from {version.effective_from:%-d %B %Y}: "
                f"{hours_in_school(version.slots, version.effective_from)} hours a week in school.",
            )
            return redirect("timetable-edit", arrangement.school_id, arrangement.id)
    history = [
        {
            "version": v,
            "by": who(v.recorded_by),
            "hours": hours_in_school(v.slots, v.effective_from),
            "week": _week(v.slots),
            "in_force": current is not None and v.pk == current.pk,
            "until": nxt.effective_from - dt.timedelta(days=1) if nxt else None,
        }
        for v, nxt in zip(versions, [*versions[1:], None], strict=True)
    ]
    return render(
        request,
        "arrangements/records/timetable.html",
        _context(
            request, arrangement, form=form, history=list(reversed(history)), version=seen,
            current_hours=hours_in_school(current.slots, current.effective_from) if current else None,
        ),
        status=form_status(form),
    )


def _step_rows(arrangement: Arrangement, versions: list[TimetableVersion]) -> list[dict[str, Any]]:
    """Each step beside the hours in school the timetable gives in its first week."""
    rows = []
    for step in arrangement.steps.order_by("from_date"):
        version = timetable_in_force(versions, step.from_date)
        given = Decimal(hours_in_school(version.slots, step.from_date)) if version else None
        rows.append({
            "step": step,
            "given": given,
            "short": given is not None and given < step.hours_in_school,
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def steps_edit(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    if request.method == "POST":
        require(request.user, "plan_arrangements", arrangement.school)
    form = StepForm(request.POST or None, arrangement=arrangement)
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    if request.method == "POST" and form.is_valid():
        try:
            step = actions.do_add_step(arrangement=arrangement, actor=request.user, seen=request.POST.get("version"),
                                       **form.cleaned_data)
        except StaleVersion as stale:  # changed since the page was read: the step typed is kept
            form.add_error(None, stale.messages)
            seen = stale.current
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"Step added: from {step.from_date:%-d %B %Y}, {step.hours_in_school:g} hours in school."
            )
            return redirect("steps-edit", arrangement.school_id, arrangement.id)
    versions = _versions(arrangement)
    current = timetable_in_force(versions, dt.date.today())
    return render(
        request,
        "arrangements/records/steps.html",
        _context(
            request, arrangement, form=form, rows=_step_rows(arrangement, versions), version=seen,
            current_hours=hours_in_school(current.slots, current.effective_from) if current else None,
        ),
        status=form_status(form),
    )


def _in_error(event: Event) -> EnteredInError | None:
    """The event's "entered in error" mark, read with the event (select_related), or None."""
    try:
        return event.entered_in_error
    except EnteredInError.DoesNotExist:
        return None


def _chronology(arrangement: Arrangement) -> list[dict[str, Any]]:
    """Every entry, corrected ones too, in date order; each with the entry that corrects it. One query."""
    events = list(
        Event.objects.filter(arrangement=arrangement)
        .select_related("arrangement", "recorded_by", "entered_in_error__recorded_by").order_by("date", "id")
    )
    by_id = {e.pk: e for e in events}
    corrected_by = {e.supersedes_id: e for e in events if e.supersedes_id}
    return [
        {
            "event": e,
            "type": label(e.type, arrangement.kind),
            "by": who(e.recorded_by),
            "details": [(DETAIL_LABELS.get(k, label(k)), detail_value(k, v)) for k, v in e.fields.items()],
            "corrected_by": corrected_by.get(e.pk),
            "corrected_by_who": who(corrected_by[e.pk].recorded_by) if e.pk in corrected_by else "",
            "corrects": by_id.get(e.supersedes_id) if e.supersedes_id else None,
            "attachment_name": os.path.basename(e.attachment.name) if e.attachment else "",
            "in_error": _in_error(e),
            "in_error_who": who(e.entered_in_error.recorded_by) if _in_error(e) else "",
        }
        for e in events
    ]


@login_required
@require_GET
def chronology(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    record_read(request.user, "chronology", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    entries = _chronology(arrangement)
    return render(
        request,
        "arrangements/records/chronology.html",
        _context(
            request, arrangement, entries=entries, today=dt.date.today(),
            current_count=sum(1 for x in entries if x["corrected_by"] is None and x["in_error"] is None),
            # Refusals of approval, with their reasons, kept beside the entries (arrangements.models_approvals).
            refusals=list(ApprovalRefusal.objects.filter(arrangement=arrangement).select_related("refused_by")),
        ),
    )


def _event_for(arrangement: Arrangement, event_id: int) -> Event:
    try:
        return Event.objects.select_related("recorded_by").get(pk=event_id, arrangement=arrangement)
    except Event.DoesNotExist:
        raise Http404("No such entry") from None


@login_required
@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, school_id: int, arrangement_id: int, event_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    event = _event_for(arrangement, event_id)
    require(request.user, "record_events", arrangement.school)
    form = CorrectionForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_correct_event(
                event=event, actor=request.user, reason=data["reason"], date=data["date"], type=data["type"],
                fields=data["fields"], note=data["note"], attachment=data.get("attachment") or None,
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            what = in_sentence(event.type, arrangement.kind)
            messages.success(request, f"The {what} entry of {event.date:%-d %B %Y} is corrected.")
            return redirect("arrangement-chronology", arrangement.school_id, arrangement.id)
    if request.method == "GET":
        record_read(request.user, "chronology entry", event, school=arrangement.school, pupil=arrangement.pupil_id)
    return render(
        request,
        "arrangements/records/correct.html",
        _context(request, arrangement, form=form, event=event, event_type=label(event.type, arrangement.kind),
                 already_corrected=Event.objects.filter(supersedes=event).exists()),
        status=form_status(form),
    )


@login_required
@require_GET
def event_attachment(request: HttpRequest, school_id: int, arrangement_id: int, event_id: int) -> FileResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    event = _event_for(arrangement, event_id)
    if not event.attachment:
        raise Http404("This entry has no attachment")
    try:
        handle = event.attachment.open("rb")
    except FileNotFoundError:
        raise Http404("The attachment's file is missing") from None
    record_read(request.user, "attachment", event, school=arrangement.school, pupil=arrangement.pupil_id,
                label=f"{os.path.basename(event.attachment.name)} ({arrangement})")
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(event.attachment.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_filename(arrangement: Arrangement, day: dt.date) -> str:
    last = slugify(arrangement.pupil.last_name) or "pupil"
    return f"{last}-{arrangement.kind.replace('_', '-')}-{day.isoformat()}.yaml"


@login_required
@require_GET
def arrangement_export(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    today = dt.date.today()
    record_read(request.user, "case-file export", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    response = HttpResponse(export_case_file(arrangement, as_of=today), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(arrangement, today)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_file_import(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "import_case_files")
    form = CaseFileImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            arrangement = do_import_case_file(
                text=form.cleaned_data["case_file"], school=school, actor=request.user
            )
        except CaseFileError as error:
            problems = error.errors
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request,
                f"Imported: {arrangement.get_kind_display().lower()} for {arrangement.pupil.full_name} "
                f"from {arrangement.start:%-d %B %Y}.",
            )
            return redirect(_back_link(arrangement))
    return render(
        request,
        "arrangements/records/import.html",
        {"school": school, "form": form, "problems": problems},
        status=400 if (form.errors or problems) else 200,
    )
