"""The timing primitives every duty shares (case-file.md, "Semantics"): a one-off duty by a deadline,
before the start or N school days after it, half-termly and termly duties, a duty every N days or
school days, and a condition that must hold. Each takes the rule's Context first; Context carries
them as methods (`ctx.one_off(...)`), which is how the rules call them."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pathways.policy.calendar import Period
from pathways.policy.engine.outcomes import Outcome, cap, due, fmt, met, not_applicable, unmet

if TYPE_CHECKING:
    from pathways.policy.engine.context import Context, EventFilter


def one_off(
    ctx: Context,
    deadline: _dt.date,
    done: _dt.date | None,
    *,
    what: str,
    met_message: str | None = None,
    due_message: str | None = None,
    unmet_message: str | None = None,
) -> Outcome:
    """A duty to be done once by `deadline`. `done` is the date it was done (None: not done).
    Messages may use {deadline} and {done}; the defaults are built from `what`, a noun phrase
    such as "written parental agreement to the part-time timetable"."""
    words = {"deadline": fmt(deadline), "done": fmt(done) if done else ""}
    if done is not None and done <= ctx.as_of:
        late = done > deadline
        text = met_message.format(**words) if met_message else f"{cap(what)} recorded on {words['done']}."
        if late:
            text = f"{text.rstrip('.')}, after it was due by {words['deadline']}."
        return Outcome("met", text, None, late)
    if ctx.as_of <= deadline:
        text = due_message.format(**words) if due_message else f"{cap(what)} is due by {words['deadline']}."
        return Outcome("due", text, deadline)
    text = unmet_message.format(**words) if unmet_message else f"No {what} by {words['deadline']}."
    return Outcome("unmet", text, deadline)


def one_off_event(
    ctx: Context,
    *types: str,
    deadline: _dt.date,
    what: str,
    since: _dt.date | None = None,
    where: EventFilter | None = None,
    met_message: str | None = None,
    due_message: str | None = None,
    unmet_message: str | None = None,
) -> Outcome:
    """`one_off` done by the first event of these types (dated on or before as_of, on or
    after `since`, passing `where`)."""
    first = ctx.first(*types, since=since, where=where)
    return one_off(
        ctx,
        deadline,
        first.date if first else None,
        what=what,
        met_message=met_message,
        due_message=due_message,
        unmet_message=unmet_message,
    )


def before_start(
    ctx: Context,
    *types: str,
    what: str,
    where: EventFilter | None = None,
    met_message: str | None = None,
    due_message: str | None = None,
    unmet_message: str | None = None,
) -> Outcome:
    """`one_off_event` with the arrangement's start as the deadline ("unmet from start")."""
    return one_off_event(
        ctx,
        *types,
        deadline=ctx.start,
        what=what,
        where=where,
        met_message=met_message,
        due_message=due_message,
        unmet_message=unmet_message,
    )


def school_days_after_start(
    ctx: Context,
    n: int,
    *types: str,
    what: str,
    where: EventFilter | None = None,
    met_message: str | None = None,
    due_message: str | None = None,
    unmet_message: str | None = None,
) -> Outcome:
    """`one_off_event` due N school days after the start ("unmet N school days after start")."""
    return one_off_event(
        ctx,
        *types,
        deadline=ctx.calendar.school_days_after(ctx.start, n),
        what=what,
        where=where,
        met_message=met_message,
        due_message=due_message,
        unmet_message=unmet_message,
    )


def half_termly(ctx: Context, dates: Iterable[_dt.date], *, what: str) -> Outcome:
    """A duty every half-term that starts on or after the start, has started by as_of and (with
    an end) ends by the end; each half-term's deadline is its last day."""
    return per_period(ctx, ctx.calendar.half_terms, dates, what, "half-term")


def termly(ctx: Context, dates: Iterable[_dt.date], *, what: str) -> Outcome:
    """The same over terms (half-terms 1-2, 3-4, 5-6)."""
    return per_period(ctx, ctx.calendar.terms, dates, what, "term")


def per_period(ctx: Context, periods: Sequence[Period], dates: Iterable[_dt.date], what: str, unit: str) -> Outcome:
    if not periods:
        return not_applicable(f"The case has no school calendar, so {unit}ly {what} cannot be judged.")
    as_of, start, end = ctx.as_of, ctx.start, ctx.end
    days = sorted(d for d in dates if d <= as_of)
    late = False
    judged = 0
    for p in periods:
        if p.start < start or p.start > as_of or (end is not None and p.end > end):
            continue
        judged += 1
        kept = any(p.start <= d <= p.end for d in days)
        if p.end < as_of:
            if kept:
                continue
            if any(d > p.end for d in days):
                late = True
                continue
            return unmet(f"No {what} in {p.name} ({fmt(p.start)} to {fmt(p.end)}).", due=p.end)
        if not kept:
            return due(p.end, f"{cap(what)} is due by {fmt(p.end)}, the end of {p.name}.")
    if judged == 0:
        return met(f"No {unit} of the arrangement has needed {what} yet.", nothing_due_yet=True)
    if late:
        return met(f"{cap(what)} recorded for every {unit}, one of them late.", late=True)
    return met(f"{cap(what)} recorded in every {unit} so far.")


def every(
    ctx: Context,
    n: int,
    dates: Iterable[_dt.date],
    *,
    what: str,
    school_days: bool = False,
    start: _dt.date | None = None,
) -> Outcome:
    """A duty at least every `n` days (calendar days, or school days with school_days=True):
    the first deadline is start + n; each event opens a new window ending at its date + n.
    Due while the arrangement runs; met after it ends if the last window was kept."""
    first = start or ctx.start
    as_of, end = ctx.as_of, ctx.end
    cal = ctx.calendar
    step = _dt.timedelta(days=n)

    def add(day: _dt.date) -> _dt.date:
        return cal.school_days_after(day, n) if school_days else day + step

    unit = "school days" if school_days else "days"
    anchor, deadline, late = first, add(first), False
    for d in sorted({d for d in dates if first <= d <= as_of}):
        if d > deadline and (end is None or deadline <= end):
            late = True
        anchor, deadline = d, add(d)
    if deadline < as_of and (end is None or deadline <= end):
        since = "the start" if anchor == first else fmt(anchor)
        return unmet(
            f"No {what} since {since} ({fmt(anchor)}): one was due by {fmt(deadline)} (every {n} {unit}).",
            due=deadline,
        )
    if end is not None and as_of > end:
        return met(f"{cap(what)} kept to every {n} {unit} until the arrangement ended.", late=late)
    last = f"the last on {fmt(anchor)}" if anchor != first else f"from the start on {fmt(first)}"
    return due(deadline, f"Next {what} due by {fmt(deadline)} ({last}; every {n} {unit}).")


def whenever(
    ctx: Context, ok: bool, *, met_message: str, unmet_message: str, deadline: _dt.date | None = None
) -> Outcome:
    """A condition that must hold: met when `ok`; otherwise unmet, or due while as_of is on or
    before `deadline` (when given)."""
    if ok:
        return met(met_message)
    if deadline is not None and ctx.as_of <= deadline:
        return due(deadline, unmet_message)
    return unmet(unmet_message, due=deadline)
