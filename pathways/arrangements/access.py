"""Reads of arrangements, scoped to the user's schools: another school's arrangement is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pathways.arrangements.models import Arrangement
from pathways.schools.access import access_for, school_for


def arrangements_for(user: Any, school_id: int) -> QuerySet[Arrangement]:
    school = school_for(user, school_id)
    return Arrangement.objects.filter(school=school).select_related("pupil", "provider")


def arrangement_for(user: Any, school_id: int, arrangement_id: int) -> Arrangement:
    if int(school_id) not in access_for(user).school_ids:
        raise Http404("No such arrangement")
    try:
        return Arrangement.objects.select_related("pupil", "school", "provider").get(
            id=arrangement_id, school_id=school_id
        )
    except (Arrangement.DoesNotExist, ValueError):
        raise Http404("No such arrangement") from None
