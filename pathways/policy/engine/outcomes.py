"""Outcomes: one verdict on one occurrence of a duty (met, unmet, due, not applicable), how several
become the id's one verdict (`combine`), and the date format every message uses."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

STATUSES = ("met", "unmet", "due", "not_applicable")
SEVERITY = {"unmet": 3, "due": 2, "met": 1, "not_applicable": 0}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One verdict on one occurrence of a duty."""

    status: str
    message: str
    due: _dt.date | None = None
    late: bool = False
    # Met only because nothing has been due yet: the duty's first window has not closed (a half-termly
    # review before the first half-term of the arrangement). Pages say "nothing due yet", not "met".
    nothing_due_yet: bool = False


def met(message: str, *, late: bool = False, nothing_due_yet: bool = False) -> Outcome:
    return Outcome("met", message, None, late, nothing_due_yet)


def unmet(message: str, *, due: _dt.date | None = None) -> Outcome:
    """Broken on as_of; `due` is the deadline that was missed, when there is one."""
    return Outcome("unmet", message, due)


def due(deadline: _dt.date, message: str) -> Outcome:
    """Not yet broken; must be met by `deadline`."""
    return Outcome("due", message, deadline)


def not_applicable(message: str) -> Outcome:
    return Outcome("not_applicable", message)


RuleReturn: TypeAlias = Outcome | Iterable[Outcome] | None


def fmt(day: _dt.date) -> str:
    """A date as a headteacher reads it: 10 Nov 2025."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def combine(outcomes: Sequence[Outcome]) -> Outcome | None:
    """The id's verdict from its occurrences: the worst; not_applicable ones left out when some apply."""
    if not outcomes:
        return None
    applying = [o for o in outcomes if o.status != "not_applicable"]
    if not applying:
        return outcomes[0]
    worst = max(SEVERITY[o.status] for o in applying)
    chosen = [o for o in applying if SEVERITY[o.status] == worst]
    status = chosen[0].status
    late = status == "met" and any(o.late for o in applying)
    nothing_due_yet = status == "met" and all(o.nothing_due_yet for o in applying)
    due_date: _dt.date | None = None
    dated = [o.due for o in chosen if o.due is not None]
    if dated:
        due_date = min(dated)
    if status == "due":
        chosen = [o for o in chosen if o.due == due_date] + [o for o in chosen if o.due != due_date]
    if late:
        chosen = [o for o in chosen if o.late] + [o for o in chosen if not o.late]
    messages: list[str] = []
    for o in chosen:
        if o.message not in messages:
            messages.append(o.message)
    if len(messages) > 3:
        message = " ".join(messages[:3]) + f" (and {len(messages) - 3} more)"
    else:
        message = " ".join(messages)
    return Outcome(status, message, due_date, late, nothing_due_yet)
