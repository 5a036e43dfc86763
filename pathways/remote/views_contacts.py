"""A pupil's contact log: every contact with the family (the log's own and the chronologies' welfare checks
and visits), and the form that adds one; and the page that records senior leaders told of a home visit
already logged. Works without JavaScript: each form posts to its page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.arrangements.corrections import do_record_visit_slt_told
from pathways.arrangements.models import Event
from pathways.audit.record import record_read
from pathways.audit.versions import version_of
from pathways.forms import form_status, save_form
from pathways.pupils.access import pupil_for
from pathways.remote.contacts import contact_log, do_record_contact, do_record_slt_told
from pathways.remote.forms_contacts import ContactForm, SltToldForm
from pathways.remote.models_contacts import Channel, FamilyContact
from pathways.schools.permissions import allowed, require


@login_required
@require_http_methods(["GET", "POST"])
def pupil_contact_log(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)  # 404 outside the user's schools; 403 without names
    school = pupil.school
    can_record = "record_events" in allowed(request.user, school)
    now = timezone.localtime()
    form = None
    if can_record or request.method == "POST":
        require(request.user, "record_events", school)
        name = request.user.get_full_name() or request.user.get_username()  # type: ignore[union-attr]
        initial = {"day": now.date(), "time": now.strftime("%H:%M"), "staff_name": name}
        form = contact_form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
        done, _ = save_form(
            request, contact_form,
            lambda _: do_record_contact(school=school, pupil=pupil, actor=request.user, **contact_form.contact()),
            message="The contact is in the log.", to=lambda _: redirect("pupil-contact-log", school.id, pupil.id))
        if done:
            return done
    entries = contact_log(pupil)
    if request.method == "GET":
        record_read(request.user, "contact log", pupil, school=school, pupil=pupil)
    return render(request, "remote/contact_log.html", {
        "school": school, "pupil": pupil, "entries": entries, "form": form, "can_record": can_record,
        "waiting": [e for e in entries if e.waiting_for_slt],
        "can_see_week": "view_dsl_week" in allowed(request.user, school),
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def contact_slt_told(request: HttpRequest, school_id: int, pupil_id: int, contact_id: int) -> HttpResponse:
    """Senior leaders told of a home visit of the log that has no date for it (the visit, not a new one)."""
    pupil = pupil_for(request.user, school_id, pupil_id)  # 404 outside the user's schools; 403 without names
    school = pupil.school
    require(request.user, "record_events", school)
    visit = get_object_or_404(FamilyContact, pk=contact_id, pupil=pupil, channel=Channel.HOME_VISIT)
    to_log = redirect("pupil-contact-log", school.id, pupil.id)
    if request.method == "GET" and visit.slt_informed:
        messages.info(request, f"Senior leaders were already told of the home visit of "
                               f"{timezone.localtime(visit.happened_at):%-d %B %Y}"
                               + (f", on {visit.slt_informed_on:%-d %B %Y}." if visit.slt_informed_on else "."))
        return to_log
    form = SltToldForm(request.POST if request.method == "POST" else None,
                       initial={"slt_informed_on": timezone.localdate()})
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(visit)
    done, seen = save_form(
        request, form,
        lambda data: do_record_slt_told(school=school, contact=visit, actor=request.user,
                                        slt_informed_on=data["slt_informed_on"], who_was_told=data["who_was_told"],
                                        seen=request.POST.get("version")),
        message=lambda v: f"Saved: senior leaders were told of the home visit of "
                          f"{timezone.localtime(v.happened_at):%-d %B %Y} on {v.slt_informed_on:%-d %B %Y}.",
        to=lambda _: to_log, version=seen)
    if done:
        return done
    if request.method == "GET":
        record_read(request.user, "home visit in the contact log", visit, school=school, pupil=pupil)
    return render(request, "remote/contact_slt_told.html", {
        "school": school, "pupil": pupil, "visited": timezone.localtime(visit.happened_at),
        "staff_name": visit.staff_name, "with_whom": visit.with_whom, "form": form, "version": seen,
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def visit_slt_told(request: HttpRequest, school_id: int, pupil_id: int, visit_id: int) -> HttpResponse:
    """Senior leaders told of a home visit of a chronology that does not say so: the entry corrected to carry
    the day (`do_record_visit_slt_told`), not a second visit."""
    pupil = pupil_for(request.user, school_id, pupil_id)  # 404 outside the user's schools; 403 without names
    school = pupil.school
    require(request.user, "record_events", school)
    visit = get_object_or_404(Event.current.select_related("arrangement", "recorded_by"), pk=visit_id,
                              arrangement__pupil=pupil, type="welfare_check", fields__kind="home_visit")
    to_log = redirect("pupil-contact-log", school.id, pupil.id)
    told = (visit.fields or {}).get("slt_informed")
    if request.method == "GET" and told:
        messages.info(request, f"Senior leaders were already told of the home visit of {visit.date:%-d %B %Y}, "
                               f"on {dt.date.fromisoformat(told):%-d %B %Y}.")
        return to_log
    form = SltToldForm(request.POST if request.method == "POST" else None,
                       initial={"slt_informed_on": timezone.localdate()})
    done, _ = save_form(
        request, form,
        lambda data: do_record_visit_slt_told(event=visit, actor=request.user, on=data["slt_informed_on"],
                                              who_was_told=data["who_was_told"], today=timezone.localdate()),
        message=lambda _: f"Saved: senior leaders were told of the home visit of {visit.date:%-d %B %Y} on "
                          f"{form.cleaned_data['slt_informed_on']:%-d %B %Y}. The visit in the chronology says so.",
        to=lambda _: to_log)
    if done:
        return done
    if request.method == "GET":
        record_read(request.user, "home visit in the chronology", visit, school=school, pupil=pupil)
    by = visit.recorded_by.get_full_name() if visit.recorded_by else ""
    return render(request, "remote/contact_slt_told.html", {
        "school": school, "pupil": pupil, "visited": visit.date, "staff_name": by,
        "with_whom": f"Chronology: {visit.arrangement.get_kind_display().lower()}", "form": form, "version": "",
    }, status=form_status(form))
