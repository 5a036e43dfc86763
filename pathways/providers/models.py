"""Providers of education away from school, and the due-diligence checks made on them.

A provider belongs to a trust: every school of the trust places pupils with the same provider, and
the independent-school registration threshold is counted across all of them. A standalone school
(no trust) keeps its own providers. The vocabularies are the case file's (case-file.md, `provider`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from pathways.schools.models import School, Trust


class ProviderKind(models.TextChoices):
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    ONLINE_LEARNING = "online_learning", "Online learning"
    TUITION = "tuition", "Tuition"
    HOSPITAL_EDUCATION = "hospital_education", "Hospital education"
    ANOTHER_SCHOOL = "another_school", "Another school (dual registration)"


class Registration(models.TextChoices):
    REGISTERED_SCHOOL = "registered_school", "Registered school (independent or state)"
    UNREGISTERED = "unregistered", "Not registered as a school"
    ONLINE_ACCREDITED = "online_accredited", "DfE-accredited online education provider"


class ArrangedBy(models.TextChoices):
    SCHOOL = "school", "The school"
    LOCAL_AUTHORITY = "local_authority", "The local authority"


class CheckType(models.TextChoices):
    REGISTRATION_CHECKED = "registration_checked", "Registration checked"
    STAFF_CHECKS_CONFIRMED = "staff_checks_confirmed", "Staff safeguarding checks confirmed in writing"
    SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding policy seen"
    CHILD_PROTECTION_POLICY_SHARED = "child_protection_policy_shared", "Our child protection policy shared"
    HEALTH_AND_SAFETY = "health_and_safety", "Health and safety"
    INITIAL_VISIT = "initial_visit", "Initial visit"
    PROVIDER_CHECKLIST = "provider_checklist", "Provider checklist (Annex C)"
    COMMISSIONING_AGREEMENT = "commissioning_agreement", "Commissioning agreement"
    QUALITY_REVIEW = "quality_review", "Quality review"
    ABSENCE_ALERT_AGREED = "absence_alert_agreed", "Absence alerts agreed"
    IDENTITY_CHECKS = "identity_checks", "Identity checks"


class CensusSettingType(models.TextChoices):
    """The school census's AP setting type, for a placement whose provider has neither URN nor UKPRN
    (docs/census.md cites the specification)."""

    NFE = "NFE", "Non-maintained further education provision"
    OOT = "OOT", "One-to-one tuition"
    OTH = "OTH", "Other unregistered provider"
    WBP = "WBP", "Work-based placement"


class Provider(models.Model):
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="providers",
        help_text="Every school of the trust uses the same provider record. Empty for a standalone school's.",
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="providers_added",
        help_text="The school that added the provider.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ProviderKind.choices)
    registration = models.CharField(max_length=30, choices=Registration.choices)
    urn = models.CharField(
        "URN", max_length=6, blank=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is six digits, for example 123456.")],
        help_text="Only for a registered school: its unique reference number, six digits.",
    )
    ukprn = models.CharField(
        "UKPRN", max_length=8, blank=True,
        validators=[RegexValidator(r"^1\d{7}$", "A UKPRN is eight digits starting with 1, for example 10012345.")],
        help_text="The provider's UK provider reference number, if it has one: eight digits starting with 1.",
    )
    postcode = models.CharField(max_length=10, blank=True)
    companies_house_number = models.CharField(
        "Companies House number", max_length=8, blank=True,
        validators=[RegexValidator(r"^(\d{8}|[A-Z]{2}\d{6})$",
                                   "A Companies House number is eight characters, for example 01234567 or SC123456.")],
    )
    census_setting_type = models.CharField(
        "type of setting for the school census", max_length=3, choices=CensusSettingType.choices, blank=True,
        help_text="Only for a provider with no URN and no UKPRN.",
    )
    arranged_by = models.CharField(max_length=20, choices=ArrangedBy.choices, default=ArrangedBy.SCHOOL)
    live_teaching = models.BooleanField(
        "lessons taught live", null=True, blank=True,
        help_text="Lessons taught live by the provider's staff (not a VLE or self-study package). Empty: not known.",
    )
    address = models.TextField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    # Pupils of settings outside the trust that the provider educates full time, as it tells us:
    # the trust's own pupils are counted from their timetables.
    elsewhere_full_time_compulsory_age = models.PositiveSmallIntegerField(
        "full-time pupils of compulsory school age from other settings", default=0
    )
    elsewhere_full_time_looked_after_or_ehcp = models.PositiveSmallIntegerField(
        "of whom looked after or with an EHC plan", default=0
    )
    elsewhere_full_time_sen = models.PositiveSmallIntegerField("of whom with special educational needs", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "name"], condition=models.Q(trust__isnull=False), name="provider_name_unique_in_trust"
            ),
            models.UniqueConstraint(
                fields=["school", "name"], condition=models.Q(trust__isnull=True),
                name="provider_name_unique_in_standalone_school",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.urn and self.registration != Registration.REGISTERED_SCHOOL:
            errors["urn"] = "Only a registered school has a URN: leave it empty for this provider."
        if self.census_setting_type and (self.urn or self.ukprn):
            errors["census_setting_type"] = (
                "The type of setting is only for a provider with no URN and no UKPRN: leave it empty."
            )
        if self.elsewhere_full_time_looked_after_or_ehcp > self.elsewhere_full_time_compulsory_age:
            errors["elsewhere_full_time_looked_after_or_ehcp"] = (
                "Looked-after pupils and pupils with an EHC plan are counted among the pupils of compulsory "
                "school age: this cannot be more than that count."
            )
        if self.elsewhere_full_time_sen > self.elsewhere_full_time_compulsory_age:
            errors["elsewhere_full_time_sen"] = (
                "Pupils with special educational needs are counted among the pupils of compulsory school age: "
                "this cannot be more than that count."
            )
        if errors:
            raise ValidationError(errors)


class ProviderCheck(models.Model):
    """One due-diligence record. Checks are kept, never overwritten: a renewal is a new record."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="checks")
    type = models.CharField(max_length=40, choices=CheckType.choices)
    date = models.DateField()
    expires = models.DateField(null=True, blank=True, help_text="Empty: the check does not expire.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires__isnull=True) | models.Q(expires__gt=models.F("date")),
                name="provider_check_expires_after_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date:%d %b %Y}"

    def clean(self) -> None:
        if self.expires is not None and self.date is not None and self.expires <= self.date:
            raise ValidationError({"expires": "The expiry date must be after the date of the check."})


class ProviderChecklist(models.Model):
    """The Annex C checklist ("Choosing a provider", seeds/000), as completed. Kept, never overwritten:
    completing it again is a new record, and each completion is also a `provider_checklist` check."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="checklists")
    check_record = models.OneToOneField(
        ProviderCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="checklist",
        help_text="The provider_checklist check its completion recorded.",
    )
    completed_on = models.DateField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict, help_text="{question key: {answer: yes|no|not_yet, note: text}}")
    complete = models.BooleanField(
        default=False, help_text="Every question answered with its evidence: only then does its check count.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider", "-completed_on", "-id"]

    def __str__(self) -> str:
        return f"Provider checklist {self.completed_on:%d %b %Y}"


class PlanningChecklist(models.Model):
    """Annex D, the school's online learning planning checklist (seeds/000; its activities are
    providers/planning.py), for one school and one provider. Kept, never overwritten: completing it
    again is the next version, the earlier ones kept. The school's plan: it clears no duty by itself."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="planning_checklists")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="planning_checklists")
    version = models.PositiveIntegerField(help_text="1 for the school's first with the provider, then 2, 3...")
    completed_on = models.DateField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    items = models.JSONField(default=dict, help_text="{activity key: {person: text, done: yes|no, note: text}}")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "provider", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "provider", "version"], name="planning_checklist_version_once"),
        ]

    def __str__(self) -> str:
        return f"Planning checklist {self.completed_on:%d %b %Y} (version {self.version})"


