"""The register of live lessons and recordings (seeds 001 and 003): each live or recorded session with
pupils off site, who led it, whether senior leaders were told, whether the parents of every child in the
group consented, and the recording if one was kept. A recording is deleted `delete_by` (the day it was
made + the school's `recording_retention_days`); the nightly job deletes the file and says when
(`deleted_on`). A pre-recorded lesson (no pupils taking part) is exempt (001 Practice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pathways.pupils.models import Pupil
from pathways.schools.models import School


class LiveSession(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="live_sessions")
    held_on = models.DateField("date")
    group = models.CharField("group or class", max_length=200)
    pupils = models.ManyToManyField(Pupil, blank=True, related_name="live_sessions")
    platform = models.CharField(max_length=100)
    led_by = models.CharField("who led it", max_length=200)
    pre_recorded = models.BooleanField("a pre-recorded lesson, no pupils taking part", default=False)
    one_to_one = models.BooleanField("one to one (a single pupil with a member of staff)", default=False)
    slt_told = models.BooleanField("senior leaders were told of it", default=False)
    all_parents_consented = models.BooleanField("the parents of every child in the group consented", default=False)
    recorded = models.BooleanField(default=False)
    recording = models.FileField(upload_to="recordings/%Y/%m/", blank=True)
    delete_by = models.DateField(null=True, blank=True)
    deleted_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-held_on", "-id"]
        indexes = [models.Index(fields=["school", "delete_by"])]

    def __str__(self) -> str:
        what = "Pre-recorded lesson" if self.pre_recorded else "Live session"
        return f"{what} of {self.held_on:%d %b %Y}: {self.group}"

    @property
    def keeps_recording(self) -> bool:
        """A recording the school must delete: made of a session with pupils, and not deleted yet."""
        return self.recorded and not self.pre_recorded and self.deleted_on is None
