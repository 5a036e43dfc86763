"""Risk assessments of arrangements, started from the policy's templates (seeds/004 Appendix 2, 7, 8).

A risk assessment is drafted, its rows adapted for the pupil, then completed. A completed assessment is
never changed: a review makes a new version (its rows copied, the review's date and findings on it), or,
when the risks must change, a revision makes a new version in draft to adapt and complete. The earlier
version is kept, linked from the new one, as the history. The chronology records each
completion and review as a `risk_assessment` event, which is what the rules read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from pathways.arrangements.models import Arrangement
from pathways.safeguarding.templates_data import TEMPLATES, Template
from pathways.schools.models import School

TEMPLATE_CHOICES = [(t.key, t.name) for t in TEMPLATES.values()]
# The ratings the appendices use (Appendix 2 and 8: "Low", "Low to Medium", "Medium", "High").
RATING_CHOICES = [("low", "Low"), ("low_to_medium", "Low to medium"), ("medium", "Medium"), ("high", "High")]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class RiskAssessment(models.Model):
    # The arrangement's school, kept here so every query is scoped by school.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="risk_assessments")
    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="risk_assessments")
    template = models.CharField(max_length=30, choices=TEMPLATE_CHOICES)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version",
        help_text="The version this review replaced.",
    )
    completed_on = models.DateField(null=True, blank=True, help_text="For a review, the day of the review.")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.CharField("approved by", max_length=200, blank=True,
                                   help_text="Name and position, as the template's sign-off asks.")
    next_review_due = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="What the review found.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(completed_on__isnull=False) & models.Q(next_review_due__isnull=False)),
                name="a_completed_risk_assessment_has_its_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk assessment: {self.title} (version {self.version})"

    def clean(self) -> None:
        if self.arrangement_id and self.school_id and self.arrangement.school_id != self.school_id:
            raise ValidationError({"arrangement": "The arrangement is not one of this school's."})
        if self.completed_on and self.next_review_due and self.next_review_due <= self.completed_on:
            raise ValidationError({"next_review_due": "The next review must be after the assessment."})

    @property
    def template_info(self) -> Template:
        return TEMPLATES[self.template]

    @property
    def fit_warnings(self) -> list[Any]:
        """Rows kept from the template that do not fit the pupil (safeguarding/fit.py)."""
        from pathways.safeguarding.fit import fit_warnings

        return fit_warnings(self, self.completed_on)

    @property
    def is_current(self) -> bool:
        """Not replaced by a review (reads the reverse one-to-one, so select or annotate it in lists)."""
        try:
            self.next_version  # noqa: B018
        except RiskAssessment.DoesNotExist:
            return True
        return False


class RiskRow(models.Model):
    """One risk: its area, the hazard, its rating where the template rates, and what is done about it."""

    risk_assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(default=0)
    area = models.CharField("risk area", max_length=200, blank=True)
    hazard = models.TextField("hazard or potential risk")
    likelihood = models.CharField(max_length=20, choices=RATING_CHOICES, blank=True)
    impact = models.CharField(max_length=20, choices=RATING_CHOICES, blank=True)
    control_measures = models.TextField("control measures", help_text="One measure a line.")
    responsibility = models.CharField(max_length=200, blank=True)
    review_frequency = models.CharField("review frequency", max_length=100, blank=True)
    further_actions = models.TextField("further actions needed", blank=True)

    class Meta:
        ordering = ["risk_assessment", "order", "id"]

    def __str__(self) -> str:
        return self.hazard[:80]

    @property
    def control_measure_lines(self) -> list[str]:
        return [line.strip() for line in self.control_measures.splitlines() if line.strip()]

    @property
    def further_action_lines(self) -> list[str]:
        return [line.strip() for line in self.further_actions.splitlines() if line.strip()]
