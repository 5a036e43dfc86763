"""The attendance officer's pages of the MIS write-back: the reconciliation of a day's marks with the one
action to resolve each, the connection, the review of the school's codes, a file route's download.
Thin: access (school_for, then the role matrix), one action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pathways.audit.record import record_read
from pathways.forms import apply_validation_error
from pathways.schools.permissions import can, school_with
from pathways.writeback import actions
from pathways.writeback.forms import ConnectionForm, DayForm
from pathways.writeback.models import CodeMapping, MisConnection, OutboxItem, Route

PERMISSION = "manage_mis_writeback"
Status = OutboxItem.Status
ORDER = (Status.DIFFERENT, Status.FAILED, Status.PENDING, Status.MATCHED, Status.KEPT)
HEADINGS = {
    Status.DIFFERENT: "Different in the MIS",
    Status.FAILED: "Not sent",
    Status.PENDING: "Waiting to be sent",
    Status.MATCHED: "In the MIS",
    Status.KEPT: "The MIS's mark kept",
}
ACTION_WORDS = {"overwrite": "Write ours to the MIS", "keep": "Keep the MIS's mark", "retry": "Try again",
                "send": "Send now"}


@login_required
@require_http_methods(["GET"])
def reconciliation(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, PERMISSION)
    form = DayForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("date"):
        day = form.cleaned_data["date"]
    items = list(OutboxItem.objects.filter(school=school, date=day).select_related("pupil")
                 .order_by("pupil__last_name", "pupil__first_name", "session"))
    groups = [{"status": s, "heading": HEADINGS[s], "items": [i for i in items if i.status == s],
               "actions": [(d, ACTION_WORDS[d]) for d in actions.DECISIONS.get(s, ())]} for s in ORDER]
    # Unresolved marks of other days, so nothing waits unseen
    elsewhere = (OutboxItem.objects.filter(school=school, status__in=(Status.DIFFERENT, Status.FAILED))
                 .exclude(date=day).values("date").annotate(n=Count("id")).order_by("-date")[:20])
    conn = MisConnection.objects.filter(school=school).first()
    record_read(request.user, "MIS reconciliation", school=school, label=f"{day:%d %b %Y}")
    return render(request, "writeback/reconciliation.html", {
        "school": school, "day": day, "groups": groups, "amendments": [i for i in items if i.amendment],
        "elsewhere": list(elsewhere), "connection": conn, "total": len(items),
        "file_route": conn is not None and conn.route != Route.WONDE,
        "waiting_in_file": OutboxItem.objects.filter(school=school, status=Status.PENDING).count()
        if conn is not None and conn.route != Route.WONDE else 0,
    })


@login_required
@require_POST
def resolve(request: HttpRequest, school_id: int, item_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, PERMISSION)
    if not OutboxItem.objects.filter(pk=item_id, school=school).exists():
        raise Http404
    decision = request.POST.get("decision", "")
    try:
        item = actions.do_resolve(school=school, item_id=item_id, decision=decision, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        item = OutboxItem.objects.get(pk=item_id)
    else:
        messages.success(request, f"{item.pupil}: {ACTION_WORDS.get(decision, decision).lower()}.")
    return redirect(f"{reverse('mis-reconciliation', args=[school.pk])}?date={item.date.isoformat()}")


@login_required
@require_http_methods(["GET", "POST"])
def connection(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, PERMISSION)
    conn = MisConnection.objects.filter(school=school).first()
    initial: dict[str, Any] = {"route": Route.CSV, "batch_size": 200}
    if conn is not None:
        initial = {"route": conn.route, "base_url": conn.base_url, "mis_school_id": conn.mis_school_id,
                   "batch_size": conn.batch_size}
    form = ConnectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_connection(school=school, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The MIS connection is saved.")
            return redirect("mis-connection", school.pk)
    return render(request, "writeback/connection.html", {
        "school": school, "form": form, "connection": conn, "has_token": bool(conn and conn.credentials)})


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, PERMISSION)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if request.POST.get("fetch"):
                count = actions.do_fetch_codes(school=school, actor=request.user)
                messages.success(request, f"{count} codes read from the MIS: review each below.")
            else:
                choices = {code: request.POST.get(f"code-{code}", "") for code, _m in actions.statutory_codes()
                           if f"code-{code}" in request.POST}
                actions.do_review_codes(school=school, choices=choices, actor=request.user)
                messages.success(request, "The codes are reviewed: marks with them are sent to the MIS.")
            return redirect("mis-codes", school.pk)
        except ValidationError as error:
            errors = {k: " ".join(v) for k, v in error.message_dict.items()}
    mapped = {m.code: m for m in CodeMapping.objects.filter(school=school).select_related("reviewed_by")}
    rows = [{"code": code, "meaning": meaning, "mapping": mapped.get(code),
             "chosen": request.POST.get(f"code-{code}") if request.method == "POST" else
             (mapped[code].mis_code_id if code in mapped else ""), "error": errors.get(f"code-{code}", "")}
            for code, meaning in actions.statutory_codes()]
    return render(request, "writeback/codes.html", {
        "school": school, "rows": rows, "mis_codes": actions.mis_codes(school), "errors": errors,
        "connection": MisConnection.objects.filter(school=school).first()})


@login_required
@require_POST
def download(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, PERMISSION)
    try:
        name, content_type, content = actions.do_download_marks(school=school, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mis-reconciliation", school.pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def day_link(school_id: int, day: dt.date) -> str:
    return f"{reverse('mis-reconciliation', args=[school_id])}?date={day.isoformat()}"


def day_summary(user: Any, school: Any, day: dt.date) -> dict[str, Any] | None:
    """For the register page: the day's marks on their way to the MIS, counted by state, with the link to
    the day's reconciliation; None for a user who does not manage the write-back."""
    if not can(user, PERMISSION, school):
        return None
    counts = dict(OutboxItem.objects.filter(school=school, date=day).values("status")
                  .annotate(n=Count("id")).values_list("status", "n"))
    return {"link": day_link(school.pk, day), "total": sum(counts.values()),
            "counts": [(HEADINGS[s][0].lower() + HEADINGS[s][1:], counts[s]) for s in ORDER if counts.get(s)],
            "to_resolve": counts.get(Status.DIFFERENT, 0) + counts.get(Status.FAILED, 0)}
