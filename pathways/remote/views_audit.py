"""The planning and audit tool of 002 Appendix A: the school's dated audits, a new one (started from the
last), and an audit printed as the appendix lays it out, with the previous audit beside it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.forms import apply_validation_error
from pathways.remote import actions
from pathways.remote.expectations import COLUMNS, tool
from pathways.remote.forms import AuditDateForm, RatingForm
from pathways.remote.models import AuditRating, RemoteAudit
from pathways.schools.permissions import allowed, school_with


def _ratings(audit: RemoteAudit | None) -> dict[str, AuditRating]:
    return {r.expectation: r for r in audit.ratings.all()} if audit is not None else {}


@login_required
def remote_audit_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_school")
    audits = list(RemoteAudit.objects.filter(school=school).select_related("created_by").order_by("-rated_on", "-id"))
    counts = {a.pk: {"red": 0, "amber": 0, "green": 0} for a in audits}
    for audit_id, rating in AuditRating.objects.filter(audit__school=school).values_list("audit_id", "rating"):
        counts[audit_id][rating] += 1
    return render(request, "remote/audit_list.html", {
        "school": school, "audits": [(a, counts[a.pk]) for a in audits], "source": tool().source,
        "can_manage": "manage_remote_education" in allowed(request.user, school),
    })


@login_required
@require_http_methods(["GET", "POST"])
def remote_audit_new(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_remote_education")
    previous = RemoteAudit.objects.filter(school=school).order_by("-rated_on", "-id").first()
    before = _ratings(previous)
    data = request.POST if request.method == "POST" else None
    date_form = AuditDateForm(data, initial={"rated_on": timezone.localdate()})
    sections = []
    forms: dict[str, RatingForm] = {}
    for section in tool().sections:
        rows = []
        for e in section.items:
            old = before.get(e.key)
            initial = {f: getattr(old, f) for f in actions.RATING_FIELDS} if old else {}
            form = RatingForm(data, prefix=e.key, initial=initial)
            if "impact" not in section.columns:
                del form.fields["impact"]
            forms[e.key] = form
            rows.append({"expectation": e, "form": form, "previous": old})
        sections.append({"section": section, "rows": rows})
    if data is not None:
        checked = [f.is_valid() for f in forms.values()]  # every form, so that each shows its errors
        valid = date_form.is_valid() and all(checked)
        if valid:
            try:
                audit = actions.do_record_remote_audit(
                    school=school, actor=request.user, rated_on=date_form.cleaned_data["rated_on"],
                    ratings={k: f.cleaned_data for k, f in forms.items()})
            except ValidationError as error:
                apply_validation_error(date_form, error)
            else:
                messages.success(request, "The audit is saved.")
                return redirect("remote-audit-detail", school.id, audit.id)
    errors = bool(date_form.errors) or any(f.errors for f in forms.values())
    return render(request, "remote/audit_new.html", {
        "school": school, "form": date_form, "sections": sections, "previous": previous, "has_errors": errors,
        "source": tool().source,
    }, status=400 if errors else 200)


@login_required
def remote_audit_detail(request: HttpRequest, school_id: int, audit_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_school")
    audit = RemoteAudit.objects.filter(school=school, pk=audit_id).select_related("created_by").first()
    if audit is None:
        raise Http404("No such audit")
    earlier = Q(rated_on__lt=audit.rated_on) | Q(rated_on=audit.rated_on, pk__lt=audit.pk)
    previous = RemoteAudit.objects.filter(school=school).filter(earlier).order_by("-rated_on", "-id").first()
    now, before = _ratings(audit), _ratings(previous)
    sections: list[dict[str, Any]] = []
    for section in tool().sections:
        sections.append({"section": section, "columns": [(c, COLUMNS[c]) for c in section.columns], "rows": [
            {"expectation": e, "rating": now.get(e.key), "previous": before.get(e.key)} for e in section.items]})
    return render(request, "remote/audit_detail.html", {
        "school": school, "audit": audit, "previous": previous, "sections": sections, "source": tool().source,
    })
