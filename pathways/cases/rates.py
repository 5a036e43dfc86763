"""Attendance and absence rates with the denominators DfE statistics use.

Each recorded code is placed in its category by the code set in force on its date
(pathways.policy.codes), never by a table kept here. Possible sessions are those in the present,
approved educational activity, authorised absence and unauthorised absence categories: the
not-possible (Q, Y1-Y7) and administrative (D, X, Z, #) categories are left out of the denominator.

    rates_of([(date, code), ...]) -> Rates
    Rates.attendance_rate, .authorised_rate, .unauthorised_rate, .absence_rate    (percent, or None)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from pathways.cases.judging import attempt
from pathways.policy.codes import CATEGORIES, CodeSet, code_set_on

POSSIBLE = ("present", "educational_activity", "authorised_absence", "unauthorised_absence")
EXCLUDED = ("not_possible", "administrative")
CATEGORY_LABELS = {
    "present": "Present",
    "educational_activity": "Approved educational activity",
    "authorised_absence": "Authorised absence",
    "unauthorised_absence": "Unauthorised absence",
    "not_possible": "Attendance not possible",
    "administrative": "Administrative (not counted)",
}


def category_of(code: str, day: dt.date) -> str | None:
    """The code's category in the code set in force on `day`; None for a code that set does not hold."""
    held = attempt(code_set_on, day)
    return held.category(code) if isinstance(held, CodeSet) else None


def meaning_of(code: str, day: dt.date) -> str:
    held = attempt(code_set_on, day)
    found = held.codes.get(code) if isinstance(held, CodeSet) else None
    return found.meaning if found else ""


@dataclasses.dataclass(frozen=True)
class Rates:
    counts: dict[str, int]      # sessions by category (every category present, zero when none)
    unknown: int                # codes the code set of their date does not hold: counted nowhere

    @property
    def possible(self) -> int:
        return sum(self.counts[c] for c in POSSIBLE)

    @property
    def excluded(self) -> int:
        return sum(self.counts[c] for c in EXCLUDED)

    @property
    def attended(self) -> int:
        """Present plus approved educational activity: both count as attendance."""
        return self.counts["present"] + self.counts["educational_activity"]

    @property
    def absent(self) -> int:
        return self.counts["authorised_absence"] + self.counts["unauthorised_absence"]

    def _rate(self, n: int) -> float | None:
        return round(100 * n / self.possible, 1) if self.possible else None

    @property
    def attendance_rate(self) -> float | None:
        return self._rate(self.attended)

    @property
    def authorised_rate(self) -> float | None:
        return self._rate(self.counts["authorised_absence"])

    @property
    def unauthorised_rate(self) -> float | None:
        return self._rate(self.counts["unauthorised_absence"])

    @property
    def absence_rate(self) -> float | None:
        return self._rate(self.absent)


def rates_of(marks: Iterable[tuple[dt.date, str]]) -> Rates:
    """Counts and rates of the recorded codes (blank codes are not sessions recorded, and are skipped)."""
    counts: Counter[str] = Counter()
    unknown = 0
    for day, code in marks:
        if not code:
            continue
        category = category_of(code, day)
        if category is None:
            unknown += 1
        else:
            counts[category] += 1
    return Rates(counts={c: counts[c] for c in CATEGORIES}, unknown=unknown)
