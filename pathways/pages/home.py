"""The front door: where a signed-in person lands. It reads the schools' access and the provider portal's
membership, so it sits above both (docs/ARCHITECTURE.md, "Layers")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pathways.portal.portal import membership_of
from pathways.schools.access import access_for, schools_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.school_ids and membership_of(request.user) is not None:
        return redirect("provider-home")  # a provider's member of staff: their placements only
    if access.trust_ids and len(access.trust_ids) == 1:
        return redirect("trust", next(iter(access.trust_ids)))
    schools = list(schools_for(request.user))
    if len(schools) == 1:
        return redirect("school-home", schools[0].id)
    return render(request, "schools/home.html", {"schools": schools})
