"""Annex D, the school's online learning planning checklist for a provider: the form (each save the
next version, the earlier ones kept) and a version printed as the seed's form (?format=pdf for its PDF).
Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion
from pathways.casework.providers.views import _provider_at
from pathways.forms import apply_validation_error, form_status
from pathways.pdf import pdf_response
from pathways.providers.access import planning_checklist_for, planning_checklists_of
from pathways.providers.actions_planning import do_complete_planning_checklist
from pathways.providers.forms_planning import PlanningChecklistForm, initial_from
from pathways.providers.models import PlanningChecklist, ProviderKind
from pathways.providers.planning import ACTIVITIES, CITED_BY, DONE_LABELS, NAME, SOURCE, remaining
from pathways.schools.permissions import require


def rows(checklist: PlanningChecklist | None) -> list[dict[str, Any]]:
    """Each activity with what the version says of it (nothing when there is no version yet)."""
    items = checklist.items if checklist else {}
    out = []
    for n, a in enumerate(ACTIVITIES, 1):
        given = items.get(a.key) or {}
        out.append({"number": n, "activity": a, "person": given.get("person", ""), "done": given.get("done", ""),
                    "done_label": DONE_LABELS.get(given.get("done", ""), ""), "note": given.get("note", "")})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def planning_checklist(request: HttpRequest, school_id: int, provider_id: int) -> HttpResponse:
    """The school's planning checklist for an online learning provider, filled in from its last version."""
    school, provider = _provider_at(request.user, school_id, provider_id)
    require(request.user, "manage_providers", school)
    context: dict[str, Any] = {"school": school, "provider": provider, "name": NAME, "source": SOURCE,
                               "cited_by": CITED_BY}
    if provider.kind != ProviderKind.ONLINE_LEARNING:
        return render(request, "providers/planning_form.html", {**context, "not_online": True})
    versions = list(planning_checklists_of(school, provider)[:10])
    latest = versions[0] if versions else None
    initial = {"completed_on": dt.date.today(), "seen": latest.version if latest else 0,
               **(initial_from(latest.items) if latest else {})}
    form = PlanningChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            checklist = do_complete_planning_checklist(
                provider=provider, school=school, actor=request.user, completed_on=form.cleaned_data["completed_on"],
                items=form.items(), seen=form.cleaned_data["seen"],
            )
        except StaleVersion as stale:  # saved by someone else since the page was read: what was typed is kept
            form.add_error(None, stale.messages)
            data = request.POST.copy()
            data["seen"] = stale.current  # saving again is then a deliberate choice to follow that version
            form.data = data
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            left = len(remaining(checklist.items))
            messages.success(request, f"Version {checklist.version} of the planning checklist for {provider.name} "
                                      f"is saved. " + (f"{left} of {len(ACTIVITIES)} activities still to complete."
                                                       if left else "Every activity is completed."))
            return redirect("provider-planning-print", school.id, checklist.id)
    context.update({"form": form, "latest": latest, "versions": versions,
                    "remaining": remaining(latest.items) if latest else list(ACTIVITIES)})
    return render(request, "providers/planning_form.html", context, status=form_status(form))


@login_required
def planning_checklist_print(request: HttpRequest, school_id: int, planning_id: int) -> HttpResponse:
    """A version of the planning checklist laid out as the seed's form; ?format=pdf for its PDF."""
    checklist = planning_checklist_for(request.user, school_id, planning_id)
    school, provider = checklist.school, checklist.provider
    pdf = request.GET.get("format") == "pdf"
    record_read(request.user, f"planning checklist{' (PDF)' if pdf else ''}", checklist, school=school,
                label=f"{provider.name}: {checklist}")
    latest = planning_checklists_of(school, provider).values_list("version", flat=True).first()
    context = {"school": school, "provider": provider, "checklist": checklist, "rows": rows(checklist),
               "remaining": remaining(checklist.items), "is_latest": latest == checklist.version,
               "name": NAME, "source": SOURCE, "cited_by": CITED_BY, "today": dt.date.today(),
               "printed_by": request.user, "pdf_link": f"{request.path}?format=pdf", "pdf": pdf}
    if pdf:
        name = f"planning-checklist-{slugify(provider.name)}-{checklist.completed_on:%Y-%m-%d}-v{checklist.version}"
        return pdf_response("providers/planning_print.html", context, request, f"{name}.pdf")
    return render(request, "providers/planning_print.html", context)
