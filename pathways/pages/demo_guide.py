"""On the demo (scripts/run sets PATHWAYS_DEMO_GUIDE=1), the page a person lands on after signing in says
what to try as their role, in a panel they can fold away. Never on a real installation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from pathways.schools.access import TRUST_LEAD, access_for

LANDING_PAGES = frozenset({"today", "trust", "provider-home"})
ORDER = (TRUST_LEAD, "headteacher", "dsl", "attendance_officer", "ap_lead", "senco", "remote_lead", "teacher",
         "governor")
TRY = {
    TRUST_LEAD: "As the trust lead: see which school has most overdue on the trust's Today, approve or refuse "
                "an unregistered provider from the trust's approvals, and check a provider's full-time count.",
    "headteacher": "As the headteacher: approve or refuse an arrangement awaiting approval (a breach cannot be "
                   "approved), set the school's policy, and print the inspection evidence pack from Reports.",
    "dsl": "As the DSL: open your week from Today (who is not in full-time school, who has not been seen), "
           "record a welfare check or a home visit, and read a pupil's whole chronology.",
    "attendance_officer": "As the attendance officer: open the register on a school day (add ?date= with a "
                          "weekday on a weekend), follow up an absence a provider reported, and import the "
                          "school's roster.",
    "ap_lead": "As the alternative provision lead: set up a placement, record a visit, and check a provider.",
    "senco": "As the SENCO: look at the arrangements of pupils with an EHC plan and record the LA's approval.",
    "remote_lead": "As the remote learning lead: the school's remote education offer and its audit.",
    "teacher": "As a teacher or TA: record a welfare check or a report on an arrangement you lead.",
    "governor": "As a governor: the governors' report of the school's arrangements, without pupils' names.",
}
PROVIDER = ("As a provider's member of staff: report today's attendance of your pupils by the school's "
            "deadline (on a weekend, add ?date= with a weekday).")


def demo_guide(request: HttpRequest) -> dict[str, Any]:
    if not getattr(settings, "PATHWAYS_DEMO_GUIDE", False) or not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in LANDING_PAGES:
        return {}
    if match.url_name == "provider-home":
        return {"demo_guide": [PROVIDER]}
    access = access_for(request.user)
    roles: set[str] = set()
    for school_id in access.school_ids:
        roles |= access.roles_in(school_id)
    return {"demo_guide": [TRY[r] for r in ORDER if r in roles]}
