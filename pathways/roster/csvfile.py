"""Reading an MIS pupil-list CSV into raw records: the column names the MIS reports use, recognised as
they are, or a school's saved mapping for other shapes. UTF-8 (with or without Excel's byte-order mark)
or Windows-1252."""

from __future__ import annotations

import csv
import io
import re

from pathways.roster.records import RawContact, RawRecord, RosterFile, RosterFileError

# Our field: the MIS report's column.
COLUMNS = {
    "upn": "UPN", "mis_id": "MIS ID", "former_upn": "Former UPN", "last_name": "Legal Surname",
    "first_name": "Legal Forename", "preferred_last_name": "Preferred Surname",
    "preferred_first_name": "Preferred Forename", "date_of_birth": "Date of Birth", "gender": "Gender",
    "year_group": "Year Group", "reg_group": "Reg Group", "sen": "SEN Status", "fsm": "FSM Eligible",
    "in_care": "In Care", "address_line_1": "Address Line 1", "address_line_2": "Address Line 2", "town": "Town",
    "postcode": "Postcode", "home_phone": "Home Telephone", "email": "Pupil Email",
}
CONTACT_COLUMNS = {
    "name": "Name", "relationship": "Relationship", "parental_responsibility": "Parental Responsibility",
    "lives_with_pupil": "Lives With Pupil", "phone": "Phone", "phone_2": "Phone 2", "email": "Email",
}
REQUIRED = ("upn", "last_name", "first_name", "date_of_birth")


class UnknownColumns(RosterFileError):
    """A CSV whose columns this import does not recognise (nor the school's saved mapping): the upload page
    offers to map them (pathways/roster/columns.py). `header` is the file's first row."""

    def __init__(self, message: str, header: list[str]) -> None:
        super().__init__(message)
        self.header = header
_CONTACT = re.compile(r"^Contact (\d+) (.+)$")


def decode(data: bytes) -> str:
    """UTF-8 (a leading byte-order mark dropped), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise RosterFileError("the file is neither UTF-8 nor Windows-1252 text") from None


def parse_csv(data: bytes, mapping: dict[str, str] | None = None) -> RosterFile:
    """`mapping` is {our field or "contact N field": the file's column}; unmapped fields use COLUMNS."""
    text = decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RosterFileError(f"the CSV cannot be read: {exc}") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise RosterFileError("the file is empty")
    header = [h.strip() for h in rows[0]]
    columns = {**COLUMNS, **{k: v for k, v in (mapping or {}).items() if k in COLUMNS and v}}
    position = {name: i for i, name in enumerate(header)}
    missing = [columns[f] for f in REQUIRED if columns[f] not in position]
    if missing:
        raise UnknownColumns(
            "the CSV has no column " + ", ".join(repr(m) for m in missing)
            + " (the first row must name the columns: use the MIS's pupil list report, or save a column mapping)",
            header,
        )
    contact_cols = _contact_columns(header, mapping or {})
    records = []
    for n, row in enumerate(rows[1:], start=2):
        def cell(col: str, row: list[str] = row) -> str:
            i = position.get(col)
            return row[i].strip() if i is not None and i < len(row) else ""

        values = {f: cell(col) for f, col in columns.items()}
        contacts = []
        for number, cols in sorted(contact_cols.items()):
            fields = {f: cell(col) for f, col in cols.items()}
            if any(fields.values()):
                contacts.append(RawContact(priority=number, **fields))
        records.append(RawRecord(where=f"row {n}" + (f" (UPN {values['upn']})" if values["upn"] else ""),
                                 values=values, contacts=contacts))
    labels = {**columns, "contact": "Contact"}
    return RosterFile(format="CSV", full=True, file_date="", records=records, labels=labels,
                      present={f for f, col in columns.items() if col in position}
                      | ({"contacts"} if contact_cols else set()))


def _contact_columns(header: list[str], mapping: dict[str, str]) -> dict[int, dict[str, str]]:
    """{contact number: {our field: the column}} from "Contact N Name" ... and the mapping's "contact N name"."""
    out: dict[int, dict[str, str]] = {}
    for name in header:
        m = _CONTACT.match(name)
        if m:
            field = next((f for f, label in CONTACT_COLUMNS.items() if label.lower() == m.group(2).lower()), None)
            if field:
                out.setdefault(int(m.group(1)), {})[field] = name
    for key, col in mapping.items():
        m = re.match(r"^contact (\d+) (\w+)$", key)
        if m and m.group(2) in CONTACT_COLUMNS and col in header:
            out.setdefault(int(m.group(1)), {})[m.group(2)] = col
    return out
