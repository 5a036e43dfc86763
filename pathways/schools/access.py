"""Who may see what. Every read of a school's data goes through these functions.

A member of staff sees only the schools they hold a role in; a trust lead sees every school of
their trust. Anything else is answered with 404, the same as a record that does not exist, so
that an outsider cannot even learn that an id is in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pathways.schools.models import LEADERSHIP_ROLES, WRITING_ROLES, School, StaffRole, TrustRole

TRUST_LEAD = "trust_lead"


@dataclass(frozen=True)
class Access:
    """What one signed-in user may reach, worked out once per request."""

    roles: dict[int, frozenset[str]] = field(default_factory=dict)  # school id -> roles there
    trust_ids: frozenset[int] = frozenset()

    @property
    def school_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def roles_in(self, school_id: int) -> frozenset[str]:
        return self.roles.get(school_id, frozenset())

    def can_write(self, school_id: int) -> bool:
        return bool(self.roles_in(school_id) & WRITING_ROLES)

    def is_leader(self, school_id: int) -> bool:
        return bool(self.roles_in(school_id) & LEADERSHIP_ROLES)


def access_for(user: Any) -> Access:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Access()
    cached: Access | None = getattr(user, "_pathways_access", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    for school_id, role in StaffRole.objects.filter(user=user).values_list("school_id", "role"):
        roles.setdefault(school_id, set()).add(role)
    trust_ids = frozenset(TrustRole.objects.filter(user=user).values_list("trust_id", flat=True))
    if trust_ids:
        for school_id in School.objects.filter(trust_id__in=trust_ids).values_list("id", flat=True):
            roles.setdefault(school_id, set()).add(TRUST_LEAD)
    access = Access(roles={k: frozenset(v) for k, v in roles.items()}, trust_ids=trust_ids)
    user._pathways_access = access
    return access


def forget_access(user: Any) -> None:
    """Drop the cached access after roles change (tests, role administration)."""
    if hasattr(user, "_pathways_access"):
        del user._pathways_access


def schools_for(user: Any) -> QuerySet[School]:
    return School.objects.filter(id__in=access_for(user).school_ids).select_related("trust")


def school_for(user: Any, school_id: int) -> School:
    """The school, if the user holds a role in it (or leads its trust); otherwise 404."""
    if int(school_id) not in access_for(user).school_ids:
        raise Http404("No such school")
    return School.objects.select_related("trust").get(id=school_id)


def require_writer(user: Any, school: School) -> None:
    """The user must hold a role in the school that may change records (not a governor): else 403.
    Call it after looking the record up, so that another school's id is still a 404."""
    if not access_for(user).can_write(school.id):
        raise PermissionDenied("Your role in this school is read only.")


def school_for_writing(user: Any, school_id: int) -> School:
    """As school_for, and the user must hold a role that may change records (not a governor)."""
    school = school_for(user, school_id)
    require_writer(user, school)
    return school


def school_for_leaders(user: Any, school_id: int) -> School:
    """As school_for, for the headteacher and DSL only (the audit trail, school settings)."""
    school = school_for(user, school_id)
    if not access_for(user).is_leader(school.id):
        raise PermissionDenied("Only the headteacher and the DSL can open this page.")
    return school
