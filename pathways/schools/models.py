"""Trusts, schools, their calendars, and the staff who work in them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

from pathways.policy.calendar import school_year_of as school_year_of  # one home, in the engine; re-exported
from pathways.schools.policy_settings import validate_policy_packs, validate_policy_settings


class User(AbstractUser):
    """A person who signs in: school staff, trust staff, and (later) provider staff."""

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Trust(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolType(models.TextChoices):
    MAINTAINED = "maintained", "Maintained school"
    ACADEMY = "academy", "Academy"
    SPECIAL = "special", "Special school"
    PRU = "pru", "Pupil referral unit"


class Phase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    NURSERY = "nursery", "Nursery"
    SIXTEEN_PLUS = "16_plus", "16 plus"


class School(models.Model):
    trust = models.ForeignKey(Trust, null=True, blank=True, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is six digits, for example 123456.")],
        help_text="Unique reference number: six digits.",
    )
    laestab = models.CharField(
        "LAESTAB",
        max_length=7,
        unique=True,
        validators=[
            RegexValidator(r"^\d{7}$", "A LAESTAB is seven digits: the LA code then the establishment number.")
        ],
        help_text="Local authority and establishment number: seven digits.",
    )
    school_type = models.CharField("type", max_length=20, choices=SchoolType.choices, default=SchoolType.ACADEMY)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.SECONDARY)
    local_authority = models.CharField(max_length=200)
    la_email = models.EmailField(
        "local authority email", blank=True,
        help_text="Where notices to the local authority are sent, for example attendance@northshire.gov.uk.",
    )
    la_contact = models.CharField(
        "local authority contact", max_length=200, blank=True,
        help_text="The officer's name, for the letter's greeting. Left empty: Dear Sir or Madam.",
    )
    require_two_factor = models.BooleanField(
        "require two-factor sign-in for headteachers and DSLs",
        default=True,
        help_text="Safeguarding data: on by default.",
    )
    policy_packs = models.JSONField(
        "policy packs",
        default=list,
        blank=True,
        validators=[validate_policy_packs],
        help_text="The packs that are the school's own policy, besides the national rules (always in force).",
    )
    policy_settings = models.JSONField(
        "policy settings",
        default=dict,
        blank=True,
        validators=[validate_policy_settings],
        help_text="The school's own values for pack parameters, e.g. provider_absence_deadline: \"10:00\".",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def la_code(self) -> str:
        """The local authority's three-digit code: the first part of the LAESTAB."""
        return self.laestab[:3]


class HalfTerm(models.Model):
    """One of the six half-terms of a school year. School days are the weekdays inside them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="half_terms")
    school_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the school year starts in: 2025 for 2025-26."
    )
    number = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 7)])
    name = models.CharField(max_length=50)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["school", "start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "number"], name="one_half_term_per_number"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="half_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.school_year}-{(self.school_year + 1) % 100:02d}"


class Closure(models.Model):
    """A weekday inside a half-term that is not a school day (INSET day, bank holiday, closure)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["school", "date"]
        constraints = [models.UniqueConstraint(fields=["school", "date"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} {self.reason}".strip()


class Role(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    ATTENDANCE_OFFICER = "attendance_officer", "Attendance officer"
    AP_LEAD = "ap_lead", "Alternative provision lead"
    SENCO = "senco", "SENCO"
    TEACHER = "teacher", "Teacher or teaching assistant"
    REMOTE_LEAD = "remote_lead", "Remote learning lead"
    GOVERNOR = "governor", "Governor"


# What each role may do is the role matrix's (pathways/schools/permissions.py). These are the roles whose
# sign-in may require two factors.
LEADERSHIP_ROLES = frozenset({Role.HEADTEACHER, Role.DSL})


class StaffRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["school", "role", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "school", "role"], name="one_role_once_per_school")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.school}"


class TrustRole(models.Model):
    """The trust lead: sees every school of the trust."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trust_roles")
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="trust_roles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "trust"], name="one_trust_role_per_trust")]

    def __str__(self) -> str:
        return f"{self.user} — trust lead, {self.trust}"


class GiasFile(models.Model):
    """An establishments file from GIAS, as loaded: the trust lead adds schools from the last one."""

    filename = models.CharField(max_length=255)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The establishments it holds, by URN: the columns a school is set up from (pathways.schools.gias).
    establishments = models.JSONField(default=dict)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = "GIAS file"

    def __str__(self) -> str:
        return f"{self.filename} ({len(self.establishments)} establishments)"


class Invitation(models.Model):
    """A one-time link that lets a new member of staff set their password. Only a hash of its token is
    kept: the link is shown (or sent) once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation of {self.user} made {self.created_at:%d %b %Y %H:%M}"
