"""Mapping the columns of a roster CSV of another shape: each of the file's columns to a Pathways field, saved
as the school's column mapping (RosterMapping, the one `python -m pathways roster mapping` saves), which the
import then reads every CSV of the school with (csvfile.parse_csv).

A mapping is {our field or "contact N field": the file's column}, as the command writes it.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.roster.csvfile import COLUMNS, CONTACT_COLUMNS, REQUIRED, decode

# Our fields in the school's words (the choices beside each column).
FIELD_LABELS = {
    "upn": "UPN", "mis_id": "MIS id", "former_upn": "Former UPN", "last_name": "Legal surname",
    "first_name": "Legal forename", "preferred_last_name": "Preferred surname",
    "preferred_first_name": "Preferred forename", "date_of_birth": "Date of birth", "gender": "Gender",
    "year_group": "Year group", "reg_group": "Registration group", "sen": "SEN status (N, K or E)",
    "fsm": "Eligible for free school meals", "in_care": "In care (looked after)", "address_line_1": "Address line 1",
    "address_line_2": "Address line 2", "town": "Town", "postcode": "Postcode", "home_phone": "Home telephone",
    "email": "Pupil's e-mail",
}
CONTACT_LABELS = {
    "name": "name", "relationship": "relationship", "parental_responsibility": "parental responsibility",
    "lives_with_pupil": "lives with the pupil", "phone": "phone", "phone_2": "other phone", "email": "e-mail",
}
CONTACTS_OFFERED = 4  # contacts 1 to 4 (more when the file or the saved mapping has more)
EXAMPLE_ROWS = 3
NOT_IMPORTED = ""
_CONTACT = re.compile(r"^Contact (\d+) (.+)$", re.IGNORECASE)
_CONTACT_KEY = re.compile(r"^contact (\d+) (\w+)$")


def label_of(key: str) -> str:
    """"date_of_birth" -> "Date of birth"; "contact 2 phone" -> "Contact 2: phone"."""
    m = _CONTACT_KEY.match(key)
    if m:
        return f"Contact {m.group(1)}: {CONTACT_LABELS.get(m.group(2), m.group(2))}"
    return FIELD_LABELS.get(key, key)


def sample(data: bytes, rows: int = EXAMPLE_ROWS) -> tuple[list[str], list[list[str]]]:
    """The file's first row (its column names) and the next few rows, as examples. Raises RosterFileError."""
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    found: list[list[str]] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            found.append([cell.strip() for cell in row])
        if len(found) > rows:
            break
    if not found:
        return [], []
    return found[0], found[1:]


def recognised(column: str) -> str:
    """The field a column is read as without a mapping (the MIS report's own names), or ""."""
    for key, name in COLUMNS.items():
        if name.lower() == column.lower():
            return key
    m = _CONTACT.match(column)
    if m:
        field = next((f for f, label in CONTACT_COLUMNS.items() if label.lower() == m.group(2).lower()), None)
        if field:
            return f"contact {int(m.group(1))} {field}"
    return NOT_IMPORTED


def choices(contacts: int) -> list[tuple[str, Any]]:
    people = [(f"Contact {n}", [(f"contact {n} {f}", label_of(f"contact {n} {f}")) for f in CONTACT_COLUMNS])
              for n in range(1, contacts + 1)]
    return [(NOT_IMPORTED, "Not imported"), ("The pupil", list(FIELD_LABELS.items())), *people]


class ColumnMappingForm(GovukFormMixin, forms.Form):
    """One select per column of the file, named column_0, column_1...; each labelled with the column's name
    and hinted with the examples from the file's first rows."""

    def __init__(self, *args: Any, header: list[str], examples: list[list[str]], saved: dict[str, str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header = header
        by_column = {column: key for key, column in saved.items()}
        numbers = [int(m.group(1)) for key in saved if (m := _CONTACT_KEY.match(key))]
        numbers += [int(m.group(1)) for column in header if (m := _CONTACT.match(column))]
        offered = choices(max([CONTACTS_OFFERED, *numbers]))
        for i, column in enumerate(header):
            seen = [row[i] for row in examples if i < len(row) and row[i]]
            hint = ("For example: " + ", ".join(f"“{v}”" for v in seen)) if seen else "Empty in the first rows."
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=column or f"Column {i + 1} (no name)", choices=offered, required=False, help_text=hint,
                initial=by_column.get(column, recognised(column)))
        for name, field in self.fields.items():  # added after the mixin gave the GOV.UK classes
            field.widget.attrs.setdefault("class", "govuk-select")
            field.widget.attrs["aria-describedby"] = f"id_{name}-hint"  # the hint's id (includes/field.html)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, int] = {}
        for i in range(len(self.header)):
            key = data.get(f"column_{i}") or NOT_IMPORTED
            if key == NOT_IMPORTED:
                continue
            if key in chosen:
                first = self.header[chosen[key]] or f"Column {chosen[key] + 1}"
                self.add_error(f"column_{i}", f"{label_of(key)} is already chosen for the column “{first}”: "
                                              f"choose it for one column only.")
            else:
                chosen[key] = i
        for key in REQUIRED:
            if key not in chosen:
                self.add_error(None, f"Choose the column that holds “{label_of(key)}”: every pupil needs it.")
        self.columns = {key: self.header[i] for key, i in chosen.items()}
        return data
