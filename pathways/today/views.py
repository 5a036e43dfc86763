"""Thin views: check access, gather the list, render."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pathways.pupils.models import Pupil
from pathways.replica import reading_from_replica
from pathways.schools.access import TRUST_LEAD, access_for, school_for
from pathways.schools.models import Role, Trust
from pathways.schools.permissions import link_allows, link_roles, who_can
from pathways.today.item import URGENCIES, by_harm, counts
from pathways.today.items import REGISTER_ROLES, WHOLE_SCHOOL_ROLES, items_for_schools, today_items


def _for_others(action: str, url: str) -> str:
    who = who_can(link_roles(url))
    if not who or not action:
        return ""
    return f"For {who}: {action[0].lower()}{action[1:]}"


@login_required
def today(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    roles = access_for(request.user).roles_in(school.id)
    # Only the actions this person can take: a link the role matrix would refuse is not shown.
    # Where they cannot, the item says who can, and what it is.
    items = [i if not i.url or link_allows(request.user, i.url, school) else replace(
        i, action="", url="", more=(), for_others=_for_others(i.action, i.url))
        for i in today_items(school, request.user, roles)]
    items = [replace(i, more=tuple((label, url) for label, url in i.more if link_allows(request.user, url, school)))
             if i.more else i for i in items]
    groups = by_harm(items)  # a child's safety first, then breaches, then by when it is due
    return render(request, "today/today.html", {
        "school": school, "groups": groups, "counts": counts(items), "total": len(items),
        "whole_school": bool(WHOLE_SCHOOL_ROLES & roles), "register_all": bool(REGISTER_ROLES & roles),
        "trust_lead": TRUST_LEAD in roles and school.trust_id is not None,
        # Pupils a full roster import left out while an arrangement is open: the headteacher decides.
        "missing_from_roster": list(Pupil.objects.filter(school=school, missing_from_roster_on__isnull=False)
                                    .order_by("last_name", "first_name")) if Role.HEADTEACHER in roles else [],
    })


@login_required
def trust_today(request: HttpRequest, trust_id: int) -> HttpResponse:
    if trust_id not in access_for(request.user).trust_ids:
        raise Http404("No such trust")
    trust = get_object_or_404(Trust, id=trust_id)
    with reading_from_replica():  # the counts come from the kept findings, which items_for_schools reads from default
        schools = list(trust.schools.order_by("name"))
        items = items_for_schools(schools, request.user, {school.id: {TRUST_LEAD} for school in schools},
                                  links=False)
    rows = [(school, counts(items[school.id])) for school in schools]
    rows.sort(key=lambda row: (-row[1]["overdue"], -row[1]["today"], -row[1]["week"]))  # most urgent first
    return render(request, "today/trust.html", {"trust": trust, "rows": rows, "urgencies": URGENCIES})
