"""What the three parts of the alternative-pathways pack share: arrangement kinds and small helpers."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from pathways.policy.casefile import Event
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt

AP = "alternative_provision"
PTT = "part_time_timetable"
FLEXI = "flexi_schooling"

_KIND_WORDS = {AP: "placement", PTT: "part-time timetable", FLEXI: "flexi-schooling arrangement"}


def kind_words(ctx: Context) -> str:
    """The arrangement as a headteacher names it: "placement", "part-time timetable"."""
    return _KIND_WORDS.get(ctx.kind, ctx.kind.replace("_", " "))


def parent_there(e: Event) -> bool:
    """A review counts as held with the parents unless it says they did not attend."""
    return e.parent_attended is not False


def ended_on(ctx: Context) -> _dt.date | None:
    """The day the arrangement ended, on or before as_of: its end date, or an earlier `end` event."""
    days = []
    if ctx.end is not None and ctx.end <= ctx.as_of:
        days.append(ctx.end)
    ended = ctx.first("end", since=ctx.start)
    if ended is not None:
        days.append(ended.date)
    return min(days) if days else None


def list_days(days: Sequence[_dt.date]) -> str:
    """ "16 Jan 2026", "16 Jan 2026 and 23 Jan 2026", at most five dates then "and N more"."""
    shown = [fmt(d) for d in days[:5]]
    more = f" and {len(days) - 5} more" if len(days) > 5 else ""
    if len(shown) == 1:
        return shown[0] + more
    if more:
        return ", ".join(shown) + more
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def risk_assessed(ctx: Context, *, appendix: str, due_message: str, unmet_message: str) -> Outcome | None:
    """A risk assessment (the policy's `appendix`) before the start, then reviewed termly: the shape of
    AP-RISK-ASSESSMENT and FLX-RISK-ASSESSMENT, which differ only in their words."""
    return all_of(
        ctx.before_start(
            "risk_assessment",
            what=f"risk assessment ({appendix})",
            met_message="Risk assessment completed on {done}.",
            due_message=due_message,
            unmet_message=unmet_message,
        ),
        ctx.termly(ctx.dates("risk_assessment"), what="risk assessment review"),
    )
