"""Forms for an arrangement's records: its usual week, its phased steps, corrections to the
chronology and case-file imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from pathways.arrangements.actions import TYPES_WITH_THEIR_OWN_ACTION
from pathways.arrangements.forms_structured import add_template_fields, answers_of, govuk_classes, grouped_fields
from pathways.arrangements.models import Arrangement, Event, validate_attachment
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import TEMPLATES, missing
from pathways.arrangements.vocabulary import (
    EVENT_FIELDS,
    SESSIONS,
    STORED_DATES,
    WEEKDAY_NAMES,
    WEEKDAYS,
    WHERE,
    WHERE_LABELS,
    in_sentence,
    label,
    slot,
)
from pathways.forms import GovukFormMixin
from pathways.policy import casefile as cf
from pathways.schools.forms import DateInput
from pathways.words import shown

MAX_CASE_FILE_BYTES = 1024 * 1024
SESSION_NAMES = {"am": "morning", "pm": "afternoon"}


def slot_field_name(day: str, session: str) -> str:
    return f"{day}_{session}"


class TimetableForm(GovukFormMixin, forms.Form):
    """Monday to Friday, morning and afternoon: where the pupil is taught. A grid of selects."""

    effective_from = forms.DateField(
        label="Takes effect from", widget=DateInput(),
        help_text="Weeks before this date keep the timetable that applied then.",
    )

    def __init__(self, *args: Any, arrangement: Arrangement, slots: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.arrangement = arrangement
        self.fields["effective_from"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        choices = [(w, WHERE_LABELS[w]) for w in WHERE]
        for day in WEEKDAYS:
            for session in SESSIONS:
                name = slot_field_name(day, session)
                self.fields[name] = forms.ChoiceField(
                    label=f"{WEEKDAY_NAMES[day]} {SESSION_NAMES[session]}", choices=choices,
                    initial=slot(slots or {}, day, session),
                )
                self.fields[name].widget.attrs["class"] = "govuk-select pw-slot"

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """For the template: one row per weekday, its morning and afternoon fields."""
        return [(WEEKDAY_NAMES[d], [self[slot_field_name(d, s)] for s in SESSIONS]) for d in WEEKDAYS]

    def clean_effective_from(self) -> dt.date:
        day: dt.date = self.cleaned_data["effective_from"]
        if day < self.arrangement.start:
            raise forms.ValidationError(
                f"The arrangement starts on {self.arrangement.start:%-d %B %Y}: the timetable cannot take effect "
                "before then."
            )
        return day

    def slots(self) -> dict[str, dict[str, str]]:
        return {
            day: {session: self.cleaned_data[slot_field_name(day, session)] for session in SESSIONS}
            for day in WEEKDAYS
        }


class StepForm(GovukFormMixin, forms.Form):
    from_date = forms.DateField(label="From", widget=DateInput())
    hours_in_school = forms.DecimalField(
        label="Hours a week in school", min_value=Decimal(0), max_value=Decimal(40), max_digits=4, decimal_places=1,
        help_text="A session (a morning or an afternoon) is 3 hours: 5 mornings are 15 hours.",
    )

    def __init__(self, *args: Any, arrangement: Arrangement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrangement = arrangement
        self.fields["hours_in_school"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.fields["from_date"].widget.attrs["class"] = "govuk-input govuk-input--width-10"

    def clean_from_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["from_date"]
        if day < self.arrangement.start:
            raise forms.ValidationError(
                f"The arrangement starts on {self.arrangement.start:%-d %B %Y}: a step cannot start before then."
            )
        return day


_NOT_GIVEN = ("", "Not recorded")
_YES_NO = [_NOT_GIVEN, ("yes", "Yes"), ("no", "No")]
DETAIL_CHOICES: dict[str, list[tuple[str, str]]] = {
    "written": _YES_NO,
    "by": [_NOT_GIVEN, *((v, {"parent": "A parent", "la": "The local authority"}[v]) for v in cf.REQUESTED_BY)],
    "outcome": [_NOT_GIVEN, *((v, label(v)) for v in (*cf.REVIEW_OUTCOMES, *cf.END_OUTCOMES))],
    "parent_attended": _YES_NO,
    "source": [_NOT_GIVEN, *((v, label(v).replace("Gp", "GP").replace("Camhs", "CAMHS"))
                             for v in cf.MEDICAL_EVIDENCE_SOURCES)],
    "kind": [_NOT_GIVEN, *((v, label(v)) for v in cf.WELFARE_CHECK_KINDS)],
    "all_parents": _YES_NO,
}
DETAIL_LABELS = {
    "written": "In writing",
    "by": "Requested by",
    "outcome": "Outcome",
    "parent_attended": "Parent attended",
    "source": "Medical evidence from",
    "kind": "Kind of welfare check",
    "all_parents": "All parents agreed",
}
DETAIL_HINTS = {
    "outcome": "For a review: satisfactory or unsatisfactory. For an end: how the arrangement ended.",
}
_BOOLEAN_DETAILS = ("written", "parent_attended", "all_parents")


def detail_value(key: str, value: Any) -> str:
    """An event's detail in words, for the chronology."""
    if key in DETAIL_CHOICES:
        return dict(DETAIL_CHOICES[key]).get(_initial_detail(value), str(value))
    return shown(value)


