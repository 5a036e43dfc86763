"""The form of a chronology entry that has a template (record_templates.py): the entry's date, its
details and note as for any entry, and the template's questions, built from the data. A question the
template requires is required here too, and its error names the question."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pathways.arrangements.forms import EventForm
from pathways.arrangements.record_templates import (
    AGREE,
    AGREE_CHOICES,
    LINE,
    TEMPLATES,
    YES_NO,
    YES_NO_CHOICES,
    RecordTemplate,
)
from pathways.schools.forms import DateInput


class StructuredRecordForm(EventForm):
    def __init__(self, *args: Any, event_type: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, event_type=event_type, today=today, **kwargs)
        self.template: RecordTemplate = TEMPLATES[event_type]
        self.fields["note"].label = "Anything else (for the chronology)"
        sections: dict[str, str] = {}
        for q in self.template.questions:
            field: forms.Field
            if q.kind in (YES_NO, AGREE):
                field = forms.ChoiceField(choices=AGREE_CHOICES if q.kind == AGREE else YES_NO_CHOICES,
                                          widget=forms.RadioSelect, required=q.required)
                message = "Choose an answer: the form does not count without it."
            else:
                widget = forms.TextInput() if q.kind == LINE else forms.Textarea(attrs={"rows": 4})
                field = forms.CharField(widget=widget, required=q.required, max_length=5000)
                message = "Answer this: the form does not count without it."
            field.label, field.help_text = q.label, q.hint
            field.error_messages["required"] = message
            self.fields[q.key] = field
            sections[q.key] = q.section
        for n, item in enumerate(self.template.checklist, 1):
            person = forms.CharField(label=f"{n}. {item.activity}: person responsible", max_length=200,
                                     error_messages={"required": f"Enter the person responsible for item {n}."})
            self.fields[f"{item.key}__person"] = person
            if self.template.checklist_dates:
                self.fields[f"{item.key}__by"] = forms.DateField(
                    label=f"Item {n}: completed by (date)", widget=DateInput(),
                    error_messages={"required": f"Enter the date item {n} is completed by.",
                                    "invalid": f"Enter the date item {n} is completed by as a real date."})
            self.fields[f"{item.key}__done"] = forms.ChoiceField(
                label=f"Item {n}: completed?", choices=YES_NO_CHOICES, widget=forms.RadioSelect,
                error_messages={"required": f"Say whether item {n} is completed."})
            sections[f"{item.key}__person"] = f"{n}. {item.activity}"
        self.sections = sections
        # The entry's own note and attachment after the form's questions.
        for name in ("note", "attachment"):
            self.fields[name] = self.fields.pop(name)
        for field in self.fields.values():  # the GOV.UK classes for the fields added here
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("class", "govuk-textarea")
            elif isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "govuk-radios__input")
            else:
                field.widget.attrs.setdefault("class", "govuk-input")

    @property
    def title(self) -> str:
        return self.template.name

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(heading, fields) in the form's order: a new heading where the template's section changes."""
        out: list[tuple[str, list[forms.BoundField]]] = []
        current = None
        for name in self.fields:
            if name == "type":
                continue
            if name in self.sections:
                heading = self.sections[name]
            elif "__" in name:  # a checklist item's date and done, under its activity
                heading = current or ""
            else:
                heading = ""
            if not out or heading != current:
                out.append((heading, []))
                current = heading
            out[-1][1].append(self[name])
        return out

    def answers(self) -> dict[str, str]:
        data = self.cleaned_data
        out: dict[str, str] = {}
        for name in self.fields:
            if name in self.sections or "__" in name:
                value = data.get(name)
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if value:
                    out[name] = str(value)
        return out
