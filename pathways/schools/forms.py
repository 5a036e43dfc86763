from __future__ import annotations

import datetime as dt

from django import forms

from pathways.forms import GovukFormMixin
from pathways.schools.models import HalfTerm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class HalfTermForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = HalfTerm
        fields = ["name", "start", "end"]
        labels = {"start": "First day", "end": "Last day"}
        widgets = {"start": DateInput(), "end": DateInput()}


class ClosureForm(GovukFormMixin, forms.Form):
    date = forms.DateField(widget=DateInput(), help_text="A weekday inside a half-term that is not a school day.")
    reason = forms.CharField(max_length=200, required=False, help_text="For example: INSET day, polling station.")


class GenerateCalendarForm(GovukFormMixin, forms.Form):
    school_year = forms.IntegerField(
        min_value=2000, max_value=2100, label="School year starting in September of",
        help_text="For example 2026 for 2026-27.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        today = dt.date.today()
        self.fields["school_year"].initial = today.year if today.month >= 9 else today.year - 1
