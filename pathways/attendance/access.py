"""Who may take the register: the attendance officer, the DSL, the headteacher and the AP lead.
Everyone else with a role in the school reads it; another school's register is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from pathways.schools.access import access_for
from pathways.schools.models import Role, School

REGISTER_WRITERS = frozenset({Role.ATTENDANCE_OFFICER, Role.DSL, Role.HEADTEACHER, Role.AP_LEAD})


def can_take_register(user: Any, school: School) -> bool:
    return bool(access_for(user).roles_in(school.id) & REGISTER_WRITERS)


def require_register_writer(user: Any, school: School) -> None:
    """Call after school_for, so that another school's id is still a 404."""
    if not can_take_register(user, school):
        raise PermissionDenied(
            "Only the attendance officer, the DSL, the headteacher and the AP lead take the register."
        )
