"""Approving an arrangement: refused while the engine reports a breach of the law it would cause on its
first day (pathways.cases.approval), and, for a placement the trust must approve (AP-UNREGISTERED-APPROVAL
applies: an unregistered provider), until the trust has approved it.

    hold_for(arrangement, today) -> Hold: why approval cannot be given now (breaches, the trust's approval)
    do_approve_arrangement(...)  -> the arrangement, active; ValidationError with the reasons otherwise

The check runs again inside the approving transaction, with the provider's row locked, so two approvals
of placements at the same provider cannot both pass a count that each alone would keep within the law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements import actions
from pathways.arrangements.models import Arrangement, Event
from pathways.audit.versions import refuse_stale
from pathways.cases.approval import Refusal, refusal_for
from pathways.cases.casefiles import case_for
from pathways.cases.judging import judge
from pathways.providers.models import Provider
from pathways.schools.permissions import permission

TRUST_RULE = "AP-UNREGISTERED-APPROVAL"


@dataclass(frozen=True)
class Hold:
    refusal: Refusal          # the breaches of the law, from the engine
    needs_trust: bool         # the trust must approve first, and has not

    def __bool__(self) -> bool:
        return bool(self.refusal) or self.needs_trust

    @property
    def messages(self) -> list[str]:
        out = [f"{b.why} {b.lawful}" for b in self.refusal.breaches]
        if self.needs_trust:
            out.append(TRUST_FIRST)
        return out


TRUST_FIRST = ("The provider is not registered, so the trust must approve the placement before the headteacher "
               "does (the trust's Alternative Pathways policy, 004 §3 and Appendix 3): the trust lead approves it "
               "from the trust's approvals once the consideration form, the initial visit and the risk "
               "assessment are recorded.")


def needs_trust_approval(arrangement: Arrangement, today: dt.date) -> bool:
    """Whether the trust's approval applies to the arrangement (the engine judges AP-UNREGISTERED-APPROVAL
    for it) and is not yet recorded."""
    if arrangement.provider_id is None or arrangement.school.trust_id is None:
        return False
    judged = judge(case_for(arrangement, max(arrangement.start, today)))
    if judged.result is None or judged.result.get(TRUST_RULE) is None:
        return False
    return not Event.current.filter(arrangement=arrangement, type="trust_approval").exists()


def hold_for(arrangement: Arrangement, today: dt.date) -> Hold:
    return Hold(refusal_for(arrangement, today), needs_trust_approval(arrangement, today))


@permission("approve_arrangements")
@transaction.atomic
def do_approve_arrangement(*, arrangement: Arrangement, actor: Any, on: dt.date, note: str = "",
                           today: dt.date, seen: str | None = None) -> Arrangement:
    """The headteacher approves, unless the arrangement would breach the law on its first day or waits for
    the trust's approval: then nothing is written and the reasons are raised."""
    if arrangement.provider_id is not None:
        Provider.objects.select_for_update().filter(pk=arrangement.provider_id).first()
    locked = Arrangement.objects.select_for_update(of=("self",)).select_related("school", "pupil", "provider").get(
        pk=arrangement.pk)
    refuse_stale(locked, seen, what="arrangement")
    hold = hold_for(locked, today)
    if hold:
        raise ValidationError("Approval refused: " + " ".join(hold.messages))
    return actions.do_approve(arrangement=arrangement, actor=actor, on=on, note=note)
