"""A pupil's contact log: every contact with the family (the log's own and the chronologies' welfare checks
and visits), and the form that adds one; and the page that records senior leaders told of a home visit
already logged. Works without JavaScript: each form posts to its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

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
        "waiting_in_chronology": [e for e in entries if e.home_visit and e.contact_id is None],
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
        "school": school, "pupil": pupil, "visit": visit, "visited": timezone.localtime(visit.happened_at),
        "form": form, "version": seen,
    }, status=form_status(form))
