"""One truth: what counts as each piece of evidence, decided once, for the rules and the reports alike.

The case files (casefiles.py) give the rules only the chronology entries these functions count; the
reports (reports/data/) cite the same entries and the same records, so a report never says "no risk
assessment" while the rules judge one met, nor the other way round (docs/records.md, "One truth").

    counted_as_evidence()                 -> Q over Event: the entries the rules read
    approved_assessments()                -> Q over RiskAssessment: those that count
    assessment_in_force(arrangement, on)  -> the risk assessment that counts on that day, or None
    counts(assessment)                    -> `approved_assessments` for one already read
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q

from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import STRUCTURED_TYPES
from pathways.safeguarding.models import RiskAssessment, Status

# The chronology entry a completed risk assessment writes (safeguarding/actions.py).
RISK_ASSESSMENT = "risk_assessment"


def approved_assessments() -> Q:
    """A risk assessment counts only completed and signed off: a day it was completed or reviewed, the
    name of whoever approved it, and the date of its next review (seeds/004 Appendix 2, 7, 8 sign-off).
    A draft, or one with no approver, is not a risk assessment in force."""
    return (Q(status=Status.COMPLETED) & Q(completed_on__isnull=False) & Q(next_review_due__isnull=False)
            & ~Q(approved_by=""))


def counted_as_evidence() -> Q:
    """The entries the rules read, and the only ones the reports cite:
    - an entry of a type with a form (a consideration form, a visit, a healthcare plan...;
      record_templates.py) counts only with its complete record, so an entry with nothing in it meets no duty;
    - a risk assessment entry counts only when an approved risk assessment of the arrangement was
      completed or reviewed that day (`approved_assessments`): an entry typed into the chronology, or
      imported from a case file, is a claim, not the assessment."""
    complete = EventRecord.objects.filter(event_id=OuterRef("pk"), complete=True)
    assessed = RiskAssessment.objects.filter(approved_assessments(), arrangement_id=OuterRef("arrangement_id"),
                                             completed_on=OuterRef("date"))
    return ((~Q(type__in=sorted(STRUCTURED_TYPES)) | Q(Exists(complete)))
            & (~Q(type=RISK_ASSESSMENT) | Q(Exists(assessed))))


def assessment_in_force(arrangement: Any, *, on: dt.date) -> RiskAssessment | None:
    """The risk assessment of the arrangement in force on `on`: the latest approved one completed or
    reviewed by that day (the rules read its chronology entry, `counted_as_evidence`). Reads the
    arrangement's prefetched `risk_assessments` if the caller prefetched them, else one query."""
    cache = getattr(arrangement, "_prefetched_objects_cache", {})
    if "risk_assessments" in cache:
        counted = [r for r in cache["risk_assessments"] if counts(r) and r.completed_on <= on]
        counted.sort(key=lambda r: (r.completed_on, r.version, r.pk))
        return counted[-1] if counted else None
    return (RiskAssessment.objects.filter(approved_assessments(), arrangement_id=arrangement.pk,
                                          completed_on__lte=on)
            .select_related("completed_by").order_by("-completed_on", "-version", "-pk").first())


def counts(r: RiskAssessment) -> bool:
    """`approved_assessments` for a risk assessment already read."""
    return (r.status == Status.COMPLETED and r.completed_on is not None and r.next_review_due is not None
            and bool(r.approved_by.strip()))
