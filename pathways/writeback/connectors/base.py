"""The one interface every route into an MIS implements.

A route declares its Capabilities; the outbox asks them, never the route's type:

- write_marks: it writes session marks itself (an API); without it the marks go into a file the school
  loads or keys (the SIMS write file, the CSV keying list), made by `render`;
- overwrite: writing a session the MIS already holds replaces its mark;
- read_marks: it reads the MIS's marks, so the outbox reads before it writes and never overwrites a
  different mark without the attendance officer's say;
- write_placements: it writes the census AP placements.

An API route raises RetryLater (429, 5xx, a timeout: the batch waits and is sent again) or Refused
(401, 403, a request the MIS will not take: the batch fails with the MIS's words); a row the MIS
rejects comes back in Written.rejected with its reason, the rest of the batch written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol


@dataclasses.dataclass(frozen=True)
class Capabilities:
    write_marks: bool
    overwrite: bool
    read_marks: bool
    write_placements: bool


@dataclasses.dataclass(frozen=True)
class SessionMark:
    """A mark as it goes to the MIS: `student` is the MIS's id of the pupil (the UPN for a file),
    `code_id` the school's own code id (the code itself for a file)."""

    key: int          # the outbox item's id, to match results to rows
    student: str
    upn: str
    date: dt.date
    session: str      # "AM" or "PM"
    code: str
    code_id: str
    comment: str = ""
    minutes_late: int | None = None


@dataclasses.dataclass(frozen=True)
class MisMark:
    """A mark the MIS holds: its code as the MIS writes it and the code id."""

    student: str
    date: dt.date
    session: str
    code: str
    code_id: str


@dataclasses.dataclass(frozen=True)
class MisCode:
    id: str
    code: str
    description: str


@dataclasses.dataclass
class Written:
    writeback_id: str = ""
    rejected: dict[int, str] = dataclasses.field(default_factory=dict)  # key -> the MIS's reason


class RetryLater(Exception):
    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after  # seconds the MIS asked us to wait (Retry-After), if it said


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Connector(Protocol):
    name: str
    capabilities: Capabilities

    def students_by_upn(self) -> dict[str, str]:
        """UPN (upper case) -> the MIS's student id."""
        ...

    def codes(self) -> list[MisCode]:
        """The school's own attendance codes at the MIS."""
        ...

    def read_marks(self, day: dt.date) -> dict[tuple[str, str], MisMark]:
        """The MIS's marks of the day by (student id, "AM"/"PM")."""
        ...

    def write_marks(self, marks: list[SessionMark]) -> Written:
        ...

    def render(self, marks: list[SessionMark]) -> bytes:
        """The marks as a file for the school to load or key (routes that do not write themselves)."""
        ...
