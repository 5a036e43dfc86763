from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pathways.audit.describe import changes_in_words
from pathways.audit.models import AuditEvent
from pathways.schools.permissions import school_with


@login_required
def audit_trail(request: HttpRequest, school_id: int) -> HttpResponse:
    """The school's audit trail, newest first: for the headteacher and the DSL."""
    school = school_with(request.user, school_id, "view_audit_trail")
    events = AuditEvent.objects.filter(school=school).order_by("-at", "-id")
    # ?kind=change, read or sign_in: the changes, the records opened, the sign-ins; all three by default.
    kind = request.GET.get("kind", "")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    for event in page:  # each change in words: "Consent: no → yes", "Date: 6 Dec 2026"
        event.in_words = changes_in_words(event.changes)  # type: ignore[attr-defined]
    return render(request, "audit/trail.html", {
        "school": school, "page": page, "kind": kind, "kinds": AuditEvent.Kind.choices,
        "query": f"kind={kind}" if kind else "",
    })
