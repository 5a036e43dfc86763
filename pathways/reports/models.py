"""What the reports keep: a progress report sent to parents, as sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pathways.arrangements.models import Arrangement, Event


class ProgressReportSent(models.Model):
    """The parent progress report (Appendix 6) e-mailed to the contacts with parental responsibility. The
    chronology's `progress_report` entry is the evidence the rules read (with the PDF as its attachment);
    this keeps to whom it went, for which period and in which words."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="progress_reports_sent")
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="progress_report_sent")
    period_start = models.DateField()
    period_end = models.DateField()
    # [{"contact": id, "name": ..., "relationship": ..., "email": ...}], as they were when it was sent.
    recipients = models.JSONField(default=list)
    # The contacts left out, each with the reason: [{"contact": id, "name": ..., "reason": ...}].
    excluded = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["arrangement", "-sent_at"]

    def __str__(self) -> str:
        return f"Progress report {self.period_start:%d %b} to {self.period_end:%d %b %Y}, sent {self.sent_at:%d %b %Y}"


class CensusExport(models.Model):
    """The census's AP placements exported for keying into the MIS: which census, who, when, the placements
    in the file and those refused with the item that failed its check."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="census_exports")
    term = models.CharField(max_length=10)
    census_day = models.DateField()
    # [{"arrangement": id, "pupil": "Surname, Forename", "provider": ...}]
    exported = models.JSONField(default=list)
    # [{"arrangement": id, "pupil": ..., "problems": [[item, words], ...]}]
    refused = models.JSONField(default=list)
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    exported_at = models.DateTimeField()

    class Meta:
        ordering = ["-exported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.term.capitalize()} census {self.census_day:%-d %b %Y}, exported {self.exported_at:%-d %b %Y}"


class LaReturnSent(models.Model):
    """The part-time timetables return as sent to the local authority: the period, to whom, who sent it,
    when, and the rows with the items missing from each."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="la_returns_sent")
    period_start = models.DateField()
    period_end = models.DateField()
    sent_to = models.CharField(max_length=300)
    # [{"arrangement": id, "pupil": ..., "missing": [item, ...]}]
    rows = models.JSONField(default=list)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"Part-time timetables {self.period_start:%-d %b} to {self.period_end:%-d %b %Y}, sent to {self.sent_to}"
