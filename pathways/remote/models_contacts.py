"""The contact log (seed 003, Appendix 2: "All parental contact (phone, Dojo, email and face-to-face) to be
recorded"; "SLT to be informed of home visits and recorded"): every contact with a pupil's family, by
channel, who made it and when, with whom, what came of it, whether a concern went to the DSL, and for a
home visit whether senior leaders were told.

A welfare check recorded in an arrangement's chronology (or from an absence follow-up) is not copied here:
the log lists both from one read (pathways.remote.contacts.contact_log), and a contact recorded here by
phone, video call, face to face or at home is the welfare check the rules read (the case files carry it as
one: docs/contact-log.md). One record, never two."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pathways.pupils.models import Pupil
from pathways.schools.models import School


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    APP_MESSAGE = "app_message", "App message (such as Class Dojo)"
    EMAIL = "email", "E-mail"
    VIDEO_CALL = "video_call", "Video call"
    FACE_TO_FACE = "face_to_face", "Face to face"
    HOME_VISIT = "home_visit", "Home visit"


class FamilyContact(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="family_contacts")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="family_contacts")
    channel = models.CharField("how", max_length=20, choices=Channel.choices)
    happened_at = models.DateTimeField("when")
    staff_name = models.CharField("member of staff", max_length=200)
    with_whom = models.CharField("with whom", max_length=200)
    outcome = models.TextField()
    concern_raised = models.BooleanField("a concern was raised with the DSL", default=False)
    concern = models.TextField("the concern", blank=True)
    slt_informed = models.BooleanField("senior leaders were told (home visits)", default=False)
    slt_informed_on = models.DateField("when senior leaders were told", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pupil", "-happened_at", "-id"]
        indexes = [models.Index(fields=["pupil", "happened_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} on {self.happened_at:%d %b %Y}"