class CheckRecord(models.Model):
    """The form a check is recorded with, where the policy has one: Appendix 1b, the report of the
    professionals' initial visit (`initial_visit`; its questions are arrangements/record_templates.py).
    Kept with its check, never changed: visiting again is a new check with its own report."""

    check_record = models.OneToOneField(ProviderCheck, on_delete=models.PROTECT, related_name="record")
    answers = models.JSONField(default=dict)
    complete = models.BooleanField(default=False, help_text="Every required answer of the form given.")

    def __str__(self) -> str:
        return f"Record of {self.check_record}"


class ProviderStaff(models.Model):
    """A member of a provider's staff with a sign-in of their own, issued by one school. They hold no
    role in any school: they see only that school's placements (arrangements) with their provider, and
    report attendance for them. Another school of the trust using the same provider issues its own: one
    person may hold a row from each school that invited them (one sign-in, each school's placements
    reached through that school's row, each row removed by its own school)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_staff")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="staff")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="provider_staff",
        help_text="The school that gave the sign-in: it reaches only this school's placements with the provider.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["provider", "user__last_name", "user__first_name", "id"]
        verbose_name_plural = "provider staff"
        constraints = [
            models.UniqueConstraint(fields=["user", "provider", "school"], name="provider_staff_once_a_school"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.provider})"


class ProviderToken(models.Model):
    """A key a provider's MIS or app uses to call the API, issued by one school: it reaches only that
    school's placements with the provider. Only a hash of the token is kept: it is shown once, when it
    is created. A revoked or expired token is refused (401)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="tokens")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="provider_tokens",
        help_text="The school that issued the token: it reaches only this school's placements with the provider.",
    )
    name = models.CharField(max_length=100, help_text="What uses the token, for example \"Our MIS\".")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it by.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        help_text="After this the token is refused (401): the school issues a new one.",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def expired(self, now: datetime.datetime) -> bool:
        return self.expires_at <= now
