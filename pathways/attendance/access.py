"""Who may take the register: the role matrix's "take_register" (pathways/schools/permissions.py: the
attendance officer, the DSL, the headteacher and the AP lead). Staff and the trust lead read it; another
school's register is a 404."""

from __future__ import annotations

from typing import Any

from pathways.schools.models import School
from pathways.schools.permissions import can, require


def can_take_register(user: Any, school: School) -> bool:
    return can(user, "take_register", school)


def require_register_writer(user: Any, school: School) -> None:
    """Call after school_for, so that another school's id is still a 404."""
    require(user, "take_register", school)
