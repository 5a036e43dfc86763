"""The register: one mark per pupil per session for pupils on arrangements.

Where the pupil was expected (`expected`, from the timetable version in force that day) and the
statutory code (`code`) are separate fields. The code is the policy engine's: the actions derive it
or validate a typed one through pathways.cases.coding, never here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from pathways.arrangements.models import Arrangement
from pathways.policy import casefile as cf
from pathways.pupils.models import Pupil
from pathways.schools.models import School

SESSION_LABELS = {"am": "Morning", "pm": "Afternoon"}
WHERE_LABELS = {
    "school": "In school",
    "provider": "At the provider",
    "online": "Online lesson",
    "home": "At home",
    "another_school": "At another school",
    "not_required": "Not required",
}
REASON_LABELS = {
    "illness": "Illness",
    "medical_appointment": "Medical appointment",
    "religious_observance": "Religious observance",
    "unknown": "Reason not yet known",
    "unauthorised": "Unauthorised",
    "study_leave": "Study leave",
    "interview": "Interview",
    "exceptional": "Exceptional circumstances",
    "transport_not_arranged": "Transport not arranged",
    "transport_failed": "Transport failed",
}
SESSION_CHOICES = [(s, SESSION_LABELS[s]) for s in cf.SESSIONS]
WHERE_CHOICES = [(w, WHERE_LABELS[w]) for w in cf.WHERE]
REASON_CHOICES = [(r, REASON_LABELS.get(r, r.replace("_", " ").capitalize())) for r in cf.ABSENCE_REASONS]


class Source(models.TextChoices):
    SCHOOL = "school", "School"
    PROVIDER = "provider", "Provider"
    IMPORT = "import", "MIS import"


class Mark(models.Model):
    # The pupil's school, kept so every query can be scoped by school. Neither key has an index of its
    # own: (school, date) and the unique (pupil, date, session) begin with them and serve their lookups,
    # and every index is written on each of the year's ~400 marks a pupil, so fewer make imports faster.
    #
    # Nor does the database check the school key on each of them: it is the pupil's school, copied for
    # scoping (every action and the import set it from the pupil, whose own key the database checks), and
    # a school is never deleted while it has marks (PROTECT, kept by Django). The check cost the server
    # as much as writing the row, on a table that takes a million rows an import.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="marks", db_index=False,
                               db_constraint=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="marks", db_index=False)
    # Indexed only where set (Meta.indexes): most imported marks are of pupils on no arrangement.
    arrangement = models.ForeignKey(
        Arrangement, null=True, blank=True, on_delete=models.PROTECT, related_name="marks", db_index=False
    )
    date = models.DateField()
    session = models.CharField(max_length=2, choices=SESSION_CHOICES)
    expected = models.CharField(
        "expected at", max_length=20, choices=WHERE_CHOICES, default="school",
        help_text="Where the timetable in force that day expected the pupil.",
    )
    code = models.CharField("register code", max_length=3, blank=True, help_text="Blank until recorded.")
    attended = models.BooleanField(null=True, blank=True)
    absence_reason = models.CharField(max_length=30, choices=REASON_CHOICES, blank=True)
    arrived = models.TimeField(null=True, blank=True)
    minutes_late = models.PositiveIntegerField(null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SCHOOL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    reported_at = models.DateTimeField(
        null=True, blank=True, help_text="When the provider reported the session (for the provider deadline)."
    )

    class Meta:
        ordering = ["date", "session", "pupil_id"]
        indexes = [
            models.Index(fields=["school", "date"]),
            models.Index(fields=["arrangement"], condition=models.Q(arrangement__isnull=False),
                         name="mark_arrangement_when_set"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "date", "session"], name="one_mark_per_pupil_session"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} {self.date:%d %b %Y} {self.session.upper()}: {self.code or 'not recorded'}"

    @property
    def version(self) -> str:
        """The version a page read the session at (see version_of)."""
        return version_of(self)


def version_of(mark: Mark | None) -> str:
    """A session's version, as a form carries it back: the mark and when it was last written (every writer,
    the import's COPY and UPDATE too, sets `recorded_at`); "" for a session not yet marked."""
    if mark is None:
        return ""
    return f"{mark.pk}@{mark.recorded_at.isoformat()}"


class MarkImport(models.Model):
    """One upload of an MIS CSV: its progress while it runs, then what was written and what was rejected."""

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", "All or nothing"
        VALID_ROWS = "valid", "Import the valid rows"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="mark_imports")
    filename = models.CharField(max_length=255, blank=True)
    mode = models.CharField(max_length=5, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField("marks added", default=0)
    updated = models.PositiveIntegerField("marks changed", default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    # [[line, upn, date, session, code, reason], ...] in line order
    rejected = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moves on with every progress report: an import run in a request that has not moved for a while
    # stopped with its server (see mis.settle_stalled).
    progress_at = models.DateTimeField(default=timezone.now)
    # A large file is imported by the worker (pathways.register.mis.jobs): its job, for the page to show
    # whether it waits, runs, was run again after its worker stopped, or failed.
    job = models.ForeignKey("django_tasks_database.DBTaskResult", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.filename or 'a CSV'} ({self.get_status_display()})"

    @property
    def written(self) -> int:
        return self.created + self.updated

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class MarkImportFile(models.Model):
    """The uploaded file of an import run by the worker, held until the import has finished with it."""

    mark_import = models.OneToOneField(MarkImport, on_delete=models.CASCADE, primary_key=True, related_name="upload")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"File of import {self.mark_import_id}"


class FollowUp(models.Model):
    """What the school does about an unexplained absence from a provider or online session: a phone call
    or a home visit, by a day, as the pupil's vulnerability asks (pathways.attendance.followups). It is
    done by recording a welfare check, which is the chronology's evidence (`done_by`)."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone call"
        HOME_VISIT = "home_visit", "Home visit"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "No longer needed"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="follow_ups")
    mark = models.OneToOneField(Mark, on_delete=models.PROTECT, related_name="follow_up")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="follow_ups")
    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    vulnerability = models.CharField(
        max_length=10, help_text="The pupil's vulnerability when the absence was recorded."
    )
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # One welfare check may answer several follow-ups (the morning's and the afternoon's absence): the
    # call is recorded once (pathways.attendance.followups.close_answered).
    done_by = models.ForeignKey(
        "arrangements.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups_closed",
        help_text="The welfare check that closed it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "pupil__last_name", "pupil__first_name", "id"]
        indexes = [models.Index(fields=["school", "status", "due"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.pupil} by {self.due:%d %b %Y}"

    def overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due < today
