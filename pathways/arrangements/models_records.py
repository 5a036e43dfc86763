"""The structured record of a chronology entry whose type has a template (record_templates.py): the
answers to the template's questions, kept beside the entry. Like the entry it is never changed: a
correction of the entry is a new entry with its own record."""

from __future__ import annotations

from django.db import models

from pathways.arrangements.models import Event
from pathways.arrangements.record_templates import is_complete


class EventRecord(models.Model):
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="record")
    answers = models.JSONField(default=dict)
    complete = models.BooleanField(default=False, help_text="Every required answer of the template given.")

    def __str__(self) -> str:
        return f"Record of {self.event}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.complete = is_complete(self.event.type, self.answers)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
