"""The family device and connectivity survey (002 Steps (6): "Survey your families"; Appendix A: "We have
audited our families and know which families have access to technology"). One answer covers a family:
the pupils of the school it names (siblings share it). A later answer for a pupil replaces the earlier one
in the summary; earlier answers are kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pathways.arrangements.models import Event
from pathways.pupils.models import Pupil
from pathways.schools.models import School


class Device(models.TextChoices):
    OWN = "own", "A device of the pupil's own (laptop or tablet)"
    SHARED = "shared", "A device shared with others at home"
    PHONE = "phone", "A mobile phone only"
    NONE = "none", "No device"


class Connection(models.TextChoices):
    BROADBAND = "broadband", "Broadband or wifi at home"
    MOBILE = "mobile", "Mobile data only"
    NONE = "none", "No internet at home"


class FamilyAccess(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="family_access")
    pupils = models.ManyToManyField(Pupil, related_name="family_access")
    surveyed_on = models.DateField()
    device = models.CharField(max_length=10, choices=Device.choices)
    connection = models.CharField(max_length=10, choices=Connection.choices)
    needs_help = models.BooleanField(default=False)
    help_needed = models.TextField(blank=True)
    lent = models.TextField("what was lent", blank=True)
    equipment_agreement = models.ForeignKey(Event, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-surveyed_on", "-id"]

    def __str__(self) -> str:
        return f"Device and connectivity survey answer of {self.surveyed_on:%d %b %Y}"

    @property
    def without_access(self) -> bool:
        return self.device == Device.NONE or self.connection == Connection.NONE
