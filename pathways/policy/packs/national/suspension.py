"""Suspension: full-time provision from the sixth consecutive school day (SI 2007/1870 reg 3 as
amended by SI 2014/3216)."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.engine import Context, Outcome, due, fmt, met, not_applicable, rule, unmet
from pathways.policy.packs.national._common import _ordinal, _runs


@rule(
    "NAT-SUSPENSION-DAY6",
    params=("suspension_provision_from_school_day",),
    title="Full-time education from the sixth consecutive school day of suspension",
)
def suspension_day6(ctx: Context) -> list[Outcome] | None:
    """Duty: "Suitable full-time education on every school day of suspension from the sixth consecutive
    one; not required for a pupil in Year 11 (year_group 11) whose exams are finished"; unmet on the
    sixth or any later day of suspension whose session the engine codes E (a code recorded by the
    school does not change this); due, dated the sixth day, while it is still ahead. Applies to a
    suspension of a compulsory-age pupil with 6 or more consecutive school days of suspension
    (consecutive suspensions count together). (SI 2007/1870 reg 3 and 5; SI 2014/3216; 000 §3(3).)

    Settled (case-file.md, second review): provision is owed on every suspension day from the sixth;
    `year11_exams_finished` exempts only a pupil whose year group (given, else derived) is 11.

    Interpretation: each suspension day from the sixth up to as_of is judged by its listed sessions'
    derived codes (before 19 Aug 2024, when none is derived, by their slots: provision is a provider
    or another school). The sixth day with no session listed is judged by its timetable slots; a
    later day with none listed is not judged (the case does not say what happened).
    """
    if ctx.kind != "suspension":
        return None
    out: list[Outcome] = []
    for run in _runs(ctx, sorted(ctx.suspension_days)):
        first_owed = ctx.param("suspension_provision_from_school_day", on=run[0])
        if len(run) < first_owed:
            continue
        sixth = run[first_owed - 1]  # the first day provision is owed
        nth = _ordinal(first_owed)
        if not ctx.compulsory_age(sixth):
            continue
        if ctx.arrangement.year11_exams_finished and ctx.year_group(sixth) == 11:
            exempt = f"A Year 11 pupil whose exams are finished: no day-{first_owed} provision is required."
            out.append(not_applicable(exempt))
            continue
        if ctx.as_of < sixth:
            planned = all(ctx.slot(sixth, half) in _PROVISION for half in ("am", "pm"))
            then = (" The usual week already provides it that day: nothing more is needed unless it changes."
                    if planned else " The usual week does not provide it that day yet.")
            out.append(
                due(
                    sixth,
                    f"Suitable full-time education is needed from the {nth} day of suspension, {fmt(sixth)}.{then}",
                )
            )
            continue
        owed = run[first_owed - 1 :]
        without = [d for d in owed if d <= ctx.as_of and ctx.compulsory_age(d) and _no_provision(ctx, d, sixth)]
        if without:
            more = f" and {len(without) - 5} more" if len(without) > 5 else ""
            days = ", ".join(fmt(d) for d in without[:5]) + more
            out.append(
                unmet(
                    f"No full-time education was arranged on every day from the {nth} day of suspension, "
                    f"{fmt(sixth)}: coded E on {days}.",
                    due=without[0],
                )
            )
        else:
            out.append(met(f"Provision was in place on every day from the {nth} day of suspension, {fmt(sixth)}."))
    return out


_PROVISION = ("provider", "another_school")


def _no_provision(ctx: Context, day: _dt.date, sixth: _dt.date) -> bool:
    """The engine codes a session of this suspension day E (no provision made that day)."""
    listed = [s for s in ctx.sessions if s.date == day]
    if listed:
        return any(s.code == "E" if s.code is not None else s.where not in _PROVISION for s in listed)
    if day == sixth:
        return any(ctx.slot(day, half) not in _PROVISION for half in ("am", "pm"))
    return False
