"""The choices on the report pages: a half-term, a term, a date range."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.reports.data import TERM_NAMES
from pathways.schools.models import HalfTerm


class PeriodForm(GovukFormMixin, forms.Form):
    half_term = forms.TypedChoiceField(label="Period", coerce=int, required=False,
                                       error_messages={"invalid_choice": "Choose one of the half-terms listed."})

    def __init__(self, *args: Any, half_terms: list[HalfTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(h.id, f"{h} ({h.start:%-d %b} to {h.end:%-d %b %Y})") for h in half_terms]
        self.fields["half_term"].choices = choices  # type: ignore[attr-defined]


class TermForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="School year", coerce=int,
                                  error_messages={"invalid_choice": "Choose one of the school years listed."})
    term = forms.ChoiceField(label="Term", choices=list(TERM_NAMES.items()),
                             error_messages={"invalid_choice": "Choose autumn, spring or summer."})

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(y, f"{y}-{(y + 1) % 100:02d}") for y in years]
        self.fields["year"].choices = choices  # type: ignore[attr-defined]


class DateRangeForm(GovukFormMixin, forms.Form):
    start = forms.DateField(label="From", error_messages={
        "required": "Enter the first day of the return, for example 2026-01-05.",
        "invalid": "Enter the first day as a date, for example 2026-01-05."})
    end = forms.DateField(label="To", error_messages={
        "required": "Enter the last day of the return, for example 2026-02-13.",
        "invalid": "Enter the last day as a date, for example 2026-02-13."})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif (end - start).days > 366:
                self.add_error("end", "A return covers a year at most: choose a last day within a year of the first.")
        return data
