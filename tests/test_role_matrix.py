"""The role matrix holds: every URL with every role, and every action with every role, as
pathways/schools/permissions.py says, no more and no less.

URLs are enumerated from the resolver (as tests/test_isolation.py does) and requested, GET and POST, on
our own school's records, by each persona: staff of our school in every role, the trust lead of our
trust and a member of a provider's staff. Allowed: neither 403 nor 404. Denied: 403 or 404 (405 where
the page takes no POST) and nothing written. Each request runs in a savepoint rolled back afterwards, so
one role's POST (ending the arrangement) does not change what the next role finds.

Actions are every `do_*` function of pathways/: each must be registered with `@permission(...)` (or
listed in UNCHECKED_ACTIONS with the reason), and called by a person without the permission it must
raise PermissionDenied before any work.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

import pathways
from pathways.audit.models import AuditEvent
from pathways.schools import permissions as matrix
from pathways.schools.access import forget_access
from tests.test_isolation import (
    QUERY_FOR_URL,
    _kwarg_names,
    _provider_staff_of_ours,
    all_url_patterns,
    objects_of_other_school,
)

DENIED = (403, 404)


def _personas(world: Any) -> dict[str, Any]:
    people = dict(world.staff)
    people[matrix.TRUST_LEAD] = world.trust_lead
    people[matrix.PROVIDER_STAFF] = _provider_staff_of_ours(world)
    return people


def _our_objects(world: Any) -> dict[str, Any]:
    """One record of each kind in our own school, by URL keyword (the isolation test's builder, pointed
    at our school)."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from pathways.arrangements.actions import do_record_event
    from pathways.arrangements.models import Arrangement

    ours = objects_of_other_school(SimpleNamespace(other=world.school, other_pupil=world.pupil))
    # An entry with an attachment, so that the attachment's URL has a file to give the roles allowed it.
    ours["event_id"] = do_record_event(
        arrangement=Arrangement.objects.get(id=ours["arrangement_id"]), type="visit", date=dt.date(2025, 10, 16),
        actor=None, note="Visit notes attached.",
        attachment=SimpleUploadedFile("visit.pdf", b"%PDF-1.4 notes", content_type="application/pdf"),
    ).id
    ours["user_id"] = world.staff["teacher"].id  # a member of our staff (the staff pages)
    return ours


def test_every_url_is_in_the_matrix() -> None:
    names = {p.name for _, p in all_url_patterns()}
    missing = sorted(names - set(matrix.URL_PERMISSIONS) - set(matrix.PUBLIC_URLS))
    assert not missing, (
        f"URLs with no permission: {missing}. Add each to URL_PERMISSIONS (or PUBLIC_URLS, with the reason) "
        "in pathways/schools/permissions.py"
    )
    stale = sorted((set(matrix.URL_PERMISSIONS) | set(matrix.PUBLIC_URLS)) - names)
    assert not stale, f"pathways/schools/permissions.py names URLs that no longer exist: {stale}"


def _expected(user: Any, name: str, school: Any, method: str) -> bool:
    return matrix.url_allows(user, name, school, method)


@pytest.mark.django_db
def test_every_url_with_every_role_does_what_the_matrix_says(world: Any, client: Any) -> None:
    from tests.conftest import sign_in

    ours = _our_objects(world)
    people = _personas(world)
    failures: list[str] = []
    client.raise_request_exception = False  # a page that crashes is one failure among the others: a 500
    requests = []
    for route, pattern in all_url_patterns():
        name = pattern.name
        if name in matrix.PUBLIC_URLS:
            continue
        if name not in matrix.URL_PERMISSIONS:
            failures.append(f"{name}: not in the matrix (see test_every_url_is_in_the_matrix)")
            continue
        unknown = [n for n in _kwarg_names(route) if n not in ours]
        if unknown:
            failures.append(f"{name}: keywords {unknown} unknown: add them to _our_objects()")
            continue
        kwargs = {n: ours[n] for n in _kwarg_names(route)}
        if "trust_id" in kwargs:
            kwargs["trust_id"] = world.trust.id
        requests.append((name, reverse(name, kwargs=kwargs), QUERY_FOR_URL.get(name, lambda w: {})(world)))
    # Each persona signed in once, to a session of their own; each request runs in a transaction rolled back
    # after it, so that what one request did (a record written, the session signed out or re-keyed) is gone
    # before the next, which goes with its persona's session cookie again. Each URL is tried by every persona
    # in turn before the next URL, as a page that removes a file (a recording) removes it for good.
    sessions = {}
    for persona, user in people.items():
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # not logout(), which would end the last one's
        sign_in(client, user)
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    for name, url, query in requests:
        for persona, user in people.items():
            for method in ("get", "post"):
                forget_access(user)
                allowed = _expected(user, name, world.school, method)
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
                with transaction.atomic():
                    before = AuditEvent.objects.count()
                    response = getattr(client, method)(url, query)
                    wrote = AuditEvent.objects.count() - before
                    transaction.set_rollback(True)
                status = response.status_code
                no_post = method == "post" and matrix.URL_PERMISSIONS[name][1] is None
                if status >= 500:
                    failures.append(f"{persona} {method.upper()} {name}: {status}")
                elif allowed and status in DENIED and not (no_post and status == 405):
                    failures.append(f"{persona} {method.upper()} {name}: {status}, the matrix allows it")
                elif not allowed and status not in (*DENIED, 405):
                    failures.append(f"{persona} {method.upper()} {name}: {status}, the matrix denies it")
                elif not allowed and wrote:
                    failures.append(f"{persona} {method.upper()} {name}: denied, yet wrote {wrote} audit rows")
    assert not failures, "\n".join(failures)


