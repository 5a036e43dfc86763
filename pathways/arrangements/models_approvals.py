"""A refusal to approve an arrangement, with its reason: the headteacher's (the arrangement goes back to
draft) or the trust's (the trust director's refusal of an unregistered provider, 004 §3 and Appendix 3).
Like the chronology it is never changed nor deleted; the chronology page shows it among the entries.
An approval is an entry of the chronology itself (`headteacher_approval`, `trust_approval`), which the
rules read; a refusal is not a fact any rule reads, so it is kept here, beside the chronology."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from pathways.arrangements.models import Arrangement


class RefusedBy(models.TextChoices):
    HEADTEACHER = "headteacher", "The headteacher"
    TRUST = "trust", "The trust"


class ApprovalRefusal(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="refusals")
    by = models.CharField(max_length=20, choices=RefusedBy.choices)
    date = models.DateField()
    reason = models.TextField()
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="a_refusal_gives_its_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} approval refused by {self.get_by_display().lower()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("A refusal is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("A refusal is never deleted.")
