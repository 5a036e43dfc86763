"""Times of day ("HH:MM", 24-hour, school local time), as the case file writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME_RE = re.compile(r"\A(\d{2}):(\d{2})\Z")


@dataclass(frozen=True, slots=True, order=True)
class Time:
    """A time of day. Ordered, so `arrived > register.closes(session)` reads as it should."""

    hour: int
    minute: int

    @property
    def minutes(self) -> int:
        return self.hour * 60 + self.minute

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @classmethod
    def parse(cls, text: str) -> Time:
        """Read "HH:MM"; raises ValueError for anything else (including "9:00" and "24:00")."""
        match = _TIME_RE.match(text)
        if not match:
            raise ValueError(text)
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(text)
        return cls(hour, minute)
