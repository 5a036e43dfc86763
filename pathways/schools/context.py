"""Template context: the current school, the user's schools and roles, for the header and navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pathways.schools.access import access_for, schools_for
from pathways.schools.models import Trust


class _Roles:
    def __init__(self, roles: frozenset[str], can_write: bool, is_leader: bool) -> None:
        self.roles, self.can_write, self.is_leader = roles, can_write, is_leader

    def __contains__(self, role: str) -> bool:
        return role in self.roles


def current_school(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "current_school", None)
    access = access_for(user)
    context: dict[str, Any] = {
        "current_school": school,
        "my_schools": list(schools_for(user)),
        "my_trusts": list(Trust.objects.filter(id__in=access.trust_ids)),
    }
    if school is not None:
        context["current_roles"] = _Roles(
            access.roles_in(school.id), access.can_write(school.id), access.is_leader(school.id)
        )
    return context
