"""`{% may_send_to_parents school as can_send %}`: whether the person may e-mail the progress report to
parents (the role matrix's "send_progress_report"), so the report page offers the button only to them."""

from __future__ import annotations

from typing import Any

from django import template

from pathways.schools.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def may_send_to_parents(context: template.Context, school: Any) -> bool:
    request = context.get("request")
    return request is not None and can(request.user, "send_progress_report", school)
