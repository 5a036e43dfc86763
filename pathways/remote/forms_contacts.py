"""The forms of the contact log: one contact with a pupil's family; senior leaders told of a home visit already
logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from pathways.remote.forms import DescribedMixin
from pathways.remote.models_contacts import Channel
from pathways.schools.forms import DateInput

YES_NO = [("yes", "Yes"), ("no", "No")]


class ContactForm(DescribedMixin, forms.Form):
    channel = forms.ChoiceField(label="How was the contact made?", choices=Channel.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how the contact was made."})
    day = forms.DateField(label="Date", widget=DateInput(),
                          error_messages={"required": "Enter the date of the contact.",
                                          "invalid": "Enter a real date."})
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                           help_text="For example 14:30.",
                           error_messages={"required": "Enter the time of the contact.",
                                           "invalid": "Enter a time such as 14:30."})
    staff_name = forms.CharField(label="Member of staff", max_length=200, help_text="Who made the contact.",
                                 error_messages={"required": "Enter the member of staff who made the contact."})
    with_whom = forms.CharField(label="With whom", max_length=200,
                                help_text="For example Mum (Sarah Cole), or the pupil and their dad.",
                                error_messages={"required": "Enter who the contact was with."})
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Enter the outcome of the contact."})
    concern_raised = forms.ChoiceField(label="Was a concern raised with the DSL?", choices=YES_NO,
                                       widget=forms.RadioSelect, initial="no",
                                       error_messages={"required": "Say whether a concern was raised with the DSL."})
    concern = forms.CharField(label="The concern raised with the DSL", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Only when a concern was raised. For a safeguarding concern, tell the "
                              "DSL at once as well.")
    slt_informed = forms.ChoiceField(label="Home visits: were senior leaders told of the visit?", choices=YES_NO,
                                     widget=forms.RadioSelect, initial="no", required=False)
    slt_informed_on = forms.DateField(label="Home visits: date senior leaders were told", widget=DateInput(),
                                      required=False, help_text="By the next school day after the visit.",
                                      error_messages={"invalid": "Enter a real date."})

    def clean(self) -> dict[str, Any]:
        """What the page can tell at once, with every other error (the action checks the same again)."""
        data = super().clean() or {}
        if data.get("concern_raised") == "yes" and not (data.get("concern") or "").strip():
            self.add_error("concern", "Say what the concern raised with the DSL was.")
        if data.get("slt_informed") == "yes":
            if data.get("channel") and data["channel"] != Channel.HOME_VISIT:
                self.add_error("slt_informed", "Senior leaders are told of home visits: say no, or choose home "
                               "visit.")
            elif not data.get("slt_informed_on") and "slt_informed_on" not in self.errors:
                self.add_error("slt_informed_on", "Enter the date senior leaders were told.")
        return data

    def contact(self) -> dict[str, Any]:
        """The action's arguments from the cleaned form."""
        data = self.cleaned_data
        when = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return {"channel": data["channel"], "happened_at": when, "staff_name": data["staff_name"],
                "with_whom": data["with_whom"], "outcome": data["outcome"],
                "concern_raised": data["concern_raised"] == "yes", "concern": data.get("concern") or "",
                "slt_informed": data.get("slt_informed") == "yes", "slt_informed_on": data.get("slt_informed_on")}


class SltToldForm(DescribedMixin, forms.Form):
    """Senior leaders told of a home visit already in the log (the action checks the date against the visit)."""

    slt_informed_on = forms.DateField(label="Date senior leaders were told", widget=DateInput(),
                                      help_text="On or after the day of the visit, and not in the future. Senior "
                                      "leaders are to be told by the next school day after the visit.",
                                      error_messages={"required": "Enter the date senior leaders were told.",
                                                      "invalid": "Enter a real date."})
    who_was_told = forms.CharField(label="Who was told", max_length=200, required=False,
                                   help_text="For example the headteacher, Mrs Khan. Kept in the audit trail.")

    def clean_slt_informed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["slt_informed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date senior leaders were told is in the future.")
        return day
