"""Helpers shared by every app's forms: GOV.UK classes on widgets, and action errors shown on fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

_WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


class GovukFormMixin:
    """Adds GOV.UK Frontend classes to every widget, and the error class to fields with errors."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next((c for t, c in _WIDGET_CLASSES.items() if isinstance(field.widget, t)), "govuk-input")
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "govuk-input")
                widget.attrs["class"] = f"{base} {base.split()[0]}--error"


def form_status(form: forms.BaseForm | None) -> int:
    """The status a form page answers with: 400 when the form was sent back with errors, else 200."""
    return 400 if form is not None and form.errors else 200


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form, against the field it names where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, messages)
        else:
            form.add_error(None, [f"{field.replace('_', ' ')}: {m}" for m in messages])
