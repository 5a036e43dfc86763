"""Helpers shared by every app's forms: GOV.UK classes on widgets, control characters refused on every text
field, action errors shown on fields, and the one way a page saves a form through its action (`save_form`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

_WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


# Control characters (C0, DEL, C1). A multi-line box keeps tab, line feed and carriage return.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class NoControlCharacters:
    """A text field's validator: no NUL byte or other invisible control character (which PostgreSQL refuses
    in text, and which hide in what is pasted from other programs), with a message naming the field."""

    def __init__(self, label: str, *, multi_line: bool) -> None:
        self.label = label
        self.pattern = _CONTROL_IN_TEXT if multi_line else _CONTROL_IN_LINE

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and self.pattern.search(value):
            raise ValidationError(
                f"{self.label} contains a control character (an invisible character such as a NUL byte, often "
                "pasted from another program): remove it and try again.", code="control_character")


class NoControlCharactersMixin:
    """Refuses control characters in every text field of the form (every CharField, so e-mail, URL and
    password fields too). Every form of the product has it, through GovukFormMixin or directly
    (tests/test_form_text.py finds any that does not)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                label = str(field.label or name.replace("_", " ").capitalize())
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                # A one-line box cannot hold a line break; a text area or a hidden field carrying one may.
                widget = field.widget
                one_line = isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.HiddenInput)
                field.validators.append(NoControlCharacters(label, multi_line=not one_line))


class GovukFormMixin(NoControlCharactersMixin):
    """Adds GOV.UK Frontend classes to every widget, and the error class to fields with errors; refuses
    control characters in text fields."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = next((c for t, c in _WIDGET_CLASSES.items() if isinstance(field.widget, t)), "govuk-input")
            field.widget.attrs.setdefault("class", css)
            # GOV.UK's ids for a field's hint and error (includes/field.html renders them), so that a
            # screen reader reads both with the field; Django's own default names ids no template renders.
            if field.help_text and not field.widget.attrs.get("aria-describedby"):
                field.widget.attrs["aria-describedby"] = f"{self._auto_id_of(name)}-hint"

    def __getitem__(self, name: str) -> Any:
        # A field added after __init__ (forms that build their fields from data) gets GOV.UK's hint id too.
        bound = super().__getitem__(name)  # type: ignore[misc]
        field = self.fields[name]
        if field.help_text and not field.widget.attrs.get("aria-describedby"):
            field.widget.attrs["aria-describedby"] = f"{bound.auto_id or name}-hint"
        return bound

    def _auto_id_of(self, name: str) -> str:
        return self[name].auto_id or name

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "govuk-input")
                widget.attrs["class"] = f"{base} {base.split()[0]}--error"
                error_id = f"{self._auto_id_of(name)}-error"
                described = widget.attrs.get("aria-describedby", "").split()
                if error_id not in described:
                    widget.attrs["aria-describedby"] = " ".join([*described, error_id])


class DatePartsInput(forms.MultiWidget):
    """GOV.UK's date input for a memorable date (a date of birth): day, month and year typed in three boxes,
    rendered in a fieldset by includes/field.html. A single value under the field's own name (an API, an
    older form) is read as before."""

    input_type = "date-parts"  # includes/field.html's branch
    template_name = "includes/widgets/date_parts.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs)

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> Any:
        # The project's templates (the form renderer reads only Django's and the apps' own).
        return mark_safe(render_to_string(template_name, context))

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            if value.count("/") == 2:  # what was typed and refused, shown again as typed
                return value.split("/")
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name in data:
            return data.get(name)
        day, month, year = (str(part or "").strip() for part in super().value_from_datadict(data, files, name))
        if not (day or month or year):
            return ""
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return f"{day}/{month}/{year}"  # not a date: the field says so

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


def form_status(form: forms.BaseForm | None) -> int:
    """The status a form page answers with: 400 when the form was sent back with errors, else 200."""
    return 400 if form is not None and form.errors else 200


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form, against the field it names where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, field_messages)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, field_messages)
        else:
            form.add_error(None, [f"{field.replace('_', ' ')}: {m}" for m in field_messages])


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[dict[str, Any]], Any],
    *,
    message: str | Callable[[Any], str],
    to: Callable[[Any], HttpResponse],
    version: str = "",
) -> tuple[HttpResponse | None, str]:
    """The one way a page saves a form through its action.

    When the form was posted and is valid, runs `act(form.cleaned_data)`. When the action succeeds, shows
    `message` (or `message(result)`) and returns `to(result)`, the page to go to. When it refuses (a
    ValidationError), its errors go on the form against the fields they name, and what was typed is kept.
    When the record changed since the page was read (a refusal carrying `current`, as
    `audit.versions.StaleVersion` does), the page says so and the version to save over becomes the current
    one. `version` is the version the page was read at (the one posted back); returns (the redirect, or None
    when the page is to be shown again, the version to show)."""
    if request.method != "POST" or not form.is_valid():
        return None, version
    try:
        result = act(form.cleaned_data)
    except ValidationError as error:
        current = getattr(error, "current", None)
        if current is not None:  # changed since the page was read
            form.add_error(None, error.messages)
            return None, current
        apply_validation_error(form, error)
        return None, version
    messages.success(request, message(result) if callable(message) else message)
    return to(result), version
