"""Arrangements: a pupil's education away from the normal full-time timetable, its usual week
(kept as dated versions), its phased steps back to full time, and its chronology.

The chronology is the evidence the rules read. Events are never edited or deleted: a correction is
a new event that supersedes the old one, with a reason, and superseded events are left out of what
the rules read. The vocabularies are the case file's (case-file.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from pathways.arrangements.vocabulary import label, validate_event_fields, validate_slots
from pathways.policy import casefile as cf
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.schools.models import School

ARRANGEMENT_KIND_LABELS = {
    "alternative_provision": "Alternative provision",
    "part_time_timetable": "Part-time timetable",
    "flexi_schooling": "Flexi-schooling",
    "online_learning": "Online learning",
    "remote_learning": "Remote learning",
    "return_to_learn": "Return to Learn",
    "off_site_direction": "Off-site direction",
    "suspension": "Suspension",
    "health_needs": "Education for health needs",
}
REASON_LABELS = {
    "medical": "Medical",
    "injury": "Injury",
    "mental_health": "Mental health",
    "ebsa": "Emotionally based school avoidance",
    "behaviour": "Behaviour",
    "suspension": "Suspension",
    "reintegration": "Reintegration",
    "parental_request": "Parental request",
    "exclusion_risk": "Risk of exclusion",
    "other": "Other",
}
KIND_CHOICES = [(k, ARRANGEMENT_KIND_LABELS[k]) for k in cf.ARRANGEMENT_KINDS]
REASON_CHOICES = [(r, REASON_LABELS[r]) for r in cf.REASONS]
OUTCOME_CHOICES = [(o, label(o)) for o in cf.END_OUTCOMES]
EVENT_TYPE_CHOICES = [(t, label(t)) for t in cf.EVENT_TYPES]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The first bytes of each accepted kind of file, so a renamed file is caught.
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_attachment(file: Any) -> None:
    """At most 10 MB, and a PDF, Word (.docx), JPEG or PNG file whose contents match its name."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"The file is {size / 1024 / 1024:.1f} MB: attach a file of 10 MB or less.")
    suffix = Path(getattr(file, "name", "") or "").suffix.lower()
    signatures = ATTACHMENT_SIGNATURES.get(suffix)
    if signatures is None:
        raise ValidationError("Attach a PDF, Word (.docx), JPEG or PNG file.")
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(8)
    finally:
        if position is not None:
            file.seek(position)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(f"The file is named {suffix} but is not a {suffix.lstrip('.').upper()} file.")


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    # A draft that will not go ahead: kept for the record, out of the lists and Today.
    WITHDRAWN = "withdrawn", "Withdrawn"


# Arrangements that are over: nothing more is due on them.
CLOSED_STATUSES = (Status.ENDED, Status.WITHDRAWN)


class CensusPlacementReason(models.TextChoices):
    """The school census's primary reason for an AP placement (docs/census.md: the codes and their source)."""

    PEX = "PEX", "Permanent exclusion"
    SUS = "SUS", "Suspension"
    OSD = "OSD", "Off-site direction to improve behaviour"
    MED = "MED", "Physical health need"
    MEN = "MEN", "Mental health need"
    SEN = "SEN", "Special educational needs"
    OTH = "OTH", "Other"


class Arrangement(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="arrangements")
    # The pupil's school, kept here so every query can be scoped (and later sharded) by school.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    reason = models.CharField(max_length=30, choices=REASON_CHOICES, blank=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="The proposed end date; when ended, the last day.")
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="arrangements"
    )
    census_placement_reason = models.CharField(
        "reason for the placement (school census)", max_length=3, choices=CensusPlacementReason.choices,
        blank=True, help_text="The main reason the placement was made, as the school census codes it.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=30, choices=OUTCOME_CHOICES, blank=True)
    suspension_days = models.JSONField(default=list, blank=True, help_text="For a suspension: its school days.")
    year11_exams_finished = models.BooleanField("Year 11 exams finished", default=False)
    withdrawal_reason = models.TextField(blank=True, help_text="Why a draft was withdrawn.")
    # Approvals and consents an imported case file claimed, kept aside as evidence until the person whose
    # role it is confirms them ({"type", "date", "fields", "note"} each): a file never carries them in.
    to_confirm = models.JSONField(default=list, blank=True,
                                  help_text="Approvals and consents from an imported case file, not yet confirmed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The member of staff responsible, who may not be the one who set it up. PROTECT: a lead never
    # vanishes with their account; the arrangement is handed to someone else first (do_change_arrangement_lead).
    # Empty only when it was set up with no person behind it (a command's import).
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="arrangements_led",
        help_text="The member of staff responsible for the arrangement: a staff role in its school.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["provider", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="arrangement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.pupil} from {self.start:%d %b %Y}"

    @property
    def needs_new_lead(self) -> bool:
        """Its lead has left (their sign-in closed) and it is not over: someone must take it on."""
        return self.lead is not None and not self.lead.is_active and self.status != Status.ENDED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end date must be on or after the start date."
        if self.pupil_id and self.school_id and self.pupil.school_id != self.school_id:
            errors["pupil"] = "The pupil is not on this school's roll."
        if self.provider is not None and self.school_id:
            provider, school = self.provider, self.school
            ok = (provider.trust_id == school.trust_id) if school.trust_id else (
                provider.trust_id is None and provider.school_id == school.id
            )
            if not ok:
                errors["provider"] = "This provider is not one your school can use."
        if not isinstance(self.suspension_days, list):
            errors["suspension_days"] = "Suspension days must be a list of dates."
        else:
            try:
                days = [dt.date.fromisoformat(d) for d in self.suspension_days]
            except (TypeError, ValueError):
                errors["suspension_days"] = "Each suspension day must be a date (YYYY-MM-DD)."
            else:
                if any(b <= a for a, b in itertools.pairwise(days)):
                    errors["suspension_days"] = "Suspension days must be in order, each once."
                elif days and self.kind != "suspension":
                    errors["suspension_days"] = "Only a suspension has suspension days."
        if self.status == Status.ENDED and not self.outcome:
            errors["outcome"] = "Say how the arrangement ended."
        if errors:
            raise ValidationError(errors)

    @property
    def suspension_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.suspension_days]


