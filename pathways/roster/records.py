"""What a roster file gives, whatever its format: raw records of text, each with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


class RosterFileError(Exception):
    """The file cannot be read at all (exit 2): the message says why, in the school's words."""


@dataclass
class RawContact:
    priority: int
    name: str = ""
    relationship: str = ""
    parental_responsibility: str = ""
    lives_with_pupil: str = ""
    phone: str = ""
    phone_2: str = ""
    email: str = ""


@dataclass
class RawRecord:
    """One pupil as the file writes it. `where` names the record for messages ("row 4", "pupil 12")."""

    where: str
    values: dict[str, str] = field(default_factory=dict)
    contacts: list[RawContact] = field(default_factory=list)


@dataclass
class RosterFile:
    format: str  # "CTF" or "CSV"
    full: bool  # a full roster: pupils missing from it have left
    file_date: str  # ISO date the file was written, or ""
    records: list[RawRecord]
    # The name each of our fields has in this file, for messages naming the field.
    labels: dict[str, str]
    # The fields the file carries (a CSV without a column leaves that field as it is); "contacts" when it
    # carries contacts.
    present: set[str] = field(default_factory=set)


# Our field names (the keys of RawRecord.values).
FIELDS = (
    "upn", "mis_id", "former_upn", "last_name", "first_name", "preferred_last_name", "preferred_first_name",
    "date_of_birth", "gender", "year_group", "reg_group", "sen", "fsm", "in_care", "address_line_1",
    "address_line_2", "town", "postcode", "home_phone", "email",
)
