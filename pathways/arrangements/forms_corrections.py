"""Forms for correcting the record: an arrangement's dates, reason, provider and lead; withdrawing a
draft; marking a chronology entry entered in error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from pathways.arrangements.forms import KINDS_WITH_PROVIDER, NOT_BEHAVIOUR, REASONS_BY_KIND, _date, lead_field
from pathways.arrangements.models import REASON_LABELS, Arrangement
from pathways.forms import GovukFormMixin
from pathways.providers.models import Provider
from pathways.schools.models import User


def _describe_hints(form: forms.Form) -> None:
    """Each field with a hint is described by it (includes/field.html gives the hint the id
    "<field id>-hint")."""
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-hint"


class EditArrangementForm(GovukFormMixin, forms.Form):
    """What can be corrected after set-up: the dates, the reason, the provider and the lead. The kind and
    the pupil cannot change: a different kind or pupil is a different arrangement."""

    start = forms.DateField(label="Start date", widget=_date())
    end = forms.DateField(label="End date", widget=_date(), required=False,
                          help_text="The proposed end date. Leave it empty if there is none yet.")
    reason = forms.ChoiceField(choices=[])
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False,
                                      empty_label="Choose a provider")
    change_reason = forms.CharField(
        label="Why is this being changed?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the start was put back a week because transport was not ready.",
    )

    def __init__(self, *args: Any, arrangement: Arrangement, providers: QuerySet[Provider],
                 staff: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update({
            "start": arrangement.start, "end": arrangement.end, "reason": arrangement.reason,
            "provider": arrangement.provider_id, "lead": arrangement.lead_id,
        } | kwargs["initial"])
        super().__init__(*args, **kwargs)
        self.arrangement = arrangement
        self.fields["lead"] = lead_field(staff)
        self.order_fields(["start", "end", "reason", "provider", "lead", "change_reason"])
        self.fields["start"].error_messages["required"] = "Enter the start date."
        self.fields["change_reason"].error_messages["required"] = "Say why the arrangement is being changed."
        reasons = REASONS_BY_KIND[arrangement.kind]
        if len(reasons) > 1:
            reason_field = self.fields["reason"]
            assert isinstance(reason_field, forms.ChoiceField)
            reason_field.choices = [("", "Choose a reason"), *((r, REASON_LABELS[r]) for r in reasons)]
            reason_field.label = "Reason for the arrangement"
            reason_field.error_messages["required"] = "Choose the reason for the arrangement."
        else:
            del self.fields["reason"]
        if arrangement.kind == "part_time_timetable":
            self.fields["end"].required = True
            self.fields["end"].error_messages["required"] = (
                "Enter the end date: a part-time timetable must be time-limited."
            )
        if arrangement.kind in KINDS_WITH_PROVIDER:
            provider_field = self.fields["provider"]
            assert isinstance(provider_field, forms.ModelChoiceField)
            provider_field.queryset = providers.order_by("name")
            provider_field.required = True
            provider_field.error_messages["required"] = "Choose the provider."
        else:
            del self.fields["provider"]
        _describe_hints(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        if self.arrangement.kind == "part_time_timetable" and data.get("reason") == "behaviour":
            self.add_error("reason", NOT_BEHAVIOUR)
        return data

    def _only_reason(self) -> str:
        """The reason of a kind that has one (flexi-schooling: the parent's request), which a save puts right
        on an arrangement brought in with another; else the reason as it was."""
        reasons = REASONS_BY_KIND[self.arrangement.kind]
        return reasons[0] if len(reasons) == 1 else self.arrangement.reason

    def values(self) -> dict[str, Any]:
        """The arrangement's fields as the form gives them (a provider the kind has not: as it was; the reason of
        a kind with only one: that one)."""
        data = self.cleaned_data
        return {
            "start": data["start"], "end": data.get("end"),
            "reason": data["reason"] if "reason" in self.fields else self._only_reason(),
            "provider": data["provider"] if "provider" in self.fields else self.arrangement.provider,
            "lead": data["lead"],
        }


class WithdrawForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it being withdrawn?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The draft is kept for the record with this reason, and leaves the lists and Today.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why the arrangement is being withdrawn."
        _describe_hints(self)


class InErrorForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why was this entry made in error?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: recorded against the wrong pupil. The entry is kept, struck through, with "
                  "this reason, and the rules no longer count it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why the entry was made in error."
        _describe_hints(self)
