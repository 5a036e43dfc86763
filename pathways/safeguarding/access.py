"""Reads of risk assessments, scoped to the user's schools: another school's is a 404.

Who writes and who reads them is the role matrix's (pathways/schools/permissions.py): the DSL, the
headteacher, the AP lead and the SENCO write them ("write_risk_assessments": seeds/004 §4.4 "the DSL
completes a risk assessment"; the AP lead and SENCO run placements and SEND support); staff and the trust
lead read them ("view_named_records"); governors, who see counts and no named child, do not.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pathways.safeguarding.models import RiskAssessment
from pathways.schools.access import school_for
from pathways.schools.models import School
from pathways.schools.permissions import can, require


def can_assess(user: Any, school_id: int) -> bool:
    return can(user, "write_risk_assessments", school_id)


def require_assessor(user: Any, school: School) -> None:
    """403 unless the user writes risk assessments in this school. Call after the look-up (404 first)."""
    require(user, "write_risk_assessments", school)


def risk_assessments_of(school: School) -> QuerySet[RiskAssessment]:
    return RiskAssessment.objects.filter(school=school)


def risk_assessment_for(user: Any, school_id: int, risk_assessment_id: int) -> RiskAssessment:
    try:
        school = school_for(user, school_id)
    except Http404:
        raise Http404("No such risk assessment") from None
    require(user, "view_named_records", school)
    try:
        return (
            risk_assessments_of(school)
            .select_related("school", "arrangement__pupil", "arrangement__provider", "completed_by", "previous")
            .get(id=risk_assessment_id)
        )
    except (RiskAssessment.DoesNotExist, ValueError):
        raise Http404("No such risk assessment") from None
