"""The register of live lessons and recordings: the list (with each recording's deletion date), a new
session, a recording's file, and deleting a recording now."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.audit.record import record_read
from pathways.forms import form_status, save_form
from pathways.pupils.models import Pupil
from pathways.remote.forms_sessions import LiveSessionForm
from pathways.remote.models_sessions import LiveSession
from pathways.remote.sessions import (
    RETENTION,
    do_delete_recording,
    do_record_live_session,
    retention_days,
    retention_source,
)
from pathways.schools.permissions import allowed, school_with


@login_required
@require_GET
def remote_sessions(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    today = timezone.localdate()
    sessions = list(LiveSession.objects.filter(school=school).prefetch_related("pupils").order_by("-held_on", "-id"))
    record_read(request.user, "live lessons and recordings register", None, school=school)
    return render(request, "remote/sessions.html", {
        "school": school, "sessions": sessions, "today": today,
        "overdue": [s for s in sessions if s.keeps_recording and s.delete_by and s.delete_by < today],
        "days": retention_days(school, today), "days_source": retention_source(school, today), "parameter": RETENTION,
        "can_record": "record_events" in allowed(request.user, school),
    })


@login_required
@require_http_methods(["GET", "POST"])
def remote_session_new(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "record_events")
    pupils = Pupil.objects.filter(school=school, left_on__isnull=True).order_by("last_name", "first_name")
    form = LiveSessionForm(request.POST or None, request.FILES or None,
                           initial={"held_on": timezone.localdate()}, pupils=pupils)
    done, _ = save_form(request, form, lambda data: do_record_live_session(school=school, actor=request.user, **data),
                        message="The session is on the register.", to=lambda _: redirect("remote-sessions", school.id))
    if done:
        return done
    return render(request, "remote/session_new.html", {"school": school, "form": form}, status=form_status(form))


def _session(school_id: int, session_id: int) -> LiveSession:
    return get_object_or_404(LiveSession, pk=session_id, school_id=school_id)


@login_required
@require_GET
def remote_session_recording(request: HttpRequest, school_id: int, session_id: int) -> FileResponse:
    school = school_with(request.user, school_id, "view_named_records")
    session = _session(school.id, session_id)
    if not session.recording:
        raise Http404("No recording is kept for this session")
    try:
        handle = session.recording.open("rb")
    except FileNotFoundError:
        raise Http404("The recording's file is missing") from None
    name = os.path.basename(session.recording.name)
    record_read(request.user, "recording of a live session", session, school=school, label=name)
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def remote_session_delete_recording(request: HttpRequest, school_id: int, session_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "record_events")
    session = _session(school.id, session_id)
    do_delete_recording(school=school, actor=request.user, session=session, today=timezone.localdate())
    messages.success(request, f"The recording of {session.held_on:%-d %B %Y} is deleted.")
    return redirect("remote-sessions", school.id)
