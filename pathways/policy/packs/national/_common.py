"""What the national pack's modules share: words for ordinals and arrangement kinds, the sessions
whose codes are judged, one verdict per wrongly coded session, and runs of consecutive school days."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from pathways.policy.casefile import Event
from pathways.policy.codes import CodedSession
from pathways.policy.engine import Context, Outcome, fmt, met, unmet

_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
)


def _ordinal(n: int) -> str:
    """"sixth" for 6; "21st" beyond the words (for a day count read from a parameter)."""
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

_KIND_WORDS = {
    "alternative_provision": "alternative provision",
    "part_time_timetable": "part-time timetable",
    "flexi_schooling": "flexi-schooling arrangement",
    "online_learning": "online learning",
    "remote_learning": "remote education",
    "return_to_learn": "Return to Learn timetable",
    "off_site_direction": "off-site direction",
    "suspension": "suspension",
    "health_needs": "health needs provision",
}


def _kind(ctx: Context) -> str:
    return _KIND_WORDS.get(ctx.kind, ctx.kind.replace("_", " "))


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _judged(ctx: Context) -> list[CodedSession]:
    """Sessions on or before as_of from 19 Aug 2024, when codes are derived."""
    return ctx.cached(
        "national:judged", lambda: [s for s in ctx.sessions if s.code is not None and s.date <= ctx.as_of]
    )


def _verdicts(sessions: list[CodedSession], wrong: list[CodedSession], what: str) -> list[Outcome]:
    if not sessions:
        return []
    out = [unmet(f"{s.recorded} recorded for {_when(s)}: {s.problems[-1]}.") for s in wrong]
    if not wrong:
        out.append(met(f"{what} ({len(sessions)} session{'s' if len(sessions) != 1 else ''} checked)."))
    return out


def _written(e: Event) -> bool:
    return e.written is not False


def _runs(ctx: Context, days: list[_dt.date]) -> Iterator[list[_dt.date]]:
    """Runs of consecutive school days among `days` (sorted)."""
    run: list[_dt.date] = []
    for d in days:
        if run and ctx.calendar.next_school_day(run[-1]) != d:
            yield run
            run = []
        run.append(d)
    if run:
        yield run