# --- actions --------------------------------------------------------------------------------------------

# do_* functions that are not a person's action on a school's records, with the reason.
UNCHECKED_ACTIONS = {
    "pathways.notifications.actions.do_send_digest": "the digest job sends a person their own notices",
    "pathways.schools.actions.do_create_staff": "an account with no role: roles come from do_grant_role "
    "(manage_staff)",
}


def all_actions() -> dict[str, Any]:
    found = {}
    root = Path(pathways.__file__).parent
    for info in pkgutil.walk_packages([str(root)], "pathways."):
        if ".migrations" in info.name or info.name.startswith(("pathways.policy", "pathways.settings")):
            continue
        path = root.joinpath(*info.name.split(".")[1:])
        source = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
        if not source.exists() or not re.search(r"^def do_", source.read_text(), re.M):
            continue
        module = importlib.import_module(info.name)
        for attr, fn in vars(module).items():
            if attr.startswith("do_") and inspect.isfunction(fn) and fn.__module__ == info.name:
                found[f"{info.name}.{attr}"] = fn
    return found


def test_every_action_is_in_the_matrix() -> None:
    actions = all_actions()
    assert len(actions) > 40
    missing = sorted(n for n, fn in actions.items() if n not in matrix.ACTIONS and n not in UNCHECKED_ACTIONS)
    assert not missing, (
        f"Actions with no permission: {missing}. Decorate each with @permission(...) from "
        "pathways/schools/permissions.py (a row of MATRIX), or list it in UNCHECKED_ACTIONS with the reason"
    )


def _argument_for(name: str, world: Any, ours: dict[str, Any]) -> Any:
    from pathways.arrangements.models import Arrangement, Event
    from pathways.attendance.models import FollowUp
    from pathways.notifications.models import Notice
    from pathways.providers.models import Provider, ProviderToken
    from pathways.safeguarding.models import RiskAssessment
    from pathways.schools.models import Closure, HalfTerm

    objects = {
        "school": world.school, "pupil": world.pupil, "trust": world.trust,
        "arrangement": Arrangement.objects.get(id=ours["arrangement_id"]),
        "event": Event.objects.get(id=ours["event_id"]),
        "provider": Provider.objects.get(id=ours["provider_id"]),
        "token": ProviderToken.objects.get(id=ours["token_id"]),
        "risk_assessment": RiskAssessment.objects.get(id=ours["risk_assessment_id"]),
        "closure": Closure.objects.get(id=ours["closure_id"]),
        "half_term": HalfTerm.objects.get(id=ours["half_term_id"]),
        "follow_up": FollowUp.objects.get(id=ours["followup_id"]),
        "notice": Notice.objects.get(id=ours["notice_id"]),
    }
    return objects.get(name)


@pytest.mark.django_db
def test_every_action_refuses_a_role_the_matrix_denies(world: Any) -> None:
    """Each action, called by each role without its permission, raises PermissionDenied before any work:
    nothing written. Arguments are our school's records; the rest are left out (None) since the check
    comes first."""
    ours = _our_objects(world)
    people = _personas(world)
    failures = []
    checked = 0
    for qualname, fn in all_actions().items():
        permission = matrix.ACTIONS.get(qualname)
        if permission is None or matrix.OWN_ACCOUNT in permission:
            continue
        params = inspect.signature(fn).parameters
        kwargs = {p: _argument_for(p, world, ours) for p in params if p != "actor"}
        for persona, user in people.items():
            forget_access(user)
            if matrix.can_any(user, permission, world.school):
                continue
            before = AuditEvent.objects.count()
            try:
                with transaction.atomic():
                    fn(**kwargs, actor=user)
                    transaction.set_rollback(True)
                failures.append(f"{persona} ran {qualname} ({permission}): the matrix denies it")
            except PermissionDenied:
                checked += 1
            except Exception as error:  # any other error means the work began unchecked
                failures.append(f"{persona} {qualname} ({permission}): {type(error).__name__} {error}, "
                                "not PermissionDenied")
            assert AuditEvent.objects.count() == before
    assert checked > 100
    assert not failures, "\n".join(failures)


def test_the_table_in_docs_security_is_the_matrix() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text()
    assert matrix.markdown_table() in doc, (
        "docs/security.md's role matrix differs from pathways/schools/permissions.py: paste the output of "
        "`python -c 'from pathways.schools.permissions import markdown_table; print(markdown_table())'`"
    )
