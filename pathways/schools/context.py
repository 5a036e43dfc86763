"""Template context: the current school, the user's schools and roles, for the header and navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pathways.schools.access import access_for, schools_for
from pathways.schools.models import Trust
from pathways.schools.permissions import allowed


class _Roles:
    """The user's roles in the current school and what the role matrix lets them do there: templates ask
    `current_roles.may.manage_pupils` to show only the buttons that work."""

    def __init__(self, roles: frozenset[str], may: frozenset[str]) -> None:
        self.roles, self.may = roles, dict.fromkeys(may, True)
        self.can_write = "record_events" in may  # staff, not governors or the trust lead
        self.is_leader = "view_audit_trail" in may

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
        context["current_roles"] = _Roles(access.roles_in(school.id), allowed(user, school))
    return context
