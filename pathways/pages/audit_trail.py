from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pathways.audit.models import AuditEvent
from pathways.schools.access import school_for_leaders


@login_required
def audit_trail(request: HttpRequest, school_id: int) -> HttpResponse:
    """The school's audit trail, newest first: for the headteacher and the DSL."""
    school = school_for_leaders(request.user, school_id)
    events = AuditEvent.objects.filter(school=school).order_by("-at", "-id")
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"school": school, "page": page})
