"""Who may read each report: the role matrix's (pathways/schools/permissions.py). The school comes from
`school_for` (another school's id is a 404, as a missing one is); a role in the school that may not read
the report is a 403, as elsewhere.

- Pupil reports (the parent progress report, a visit record, the inspection evidence pack):
  "view_pupil_reports", staff and the trust lead; not governors, who read the counts.
- The governors' termly report: "view_governors_report", governors, the headteacher, the DSL and the
  trust lead. It counts pupils and never names them.
- The local authority's part-time timetable return (names, dates of birth, UPNs): "view_la_return", the
  headteacher, the DSL, the AP lead, the attendance officer and the trust lead.
"""

from __future__ import annotations

from typing import Any

from pathways.schools import permissions
from pathways.schools.models import School

PUPIL_REPORTS = "view_pupil_reports"
GOVERNORS_REPORT = "view_governors_report"
LA_RETURN = "view_la_return"


def can_read(user: Any, school: School, permission: str) -> bool:
    return permissions.can(user, permission, school)


def require(user: Any, school: School, permission: str) -> None:
    """Call after the record was found in the user's school, so another school's id stays a 404."""
    permissions.require(user, permission, school)
