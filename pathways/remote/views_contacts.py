"""A pupil's contact log: every contact with the family (the log's own and the chronologies' welfare checks
and visits), and the form that adds one. Works without JavaScript: the form posts to the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.audit.record import record_read
from pathways.forms import form_status, save_form
from pathways.pupils.access import pupil_for
from pathways.remote.contacts import contact_log, do_record_contact
from pathways.remote.forms_contacts import ContactForm
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
        "school": school, "pupil": pupil, "entries": entries, "form": form,
        "can_see_week": "view_dsl_week" in allowed(request.user, school),
    }, status=form_status(form))
