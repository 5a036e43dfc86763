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
    CHECK_TEMPLATES,
    LINE,
    TEMPLATES,
    YES_NO,
    YES_NO_CHOICES,
    Question,
    RecordTemplate,
)
from pathways.forms import GovukFormMixin
from pathways.schools.forms import DateInput


def question_field(q: Question) -> forms.Field:
    """The field of one of a template's questions, required as the template requires it."""
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
    return field


def govuk_classes(fields: Any) -> None:
    for field in fields:
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("class", "govuk-textarea")
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "govuk-radios__input")
        else:
            field.widget.attrs.setdefault("class", "govuk-input")


def add_template_fields(fields: dict[str, forms.Field], template: RecordTemplate) -> dict[str, str]:
    """The template's questions and checklist items added to `fields`; returns each question's section
    (a checklist item's first field: its activity)."""
    sections: dict[str, str] = {}
    for q in template.questions:
        fields[q.key] = question_field(q)
        sections[q.key] = q.section
    for n, item in enumerate(template.checklist, 1):
        fields[f"{item.key}__person"] = forms.CharField(
            label=f"{n}. {item.activity}: person responsible", max_length=200,
            error_messages={"required": f"Enter the person responsible for item {n}."})
        if template.checklist_dates:
            fields[f"{item.key}__by"] = forms.DateField(
                label=f"Item {n}: completed by (date)", widget=DateInput(),
                error_messages={"required": f"Enter the date item {n} is completed by.",
                                "invalid": f"Enter the date item {n} is completed by as a real date."})
        fields[f"{item.key}__done"] = forms.ChoiceField(
            label=f"Item {n}: completed?", choices=YES_NO_CHOICES, widget=forms.RadioSelect,
            error_messages={"required": f"Say whether item {n} is completed."})
        sections[f"{item.key}__person"] = f"{n}. {item.activity}"
    return sections


def answers_of(form: forms.Form, sections: dict[str, str]) -> dict[str, str]:
    """The template's answers given in a valid form, as text (dates as ISO)."""
    out: dict[str, str] = {}
    for name in form.fields:
        if name in sections or "__" in name:
            value = form.cleaned_data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value:
                out[name] = str(value)
    return out


def grouped_fields(form: forms.Form, sections: dict[str, str], skip: tuple[str, ...] = ("type",),
                   ) -> list[tuple[str, list[forms.BoundField]]]:
    """(heading, fields) in the form's order: a new heading where the template's section changes."""
    out: list[tuple[str, list[forms.BoundField]]] = []
    current = None
    for name in form.fields:
        if name in skip:
            continue
        if name in sections:
            heading = sections[name]
        elif "__" in name:  # a checklist item's date and done, under its activity
            heading = current or ""
        else:
            heading = ""
        if not out or heading != current:
            out.append((heading, []))
            current = heading
        out[-1][1].append(form[name])
    return out


class CheckRecordForm(GovukFormMixin, forms.Form):
    """A check of the provider recorded with its form (record_templates.CHECK_TEMPLATES): the date of
    the check and the template's questions."""

    date = forms.DateField(label="Date of visit", widget=DateInput())

    def __init__(self, *args: Any, check_type: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template: RecordTemplate = CHECK_TEMPLATES[check_type]
        self.today = today
        for q in self.template.questions:
            self.fields[q.key] = question_field(q)
        govuk_classes(self.fields.values())
        self.fields["date"].widget.attrs["class"] = "govuk-input govuk-input--width-10"

    @property
    def title(self) -> str:
        return self.template.name

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError("The date of the visit cannot be in the future.")
        return day

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [("", [self[name] for name in self.fields])]

    def answers(self) -> dict[str, str]:
        return {q.key: str(self.cleaned_data[q.key]) for q in self.template.questions if self.cleaned_data.get(q.key)}


class StructuredRecordForm(EventForm):
    def __init__(self, *args: Any, event_type: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, event_type=event_type, today=today, **kwargs)
        self.template: RecordTemplate = TEMPLATES[event_type]
        self.fields["note"].label = "Anything else (for the chronology)"
        self.sections = add_template_fields(self.fields, self.template)
        # The entry's own note and attachment after the form's questions.
        for name in ("note", "attachment"):
            self.fields[name] = self.fields.pop(name)
        govuk_classes(self.fields.values())  # the GOV.UK classes for the fields added here

    @property
    def title(self) -> str:
        return self.template.name

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return grouped_fields(self, self.sections)

    def answers(self) -> dict[str, str]:
        return answers_of(self, self.sections)
