"""Provider register, provider page, due-diligence checks, the Annex C checklist and the trust's
providers. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from pathways.arrangements.models import CLOSED_STATUSES, Arrangement, timetable_in_force
from pathways.arrangements.vocabulary import sessions_at
from pathways.audit.versions import StaleVersion, version_of
from pathways.cases.registration import (
    active_on,
    describe_outlook,
    explain,
    outlooks_for,
    threshold_for,
    thresholds_for,
)
from pathways.forms import apply_validation_error, form_status, save_form
from pathways.providers import actions
from pathways.providers.access import planning_checklists_of, providers_of
from pathways.providers.checks import attention, check_states, counted_checks
from pathways.providers.forms import ChecklistForm, ProviderCheckForm, ProviderForm
from pathways.providers.models import Provider
from pathways.providers.planning import ACTIVITIES, remaining
from pathways.schools.access import access_for, school_for
from pathways.schools.models import School, Trust
from pathways.schools.permissions import require, school_with

# The checks recorded through their form, not the plain check form: the page of each.
FORMS = {"initial_visit": "provider-initial-visit", "provider_checklist": "provider-checklist"}


def _provider_at(user: Any, school_id: int, provider_id: int) -> tuple[School, Provider]:
    """The school in the URL and one of its providers; another trust's provider is a 404."""
    try:
        school = school_for(user, school_id)
        provider = providers_of(school).get(id=provider_id)
    except (Http404, Provider.DoesNotExist, ValueError):
        raise Http404("No such provider") from None
    require(user, "view_named_records", school)
    return school, provider


@login_required
def provider_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    today = dt.date.today()
    running = active_on(today, "arrangements__")
    providers = list(
        providers_of(school)
        .annotate(
            placements_here=Count("arrangements", filter=running & Q(arrangements__school=school), distinct=True),
            placements_all=Count("arrangements", filter=running, distinct=True),
        )
        .prefetch_related("checks")
        .order_by("name", "id")
    )
    thresholds = thresholds_for(providers, as_of=today)
    ahead = outlooks_for(providers, today=today, now=thresholds)
    rows = [
        {"provider": p, "threshold": thresholds[p.id], "attention": attention(p.checks.all(), today),
         "outlook": describe_outlook(ahead[p.id]) if p.id in ahead else "",
         "outlook_breach": p.id in ahead and ahead[p.id].threshold.breached}
        for p in providers
    ]
    return render(request, "providers/list.html", {
        "school": school, "rows": rows, "today": today,
        "lead_of_trust": school.trust_id is not None and school.trust_id in access_for(request.user).trust_ids,
    })


