"""`{% home_visit_details pupil %}`: the address, the contacts to ring in order with their restrictions and the
social worker (pupils/home_visit.html), on the pages where staff ring or visit (an absence follow-up, a
welfare check). Shown only to a role that holds "view_pupil_contacts"; each showing is a read in the audit
trail, so no page can show a child's contacts without it being recorded."""

from __future__ import annotations

from typing import Any

from django import template

from pathways.audit.record import record_read
from pathways.pupils.models import Pupil
from pathways.schools.permissions import can

register = template.Library()


@register.inclusion_tag("pupils/home_visit_card.html", takes_context=True)
def home_visit_details(context: template.Context, pupil: Pupil, where: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = user is not None and can(user, "view_pupil_contacts", pupil.school_id)
    if shown:
        record_read(user, f"address and contacts{f' ({where})' if where else ''}", pupil, school=pupil.school,
                    pupil=pupil)
    return {"pupil": pupil, "shown": shown}
