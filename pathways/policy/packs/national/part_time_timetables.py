"""Part-time timetables: written parental agreement, a proposed end date, not used to manage
behaviour, the professionals around the child (WTISA Aug 2024)."""

from __future__ import annotations

from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, rule
from pathways.policy.packs.national._common import _kind, _written


@rule("NAT-PTT-AGREEMENT", title="Written parental agreement to a part-time timetable before it starts")
def ptt_agreement(ctx: Context) -> Outcome | None:
    """Duty: "A parent the pupil normally lives with agreed (written) to the part-time timetable, its times
    and dates, before it starts"; unmet from start if no parent_consent with written true dated on or
    before start. (SI 2024/208 reg 11(6)(b)-(c); 004 §4.2(1).) Also applies to return_to_learn, whose
    timetable is a temporary part-time one (case-file.md, Settled after the first review)."""
    if ctx.kind not in ("part_time_timetable", "return_to_learn"):
        return None
    return ctx.before_start(
        "parent_consent",
        where=_written,
        what="written parental agreement to the timetable's times and dates",
        met_message="Written parental agreement recorded on {done}.",
        due_message=f"Written parental agreement is needed before the {_kind(ctx)} starts on {{deadline}}.",
        unmet_message=f"No written parental agreement before the {_kind(ctx)} started on {{deadline}}.",
    )


@rule("NAT-PTT-END-DATE", title="A part-time timetable has a proposed end date")
def ptt_end_date(ctx: Context) -> Outcome | None:
    """Duty: "Has a proposed end date (it may be extended at a review)"; unmet from start when end is null.
    (WTISA 2024, part-time timetables; 004 §4.1.)"""
    if ctx.kind != "part_time_timetable":
        return None
    end = ctx.end
    if end is not None:
        # The end date is part of the arrangement itself, so it holds from the day it is set,
        # including before the start.
        return met(f"The part-time timetable has a proposed end date, {fmt(end)}.")
    return ctx.one_off(
        ctx.start,
        None,
        what="proposed end date",
        due_message="The part-time timetable needs a proposed end date before it starts on {deadline}.",
        unmet_message="The part-time timetable has no proposed end date (it started on {deadline}).",
    )


@rule("NAT-PTT-NOT-BEHAVIOUR", title="A part-time timetable is not used to manage behaviour", breach=True)
def ptt_not_behaviour(ctx: Context) -> Outcome | None:
    """Duty: "Reason must not be behaviour (a part-time timetable must not be used to manage behaviour)";
    unmet whenever reason is behaviour. (WTISA 2024; 004 §4 definition.)"""
    if ctx.kind != "part_time_timetable":
        return None
    return ctx.whenever(
        ctx.arrangement.reason != "behaviour",
        met_message="The part-time timetable is not used to manage behaviour.",
        unmet_message="A part-time timetable must not be used to manage behaviour, and this one's reason is behaviour.",
    )


@rule(
    "NAT-PTT-PROFESSIONALS",
    title="Social worker told and, with an EHC plan, the local authority told, before the start",
)
def ptt_professionals(ctx: Context) -> Outcome | None:
    """Duty: "The social worker is informed and involved (social_worker_informed); for an EHCP the local
    authority is notified (la_notified)"; unmet from start without the event(s) on or before start.
    (WTISA 2024; 004 §4.2(2) and (6).)"""
    if ctx.kind != "part_time_timetable" or not (ctx.pupil.social_worker or ctx.pupil.ehcp):
        return None
    out: list[Outcome] = []
    if ctx.pupil.social_worker:
        out.append(
            ctx.before_start(
                "social_worker_informed",
                what="word to the pupil's social worker",
                met_message="The social worker was told on {done}.",
                due_message="Tell the pupil's social worker before the part-time timetable starts on {deadline}.",
                unmet_message="The pupil's social worker was not told before the part-time timetable "
                "started on {deadline}.",
            )
        )
    if ctx.pupil.ehcp:
        out.append(
            ctx.before_start(
                "la_notified",
                what="notice to the local authority (EHC plan)",
                met_message="The local authority (EHC plan) was told on {done}.",
                due_message="Tell the local authority (EHC plan) before the part-time timetable starts on {deadline}.",
                unmet_message="The local authority was not told of the part-time timetable of a pupil "
                "with an EHC plan before it started on {deadline}.",
            )
        )
    return all_of(*out)
