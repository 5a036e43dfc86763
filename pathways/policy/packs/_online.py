"""What the remote-education packs share: the days the pupil missed an online lesson."""

from __future__ import annotations

import datetime as _dt

from pathways.policy.engine import Context


def missed_online_days(ctx: Context) -> list[_dt.date]:
    """The days, up to as_of and while the arrangement runs, on which the pupil missed a listed online
    lesson for a reason other than illness (remote-education-offer: an engagement concern;
    special-school-remote: a family not engaging), in date order, each once."""
    return sorted(
        {
            s.date
            for s in ctx.sessions
            if s.where == "online"
            and not s.session.attended
            and s.session.reason != "illness"
            and ctx.is_active(s.date)
            and s.date <= ctx.as_of
        }
    )
