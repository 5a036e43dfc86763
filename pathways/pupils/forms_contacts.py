"""The contacts page's forms: one form a contact (the order to ring them, details, restriction, remove) and the
social worker's details."""

from __future__ import annotations

from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.pupils.models import ContactRestriction, Pupil


class ContactForm(GovukFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label="Order to ring", min_value=1, max_value=99, required=False,
                               help_text="1 is rung first.",
                               widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}))
    name = forms.CharField(label="Name", max_length=200, required=False)
    relationship = forms.CharField(label="Relationship", max_length=100, required=False,
                                   help_text="For example: Mother, Father, Foster carer, Grandparent.")
    parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    lives_with_pupil = forms.BooleanField(label="Lives with the pupil", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    phone_2 = forms.CharField(label="Other phone", max_length=40, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    restriction = forms.ChoiceField(label="Contact restriction", choices=ContactRestriction.choices, required=False,
                                    help_text="Recorded in Pathways: the MIS file carries none, and a roster import "
                                              "keeps it.")
    restriction_note = forms.CharField(label="About the restriction", required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text="What the order or agreement says, its date and where it is kept.")
    remove = forms.BooleanField(label="Remove this contact", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{str(self.auto_id) % self.add_prefix(name)}-hint"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", "Enter the contact's name.")
        if data.get("restriction") and not (data.get("restriction_note") or "").strip():
            self.add_error("restriction_note", "Say what the restriction is: the order or agreement, its date and "
                                               "where it is kept.")
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=1, max_num=30)


class SocialWorkerForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Pupil
        fields = ["social_worker", "social_worker_name", "social_worker_team", "social_worker_phone",
                  "social_worker_email"]
