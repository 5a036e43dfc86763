"""The register and online lessons ("Implementation", "Use of Technology for Remote Learning",
"Practice"): attendance codes, consent to join a group lesson, and how long recordings are kept."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.casefile import Event
from pathways.policy.codes import PRESENT
from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, not_applicable, rule, unmet
from pathways.policy.packs.return_to_learn._common import _LOOK_AHEAD, _when


@rule("RTL-CODES")
def codes(ctx: Context) -> list[Outcome] | None:
    """Duty: "a remote lesson attended from home is an authorised absence, never present: C2 for a
    compulsory-age pupil, because a Return to Learn timetable is a temporary part-time timetable (001 says
    C; the product follows SI 2024/208 reg 11(6)); a missed online lesson is O (unauthorised) unless the
    pupil was ill (I); present only when physically in school, which includes joining a lesson remotely
    from elsewhere on the school site". (001 Implementation, "Attendance coding will be as follows".)

    Interpretation: applies to the listed sessions, up to as_of, while a return_to_learn or remote_learning
    arrangement is active; the code each should carry is the engine's derived code (case-file.md,
    Sessions), and a recorded code that differs from it is a breach. Before 19 Aug 2024, when no code is
    derived, a recorded present code for a session away from school is a breach.
    """
    if ctx.kind not in ("return_to_learn", "remote_learning"):
        return None
    sessions = [s for s in ctx.sessions if s.date <= ctx.as_of and ctx.is_active(s.date)]
    if not sessions:
        return None
    out: list[Outcome] = []
    for s in sessions:
        if s.recorded is None:
            continue
        if s.code is None:
            if s.recorded in PRESENT and s.where != "school":
                out.append(
                    unmet(
                        f"{s.recorded} recorded for {_when(s)}: a present code, but the pupil was not physically "
                        "in school."
                    )
                )
        elif s.recorded != s.code:
            out.append(unmet(f"{s.recorded} recorded for {_when(s)}: {s.problems[-1]}."))
    if not out:
        derived = ", ".join(f"{s.code}" for s in sessions if s.code is not None)
        listed = f" (codes {derived})" if derived else ""
        out.append(
            met(
                f"Present only when physically in school; remote lessons coded as absence{listed}: "
                f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} checked."
            )
        )
    return out


def _first_online_day(ctx: Context) -> _dt.date | None:
    """The first day from the start on which the pupil joins a lesson online: the first school day whose
    timetable slot is `online`, or an earlier listed session taken online."""
    found: _dt.date | None = None
    if ctx.arrangement.timetable.count("online"):
        day, stop = ctx.start, ctx.start + _LOOK_AHEAD
        if ctx.end is not None:
            stop = min(stop, ctx.end)
        while day <= stop:
            if ctx.calendar.is_school_day(day) and "online" in (ctx.slot(day, "am"), ctx.slot(day, "pm")):
                found = day
                break
            day += _dt.timedelta(days=1)
    for s in ctx.sessions:
        if s.where == "online" and ctx.is_active(s.date) and (found is None or s.date < found):
            found = s.date
    return found


def _all_parents(e: Event) -> bool:
    return e.all_parents is True


@rule("RTL-GROUP-CONSENT")
def group_consent(ctx: Context) -> Outcome | None:
    """Duty: "opt-in consent from the parents of every child in the group and the staff's agreement
    (recording_consent with all_parents true) before the first remote session". Applies to a pupil joining
    a group lesson remotely. (001 Use of Technology for Remote Learning: "Participation in such activities
    ... will always be through 'opt-in' where parents of all children/pupils involved complete consent
    forms and, it has the agreement of the employee/s".)

    Interpretation: a pupil on a Return to Learn timetable joins group lessons remotely in its `online`
    sessions (the seed's "join the lesson remotely ... via MS Teams"). The first remote session is the first
    school day from the start with an online slot, or an earlier listed online session; consent on that day
    is in time. A recording_consent without all_parents true does not count; the one event stands for the
    parents' forms and the staff's agreement together.
    """
    if ctx.kind != "return_to_learn":
        return None
    first = _first_online_day(ctx)
    if first is None:
        return None
    partial = ctx.first("recording_consent", where=lambda e: not _all_parents(e))
    extra = (
        f" (the consent of {fmt(partial.date)} is not from the parents of every child in the group)"
        if partial is not None
        else ""
    )
    return ctx.one_off_event(
        "recording_consent",
        where=_all_parents,
        deadline=first,
        what="opt-in consent from the parents of every child in the group",
        met_message="Opt-in consent from the parents of every child in the group recorded on {done}.",
        due_message="The pupil first joins a group lesson remotely on {deadline}: the parents of every child in "
        f"the group must opt in first{extra}.",
        unmet_message="The pupil joined a group lesson remotely from {deadline} without opt-in consent from the "
        f"parents of every child in the group{extra}.",
    )


@rule(
    "RTL-RECORDING-RETENTION",
    title="Recordings of live lessons deleted after the retention period (one month by default)",
    params=("recording_retention_days",),
)
def recording_retention(ctx: Context) -> list[Outcome] | None:
    """Duty: "deleted RECORDING_RETENTION_DAYS after it was made; pre-recorded lessons are exempt; pupils
    named by first name only", for "every recording of a live lesson or conversation kept by the school".
    (001 Practice: "If a school employee chooses to record a lesson or conversation, they will ensure that
    only pupils' first names are used and that the recording is deleted after one month. Pre-recorded
    lessons do not need to be deleted.")

    Interpretation: the case file's chronology has no recordings, so they are listed under the optional
    extension key `school.recordings` (docs/policy-engine.md, "Extension keys"): each `{date, deleted,
    pre_recorded, first_names_only}`. A recording must be deleted by its date + RECORDING_RETENTION_DAYS
    (a one-off duty: deleted later is met, late); one naming pupils by more than their first name
    (first_names_only false) is a breach. Recordings made after as_of do not exist yet.
    """
    recordings = [r for r in ctx.school.recordings if r.date <= ctx.as_of]
    if not recordings:
        return None
    out: list[Outcome] = []
    for rec in recordings:
        made = fmt(rec.date)
        if rec.pre_recorded:
            out.append(not_applicable(f"The pre-recorded lesson of {made} need not be deleted."))
            continue
        names: Outcome | None = None
        if rec.first_names_only is False:
            names = unmet(f"The recording of {made} names pupils by more than their first names.")
        days = ctx.param("recording_retention_days", on=rec.date)
        deletion = ctx.one_off(
            rec.date + _dt.timedelta(days=days),
            rec.deleted,
            what=f"deletion of the recording made on {made}",
            met_message=f"The recording of {made} was deleted on {{done}}.",
            due_message=f"The recording of {made} must be deleted by {{deadline}} ({days} days after it was made).",
            unmet_message=f"The recording of {made} was still kept after {{deadline}}: it must be deleted "
            f"{days} days after it was made.",
        )
        both = all_of(names, deletion)
        if both is not None:
            out.append(both)
    return out
