"""Absence: ten consecutive school days of unexplained absence, and fifteen school days missed
through illness in a school year (WTISA Aug 2024; Education Act 1996 s19; health needs guidance
Dec 2023)."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.calendar import school_year_of
from pathways.policy.codes import UNAUTHORISED
from pathways.policy.engine import Context, Outcome, fmt, met, rule
from pathways.policy.packs.national._common import _ordinal, _runs


def _day_codes(ctx: Context) -> dict[_dt.date, list[str | None]]:
    """The code of every listed session up to as_of, by school day (derived; before 19 Aug 2024 the
    recorded code, when no code is derived)."""

    def compute() -> dict[_dt.date, list[str | None]]:
        days: dict[_dt.date, list[str | None]] = {}
        for s in ctx.sessions:
            if s.date <= ctx.as_of and ctx.calendar.is_school_day(s.date):
                days.setdefault(s.date, []).append(s.effective_code)
        return days

    return ctx.cached("national:day_codes", compute)


@rule(
    "NAT-TEN-DAY-ABSENCE",
    params=("unauthorised_absence_school_days", "unauthorised_absence_notice_school_days"),
    title="10 consecutive school days of unauthorised absence notified to the local authority",
)
def ten_day_absence(ctx: Context) -> list[Outcome]:
    """Duty: "10 or more consecutive school days of unauthorised absence (G N O U) must be notified to the
    local authority (event la_notified after the 10th day)"; unmet 5 school days after the 10th day
    without la_notified. (WTISA 2024, notification of continuous absence; SI 2024/208.)

    Interpretation: a day counts when every listed session that day is G, N, O or U; a school day
    with no listed session breaks the run (nothing shows the pupil was absent). A notification made
    on or after the run's first day counts.
    """
    codes = _day_codes(ctx)
    absent = sorted(d for d, cs in codes.items() if cs and all(c in UNAUTHORISED for c in cs))
    out: list[Outcome] = []
    for run in _runs(ctx, absent):
        limit = ctx.param("unauthorised_absence_school_days", on=run[0])
        if len(run) < limit:
            continue
        tenth = run[limit - 1]  # the day the run reached the limit
        deadline = ctx.calendar.school_days_after(tenth, ctx.param("unauthorised_absence_notice_school_days", on=tenth))
        out.append(
            ctx.one_off_event(
                "la_notified",
                deadline=deadline,
                since=run[0],
                what=f"notice to the local authority of {limit} school days' unauthorised absence",
                unmet_message=(
                    f"The pupil has been absent without authority for {len(run)} consecutive school days "
                    f"from {fmt(run[0])}; the local authority was not told by {{deadline}}."
                ),
                due_message=(
                    f"The pupil reached {limit} consecutive school days of unauthorised absence on {fmt(tenth)}; "
                    "tell the local authority by {deadline}."
                ),
            )
        )
    limit = ctx.param("unauthorised_absence_school_days")
    return out or [met(f"No run of {limit} consecutive school days of unauthorised absence in the listed sessions.")]


@rule(
    "NAT-HEALTH-15-DAYS",
    params=("illness_school_days", "illness_notice_school_days"),
    title="More than 15 school days' illness in a school year notified to the local authority",
)
def health_fifteen_days(ctx: Context) -> list[Outcome]:
    """Duty: "A pupil absent for illness (code I) on more than 15 school days in the school year,
    consecutively or cumulatively": "the local authority should be told so it can arrange education
    under s19 (event la_notified)"; unmet 5 school days after the 16th day of illness without it.
    (Arranging education for children who cannot attend school because of health needs, Dec 2023.)

    Interpretation: a school day counts when any listed session that day is coded I; a notification
    on or after the first day of illness that school year counts.
    """
    by_year: dict[int, list[_dt.date]] = {}
    for d, cs in sorted(_day_codes(ctx).items()):
        if "I" in cs:
            by_year.setdefault(school_year_of(d), []).append(d)
    out: list[Outcome] = []
    for days in by_year.values():
        limit = ctx.param("illness_school_days", on=days[0])
        if len(days) <= limit:
            continue
        sixteenth = days[limit]  # the first day beyond the limit
        nth = _ordinal(limit + 1)
        deadline = ctx.calendar.school_days_after(sixteenth, ctx.param("illness_notice_school_days", on=sixteenth))
        out.append(
            ctx.one_off_event(
                "la_notified",
                deadline=deadline,
                since=days[0],
                what=f"notice to the local authority of more than {limit} days' illness",
                unmet_message=(
                    f"The pupil has been absent through illness on {len(days)} school days this school year "
                    f"(the {nth} on {fmt(sixteenth)}); the local authority was not told by {{deadline}}."
                ),
                due_message=(
                    f"The pupil's {nth} day of illness this school year was {fmt(sixteenth)}; tell the local "
                    "authority by {deadline} so it can arrange education."
                ),
            )
        )
    limit = ctx.param("illness_school_days")
    return out or [met(f"Fewer than {limit + 1} school days of illness in any school year in the listed sessions.")]
