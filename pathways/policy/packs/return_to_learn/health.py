"""Health ("Implementation"): medical evidence for a pupil kept from school by their health, and the
Inclusion Support Service referral."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.engine import Context, Outcome, fmt, met, rule
from pathways.policy.packs.return_to_learn._common import AWAY, HEALTH_REASONS, SPECIALIST_EVIDENCE, _last_day


@rule(
    "RTL-MEDICAL-EVIDENCE",
    params=("medical_evidence_school_days",),
)
def medical_evidence(ctx: Context) -> Outcome | None:
    """Duty: "medical evidence from a consultant community paediatrician or a specialist CAMHS psychiatrist
    where reasonably available"; unmet 10 school days after start. Applies to a Return to Learn timetable
    for medical or mental health reasons. (001 Implementation, quoting HCC policy 7.3: "supported by medical
    evidence 'verified in writing by a consultant community pediatrician or specialist consultant
    psychiatrist from Child and Mental Health Adolescent Services' unless this is not reasonably
    available".)

    Interpretation: medical_evidence from a consultant, community paediatrician or CAMHS psychiatrist
    counts; so does a waiting_list confirmation (the specialist's evidence is then not reasonably
    available). A GP's note does not. Evidence received before the start counts.
    """
    if ctx.kind != "return_to_learn" or ctx.arrangement.reason not in ("medical", "mental_health"):
        return None
    gp = ctx.first("medical_evidence", where=lambda e: e.source not in SPECIALIST_EVIDENCE)
    extra = f" (the note of {fmt(gp.date)} is not from a specialist)" if gp is not None else ""
    days = ctx.param("medical_evidence_school_days", on=ctx.start)
    return ctx.school_days_after_start(
        days,
        "medical_evidence",
        where=lambda e: e.source in SPECIALIST_EVIDENCE,
        what="specialist medical evidence",
        met_message="Specialist medical evidence (or a waiting-list confirmation) received on {done}.",
        due_message="Medical evidence from a consultant community paediatrician or CAMHS psychiatrist (or "
        f"confirmation of a waiting list) is due by {{deadline}}, {days} school days after the start{extra}.",
        unmet_message="No medical evidence from a consultant community paediatrician or CAMHS psychiatrist, "
        f"nor confirmation of a waiting list, by {{deadline}}, {days} school days after the start{extra}.",
    )


def _health_absence_days(ctx: Context) -> list[_dt.date]:
    """School days up to as_of on which the pupil was away from school for their health: a listed session
    coded I, or, for an arrangement made for a health reason, a day its timetable keeps the pupil at home
    or online (up to its end)."""
    days = {
        s.date
        for s in ctx.sessions
        if s.date <= ctx.as_of and s.effective_code == "I" and ctx.calendar.is_school_day(s.date)
    }
    if ctx.arrangement.reason in HEALTH_REASONS and ctx.start <= ctx.as_of:
        tt = ctx.arrangement.timetable
        if tt.count("online") or tt.count("home"):
            for day in ctx.calendar.school_days(ctx.start, _last_day(ctx)):
                if ctx.slot(day, "am") in AWAY or ctx.slot(day, "pm") in AWAY:
                    days.add(day)
    return sorted(days)


@rule(
    "RTL-ISS-REFERRAL",
    params=("iss_referral_after_days",),
)
def iss_referral(ctx: Context) -> Outcome | None:
    """Duty: "the school makes a medical referral to the Inclusion Support Service (iss_referral)" for "a
    pupil absent for health reasons for more than ISS_REFERRAL_AFTER_DAYS school days". (001
    Implementation: "if this exceeds 10 days, the School will make a medical referral to the Inclusion
    Support Service at Hampshire County Council".)

    Interpretation: a school day of absence for health reasons is one with a listed session coded I, or,
    when the arrangement was made for a medical, injury or mental health reason, a school day of the
    arrangement whose timetable keeps the pupil at home or online. Days count cumulatively. The referral is
    due by the day the count first exceeds the limit (the 11th day), unmet after it; a referral recorded at
    any time before then counts.
    """
    days = _health_absence_days(ctx)
    if not days:
        return None
    limit = ctx.param("iss_referral_after_days", on=days[0])
    if len(days) <= limit:
        return met(
            f"{len(days)} school day{'s' if len(days) != 1 else ''} of absence for health reasons so far, not more "
            f"than {limit}: no referral to the Inclusion Support Service is needed yet."
        )
    over = days[limit]
    return ctx.one_off_event(
        "iss_referral",
        deadline=over,
        what="medical referral to the Inclusion Support Service",
        met_message="Medical referral to the Inclusion Support Service made on {done}.",
        due_message=f"The pupil's absence for health reasons passed {limit} school days on {fmt(over)}: make a "
        "medical referral to the Inclusion Support Service by {deadline}.",
        unmet_message=f"The pupil has been absent for health reasons on {len(days)} school days (more than "
        f"{limit} from {fmt(over)}) and no medical referral to the Inclusion Support Service was made by "
        "{deadline}.",
    )
