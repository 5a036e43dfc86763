"""The form of Annex D, the school's online learning planning checklist: per activity, the person
responsible, whether it is completed and a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.providers.planning import ACTIVITIES, DONE, gaps
from pathways.schools.forms import DateInput


class PlanningChecklistForm(GovukFormMixin, forms.Form):
    completed_on = forms.DateField(label="Date completed", widget=DateInput())
    # The version of the checklist the page was read at (0: none yet), so that a version saved since is
    # not written over.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, a in enumerate(ACTIVITIES, 1):
            self.fields[f"{a.key}_person"] = forms.CharField(
                label=f"Activity {n}: person responsible", required=False, max_length=200,
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
                help_text="A name or a role. Needed once the activity is completed.",
            )
            self.fields[f"{a.key}_done"] = forms.ChoiceField(
                label=f"Activity {n}: completed?", choices=DONE, widget=forms.RadioSelect,
                error_messages={"required": f"Activity {n}: say whether it is completed, yes or no."},
            )
            self.fields[f"{a.key}_note"] = forms.CharField(
                label=f"Activity {n}: note", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )

    def clean_completed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["completed_on"]
        if day > dt.date.today():
            raise forms.ValidationError("The checklist cannot be completed on a future date.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, what in gaps(self.items()).items():
            if data.get(f"{key}_done") == "yes":  # a missing yes or no is already the field's own error
                self.add_error(f"{key}_person", what)
        return data

    def items(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {a.key: {"person": data.get(f"{a.key}_person") or "", "done": data.get(f"{a.key}_done") or "",
                        "note": data.get(f"{a.key}_note") or ""} for a in ACTIVITIES}

    def activities(self) -> list[dict[str, Any]]:
        """Each activity with its bound fields, for the template."""
        return [{"number": n, "activity": a, "person": self[f"{a.key}_person"], "done": self[f"{a.key}_done"],
                 "note": self[f"{a.key}_note"]} for n, a in enumerate(ACTIVITIES, 1)]


def initial_from(items: dict[str, dict[str, str]]) -> dict[str, str]:
    """The form's initial answers from a kept version: the next version starts from the last."""
    out: dict[str, str] = {}
    for a in ACTIVITIES:
        given = items.get(a.key) or {}
        out[f"{a.key}_person"] = given.get("person", "")
        if given.get("done"):
            out[f"{a.key}_done"] = given["done"]
        out[f"{a.key}_note"] = given.get("note", "")
    return out
