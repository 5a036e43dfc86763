"""The school's MIS connection, its code mapping, the MIS ids of its pupils and the outbox of marks.

One OutboxItem per session (pupil, date, session): the mark Pathways wants the MIS to hold (`code`,
`comment`, `minutes_late`) and what was last written (`sent_code`, ...). Queuing a mark equal to what
was sent changes nothing, so the same mark is never written twice (outbox.queue_marks).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from pathways.attendance.models import SESSION_CHOICES, Mark
from pathways.pupils.models import Pupil
from pathways.schools.models import School


class Route(models.TextChoices):
    WONDE = "wonde", "Wonde (the MIS's API)"
    SIMS_FILE = "sims_file", "SIMS attendance write file"
    CSV = "csv", "CSV list for keying into the MIS"


class MisConnection(models.Model):
    """How a school's marks reach its MIS. The credentials (the API token) are stored encrypted
    (writeback.secrets, with PATHWAYS_MIS_KEY)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="mis_connection")
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.CSV)
    base_url = models.URLField("API address", max_length=300, blank=True,
                               help_text="For Wonde: https://api.wonde.com/v1.0")
    mis_school_id = models.CharField("the school's id at the MIS API", max_length=64, blank=True)
    credentials = models.TextField(blank=True, help_text="Encrypted; never shown again once saved.")
    batch_size = models.PositiveIntegerField(default=200)
    timeout_seconds = models.PositiveIntegerField(default=20)
    codes_fetched_at = models.DateTimeField(null=True, blank=True)
    mis_codes = models.JSONField(default=list, blank=True, help_text="The school's own codes as last read.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.school}: {self.get_route_display()}"


class CodeMapping(models.Model):
    """A statutory code and the school's own MIS code it is written as (a school may use a sub-code of its
    own, for flexi-schooling say). Used only once the attendance officer has reviewed it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="mis_codes")
    code = models.CharField("Pathways code", max_length=3)
    mis_code_id = models.CharField(max_length=64, blank=True)
    mis_code = models.CharField("the MIS's code", max_length=8, blank=True)
    mis_description = models.CharField(max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="writeback_one_mapping_a_code")]

    def __str__(self) -> str:
        return f"{self.code} → {self.mis_code or '?'}"


class MisStudent(models.Model):
    """A pupil's id at the MIS API, matched by UPN through its students list."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="mis_student")
    mis_id = models.CharField(max_length=64)
    matched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.pupil_id} = {self.mis_id}"


class OutboxItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        MATCHED = "matched", "In the MIS"
        FAILED = "failed", "Not sent"
        DIFFERENT = "different", "Different in the MIS"
        KEPT = "kept", "The MIS's mark kept"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="outbox")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    mark = models.ForeignKey(Mark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=SESSION_CHOICES)
    code = models.CharField(max_length=3)
    comment = models.CharField(max_length=500, blank=True)
    minutes_late = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    amendment = models.BooleanField(default=False, help_text="Changed after the session's register closed.")
    overwrite = models.BooleanField(default=False, help_text="The attendance officer said to overwrite the MIS.")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True, help_text="The MIS's words when it refused or failed.")
    mis_code = models.CharField("what the MIS holds", max_length=8, blank=True)
    sent_code = models.CharField(max_length=3, blank=True)
    sent_comment = models.CharField(max_length=500, blank=True)
    sent_minutes_late = models.PositiveIntegerField(null=True, blank=True)
    writeback_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "session", "pupil_id"]
        indexes = [models.Index(fields=["school", "status", "next_attempt_at"]),
                   models.Index(fields=["school", "date"])]
        constraints = [models.UniqueConstraint(fields=["pupil", "date", "session"],
                                               name="writeback_one_item_a_session")]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.date} {self.session}: {self.code} ({self.status})"

    @property
    def wanted(self) -> tuple[str, str, int | None]:
        return (self.code, self.comment, self.minutes_late)

    @property
    def sent(self) -> tuple[str, str, int | None]:
        return (self.sent_code, self.sent_comment, self.sent_minutes_late)
