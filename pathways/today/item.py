"""One item of a member of staff's Today (pathways.today.items builds them), and the order Today shows them
in: by harm, a child's safety first, then breaches of the law, then by when each is due.

    Item                                   what is needed, by when, and the one action that resolves it
    by_harm(items)                         -> [(key, heading, items)], the groups of the Today page
    urgency_of(due, today, soon)           -> overdue, today, this week or coming up
    counts(items)                          -> {urgency: how many}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

OVERDUE, TODAY, WEEK, LATER = "overdue", "today", "week", "later"
URGENCIES = [
    (OVERDUE, "Overdue"),
    (TODAY, "Today"),
    (WEEK, "This week"),
    (LATER, "Coming up"),
]
_ORDER = {u: i for i, (u, _) in enumerate(URGENCIES)}
# Today orders by harm: a child's safety first (a welfare check or home visit due today or overdue), then
# breaches of the law, then the rest by when it is due (overdue, today, this week, coming up).
SAFETY, BREACH = "safety", "breach"
HARMS = [(SAFETY, "A child's safety"), (BREACH, "Breaches of the law"), *URGENCIES]
_HARM_ORDER = {h: i for i, (h, _) in enumerate(HARMS)}


@dataclass(frozen=True)
class Item:
    urgency: str
    due: dt.date | None
    what: str             # what is needed, in plain words
    source: str           # where the duty comes from
    action: str           # the one action that resolves it
    url: str
    pupil: Any = None     # the Pupil, or None for a provider's check
    about: str = ""       # the arrangement or provider it concerns
    breach: bool = False  # a breach of the law by the arrangement itself (policy.engine.is_breach): above dates
    more: tuple[tuple[str, str], ...] = ()  # further actions, (label, url): an approval's Refuse
    safety: bool = False  # about the child's safety: an absence follow-up, a welfare check or home visit
    who_acts: str = ""    # someone outside the school must put it right (who, why), or why it stays after the action
    for_others: str = ""  # when the person looking cannot take the action: who can, and what it is

    @property
    def harm(self) -> str:
        """Where the item stands in the order of harm (HARMS)."""
        if self.safety and self.urgency in (OVERDUE, TODAY):
            return SAFETY
        if self.breach:
            return BREACH
        return self.urgency

    @property
    def sort_key(self) -> tuple[int, int, dt.date, str]:
        return (_HARM_ORDER[self.harm], _ORDER[self.urgency], self.due or dt.date.max, self.what)


def by_harm(items: Iterable[Item]) -> list[tuple[str, str, list[Item]]]:
    """The items in the groups the Today page shows, most harmful first: (key, heading, items) each."""
    items = sorted(items, key=lambda i: i.sort_key)
    return [(key, name, [i for i in items if i.harm == key]) for key, name in HARMS]


def urgency_of(due: dt.date | None, today: dt.date, soon: dt.date) -> str:
    if due is None or due == today:
        return TODAY
    if due < today:
        return OVERDUE
    return WEEK if due <= soon else LATER


def counts(items: list[Item]) -> dict[str, int]:
    out = {u: 0 for u, _ in URGENCIES}
    for item in items:
        out[item.urgency] += 1
    return out
