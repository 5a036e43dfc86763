"""A roster import's progress while it runs: records checked, then pupils written, each of its total.

The import counts as it goes (`Counter.count`, a comparison per record); the counter passes a count on to
its `report` only every `every` records and no more often than every `seconds`, and always at the end of
a stage, so that reporting (a small UPDATE the import's page reads) costs the import nothing noticeable.
"""

from __future__ import annotations

import time
from collections.abc import Callable

CHECKING = "checking"
WRITING = "writing"

Report = Callable[[str, int, int], None]


class Counter:
    def __init__(self, report: Report, *, every: int = 500, seconds: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.report, self.every, self.seconds, self.clock = report, every, seconds, clock
        self.stage, self.total, self.reported, self.at = "", 0, 0, 0.0

    def start(self, stage: str, total: int) -> None:
        """A new stage of `total` records: reported at once, at 0."""
        self.stage, self.total, self.reported, self.at = stage, total, 0, self.clock()
        self.report(stage, 0, total)

    def count(self, done: int) -> None:
        """`done` records of the stage so far."""
        if done == self.reported:
            return
        if done - self.reported < self.every and done < self.total:
            return
        now = self.clock()
        if done < self.total and now - self.at < self.seconds:
            return
        self.reported, self.at = done, now
        self.report(self.stage, done, self.total)

    def written(self, done: int, total: int) -> None:
        """The writes' own report (pathways.pupils.roster_actions.do_apply_roster): `done` of `total`."""
        self.total = total
        self.count(done)
