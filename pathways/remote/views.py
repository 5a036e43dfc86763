"""The school's remote education offer (002): the page, its history, the edit form, the public page and PDF
for parents. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pathways.forms import apply_validation_error, form_status
from pathways.pdf import pdf_response
from pathways.policy import parameters
from pathways.policy.errors import ParameterError
from pathways.remote import actions
from pathways.remote.forms import OfferForm
from pathways.remote.models import KEY_STAGES, RemoteOffer, RemoteOfferLink, offer_on
from pathways.schools.models import School, User
from pathways.schools.permissions import allowed, school_with

STAGE_NAMES = {"ks1": "Key Stage 1", "ks2": "Key Stage 2", "ks3": "Key Stage 3", "ks4": "Key Stage 4"}


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def hours_against_minimum(school: School, offer: RemoteOffer | None, day: dt.date) -> list[dict[str, Any]]:
    """Each key stage: the school's hours, the minimum in force on `day` (the school's setting where it
    has one) and its source, and whether the offer falls short."""
    settings = school.policy_settings or {}
    try:
        minimum = parameters.get("remote_minimum_hours", day, settings)
        source = parameters.source("remote_minimum_hours", day, settings)
    except ParameterError:
        minimum, source = {}, ""
    rows = []
    for ks in KEY_STAGES:
        given = getattr(offer, f"hours_{ks}") if offer is not None else None
        need = minimum.get(ks)
        rows.append({"stage": STAGE_NAMES[ks], "hours": given, "minimum": need, "source": source,
                     "short": given is not None and need is not None and Decimal(given) < Decimal(str(need))})
    return rows


def _staff(school: School) -> Any:
    return User.objects.filter(staff_roles__school=school, is_active=True).distinct().order_by(
        "last_name", "first_name")


def _offer_context(school: School, day: dt.date) -> dict[str, Any]:
    offer = offer_on(school, day)
    return {"school": school, "offer": offer, "day": day, "hours": hours_against_minimum(school, offer, day)}


@login_required
def remote_offer(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_school")
    day = _day(request)
    link = RemoteOfferLink.objects.filter(school=school).first()
    history = list(RemoteOffer.objects.filter(school=school).select_related("created_by").order_by("-id")[:50])
    return render(request, "remote/offer.html", {
        **_offer_context(school, day), "history": history, "link": link, "today": timezone.localdate(),
        "can_manage": "manage_remote_education" in allowed(request.user, school),
        "can_see_named": "view_named_records" in allowed(request.user, school),
        "public_url": request.build_absolute_uri(f"/remote-education/{link.token}/") if link else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def remote_offer_edit(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_remote_education")
    current = actions.latest_offer(school)
    initial: dict[str, Any] = {"effective_from": timezone.localdate()}
    if current is not None:
        initial.update({name: getattr(current, name) for name in actions.OFFER_FIELDS if name != "effective_from"})
        initial["lead"] = current.lead_id
    form = OfferForm(request.POST or None, initial=initial, staff=_staff(school))
    seen = request.POST.get("seen") if request.method == "POST" else (str(current.pk) if current else "")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead = data.pop("lead")
        data["lead_name"] = lead.get_full_name() or lead.get_username()
        try:
            actions.do_change_remote_offer(school=school, actor=request.user, values=data, lead=lead,
                                           seen=int(seen) if seen and seen.isdigit() else None)
        except ValidationError as error:
            apply_validation_error(form, error)
            latest = actions.latest_offer(school)
            seen = str(latest.pk) if latest else ""
        else:
            messages.success(request, "The remote education offer is saved.")
            return redirect("remote-offer", school.id)
    return render(request, "remote/offer_edit.html", {"school": school, "form": form, "seen": seen},
                  status=form_status(form))


@login_required
@require_POST
def remote_offer_publish(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_remote_education")
    actions.do_publish_remote_offer(school=school, actor=request.user, new_link="new_link" in request.POST)
    messages.success(request, "The page for parents has its link: put it on the school's website.")
    return redirect("remote-offer", school.id)


@login_required
def remote_offer_pdf(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_school")
    day = _day(request)
    return pdf_response("remote/offer_public.html", _offer_context(school, day), request,
                        f"remote-education-{day:%Y-%m-%d}.pdf")


def _public_school(token: str) -> School:
    link = RemoteOfferLink.objects.select_related("school").filter(token=token).first()
    if link is None or len(token) < 20:
        raise Http404("No such page")
    return link.school


def remote_offer_public(request: HttpRequest, token: str) -> HttpResponse:
    """The offer in force today, for parents: no sign-in, the unguessable link is the guard."""
    school = _public_school(token)
    return render(request, "remote/offer_public.html", {**_offer_context(school, timezone.localdate()),
                                                        "token": token, "public": True})


def remote_offer_public_pdf(request: HttpRequest, token: str) -> HttpResponse:
    school = _public_school(token)
    day = timezone.localdate()
    return pdf_response("remote/offer_public.html", _offer_context(school, day), request,
                        "remote-education.pdf")