@login_required
@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_providers")
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = actions.do_create_provider(school=school, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{provider.name} added.")
            return redirect("provider-detail", school.id, provider.id)
    return render(request, "providers/form.html", {"school": school, "form": form, "provider": None},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    require(request.user, "manage_providers", school)
    form = ProviderForm(request.POST or None, instance=providers_of(school).get(id=provider.id))
    version = request.POST.get("version", "") if request.method == "POST" else version_of(provider)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_provider(provider=provider, school=school, actor=request.user,
                                       seen=request.POST.get("version"), **form.cleaned_data)
        except StaleVersion as stale:  # changed since the page was read: what was typed is kept
            form.add_error(None, stale.messages)
            version = stale.current
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect("provider-detail", school.id, provider.id)
    return render(request, "providers/form.html",
                  {"school": school, "form": form, "provider": provider, "version": version},
                  status=form_status(form))


def _placements_here(provider: Provider, school: School, today: dt.date) -> list[dict[str, Any]]:
    """This school's arrangements with the provider that have not ended, with the sessions a week there."""
    arrangements = (
        Arrangement.objects.filter(provider=provider, school=school)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(end__lt=today)
        .select_related("pupil")
        .prefetch_related("timetables")
        .order_by("pupil__last_name", "pupil__first_name", "start")
    )
    rows = []
    for a in arrangements:
        version = timetable_in_force(list(a.timetables.all()), today)
        rows.append({"arrangement": a, "sessions": sessions_at(version.slots if version else {}, "provider")})
    return rows


def _across_the_trust(threshold: Any, school: School, user: Any) -> list[dict[str, Any]]:
    """Per school of the trust: pupils placed now and how many full time; names only where the user may see."""
    if school.trust_id is None:
        return []
    visible = access_for(user).school_ids
    placed: dict[int, list[Any]] = defaultdict(list)
    for p in threshold.placed:
        placed[p.school_id].append(p)
    out = []
    for s in School.objects.filter(trust_id=school.trust_id).order_by("name"):
        pupils = placed.get(s.id, [])
        out.append({
            "school": s, "count": len(pupils),
            "full_time": sum(p.is_full_time(threshold.hours_per_week) for p in pupils),
            "pupils": pupils if s.id in visible else None, "is_ours": s.id == school.id,
        })
    return out


@login_required
def provider_detail(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    today = dt.date.today()
    checks = list(provider.checks.select_related("recorded_by").order_by("-date", "-id"))
    counted = set(provider.checks.filter(counted_checks()).values_list("id", flat=True))
    checklists = list(provider.checklists.select_related("completed_by"))
    printed = {c.check_record_id: c.id for c in checklists if c.check_record_id}
    for check in checks:
        check.counts = check.id in counted  # type: ignore[attr-defined]
        check.has_form = check.type in FORMS  # type: ignore[attr-defined]
        check.checklist_id = printed.get(check.id)  # type: ignore[attr-defined]
    threshold = threshold_for(provider, as_of=today)
    ahead = outlooks_for([provider], today=today, now={provider.id: threshold}).get(provider.id)
    return render(request, "providers/detail.html", {
        "school": school,
        "provider": provider,
        "today": today,
        "states": check_states([c for c in checks if c.id in counted], today),
        "history": checks,
        "threshold": threshold,
        "explanation": explain(threshold),
        "outlook": describe_outlook(ahead) if ahead else "",
        "placements": _placements_here(provider, school, today),
        "across": _across_the_trust(threshold, school, request.user),
        "checklists": checklists,
        **_planning(school, provider),
    })


def _planning(school: School, provider: Provider) -> dict[str, Any]:
    """The school's latest Annex D planning checklist for an online learning provider, and how many of
    its activities are completed."""
    if provider.kind != "online_learning":
        return {}
    latest = planning_checklists_of(school, provider).first()
    return {"planning": latest, "planning_done": len(ACTIVITIES) - len(remaining(latest.items)) if latest else 0}


@login_required
@require_http_methods(["GET", "POST"])
def provider_check_add(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    require(request.user, "manage_providers", school)
    wanted = request.GET.get("type", "")
    if request.method == "GET" and wanted in FORMS:  # these checks are recorded with their form
        return redirect(FORMS[wanted], school.id, provider.id)
    form = ProviderCheckForm(request.POST or None, initial={"type": wanted})
    if request.method == "POST" and form.is_valid():
        try:
            check = actions.do_record_provider_check(provider=provider, school=school, actor=request.user,
                                                     **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{check.get_type_display()} recorded for {provider.name}.")
            return redirect("provider-detail", school.id, provider.id)
    return render(request, "providers/check_form.html", {"school": school, "provider": provider, "form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def provider_checklist(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    school, provider = _provider_at(request.user, school_id, provider_id)
    require(request.user, "manage_providers", school)
    form = ChecklistForm(request.POST or None, initial={"completed_on": dt.date.today()})
    done, _ = save_form(
        request, form,
        lambda data: actions.do_complete_provider_checklist(
            provider=provider, school=school, actor=request.user, completed_on=data["completed_on"],
            review_by=data["review_by"], answers=form.answers(),
        ),
        message=f"Provider checklist for {provider.name} completed and recorded as a check.",
        to=lambda checklist: redirect("provider-checklist-detail", school.id, provider.id, checklist.id))
    if done:
        return done
    return render(request, "providers/checklist_form.html", {"school": school, "provider": provider, "form": form},
                  status=form_status(form))


@login_required
def trust_providers(request: HttpRequest, trust_id: int) -> HttpResponse:
    if trust_id not in access_for(request.user).trust_ids:
        raise Http404("No such trust")
    trust = get_object_or_404(Trust, id=trust_id)
    today = dt.date.today()
    schools = list(trust.schools.order_by("name"))
    providers = list(Provider.objects.filter(trust=trust).prefetch_related("checks").order_by("name", "id"))
    thresholds = thresholds_for(providers, as_of=today)
    ahead = outlooks_for(providers, today=today, now=thresholds)
    placements: dict[tuple[int, int], int] = {}
    for row in (
        Arrangement.objects.filter(provider__trust=trust).filter(active_on(today))
        .values("provider_id", "school_id").annotate(n=Count("id"))
    ):
        placements[(row["provider_id"], row["school_id"])] = row["n"]
    rows = [
        {
            "provider": p,
            "threshold": thresholds[p.id],
            "outlook": describe_outlook(ahead[p.id]) if p.id in ahead else "",
            "outlook_breach": p.id in ahead and ahead[p.id].threshold.breached,
            "per_school": [placements.get((p.id, s.id), 0) for s in schools],
            "total": sum(placements.get((p.id, s.id), 0) for s in schools),
            "attention": attention(p.checks.all(), today),
        }
        for p in providers
    ]
    return render(request, "providers/trust_list.html", {"trust": trust, "schools": schools, "rows": rows,
                                                         "today": today})
