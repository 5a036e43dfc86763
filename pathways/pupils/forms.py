from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pathways.forms import DatePartsInput, GovukFormMixin
from pathways.pupils.models import Pupil, Send, Vulnerability


class PupilForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Pupil
        fields = [
            "first_name", "last_name", "upn", "date_of_birth", "year_group", "send", "looked_after", "social_worker",
            "child_protection_plan", "medical_condition", "free_school_meals", "vulnerability_override",
            "vulnerability_override_reason", "address_line_1", "address_line_2", "town", "postcode", "home_phone",
            "social_worker_name", "social_worker_team", "social_worker_phone", "social_worker_email",
        ]
        widgets = {"date_of_birth": DatePartsInput(),  # a memorable date: GOV.UK's day, month and year
                   "vulnerability_override_reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "vulnerability_override": "Leave blank to use the vulnerability worked out from the needs above.",
        }

    def clean_upn(self) -> str:
        from pathways.policy.upn import check_upn

        upn: str = self.cleaned_data["upn"].strip()
        if not upn:
            return upn
        result = check_upn(upn)
        if not result.valid:
            raise forms.ValidationError(f"This is not a valid UPN: {result.error}.")
        return upn

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born > dt.date.today():
            raise forms.ValidationError("The date of birth is in the future.")
        if born.year < 1990:
            raise forms.ValidationError("Check the date of birth: the year looks wrong.")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("vulnerability_override") and not (data.get("vulnerability_override_reason") or "").strip():
            self.add_error("vulnerability_override_reason", "Say why the vulnerability is set by hand.")
        return data


class PupilFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(required=False, label="Name or UPN")
    year_group = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None,
        choices=[("", "Any year")] + [(str(n), "Reception" if n == 0 else f"Year {n}") for n in range(0, 15)],
    )
    send = forms.ChoiceField(required=False, label="SEND", choices=[("", "Any"), *list(Send.choices)])
    vulnerability = forms.ChoiceField(required=False, choices=[("", "Any"), *list(Vulnerability.choices)])


class LegalHoldForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a claim, an inquiry or a subject access request that needs these records.",
    )
