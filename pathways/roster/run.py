"""One roster import, from the file's bytes to what it did: read, check, plan and (unless it is a dry run,
or something was rejected and only the valid rows were not asked for) write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pathways.pupils.models import RosterMapping
from pathways.pupils.roster_actions import RosterPlan, do_apply_roster
from pathways.roster.check import Rejection, check_file
from pathways.roster.csvfile import parse_csv
from pathways.roster.ctf import parse_ctf
from pathways.roster.plan import plan_roster
from pathways.roster.progress import CHECKING, WRITING, Counter
from pathways.roster.records import RosterFile, RosterFileError
from pathways.schools.models import School


@dataclass
class Outcome:
    format: str
    full: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    left: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # pupils missing from a full file with an open arrangement
    written: bool = False
    # What the plan does, pupil by pupil, for the preview: [(what, pupil, detail)]
    lines: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"left {self.left}, rejected {len(self.rejected)}")

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format, "full": self.full, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "left": self.left, "written": self.written, "flagged": self.flagged,
            "rejected": [{"where": r.where, "upn": r.upn, "reasons": r.reasons} for r in self.rejected],
            "lines": self.lines[:2000],
        }


def read_roster(data: bytes, school: School) -> RosterFile:
    """Detect the format (XML begins with "<" after any byte-order mark and spaces) and read the file."""
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()[:1]
    if not data.strip():
        raise RosterFileError("the file is empty")
    if head == b"<":
        return parse_ctf(data)
    mapping = RosterMapping.objects.filter(school=school).values_list("columns", flat=True).first()
    return parse_csv(data, mapping or None)


def import_roster(
    data: bytes, *, school: School, actor: Any, source: str, dry_run: bool = False,
    valid_rows_only: bool = False, today: dt.date | None = None, progress: Counter | None = None,
) -> Outcome:
    """Raises RosterFileError when the file cannot be read (nothing written). `progress` is told the records
    checked, then the pupils written."""
    today = today or dt.date.today()
    roster = read_roster(data, school)
    if progress is not None:
        progress.start(CHECKING, len(roster.records))
    checked = check_file(roster, today, progress.count if progress is not None else None)
    plan, unchanged = plan_roster(school.pk, roster, checked.records, today,
                                   {r.upn for r in checked.rejected if r.upn})
    outcome = Outcome(format=roster.format, full=roster.full, created=len(plan.creates),
                      updated=len(plan.updates), unchanged=unchanged, left=len(plan.leavers),
                      rejected=checked.rejected, flagged=[p.full_name for p in plan.flagged])
    outcome.lines = _lines(plan)
    if dry_run or (checked.rejected and not valid_rows_only):
        return outcome
    if progress is not None:
        progress.start(WRITING, len(plan.creates) + len(plan.updates) + len(plan.leavers) + len(plan.flagged))
    do_apply_roster(school=school, plan=plan, on=today, source=source, actor=actor,
                    progress=progress.written if progress is not None else None)
    outcome.written = True
    return outcome


def _lines(plan: RosterPlan) -> list[tuple[str, str, str]]:
    out = [("create", f"{f['first_name']} {f['last_name']}", f"UPN {f['upn']}") for f, _ in plan.creates]
    out += [("update", p.full_name, ", ".join(sorted(ch))) for p, ch, _ in plan.updates]
    out += [("left", p.full_name, "not in the full roster") for p in plan.leavers]
    out += [("flag", p.full_name, "not in the roster, but has an open arrangement") for p in plan.flagged]
    return out
