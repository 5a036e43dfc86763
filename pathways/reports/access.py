"""Who may read each report. The school comes from `school_for` (another school's id is a 404, as a
missing one is); a role in the school that may not read the report is a 403, as elsewhere.

- Pupil reports (the parent progress report, a visit record, the inspection evidence pack): every
  member of staff with a role in the school and the trust lead; not governors, who read the counts.
- The governors' termly report: governors, the headteacher, the DSL and the trust lead. It counts
  pupils and never names them.
- The local authority's part-time timetable return (names, dates of birth, UPNs): the headteacher,
  the DSL, the AP lead, the attendance officer and the trust lead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from pathways.schools.access import TRUST_LEAD, access_for
from pathways.schools.models import Role, School

PUPIL_REPORT_ROLES = frozenset(
    {Role.HEADTEACHER, Role.DSL, Role.ATTENDANCE_OFFICER, Role.AP_LEAD, Role.SENCO, Role.TEACHER, TRUST_LEAD}
)
GOVERNORS_REPORT_ROLES = frozenset({Role.GOVERNOR, Role.HEADTEACHER, Role.DSL, TRUST_LEAD})
LA_RETURN_ROLES = frozenset({Role.HEADTEACHER, Role.DSL, Role.AP_LEAD, Role.ATTENDANCE_OFFICER, TRUST_LEAD})


def can_read(user: Any, school: School, roles: frozenset[str]) -> bool:
    return bool(access_for(user).roles_in(school.id) & roles)


def require(user: Any, school: School, roles: frozenset[str], what: str) -> None:
    """Call after the record was found in the user's school, so another school's id stays a 404."""
    if not can_read(user, school, roles):
        raise PermissionDenied(f"Your role in this school does not open {what}.")
