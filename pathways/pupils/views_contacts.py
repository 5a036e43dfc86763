"""The pupil's contacts and social worker, edited on a page: add, change, reorder and remove contacts, set
their restrictions; one save, one action (pupils.contact_actions), refused when the record changed since."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion, version_of
from pathways.pupils.access import pupil_for
from pathways.pupils.contact_actions import CONTACT_EDIT_FIELDS, SOCIAL_WORKER_FIELDS, do_save_contacts
from pathways.pupils.forms_contacts import ContactFormSet, SocialWorkerForm
from pathways.pupils.models import PupilContact
from pathways.schools.permissions import require


def _initial(pupil: Any) -> list[dict[str, Any]]:
    return [{"id": c.pk, "order": c.priority, **{f: getattr(c, f) for f in CONTACT_EDIT_FIELDS}}
            for c in PupilContact.objects.filter(pupil=pupil).order_by("priority", "id")]


def _in_order(formset: Any) -> list[dict[str, Any]]:
    """The contacts to keep, in the order given (a contact with no number after those with one, as listed)."""
    rows = []
    for position, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("remove"):
            continue
        rows.append((data.get("order") or 100 + position, position,
                     {"id": data.get("id"), **{f: data.get(f) or ("" if f not in (
                         "parental_responsibility", "lives_with_pupil") else False) for f in CONTACT_EDIT_FIELDS}}))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


@login_required
@require_http_methods(["GET", "POST"])
def pupil_contacts_edit(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    school = pupil.school
    require(request.user, "manage_pupils", school)
    data = request.POST if request.method == "POST" else None
    formset = ContactFormSet(data, initial=_initial(pupil), prefix="contact")
    sw_form = SocialWorkerForm(data, instance=pupil_for(request.user, school_id, pupil_id), prefix="sw")
    version = request.POST.get("version", "") if request.method == "POST" else version_of(pupil)
    problem = ""
    if request.method == "POST" and formset.is_valid() and sw_form.is_valid():
        try:
            do_save_contacts(pupil=pupil, contacts=_in_order(formset), actor=request.user, seen=version,
                             social_worker={f: sw_form.cleaned_data[f] for f in SOCIAL_WORKER_FIELDS})
        except StaleVersion as stale:  # changed since the page was read: what was typed is kept, to save again
            problem, version = " ".join(stale.messages), stale.current
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"{pupil.full_name}'s contacts and social worker are saved.")
            return redirect("pupil-detail", school.id, pupil.id)
    if request.method == "GET":
        record_read(request.user, "pupil contacts", pupil, school=school, pupil=pupil)
    invalid = request.method == "POST" and (problem or not formset.is_valid() or not sw_form.is_valid())
    return render(request, "pupils/contacts_edit.html", {
        "school": school, "pupil": pupil, "formset": formset, "sw_form": sw_form, "version": version,
        "problem": problem, "has_errors": bool(invalid),  # the base template's "Error:" in the title
    }, status=400 if invalid else 200)
