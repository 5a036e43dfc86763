"""What was sent: each notice to the local authority (beside the `la_notified` entry of the
chronology it made) and each member of staff's daily digest, so a restart never sends one twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pathways.arrangements.models import Arrangement, Event


class Method(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class Notice(models.Model):
    """A notice to the local authority, as sent. The chronology entry is the evidence the rules read;
    this keeps how it went, to whom, from which template and in which words."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="notices")
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="notice")
    template = models.CharField(max_length=40)
    method = models.CharField(max_length=10, choices=Method.choices)
    to = models.CharField(max_length=254, blank=True, help_text="The email address, or the letter's addressee.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["arrangement", "-sent_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_method_display().lower()}, {self.sent_at:%d %b %Y})"


class DigestSent(models.Model):
    """One member of staff's digest of one day, recorded when it was handed to the mail server."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    sent_at = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="one_digest_per_user_per_day")]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.date:%d %b %Y}"
