"""The form of the register of live lessons and recordings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator

from pathways.remote.forms import DescribedMixin, PupilChoices
from pathways.schools.forms import DateInput
from pathways.schools.models import User

RECORDING_TYPES = ("mp4", "m4a", "m4v", "mov", "webm", "mp3", "wav", "ogg")


class LiveSessionForm(DescribedMixin, forms.Form):
    held_on = forms.DateField(label="Date of the session", widget=DateInput())
    group = forms.CharField(label="Group or class", max_length=200, help_text="For example Year 5 maths, or Oak class.")
    pre_recorded = forms.BooleanField(label="A pre-recorded lesson, no pupils taking part", required=False,
                                      help_text="A pre-recorded lesson need not be deleted (001 Practice).")
    pupils = PupilChoices(label="Pupils taking part off site", queryset=User.objects.none(), required=False,
                          widget=forms.SelectMultiple(attrs={"size": 8}),
                          help_text="Every pupil who joined from home or elsewhere off the school site.")
    platform = forms.CharField(label="Platform", max_length=100, help_text="For example Microsoft Teams or Zoom.")
    led_by = forms.CharField(label="Who led it", max_length=200)
    one_to_one = forms.BooleanField(label="One to one (a single pupil with a member of staff)", required=False)
    slt_told = forms.BooleanField(label="Senior leaders were told of the session", required=False)
    all_parents_consented = forms.BooleanField(
        label="The parents of every child in the group gave their consent", required=False,
        help_text="Opt-in consent forms from the parents of all the children involved (001, 002 Appendix C).")
    recorded = forms.BooleanField(label="The session was recorded", required=False)
    recording = forms.FileField(label="The recording", required=False,
                                validators=[FileExtensionValidator(list(RECORDING_TYPES))],
                                help_text="A video or sound file (" + ", ".join(RECORDING_TYPES) + "). It is "
                                "deleted on its deletion date.")

    def __init__(self, *args: Any, pupils: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pupils"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = pupils
