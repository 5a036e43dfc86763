"""Forms for providers, their due-diligence checks and the Annex C checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.providers.checklist import ANSWERS, QUESTIONS, number
from pathways.providers.models import CheckType, Provider
from pathways.schools.forms import DateInput


class ProviderForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Provider
        fields = [
            "name", "kind", "registration", "urn", "ukprn", "census_setting_type", "postcode",
            "companies_house_number", "arranged_by", "live_teaching", "address", "contact_name",
            "contact_email", "contact_phone", "elsewhere_full_time_compulsory_age",
            "elsewhere_full_time_looked_after_or_ehcp", "elsewhere_full_time_sen",
        ]
        labels = {
            "registration": "Registration",
            "urn": "URN",
            "ukprn": "UKPRN",
            "census_setting_type": "Type of setting (school census)",
            "companies_house_number": "Companies House number",
            "arranged_by": "Who arranges placements there",
            "live_teaching": "Are lessons taught live by the provider's staff?",
            "elsewhere_full_time_compulsory_age": "Full-time pupils of compulsory school age from settings outside "
                                                  "the trust",
            "elsewhere_full_time_looked_after_or_ehcp": "Of those, looked after or with an EHC plan",
            "elsewhere_full_time_sen": "Of those, with special educational needs",
        }
        help_texts = {
            "registration": "An unregistered provider must register as an independent school once it educates "
                            "5 or more pupils of compulsory school age full time, or 1 who is looked after or "
                            "has an EHC plan.",
            "urn": "Only for a registered school: its unique reference number, six digits. Leave it empty "
                   "otherwise.",
            "ukprn": "The UK provider reference number, if it has one: eight digits starting with 1.",
            "census_setting_type": "Only for a provider with no URN and no UKPRN: the school census asks for "
                                   "the type of setting instead.",
            "companies_house_number": "If the provider is a company: eight characters, for example 01234567.",
            "arranged_by": "A placement the local authority arranges is coded K in the register; one the "
                           "school arranges, B.",
            "live_teaching": "Not a VLE or self-study package: online work without live teaching is never "
                             "an approved educational activity.",
            "elsewhere_full_time_compulsory_age": "Ask the provider. Pupils of this trust's schools are counted "
                                                  "from their timetables: do not include them. Full time means "
                                                  "more than 18 hours a week there.",
            "elsewhere_full_time_looked_after_or_ehcp": "Counted among the pupils above.",
            "elsewhere_full_time_sen": "Counted among the pupils above. Not yet part of the threshold: the "
                                       "Children's Wellbeing and Schools Act 2026 adds them once in force.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "live_teaching": forms.NullBooleanSelect(),
            "urn": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}),
            "ukprn": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}),
            "postcode": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10",
                                               "autocomplete": "postal-code"}),
            "companies_house_number": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
            "elsewhere_full_time_compulsory_age": forms.NumberInput(
                attrs={"class": "govuk-input govuk-input--width-3"}
            ),
            "elsewhere_full_time_looked_after_or_ehcp": forms.NumberInput(
                attrs={"class": "govuk-input govuk-input--width-3"}
            ),
            "elsewhere_full_time_sen": forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["live_teaching"].widget.choices = [
            ("unknown", "Not known"), ("true", "Yes"), ("false", "No"),
        ]

    def clean_urn(self) -> str:
        urn: str = self.cleaned_data["urn"].strip()
        return urn

    def clean_ukprn(self) -> str:
        ukprn: str = self.cleaned_data["ukprn"].strip()
        return ukprn

    def clean_postcode(self) -> str:
        postcode: str = " ".join(self.cleaned_data["postcode"].upper().split())
        return postcode

    def clean_companies_house_number(self) -> str:
        number: str = self.cleaned_data["companies_house_number"].strip().upper()
        return number


class ProviderCheckForm(GovukFormMixin, forms.Form):
    # The initial visit and the Annex C checklist are recorded with their forms, on their own pages.
    type = forms.ChoiceField(label="Check", choices=[("", "Choose a check"), *(
        c for c in CheckType.choices if c[0] not in (CheckType.INITIAL_VISIT, CheckType.PROVIDER_CHECKLIST))])
    date = forms.DateField(label="Date of the check", widget=DateInput())
    expires = forms.DateField(
        label="Expires", required=False, widget=DateInput(),
        help_text="Leave empty if the check does not expire. You are warned 30 days before.",
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: who confirmed it, and where the evidence is kept.",
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > dt.date.today():
            raise forms.ValidationError("The date of the check is in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("expires") and data["expires"] <= data["date"]:
            self.add_error("expires", "The expiry date must be after the date of the check.")
        return data


class ChecklistForm(GovukFormMixin, forms.Form):
    """One yes / no / not yet answer and an evidence note per Annex C question."""

    completed_on = forms.DateField(label="Date completed", widget=DateInput())
    review_by = forms.DateField(
        label="Review by", required=False, widget=DateInput(),
        help_text="When the provider's quality and safeguarding should be checked again (the guidance asks for "
                  "periodic reviews). Leave empty for none.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[f"{q.key}_answer"] = forms.ChoiceField(
                label=q.text, choices=ANSWERS, widget=forms.RadioSelect, required=True,
                error_messages={"required": "Answer yes, no or not yet."},
            )
            self.fields[f"{q.key}_note"] = forms.CharField(
                label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
                help_text=q.evidence_hint,
            )

    def clean_completed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["completed_on"]
        if day > dt.date.today():
            raise forms.ValidationError("The checklist cannot be completed on a future date.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = dict(ANSWERS)
        for q in QUESTIONS:
            answer = data.get(f"{q.key}_answer")
            if answer in ("no", "not_yet") and not (data.get(f"{q.key}_note") or "").strip():
                why = f"{number(q)}: say why the answer is {labels[answer].lower()}, or what happens next."
                self.add_error(f"{q.key}_note", why)
            elif answer == "yes" and not (data.get(f"{q.key}_note") or "").strip():
                self.add_error(f"{q.key}_note", f"{number(q)} ({q.text}): give the evidence for the yes.")
        return data

    def answers(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {q.key: {"answer": data.get(f"{q.key}_answer", ""), "note": data.get(f"{q.key}_note", "")}
                for q in QUESTIONS}

    def questions(self) -> list[dict[str, Any]]:
        """The questions by section, each with its two bound fields, for the template."""
        sections: dict[str, list[dict[str, Any]]] = {}
        for q in QUESTIONS:
            items = sections.setdefault(q.section, [])
            items.append(
                {"number": len(items) + 1, "question": q, "answer": self[f"{q.key}_answer"],
                 "note": self[f"{q.key}_note"]}
            )
        return [{"section": s, "items": items} for s, items in sections.items()]
