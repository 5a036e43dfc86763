"""The retention schedule (retention.yaml beside this file), with a trust's own longer periods.

A trust lengthens a period in a YAML file named by the PATHWAYS_RETENTION_FILE setting (environment
variable), in the schedule's unit:

    pupil_records: {years: 30}
    revoked_keys: {days: 730}

A period below the schedule's minimum (or above its maximum, where the source sets a deadline) is
refused, naming the category: the purge does not run on a schedule it cannot trust.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta

SCHEDULE_FILE = Path(__file__).with_name("retention.yaml")
UNITS = ("days", "years")


class ScheduleError(ValueError):
    """The schedule or a trust's periods cannot be used; the message names the category."""


@dataclass(frozen=True)
class Period:
    unit: str
    amount: int

    def before(self, day: dt.date) -> dt.date:
        """A record dated `d` has passed its period on `day` when d + period < day, i.e. d < before(day)."""
        return day - (relativedelta(years=self.amount) if self.unit == "years" else dt.timedelta(days=self.amount))

    def __str__(self) -> str:
        return f"{self.amount} {self.unit if self.amount != 1 else self.unit[:-1]}"


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    description: str
    period: Period
    minimum: Period
    maximum: Period | None
    source: str
    held: bool
    lengthened: bool = False


def _period(raw: Any, where: str) -> Period:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ScheduleError(f"{where}: expected a period such as {{days: 31}} or {{years: 6}}, got {raw!r}")
    ((unit, amount),) = raw.items()
    if unit not in UNITS or not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ScheduleError(f"{where}: expected {{days: N}} or {{years: N}} with N a whole number, got {raw!r}")
    return Period(unit, amount)


def load_schedule(overrides_file: str | Path | None = None) -> dict[str, Category]:
    """The schedule, with the trust's periods from `overrides_file` (default: PATHWAYS_RETENTION_FILE)."""
    if overrides_file is None:
        from django.conf import settings

        overrides_file = getattr(settings, "PATHWAYS_RETENTION_FILE", "") or None
    raw = yaml.safe_load(SCHEDULE_FILE.read_text(encoding="utf-8"))
    overrides: dict[str, Any] = {}
    if overrides_file:
        try:
            overrides = yaml.safe_load(Path(overrides_file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ScheduleError(f"PATHWAYS_RETENTION_FILE: cannot read {overrides_file}: {exc}") from None
        if not isinstance(overrides, dict):
            raise ScheduleError(f"PATHWAYS_RETENTION_FILE: {overrides_file} must map categories to periods")
        unknown = sorted(set(overrides) - set(raw))
        if unknown:
            raise ScheduleError(f"PATHWAYS_RETENTION_FILE: no category called {', '.join(unknown)} "
                                f"(the categories are {', '.join(raw)})")
    schedule: dict[str, Category] = {}
    for name, entry in raw.items():
        period = _period(entry["period"], f"{name}.period")
        minimum = _period(entry["minimum"], f"{name}.minimum")
        maximum = _period(entry["maximum"], f"{name}.maximum") if "maximum" in entry else None
        lengthened = name in overrides
        if lengthened:
            period = _period(overrides[name], f"PATHWAYS_RETENTION_FILE: {name}")
            if period.unit != minimum.unit:
                raise ScheduleError(f"PATHWAYS_RETENTION_FILE: {name}: give the period in {minimum.unit}, "
                                    f"as the schedule does")
            if period.amount < minimum.amount:
                raise ScheduleError(f"PATHWAYS_RETENTION_FILE: {name}: {period} is shorter than the "
                                    f"{minimum} its source requires ({entry['source'].strip()})")
            if maximum is not None and period.amount > maximum.amount:
                raise ScheduleError(f"PATHWAYS_RETENTION_FILE: {name}: {period} is longer than the "
                                    f"{maximum} its source allows ({entry['source'].strip()})")
        schedule[name] = Category(name, entry["label"], " ".join(entry["description"].split()), period, minimum,
                                  maximum, " ".join(entry["source"].split()), entry.get("held", True), lengthened)
    return schedule
