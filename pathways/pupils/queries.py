"""Pupil queries the list pages share: vulnerability worked out in the database, so it can be filtered."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from pathways.pupils.models import Pupil, Send, Vulnerability

HIGH = Q(looked_after=True) | Q(child_protection_plan=True) | Q(social_worker=True)
MEDIUM = Q(send__in=[Send.EHCP, Send.SEN_SUPPORT]) | Q(medical_condition=True)


def with_vulnerability(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    """Annotate `vulnerability_level`: the override, or the derived level (same rule as Pupil.vulnerability)."""
    return pupils.annotate(
        vulnerability_level=Case(
            When(~Q(vulnerability_override=""), then=F("vulnerability_override")),
            When(HIGH, then=Value(Vulnerability.HIGH)),
            When(MEDIUM, then=Value(Vulnerability.MEDIUM)),
            default=Value(Vulnerability.LOW),
            output_field=CharField(),
        )
    )
