"""The audit trail: one row per write, in the same transaction as the write; one row per reading of a
child's safeguarding record; one row per sign-in, failed sign-in and failed two-factor check."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        CHANGE = "change", "Changes"
        READ = "read", "Records opened"
        SIGN_IN = "sign_in", "Sign-ins"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalised so the trail still reads after the actor is removed.
    actor_name = models.CharField(max_length=300, blank=True)
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    # The child whose record was opened (reads only). A plain number, not a key: the trail knows no app
    # above it, and a row must outlive the pupil it names.
    pupil_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["school", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["pupil_id", "-at"], name="audit_pupil_at", condition=models.Q(pupil_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type} {self.object_id}"
