"""The school's remote education (seeds 001, 002, 003): the offer, dated so the offer on any past day can
be shown; the public link for parents; the planning and audit tool (002 Appendix A), saved as dated audits.

The offer is never changed in place: each change is a new version with the day it applies from, and the
offer in force on a day is the latest version applying on or before it (`offer_on`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models

from pathways.schools.models import School

KEY_STAGES = ("ks1", "ks2", "ks3", "ks4")


def _token() -> str:
    return secrets.token_urlsafe(24)


class RemoteOffer(models.Model):
    """One version of the school's remote education offer (002 Steps 1-8, Section 2, Appendix A)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="remote_offers")
    effective_from = models.DateField(help_text="The day this version of the offer applies from.")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="remote_offers_led")
    lead_name = models.CharField("remote learning lead", max_length=200)
    next_day_capacity = models.BooleanField(default=False)
    next_day_how = models.TextField(blank=True)
    platforms = models.TextField(blank=True)
    hours_ks1 = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    hours_ks2 = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    hours_ks3 = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    hours_ks4 = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    engagement_weekly = models.BooleanField(default=False)
    engagement_how = models.TextField(blank=True)
    parents_told_how = models.TextField(blank=True)
    send_provision = models.TextField(blank=True)
    for_parents = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-effective_from", "-id"]
        indexes = [models.Index(fields=["school", "effective_from"])]

    def __str__(self) -> str:
        return f"Remote education offer from {self.effective_from:%d %b %Y}"

    def hours(self) -> dict[str, float | None]:
        return {ks: (float(v) if (v := getattr(self, f"hours_{ks}")) is not None else None) for ks in KEY_STAGES}


def offer_on(school: School | int, day: dt.date) -> RemoteOffer | None:
    """The version of the offer in force on `day`: the latest applying on or before it."""
    school_id = school if isinstance(school, int) else school.pk
    return (RemoteOffer.objects.filter(school_id=school_id, effective_from__lte=day)
            .select_related("lead").order_by("-effective_from", "-id").first())


class RemoteOfferLink(models.Model):
    """The public, unguessable address of the school's offer for parents (a page and a PDF)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="remote_offer_link")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Public link of {self.school}"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class RemoteAudit(models.Model):
    """The planning and audit tool (002 Appendix A) completed on a day: one rating row per expectation."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="remote_audits")
    rated_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-rated_on", "-id"]

    def __str__(self) -> str:
        return f"Remote education audit of {self.rated_on:%d %b %Y}"


class AuditRating(models.Model):
    audit = models.ForeignKey(RemoteAudit, on_delete=models.CASCADE, related_name="ratings")
    expectation = models.CharField(max_length=60)  # a key of expectations.yaml
    rating = models.CharField(max_length=10, choices=Rag.choices)
    doing = models.TextField("what are we doing", blank=True)
    impact = models.TextField("impact / how do we know", blank=True)
    next_steps = models.TextField("what we need to do now", blank=True)
    who = models.CharField(max_length=200, blank=True)
    by_when = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "expectation"], name="one_rating_per_expectation")]

    def __str__(self) -> str:
        return f"{self.expectation}: {self.rating}"


from pathways.remote.models_contacts import FamilyContact  # noqa: E402
from pathways.remote.models_sessions import LiveSession  # noqa: E402
from pathways.remote.models_survey import Connection, Device, FamilyAccess  # noqa: E402

__all__ = ["KEY_STAGES", "AuditRating", "Connection", "Device", "FamilyAccess", "FamilyContact", "LiveSession", "Rag",
           "RemoteAudit", "RemoteOffer", "RemoteOfferLink", "offer_on"]
