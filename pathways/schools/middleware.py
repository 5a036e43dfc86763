"""Sets request.current_school from the URL's school_id when the user may see that school."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from pathways.schools.access import access_for
from pathways.schools.models import School


class CurrentSchoolMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.current_school = None  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]) -> None:
        school_id = kwargs.get("school_id")
        user = request.user
        if school_id is not None and user.is_authenticated and int(school_id) in access_for(user).school_ids:
            request.current_school = School.objects.filter(id=school_id).first()  # type: ignore[attr-defined]
