"""The trust lead's page of compliance over time (pathways.today.compliance). Thin: access, compute, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pathways.replica import reading_from_replica
from pathways.schools.access import access_for
from pathways.schools.models import Trust
from pathways.today.compliance import compliance_chart, trust_compliance


@login_required
@require_GET
def trust_compliance_page(request: HttpRequest, trust_id: int) -> HttpResponse:
    """Only the trust's lead: a school's staff, a provider's and anyone else get a 404."""
    if trust_id not in access_for(request.user).trust_ids:
        raise Http404("No such trust")
    trust = get_object_or_404(Trust, id=trust_id)
    with reading_from_replica():  # the access check above read the default database
        compliance = trust_compliance(trust, today=dt.date.today())
    return render(request, "today/compliance.html", {
        "trust": trust, "compliance": compliance,
        "chart": compliance_chart(compliance) if compliance.weeks else None,
    })
