"""Pupils: identity, compulsory school age, needs and the vulnerability that scales welfare checks."""

from __future__ import annotations

import datetime as dt

from django.db import models

from pathways.policy.casefile import Pupil as PolicyPupil
from pathways.schools.models import School


class Send(models.TextChoices):
    NONE = "none", "None"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "EHC plan"


class Vulnerability(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


def derive_vulnerability(
    *, looked_after: bool, child_protection_plan: bool, social_worker: bool, send: str, medical_condition: bool
) -> str:
    """The policy engine's reading (case-file.md `pupil.vulnerability`), so pages and rules agree."""
    return PolicyPupil(
        looked_after=looked_after,
        child_protection_plan=child_protection_plan,
        social_worker=social_worker,
        send=send,
        medical_condition=medical_condition,
    ).effective_vulnerability


class Pupil(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    upn = models.CharField(
        "UPN",
        max_length=13,
        blank=True,
        help_text="Unique pupil number: 13 characters, starting with the check letter.",
    )
    former_upn = models.CharField(
        "former UPN", max_length=13, blank=True, help_text="Kept when a temporary UPN is replaced by a permanent one."
    )
    date_of_birth = models.DateField()
    year_group = models.SmallIntegerField(
        null=True, blank=True, help_text="Leave blank to work it out from the date of birth (-1 nursery, 0 reception)."
    )
    send = models.CharField("SEND", max_length=20, choices=Send.choices, default=Send.NONE)
    looked_after = models.BooleanField("looked after", default=False)
    social_worker = models.BooleanField("has an allocated social worker", default=False)
    child_protection_plan = models.BooleanField("on a child protection plan", default=False)
    medical_condition = models.BooleanField("has a medical condition", default=False)
    free_school_meals = models.BooleanField("eligible for free school meals", default=False)
    vulnerability_override = models.CharField(
        "vulnerability (override)", max_length=10, choices=Vulnerability.choices, blank=True
    )
    vulnerability_override_reason = models.TextField("reason for the override", blank=True)
    # A legal hold (set and lifted by the headteacher or the DSL, with a reason: do_set_legal_hold) keeps
    # every record of the pupil from the retention schedule's purge, e.g. while a claim, an inquiry or a
    # subject access request needs them.
    legal_hold = models.BooleanField("legal hold", default=False)
    legal_hold_reason = models.TextField("reason for the legal hold", blank=True)
    legal_hold_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["school", "last_name", "first_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "upn"], condition=~models.Q(upn=""), name="upn_unique_within_school"
            ),
            models.CheckConstraint(
                condition=models.Q(vulnerability_override="") | ~models.Q(vulnerability_override_reason=""),
                name="vulnerability_override_needs_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(legal_hold=False) | ~models.Q(legal_hold_reason=""),
                name="legal_hold_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def derived_vulnerability(self) -> str:
        return derive_vulnerability(
            looked_after=self.looked_after,
            child_protection_plan=self.child_protection_plan,
            social_worker=self.social_worker,
            send=self.send,
            medical_condition=self.medical_condition,
        )

    @property
    def vulnerability(self) -> str:
        return self.vulnerability_override or self.derived_vulnerability

    def get_vulnerability_display(self) -> str:
        return Vulnerability(self.vulnerability).label

    @property
    def upn_is_temporary(self) -> bool:
        return bool(self.upn) and self.upn[-1].isalpha()

    def year_group_on(self, day: dt.date) -> int:
        """The recorded year group, or the one the date of birth gives on `day` (English school year)."""
        if self.year_group is not None:
            return self.year_group
        from pathways.pupils.ages import year_group_for

        return year_group_for(self.date_of_birth, day)
