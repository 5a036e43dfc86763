from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from pathways.arrangements.models import Arrangement
from pathways.forms import GovukFormMixin
from pathways.safeguarding.models import RATING_CHOICES, TEMPLATE_CHOICES
from pathways.schools.forms import DateInput

# Blank rows at the foot of the edit page, for adding risks without JavaScript.
BLANK_ROWS = 3


class ArrangementChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.pupil.full_name}: {obj.get_kind_display().lower()} from {obj.start:%-d %B %Y}"


class StartForm(GovukFormMixin, forms.Form):
    arrangement = ArrangementChoiceField(queryset=Arrangement.objects.none(), empty_label="Choose an arrangement")
    template = forms.ChoiceField(
        label="Start from the template for", choices=TEMPLATE_CHOICES, widget=forms.RadioSelect,
        help_text="The template's rows are copied; adapt them for the pupil next.",
    )

    def __init__(self, *args: Any, arrangements: QuerySet[Arrangement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["arrangement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = arrangements


class RowForm(GovukFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    area = forms.CharField(label="Risk area", max_length=200, required=False)
    hazard = forms.CharField(label="Hazard or potential risk", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Describe the hazard or potential risk."})
    likelihood = forms.ChoiceField(choices=[("", "Not rated"), *RATING_CHOICES], required=False)
    impact = forms.ChoiceField(choices=[("", "Not rated"), *RATING_CHOICES], required=False)
    control_measures = forms.CharField(
        label="Control measures", widget=forms.Textarea(attrs={"rows": 4}), help_text="One measure a line.",
        error_messages={"required": "Give at least one control measure."},
    )
    responsibility = forms.CharField(max_length=200, required=False)
    review_frequency = forms.CharField(label="Review frequency", max_length=100, required=False)
    further_actions = forms.CharField(
        label="Further actions needed", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class BaseRowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this risk"
            form.fields["DELETE"].widget.attrs["class"] = "govuk-checkboxes__input"

    def rows(self) -> list[dict[str, Any]]:
        """The rows to keep, in order: the forms not marked for removal and not left blank."""
        out = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            out.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return out


RowFormSet: type[BaseRowFormSet] = forms.formset_factory(  # type: ignore[assignment]
    RowForm, formset=BaseRowFormSet, extra=BLANK_ROWS, can_delete=True, max_num=200, validate_max=True,
)


class TitleForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200)


def _not_in_future(day: dt.date) -> dt.date:
    if day > dt.date.today():
        raise forms.ValidationError("The date cannot be in the future.")
    return day


class CompleteForm(GovukFormMixin, forms.Form):
    on = forms.DateField(label="Date of assessment", widget=DateInput())
    next_review_due = forms.DateField(label="Next review due", widget=DateInput())
    approved_by = forms.CharField(
        label="Approved by", max_length=200, help_text="The name and position of the person who approved it.",
        error_messages={"required": "Enter who approved the risk assessment, their name and position: it does "
                                    "not count until it is approved."},
    )

    def clean_on(self) -> dt.date:
        return _not_in_future(self.cleaned_data["on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on") and data.get("next_review_due") and data["next_review_due"] <= data["on"]:
            self.add_error("next_review_due", "The next review must be after the date of the assessment.")
        return data


class ReviewForm(CompleteForm):
    note = forms.CharField(
        label="What the review found", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Whether the control measures still work, and what changed for the pupil.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "Date of the review"
        self.order_fields(["on", "note", "next_review_due", "approved_by"])
