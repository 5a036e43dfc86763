"""Which schools a user reaches. Every read of a school's data goes through these functions; what they
may do there is the role matrix's (pathways/schools/permissions.py).

A member of staff sees only the schools they hold a role in; a trust lead sees every school of
their trust. Anything else is answered with 404, the same as a record that does not exist, so
that an outsider cannot even learn that an id is in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pathways.schools.models import School, StaffRole, Trust, TrustRole

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


# What each role may do within a school it can see is the role matrix's: pathways/schools/permissions.py
# (`require(user, permission, school)`, `school_with(user, school_id, permission)`).


def trust_for_lead(user: Any, trust_id: int) -> Trust:
    """The trust, if the user is its trust lead; otherwise 404 (adding schools, loading GIAS files)."""
    if int(trust_id) not in access_for(user).trust_ids:
        raise Http404("No such trust")
    return Trust.objects.get(id=trust_id)
