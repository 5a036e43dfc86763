"""Whether an arrangement may be approved: the engine's verdict on the day it would begin.

    judging_day(arrangement, today)   -> the day approval is judged for: the start, or today if later
    approval_case(arrangement, today) -> the case as of that day, the provider's other full-time pupils
                                         counted over every placement of the trust running there that
                                         day, approved or awaiting approval
    refusal_for(arrangement, today)   -> Refusal: the breaches (rules marked `breach`) the arrangement
                                         would cause, each with what would make it lawful; empty when
                                         approval is lawful

Nothing here repeats a rule: the breaches are the engine's verdicts (pathways.policy.engine.breaches) on
the case as it would stand on the first day, and the count of the provider's pupils is
pathways.cases.registration's, the same the provider's page shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from pathways.arrangements.models import Arrangement
from pathways.cases.casefiles import case_for
from pathways.cases.judging import judge
from pathways.cases.registration import Limits, threshold_for
from pathways.policy import casefile as cf
from pathways.policy.engine import breaches, fmt

# What would make each breach lawful, in the school's words: the engine says why it is a breach.
LAWFUL = {
    "NAT-PROVIDER-REGISTRATION": (
        "Choose a registered provider; or place the pupil there part time ({sessions} sessions a week or fewer, "
        "{hours} hours or fewer); or wait until another full-time placement there has ended. The provider could "
        "also register as an independent school."
    ),
    "NAT-AP-EHCP-REGISTERED": (
        "Choose a provider registered with Ofsted; or, where no other provision is available and the local "
        "authority directs the use of this provider, record the local authority's approval before the start."
    ),
    "NAT-PTT-NOT-BEHAVIOUR": (
        "A part-time timetable must not be used to manage behaviour: support the pupil in school through the "
        "behaviour policy, or consider alternative provision or an off-site direction. If behaviour is not the "
        "reason, the arrangement must say the real reason."
    ),
}


@dataclass(frozen=True)
class Breach:
    id: str
    why: str      # the engine's message
    lawful: str   # what would make it lawful
    source: str


@dataclass(frozen=True)
class Refusal:
    on: dt.date                     # the day judged: the start, or today if the start has passed
    breaches: tuple[Breach, ...]

    def __bool__(self) -> bool:
        return bool(self.breaches)

    @property
    def text(self) -> str:
        """One paragraph for an error message or an e-mail."""
        return " ".join(f"{b.why} {b.lawful}" for b in self.breaches)


def judging_day(arrangement: Arrangement, today: dt.date) -> dt.date:
    return max(arrangement.start, today)


def approval_case(arrangement: Arrangement, today: dt.date) -> cf.Case:
    """The case as it would stand on the day the arrangement begins, counting at its provider every
    placement of the trust that will be running that day, approved or awaiting approval."""
    day = judging_day(arrangement, today)
    case = case_for(arrangement, day)
    if arrangement.provider is None or case.provider is None:
        return case
    others = threshold_for(arrangement.provider, as_of=day, adding_pupil=arrangement.pupil, awaiting=True)
    counted = cf.FullTimePupils(compulsory_age=others.compulsory_age, looked_after_or_ehcp=others.looked_after_or_ehcp,
                                sen=others.sen)
    return dataclasses.replace(case, provider=dataclasses.replace(case.provider, full_time_pupils=counted))


def refusal_for(arrangement: Arrangement, today: dt.date) -> Refusal:
    """The breaches the arrangement would cause on the day it begins (none: it may be approved). An
    arrangement the engine cannot judge is judged by no breach here: its page says why it cannot be judged."""
    day = judging_day(arrangement, today)
    judged = judge(approval_case(arrangement, today))
    if judged.result is None:
        return Refusal(day, ())
    limits = Limits.on(day)
    sessions = limits.hours_per_week // limits.hours_per_session
    found = tuple(
        Breach(r.id, r.message, LAWFUL.get(r.id, "").format(sessions=sessions, hours=limits.hours_per_week),
               r.source)
        for r in breaches(judged.result.requirements)
    )
    return Refusal(day, found)


def describe_day(refusal: Refusal, arrangement: Any) -> str:
    """"on its start, 18 Dec 2026" or "today, 6 Dec 2026" (the start has passed)."""
    if refusal.on == arrangement.start:
        return f"on its start, {fmt(refusal.on)}"
    return f"today, {fmt(refusal.on)}"
