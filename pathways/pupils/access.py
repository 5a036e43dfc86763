"""Reads of pupils, scoped to the user's schools: another school's pupil is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pathways.pupils.models import Pupil
from pathways.schools.access import access_for, school_for
from pathways.schools.permissions import require


def pupils_for(user: Any, school_id: int) -> QuerySet[Pupil]:
    school = school_for(user, school_id)
    require(user, "view_named_records", school)
    return Pupil.objects.filter(school=school)


def pupil_for(user: Any, school_id: int, pupil_id: int) -> Pupil:
    if int(school_id) not in access_for(user).school_ids:
        raise Http404("No such pupil")
    try:
        pupil = Pupil.objects.select_related("school").get(id=pupil_id, school_id=school_id)
    except (Pupil.DoesNotExist, ValueError):
        raise Http404("No such pupil") from None
    require(user, "view_named_records", pupil.school)
    return pupil
