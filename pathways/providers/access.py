"""Reads of providers. A school's staff see the providers of their trust (or, for a standalone
school, the ones it added); another trust's provider is a 404, the same as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.providers.models import PlanningChecklist, Provider, ProviderChecklist, ProviderStaff, ProviderToken
from pathways.schools.access import school_for
from pathways.schools.models import School


def providers_of(school: School) -> QuerySet[Provider]:
    """The providers a school may use: its trust's, or its own when it has no trust."""
    if school.trust_id is not None:
        return Provider.objects.filter(trust_id=school.trust_id)
    return Provider.objects.filter(Q(trust__isnull=True) & Q(school=school))


def providers_for(user: Any, school_id: int) -> QuerySet[Provider]:
    from pathways.schools.permissions import require

    school = school_for(user, school_id)
    require(user, "view_named_records", school)
    return providers_of(school)


def provider_for(user: Any, school_id: int, provider_id: int) -> Provider:
    try:
        school = school_for(user, school_id)
    except Http404:
        raise Http404("No such provider") from None
    try:
        provider = providers_of(school).get(id=provider_id)
    except (Provider.DoesNotExist, ValueError):
        raise Http404("No such provider") from None
    from pathways.schools.permissions import require

    require(user, "view_named_records", school)
    return provider


def checklist_of(provider: Provider, checklist_id: int) -> ProviderChecklist:
    """One of the provider's Annex C checklists (the provider already read through `provider_for` or the
    page's own check); another provider's is a 404, the same as one that does not exist."""
    try:
        return ProviderChecklist.objects.select_related("completed_by", "check_record").get(
            id=checklist_id, provider=provider)
    except (ProviderChecklist.DoesNotExist, ValueError):
        raise Http404("No such provider checklist") from None


def planning_checklists_of(school: School, provider: Provider) -> QuerySet[PlanningChecklist]:
    """The school's own Annex D planning checklists for the provider, the latest version first. Another
    school of the trust keeps its own."""
    return PlanningChecklist.objects.filter(school=school, provider=provider).select_related(
        "completed_by").order_by("-version")


def planning_checklist_for(user: Any, school_id: int, checklist_id: int) -> PlanningChecklist:
    """One of the school's planning checklists, for a user who may see the school's named records;
    another school's (of the trust or not) is a 404, the same as one that does not exist."""
    from pathways.schools.permissions import require

    try:
        school = school_for(user, school_id)
        checklist = PlanningChecklist.objects.select_related("provider", "completed_by", "school").get(
            id=checklist_id, school=school)
    except (Http404, PlanningChecklist.DoesNotExist, ValueError):
        raise Http404("No such planning checklist") from None
    require(user, "view_named_records", school)
    return checklist

# Provider access (API tokens, provider staff sign-ins) is issued by a school and is that school's own.

def may_manage_provider_access(user: Any, school: School) -> bool:
    """Only the headteacher and the DSL issue and revoke provider tokens and provider staff sign-ins
    (the role matrix's "manage_provider_access")."""
    from pathways.schools.permissions import can

    return can(user, "manage_provider_access", school)


def require_provider_access_manager(user: Any, school: School) -> None:
    """403 with the matrix's words unless the user may manage provider access at the school. Call it
    after the lookups, so that another school's records are still a 404."""
    from pathways.schools.permissions import require

    require(user, "manage_provider_access", school)


def tokens_issued_by(school: School, provider: Provider) -> QuerySet[ProviderToken]:
    return ProviderToken.objects.filter(provider=provider, school=school)


def staff_issued_by(school: School, provider: Provider) -> QuerySet[ProviderStaff]:
    return ProviderStaff.objects.filter(provider=provider, school=school)
