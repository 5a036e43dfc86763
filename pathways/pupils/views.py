"""Pupil list, page, create and edit. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.audit.models import AuditEvent
from pathways.audit.record import record_read
from pathways.audit.versions import version_of
from pathways.forms import form_status, save_form
from pathways.pupils import actions
from pathways.pupils.access import pupil_for, pupils_for
from pathways.pupils.ages import age_on, describe_compulsory_school_age
from pathways.pupils.forms import LegalHoldForm, PupilFilterForm, PupilForm
from pathways.pupils.queries import with_vulnerability
from pathways.schools.access import school_for
from pathways.schools.permissions import can, require, school_with

PAGE_SIZE = 50


@login_required
def pupil_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    pupils = with_vulnerability(pupils_for(request.user, school.id))
    form = PupilFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            words = data["q"].split()
            for word in words:
                pupils = pupils.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(upn__iexact=word)
                    | Q(former_upn__iexact=word)
                )
        if data["year_group"] is not None:
            pupils = pupils.filter(year_group=data["year_group"])
        if data["send"]:
            pupils = pupils.filter(send=data["send"])
        if data["vulnerability"]:
            pupils = pupils.filter(vulnerability_level=data["vulnerability"])  # type: ignore[misc]  # an annotation
    page = Paginator(pupils.order_by("last_name", "first_name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pupils/list.html",
        {
            "school": school,
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "query": query.urlencode(),
            "today": dt.date.today(),
        },
    )


@login_required
def pupil_detail(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    record_read(request.user, "pupil page", pupil, school=pupil.school, pupil=pupil)
    today = dt.date.today()
    return render(
        request,
        "pupils/detail.html",
        {
            "school": pupil.school,
            "pupil": pupil,
            "today": today,
            "age": age_on(pupil.date_of_birth, today),
            "year_group": pupil.year_group_on(today),
            "csa_text": describe_compulsory_school_age(pupil.date_of_birth, today),
            "arrangements": pupil.arrangements.select_related("provider").order_by("-start", "-id"),
            "legal_hold_form": LegalHoldForm() if can(request.user, "set_legal_hold", pupil.school_id) else None,
            "show_contacts": can(request.user, "view_pupil_contacts", pupil.school_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_pupils")
    form = PupilForm(request.POST or None)
    done, _ = save_form(request, form, lambda data: actions.do_create_pupil(school=school, actor=request.user, **data),
                        message=lambda pupil: f"{pupil.full_name} added.",
                        to=lambda pupil: redirect("pupil-detail", school.id, pupil.id))
    if done:
        return done
    return render(
        request, "pupils/form.html", {"school": school, "form": form, "pupil": None}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    pupil = pupil_for(request.user, school_id, pupil_id)
    school = pupil.school
    require(request.user, "manage_pupils", school)
    form = PupilForm(request.POST or None, instance=pupil_for(request.user, school_id, pupil_id))
    # The record as this page shows it, posted back (audit.versions); a save over a newer one is refused.
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(pupil)
    done, version = save_form(
        request, form,
        lambda data: actions.do_update_pupil(pupil=pupil, actor=request.user, seen=request.POST.get("version"), **data),
        message=lambda _: f"{pupil.full_name}'s record saved.",
        to=lambda _: redirect("pupil-detail", school.id, pupil.id), version=seen)
    if done:
        return done
    if request.method == "GET":
        record_read(request.user, "pupil details", pupil, school=school, pupil=pupil)
    return render(
        request,
        "pupils/form.html",
        {"school": school, "form": form, "pupil": pupil, "version": version},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_legal_hold(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    """Set or lift the legal hold on a pupil's records: the headteacher and the DSL only."""
    pupil = pupil_for(request.user, school_id, pupil_id)
    school = school_with(request.user, pupil.school_id, "set_legal_hold")
    form = LegalHoldForm(request.POST or None)
    hold = not pupil.legal_hold
    done, _ = save_form(
        request, form,
        lambda data: actions.do_set_legal_hold(pupil=pupil, hold=hold, reason=data["reason"], actor=request.user),
        message=f"{pupil.full_name}'s records are on legal hold: the retention schedule deletes none of them."
        if hold else f"The legal hold on {pupil.full_name}'s records is lifted.",
        to=lambda _: redirect("pupil-detail", school.id, pupil.id))
    if done:
        return done
    return render(request, "pupils/legal_hold.html", {"school": school, "pupil": pupil, "form": form},
                  status=form_status(form))


READS_PAGE_SIZE = 50


@login_required
def pupil_reads(request: HttpRequest, school_id: int, pupil_id: int) -> HttpResponse:
    """Who has opened this child's record (pages, records, reports, exports), newest first: the headteacher
    and the DSL only. Opening this page is not itself a reading of the child's record."""
    pupil = pupil_for(request.user, school_id, pupil_id)
    school = school_with(request.user, pupil.school_id, "view_audit_trail")
    reads = (AuditEvent.objects.filter(school=school, pupil_id=pupil.id, kind=AuditEvent.Kind.READ)
             .order_by("-at", "-id"))
    page = Paginator(reads, READS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pupils/reads.html", {"school": school, "pupil": pupil, "page": page})