class TimetableVersion(models.Model):
    """The usual week from a date. A change is a new version; the one in force on a day is the one
    with the latest `effective_from` on or before it."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="timetables")
    effective_from = models.DateField()
    slots = models.JSONField(default=dict, blank=True, validators=[validate_slots],
                             help_text="{mon: {am: WHERE, pm: WHERE}, ...}; a session left out is in school.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "effective_from"], name="one_timetable_per_day"),
        ]

    def __str__(self) -> str:
        return f"Timetable from {self.effective_from:%d %b %Y}"


def timetable_in_force(versions: list[TimetableVersion], day: dt.date) -> TimetableVersion | None:
    """The version with the latest effective_from on or before `day`; before the first, the first
    (the week that was planned); None when there is no timetable at all."""
    ordered = sorted(versions, key=lambda v: v.effective_from)
    chosen = None
    for version in ordered:
        if version.effective_from <= day:
            chosen = version
    return chosen or (ordered[0] if ordered else None)


class Step(models.Model):
    """A step of a phased return: from this date, this many hours a week in school."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="steps")
    from_date = models.DateField("from")
    hours_in_school = models.DecimalField(
        max_digits=4, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text="Hours a week in school from this date (a session is 3 hours).",
    )

    class Meta:
        ordering = ["arrangement", "from_date"]
        constraints = [models.UniqueConstraint(fields=["arrangement", "from_date"], name="one_step_per_day")]

    def __str__(self) -> str:
        return f"From {self.from_date:%d %b %Y}: {self.hours_in_school} hours in school"


class ActiveEventManager(models.Manager["Event"]):
    """The entries the rules and the reports read: neither corrected nor entered in error."""

    def get_queryset(self) -> models.QuerySet[Event]:
        return super().get_queryset().filter(superseded_by__isnull=True, entered_in_error__isnull=True)


class Event(models.Model):
    """One entry of the chronology. Append-only: see do_correct_event."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="events")
    date = models.DateField()
    type = models.CharField(max_length=40, choices=EVENT_TYPE_CHOICES)
    fields = models.JSONField(default=dict, blank=True,
                              help_text="Details for some types: written, by, outcome, parent_attended, ...")
    note = models.TextField(blank=True)
    attachment = models.FileField(upload_to="chronology/%Y/%m/", blank=True, validators=[validate_attachment])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        help_text="The event this one corrects.",
    )
    correction_reason = models.TextField(blank=True)

    objects = models.Manager()
    current = ActiveEventManager()

    class Meta:
        ordering = ["arrangement", "date", "id"]
        indexes = [models.Index(fields=["arrangement", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
                name="a_correction_gives_its_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} {self.type_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("An entry of the chronology is never changed: record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("An entry of the chronology is never deleted: record a correction instead.")

    def clean(self) -> None:
        validate_event_fields(self.type, self.fields)
        if self.supersedes_id and not self.correction_reason.strip():
            raise ValidationError({"correction_reason": "Say why the earlier entry is being corrected."})

    @property
    def is_superseded(self) -> bool:
        return hasattr(self, "superseded_by")

    @property
    def type_label(self) -> str:
        """The entry's type as staff say it on this kind of arrangement: "TA's fortnightly report" on Return
        to Learn, "Provider report" elsewhere."""
        return label(self.type, self.arrangement.kind)


class EnteredInError(models.Model):
    """An entry of the chronology that should never have been made (the wrong pupil, a visit that did not
    happen). The entry is kept, shown struck through with the reason, and left out of what the rules and
    the reports read. Never changed or removed (do_mark_event_in_error)."""

    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="entered_in_error")
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="entered_in_error_gives_its_reason"),
        ]

    def __str__(self) -> str:
        return f"Entered in error: {self.event}"