def _initial_detail(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


class CorrectionForm(GovukFormMixin, forms.Form):
    """A correction to an entry of the chronology: the entry as it should read, and why."""

    date = forms.DateField(widget=DateInput())
    type = forms.ChoiceField(label="Type of entry")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        required=False, label="Replace the attachment",
        help_text="A PDF, Word (.docx), JPEG or PNG file of 10 MB or less. Leave empty to keep the attachment.",
    )
    reason = forms.CharField(
        label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the entry is being corrected: this stays on the record beside both entries.",
        error_messages={"required": "Say why the entry is being corrected."},
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        initial = {"date": event.date, "type": event.type, "note": event.note}
        initial.update({k: _initial_detail(v) for k, v in event.fields.items()})
        super().__init__(*args, initial=initial, **kwargs)
        self.event = event
        own = set(TYPES_WITH_THEIR_OWN_ACTION)
        if event.type in own:
            types = [event.type]  # an approval or an ending stays what it is
        else:
            types = [t for t in cf.EVENT_TYPES if t not in own]
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [(t, label(t)) for t in types]
        for key, choices in DETAIL_CHOICES.items():
            self.fields[key] = forms.ChoiceField(
                required=False, label=DETAIL_LABELS[key], choices=choices, help_text=DETAIL_HINTS.get(key, ""),
            )
            self.fields[key].widget.attrs["class"] = "govuk-select"
        self.fields["attachment"].widget.attrs["class"] = "govuk-file-upload"
        self.fields["date"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        # An entry with a form (record_templates.py): its questions, filled in as recorded, so that the
        # correction carries the form (what is changed, and what is kept).
        self.template = TEMPLATES.get(event.type)
        self.sections: dict[str, str] = {}
        self.recorded: EventRecord | None = None
        if self.template is not None:
            self.sections = add_template_fields(self.fields, self.template)
            for name in self.sections:
                self.fields[name].required = False  # required only if the entry stays of its type: clean()
            for name in self.fields:
                if "__" in name:
                    self.fields[name].required = False
            recorded = self.recorded = EventRecord.objects.filter(event=event).first()
            for key, value in (recorded.answers if recorded else {}).items():
                if key in self.fields:
                    self.initial[key] = value
            govuk_classes(self.fields.values())
        # The reason last, after the details.
        self.fields["reason"] = self.fields.pop("reason")

    def form_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's questions by section, for the page (none for an entry without a form)."""
        if self.template is None:
            return []
        return grouped_fields(self, self.sections, skip=tuple(n for n in self.fields if n not in self.sections
                                                                and "__" not in n))

    def answers(self) -> dict[str, str] | None:
        """The form's answers when the entry keeps its type (None otherwise: a different kind of entry)."""
        if self.template is None or self.cleaned_data.get("type") != self.event.type:
            return None
        # An entry recorded without its form, corrected with no answer given, stays without one.
        return answers_of(self, self.sections) or (None if self.recorded is None else {})

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[k] for k in DETAIL_CHOICES]

    def clean_attachment(self) -> Any:
        file = self.cleaned_data.get("attachment")
        if file:
            validate_attachment(file)
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event_type = data.get("type")
        if not event_type:
            return data
        allowed = EVENT_FIELDS.get(event_type, ())
        details: dict[str, Any] = {}
        for key in DETAIL_CHOICES:
            value = data.get(key) or ""
            if not value:
                continue
            if key not in allowed:
                what = ", ".join(DETAIL_LABELS[k].lower() for k in allowed) or "no details"
                self.add_error(key, f"A {in_sentence(event_type)} entry has no such detail (it takes {what}).")
                continue
            if key == "outcome":
                choices = cf.REVIEW_OUTCOMES if event_type == "review" else cf.END_OUTCOMES
                if value not in choices:
                    self.add_error(key, f"A {in_sentence(event_type)} outcome is one of: "
                                        + ", ".join(in_sentence(c) for c in choices) + ".")
                    continue
            details[key] = (value == "yes") if key in _BOOLEAN_DETAILS else value
        # What the entry keeps that this form does not show (a home visit's day senior leaders were told):
        # carried while the entry stays what it was.
        still_a_home_visit = event_type != "welfare_check" or details.get("kind") == "home_visit"
        if event_type == self.event.type and still_a_home_visit:
            for key in STORED_DATES.get(event_type, ()):
                if (self.event.fields or {}).get(key):
                    details[key] = self.event.fields[key]
        data["fields"] = details
        given = {k: data.get(k) for k in self.fields if k in self.sections or "__" in k}
        if self.template is not None and event_type == self.event.type and (
                self.recorded is not None or any(given.values())):
            for key, what in missing(self.template, {k: str(v or "") for k, v in given.items()}):
                if key in self.fields and key not in self.errors:
                    self.add_error(key, f"Answer this ({what}): the form does not count without it.")
        return data


class CaseFileImportForm(GovukFormMixin, forms.Form):
    case_file = forms.FileField(
        label="Case file", help_text="A case file in YAML (.yaml), as Pathways exports it, of 1 MB or less.",
        error_messages={"required": "Choose a case file to import."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_file"].widget.attrs["class"] = "govuk-file-upload"
        self.fields["case_file"].widget.attrs["accept"] = ".yaml,.yml"

    def clean_case_file(self) -> str:
        file = self.cleaned_data["case_file"]
        if file.size > MAX_CASE_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {file.size / 1024 / 1024:.1f} MB: a case file must be 1 MB or less."
            )
        raw = file.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a text (UTF-8) case file.") from None

