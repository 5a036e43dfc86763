"""Template context: the current school, the user's schools and roles, for the header and navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from pathways.schools.access import access_for, schools_for
from pathways.schools.models import Trust
from pathways.schools.permissions import allowed, url_allows

# The school's sections in the navigation: (URL name, words, whether only the page itself is the section).
SECTIONS = (
    ("today", "Today", True),
    ("pupil-list", "Pupils", False),
    ("arrangement-list", "Arrangements", False),
    ("register-day", "Register", False),
    ("followup-list", "Follow-ups", False),
    ("calendar", "Calendar", False),
    ("provider-list", "Providers", False),
    ("audit-trail", "Audit trail", False),
    ("school-policy", "School policy", False),
    ("staff-list", "Staff", False),
)


def section_nav(request: HttpRequest, school: Any) -> list[dict[str, Any]]:
    """The sections the role matrix lets the user open in the school (a governor sees no Register): each
    with its URL, whether it is the current section, and aria-current's value ("page" on the section's
    own page, "true" on a page inside it)."""
    user, path, items = request.user, request.path, []
    for name, words, exact in SECTIONS:
        if not url_allows(user, name, school):
            continue
        url = reverse(name, args=[school.id])
        active = path == url or (not exact and path.startswith(url))
        items.append({"url": url, "words": words, "active": active,
                      "current": "page" if path == url else "true" if active else ""})
    return items


class _Roles:
    """The user's roles in the current school and what the role matrix lets them do there: templates ask
    `current_roles.may.manage_pupils` to show only the buttons that work."""

    def __init__(self, roles: frozenset[str], may: frozenset[str]) -> None:
        self.roles, self.may = roles, dict.fromkeys(may, True)
        self.can_write = "record_events" in may  # staff, not governors or the trust lead
        self.is_leader = "view_audit_trail" in may

    def __contains__(self, role: str) -> bool:
        return role in self.roles


def current_school(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "current_school", None)
    access = access_for(user)
    context: dict[str, Any] = {
        "current_school": school,
        "my_schools": list(schools_for(user)),
        "my_trusts": list(Trust.objects.filter(id__in=access.trust_ids)),
    }
    if school is not None:
        context["current_roles"] = _Roles(access.roles_in(school.id), allowed(user, school))
        context["section_nav"] = section_nav(request, school)
    return context
