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
    # What the school's MIS says about the pupil (kept in step by the roster import, pathways/roster/).
    mis_id = models.CharField("MIS id", max_length=50, blank=True, help_text="The MIS's own id for the pupil.")
    preferred_first_name = models.CharField("preferred forename", max_length=100, blank=True)
    preferred_last_name = models.CharField("preferred surname", max_length=100, blank=True)
    gender = models.CharField(max_length=1, blank=True, help_text="M, F or U, as the MIS records it.")
    reg_group = models.CharField("registration group", max_length=30, blank=True)
    # Where a home visit goes.
    address_line_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    home_phone = models.CharField("home telephone", max_length=40, blank=True)
    email = models.EmailField("pupil's e-mail", blank=True)
    # The allocated social worker, when there is one (`social_worker` above says whether there is).
    social_worker_name = models.CharField("social worker's name", max_length=200, blank=True)
    social_worker_team = models.CharField("social worker's team", max_length=200, blank=True)
    social_worker_phone = models.CharField("social worker's phone", max_length=40, blank=True)
    social_worker_email = models.EmailField("social worker's e-mail", blank=True)
    # A pupil who left the school is never deleted: the date they left the roll, from a full roster file.
    left_on = models.DateField("left the roll on", null=True, blank=True)
    # Missing from a full roster file while an arrangement is open: not marked as left, but shown to the
    # headteacher on Today until they decide (the flag clears when the pupil is back in a file or leaves).
    missing_from_roster_on = models.DateField("missing from the MIS roster since", null=True, blank=True)
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
    def address_lines(self) -> list[str]:
        """The address as lines to show or print, blanks left out."""
        return [x for x in (self.address_line_1, self.address_line_2, self.town, self.postcode) if x]

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def upn_is_temporary(self) -> bool:
        return bool(self.upn) and self.upn[-1].isalpha()

    def year_group_on(self, day: dt.date) -> int:
        """The recorded year group, or the one the date of birth gives on `day` (English school year)."""
        if self.year_group is not None:
            return self.year_group
        from pathways.pupils.ages import year_group_for

        return year_group_for(self.date_of_birth, day)


class ContactRestriction(models.TextChoices):
    NONE = "", "None"
    NO_CONTACT = "no_contact", "No contact (court order)"
    NO_INFORMATION = "no_information", "No information to be shared"
    SUPERVISED = "supervised", "Contact only as agreed with the DSL"


# CBDS relationship codes a CTF carries, in the school's words. Unknown codes are kept and shown as they are.
RELATIONSHIPS = {
    "PAM": "Mother", "PAF": "Father", "STP": "Step-parent", "FOF": "Foster father", "FOM": "Foster mother",
    "CAR": "Carer", "DOC": "Doctor", "OTH": "Other", "REL": "Other relative", "SWR": "Social worker",
    "CHM": "Childminder", "GRP": "Grandparent", "SIB": "Sibling", "FAM": "Other family member",
    "AUN": "Aunt", "UNC": "Uncle", "HTC": "Head teacher", "TCH": "Teacher", "OTR": "Other relative",
    "RCH": "Residential care home", "PRO": "Professional",
}


class PupilContact(models.Model):
    """Someone to ring about the pupil, in the MIS's priority order (1 first)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contacts")
    priority = models.PositiveSmallIntegerField(default=1, help_text="1 is rung first.")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, blank=True, help_text="A CBDS code (PAM, PAF, ...) or words.")
    parental_responsibility = models.BooleanField(default=False)
    lives_with_pupil = models.BooleanField("lives with the pupil", default=False)
    phone = models.CharField(max_length=40, blank=True)
    phone_2 = models.CharField("other phone", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    restriction = models.CharField(
        "contact restriction", max_length=20, choices=ContactRestriction.choices, blank=True, default=""
    )
    restriction_note = models.TextField("about the restriction", blank=True)
    # A contact with a restriction recorded in Pathways whom the MIS's file no longer lists: kept by the roster
    # import (a "no contact" order must not vanish with an MIS record) and shown as not in the MIS since then.
    not_in_mis_since = models.DateField("not in the MIS's file since", null=True, blank=True)

    class Meta:
        ordering = ["pupil", "priority", "id"]
        indexes = [models.Index(fields=["pupil", "priority"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship_display})" if self.relationship else self.name

    @property
    def relationship_display(self) -> str:
        return RELATIONSHIPS.get(self.relationship, self.relationship)

    @property
    def may_be_contacted(self) -> bool:
        return self.restriction != ContactRestriction.NO_CONTACT

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.phone_2) if p]


class RosterMapping(models.Model):
    """A school's saved column mapping for roster CSVs of another shape: {our column: their column}."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="roster_mapping")
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Roster column mapping for {self.school}"


class RosterImport(models.Model):
    """An uploaded roster file: previewed first, written only when confirmed (pathways/roster/)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        QUEUED = "queued", "Waiting to run"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(
        "schools.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    valid_rows_only = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    preview = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # While it runs: {"stage": "checking" or "writing", "done": n, "total": n} (pathways/roster/progress.py)
    progress = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Roster import {self.filename}"
