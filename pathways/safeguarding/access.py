"""Reads of risk assessments, scoped to the user's schools: another school's is a 404.

The DSL, the headteacher, the AP lead and the SENCO write risk assessments (seeds/004 §4.4: "the DSL
completes a risk assessment"; the AP lead and SENCO run placements and SEND support); everyone else
with a role in the school, governors included, may read them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pathways.safeguarding.models import RiskAssessment
from pathways.schools.access import access_for, school_for
from pathways.schools.models import Role, School

RISK_ASSESSORS = frozenset({Role.HEADTEACHER, Role.DSL, Role.AP_LEAD, Role.SENCO})


def can_assess(user: Any, school_id: int) -> bool:
    return bool(access_for(user).roles_in(school_id) & RISK_ASSESSORS)


def require_assessor(user: Any, school: School) -> None:
    """403 unless the user writes risk assessments in this school. Call after the look-up (404 first)."""
    if not can_assess(user, school.id):
        raise PermissionDenied("Only the DSL, the headteacher, the AP lead and the SENCO write risk assessments.")


def risk_assessments_of(school: School) -> QuerySet[RiskAssessment]:
    return RiskAssessment.objects.filter(school=school)


def risk_assessment_for(user: Any, school_id: int, risk_assessment_id: int) -> RiskAssessment:
    try:
        school = school_for(user, school_id)
    except Http404:
        raise Http404("No such risk assessment") from None
    try:
        return (
            risk_assessments_of(school)
            .select_related("school", "arrangement__pupil", "arrangement__provider", "completed_by", "previous")
            .get(id=risk_assessment_id)
        )
    except (RiskAssessment.DoesNotExist, ValueError):
        raise Http404("No such risk assessment") from None
