"""A duty made of several conditions, judged as one verdict that names every condition still missing.

`evaluate` combines the occurrences of one duty (per session, per request) by keeping the worst and
naming at most three of them. A duty made of conditions ("a plan and an end date", "the direction and
the behaviour plan") needs more: when it is unmet or due, its message must name each condition that is
missing, not only the most urgent, and none that is present.

    return all_of(ctx.before_start("reintegration_plan", ...), end_date_outcome)
"""

from __future__ import annotations

from collections.abc import Iterable

from pathways.policy.engine import SEVERITY as _SEVERITY
from pathways.policy.engine import Outcome, combine

Part = Outcome | Iterable[Outcome] | None


def all_of(*parts: Part) -> Outcome | None:
    """One verdict for a duty whose conditions are `parts`, each an Outcome or the occurrences of one
    condition (combined first, as the engine combines occurrences; None or an empty list: the condition
    does not arise).

    The status is the worst (unmet, then due, then met), with the earliest deadline among the worst,
    and not_applicable conditions left out when others apply. When the duty is unmet or due, the message
    is every condition not met, in order of urgency (the unmet ones, then those due), so a headteacher
    reads all that is missing; the met conditions are not mentioned. When it is met, every condition's
    message is given, and the verdict is late if any condition was met late.
    """
    verdicts: list[Outcome] = []
    for part in parts:
        if part is None:
            continue
        occurrences = [part] if isinstance(part, Outcome) else [o for o in part if o is not None]
        verdict = combine(occurrences)
        if verdict is not None:
            verdicts.append(verdict)
    if not verdicts:
        return None
    applying = [v for v in verdicts if v.status != "not_applicable"]
    if not applying:
        return verdicts[0]
    worst = max(_SEVERITY[v.status] for v in applying)
    status = next(v.status for v in applying if _SEVERITY[v.status] == worst)
    dated = [v.due for v in applying if v.status == status and v.due is not None]
    due_date = min(dated) if dated else None
    if status == "met":
        shown = applying
    else:
        shown = sorted((v for v in applying if v.status != "met"), key=lambda v: -_SEVERITY[v.status])
    messages: list[str] = []
    for v in shown:
        if v.message and v.message not in messages:
            messages.append(v.message)
    late = status == "met" and any(v.late for v in applying)
    nothing_due_yet = status == "met" and all(v.nothing_due_yet for v in applying)
    return Outcome(status, " ".join(messages), due_date, late, nothing_due_yet)
