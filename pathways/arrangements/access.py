"""Reads of arrangements, scoped to the user's schools: another school's arrangement is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from pathways.arrangements.models import Arrangement
from pathways.schools.access import access_for, school_for
from pathways.schools.models import StaffRole, User
from pathways.schools.permissions import MATRIX, require


def arrangements_for(user: Any, school_id: int) -> QuerySet[Arrangement]:
    school = school_for(user, school_id)
    require(user, "view_named_records", school)
    return Arrangement.objects.filter(school=school).select_related("pupil", "provider", "lead")


def arrangement_for(user: Any, school_id: int, arrangement_id: int) -> Arrangement:
    if int(school_id) not in access_for(user).school_ids:
        raise Http404("No such arrangement")
    try:
        arrangement = Arrangement.objects.select_related("pupil", "school", "provider", "lead").get(
            id=arrangement_id, school_id=school_id
        )
    except (Arrangement.DoesNotExist, ValueError):
        raise Http404("No such arrangement") from None
    require(user, "view_named_records", arrangement.school)
    return arrangement


def possible_leads(school_id: int) -> QuerySet[User]:
    """Who may lead an arrangement of the school: its active staff in a role that may change records
    (not governors), each with their roles there for the choice's label."""
    roles = StaffRole.objects.filter(school_id=school_id, role__in=MATRIX["plan_arrangements"].roles).order_by("role")
    return (User.objects.filter(is_active=True, staff_roles__in=roles).distinct()
            .prefetch_related(Prefetch("staff_roles", queryset=roles, to_attr="roles_here"))
            .order_by("last_name", "first_name", "username"))
