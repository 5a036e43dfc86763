"""Nobody reaches another school's records: one test over every URL the project has.

The URL patterns are enumerated from the resolver, so a new page is covered the day it is added.
Each is requested, by GET and by POST, with another school's ids, by every persona: staff of our
school in each role, the trust lead of our trust, the DSL of a sister school in the same trust, and
an anonymous visitor. Staff must get 404 (405 where the page does not take that method; 403 only with
our school in the URL where the role matrix refuses the persona that page in our school, before any
look-up), the anonymous visitor the sign-in page, and nothing may be written.

A URL keyword this test does not know how to fill makes it fail: add the keyword to objects_of_other_school().
A URL that cannot be exercised this way is listed in NOT_EXERCISED with the reason; keep that list short.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pathways.arrangements.actions import do_create_arrangement, do_record_event
from pathways.arrangements.actions_records import do_record_check_with_form
from pathways.attendance.models import MarkImport
from pathways.audit.models import AuditEvent
from pathways.notifications.actions import do_notify_local_authority
from pathways.providers.actions import (
    do_complete_provider_checklist,
    do_create_provider,
    do_create_provider_token,
    do_invite_provider_staff,
    do_record_provider_check,
)
from pathways.providers.actions_planning import do_complete_planning_checklist
from pathways.providers.checklist import KEYS
from pathways.providers.models import Provider
from pathways.providers.planning import KEYS as PLANNING_KEYS
from pathways.register.actions import do_record_mark
from pathways.safeguarding.actions import do_start_risk_assessment
from pathways.schools.models import Closure, HalfTerm, User

# Public by design: they carry no school data, and the reset link is guarded by its signed token.
NOT_EXERCISED = {
    "password_reset_confirm": "public by design: a signed one-time token, no school data",
    # The provider API answers a provider's Bearer token, never a session (401): tests/api/ checks that a
    # token reaches only its own provider's placements (another provider's arrangement is a 404).
    "api-placements": "provider API, token only: tests/api/",
    "api-sessions": "provider API, token only: tests/api/",
    "api-marks": "provider API, token only: tests/api/",
    "api-root": "provider API, token only: tests/api/",
    "openapi-json": "public by design: the API's description, no school data",
    "openapi-view": "public by design: the API's documentation page, no school data",
    "calendar-feed-ics": "token-guarded, tested in tests/feeds",
    "healthz": "public by design: database, migrations and worker as ok or not, no school data: tests/jobs",
    "calendar-feed": "the user's own feed, no school ids (a POST makes the user's own feed): tests/feeds",
    "invitation": "public by design: a one-time invitation token, no school data: tests/schools/test_invitations.py",
    "remote-offer-public": "public by design: the offer for parents, guarded by its unguessable link: tests/remote",
    "remote-offer-public-pdf": "public by design: the offer for parents as a PDF, guarded by its link: tests/remote",
    "glossary": "public by design: the meanings of terms and register codes, no school data: tests/test_glossary.py",
}
# Pages anyone signed in may open; they must still not show another school's data.
NO_OBJECT_PAGES_ALLOWED = {
    "home", "login", "logout", "password_reset", "password_reset_done", "password_reset_complete",
    "two-factor", "two-factor-setup", "your-account",
    "provider-home",  # a provider's own placements; everyone else gets 404
}


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def all_url_patterns() -> list[tuple[str, URLPattern]]:
    return [(route, p) for route, p in _patterns(get_resolver()) if not route.startswith("admin/")]


def _kwarg_names(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


OTHER_PROVIDER_NAME = "Hiddenvale Outsider Provision"
OTHER_ONLINE_PROVIDER_NAME = "Hiddenvale Outsider Online"


def objects_of_other_school(world: Any) -> dict[str, Any]:
    """One record of each kind belonging to the other trust's school, by URL keyword."""
    other = world.other
    provider = Provider.objects.filter(name=OTHER_PROVIDER_NAME).first() or do_create_provider(
        school=other, actor=None, name=OTHER_PROVIDER_NAME, kind="alternative_provision",
        registration="unregistered", arranged_by="school",
    )
    do_record_provider_check(
        provider=provider, school=other, actor=None, type="staff_checks_confirmed", date=dt.date(2025, 9, 1)
    )
    # A check with its form (Appendix 1b), so that the printed report exists for the roles allowed it.
    check = do_record_check_with_form(
        provider=provider, school=other, actor=None, type="initial_visit", date=dt.date(2025, 9, 1),
        answers={"visiting_staff": "Theo Theirs", "provision_contact": "Their manager", "safeguarding": "Seen.",
                 "curriculum": "Seen.", "next_stage": "Seen.", "qualifications": "None."},
    )
    arrangement = do_create_arrangement(
        pupil=world.other_pupil, actor=None, kind="alternative_provision", reason="exclusion_risk",
        start=dt.date(2025, 10, 6), end=dt.date(2026, 7, 17), provider=provider,
        slots={"mon": {"am": "provider", "pm": "provider"}},
    )
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2025, 10, 15), actor=None)
    follow_up = do_record_mark(pupil=world.other_pupil, arrangement=arrangement, day=dt.date(2025, 10, 6), session="am",
                               attended=False, reason="unknown", source="provider", actor=None).follow_up
    mark_import = MarkImport.objects.create(school=other, filename="theirs.csv")
    from pathways.pupils.models import RosterImport
    checklist = do_complete_provider_checklist(
        provider=provider, school=other, actor=None, completed_on=dt.date(2025, 9, 2),
        answers={key: {"answer": "yes", "note": "Seen on the visit."} for key in KEYS},
    )
    risk_assessment = do_start_risk_assessment(arrangement=arrangement, template="alternative_provision", actor=None)
    online = Provider.objects.filter(name=OTHER_ONLINE_PROVIDER_NAME, school=other).first() or do_create_provider(
        school=other, actor=None, name=OTHER_ONLINE_PROVIDER_NAME, kind="online_learning",
        registration="online_accredited", arranged_by="school",
    )
    planning = do_complete_planning_checklist(
        provider=online, school=other, actor=None, completed_on=dt.date(2025, 9, 3),
        items={key: {"person": "Theo Theirs, DSL", "done": "yes"} for key in PLANNING_KEYS},
    )
    return {
        "school_id": other.id,
        "pupil_id": world.other_pupil.id,
        "half_term_id": HalfTerm.objects.filter(school=other).first().id,
        "closure_id": Closure.objects.filter(school=other).first().id,
        "trust_id": other.trust_id,
        "provider_id": provider.id,
        "check_id": check.id,
        "arrangement_id": arrangement.id,
        "event_id": event.id,
        "followup_id": follow_up.id,
        "import_id": mark_import.id,
        "item_id": _outbox_item_of(other, world.other_pupil).id,
        "roster_import_id": RosterImport.objects.create(school=other, filename="theirs.xml", data=b"").id,
        "checklist_id": checklist.id,
        "planning_id": planning.id,
        "token_id": do_create_provider_token(provider=provider, school=other, actor=None, name="Their MIS")[0].id,
        "member_id": do_invite_provider_staff(
            provider=provider, school=other, actor=None, first_name="Theo", last_name="Theirs",
            email="theo@hiddenvale.example", base_url="http://testserver/").id,
        "risk_assessment_id": risk_assessment.id,
        "audit_id": _remote_audit_of(other).id,
        "session_id": _live_session_of(other, world.other_pupil).id,
        "contact_id": _home_visit_of(other, world.other_pupil).id,
        "visit_id": do_record_event(arrangement=arrangement, type="welfare_check", date=dt.date(2025, 10, 9),
                                    actor=None, fields={"kind": "home_visit"}).id,  # senior leaders not yet told
        # A member of the school's staff (a teacher where there is one): the staff pages' keyword.
        "user_id": (User.objects.filter(staff_roles__school=other, staff_roles__role="teacher").first()
                    or User.objects.filter(staff_roles__school=other).first()).id,
        "notice_id": do_notify_local_authority(
            arrangement=arrangement, template="ten_day_absence", method="letter", subject="Their notice",
            body="Their notice", actor=None, today=dt.date(2025, 10, 20)).id,
    }


def _outbox_item_of(school: Any, pupil: Any) -> Any:
    """A mark of the other school waiting to be written to its MIS."""
    from pathways.writeback.models import OutboxItem

    return OutboxItem.objects.create(school=school, pupil=pupil, date=dt.date(2025, 10, 6), session="am", code="O",
                                     status=OutboxItem.Status.DIFFERENT, mis_code="I")


def _remote_audit_of(school: Any) -> Any:
    from pathways.remote.actions import do_record_remote_audit
    from pathways.remote.expectations import tool

    ratings = {k: {"rating": "amber", "doing": "Their plans"} for k in tool().expectation_keys()}
    return do_record_remote_audit(school=school, actor=None, rated_on=dt.date(2025, 9, 30), ratings=ratings)


def _live_session_of(school: Any, pupil: Any) -> Any:
    """A recorded live session of the other school (its file is tested in tests/remote/test_sessions.py)."""
    from django.core.files.base import ContentFile

    from pathways.remote.sessions import do_record_live_session

    session = do_record_live_session(school=school, actor=None, held_on=dt.date(2025, 10, 8), group="Their class",
                                     platform="Zoom", led_by="Their teacher", pupils=[pupil], recorded=True)
    if not session.recording:  # a file to download, so that the page exists for those the matrix allows
        session.recording.save("their-lesson.mp4", ContentFile(b"a recording"), save=True)
    return session


def _home_visit_of(school: Any, pupil: Any) -> Any:
    """A home visit in the other school's contact log, senior leaders not yet told (its page records it)."""
    from pathways.remote.contacts import do_record_contact

    return do_record_contact(school=school, pupil=pupil, actor=None, channel="home_visit",
                             happened_at=dt.datetime(2025, 10, 9, 10, 0, tzinfo=dt.UTC), staff_name="Their teacher",
                             with_whom="Their parent", outcome="Their visit.")


QUERY_FOR_URL = {"switch-school": lambda w: {"school": w.other.id}}


def requests_to_make(world: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, url, query) for every URL: once with all ids of the other school, once with our school's
    id and the other school's object ids (a record must be looked up within the school in the URL)."""
    theirs = objects_of_other_school(world)
    out = []
    for route, pattern in all_url_patterns():
        assert pattern.name, f"URL {route!r} has no name: name it so it can be tested and reversed"
        if pattern.name in NOT_EXERCISED:
            continue
        names = _kwarg_names(route)
        unknown = [n for n in names if n not in theirs]
        assert not unknown, f"URL {pattern.name} ({route}) has keywords {unknown}: add them to the isolation test"
        query = QUERY_FOR_URL.get(pattern.name, lambda w: {})(world)
        kwargs = {n: theirs[n] for n in names}
        out.append((pattern.name, reverse(pattern.name, kwargs=kwargs), query))
        if "school_id" in names and len(names) > 1:
            mixed = dict(kwargs, school_id=world.school.id)
            out.append((pattern.name, reverse(pattern.name, kwargs=mixed), query))
    return out


def personas(world: Any) -> dict[str, Any]:
    people = {f"{role} of our school": user for role, user in world.staff.items()}
    people["trust lead of our trust"] = world.trust_lead
    people["DSL of a sister school"] = world.sister_dsl
    people["provider staff of a provider our school uses"] = _provider_staff_of_ours(world)
    people["provider credential issued by the sister school"] = sister_credential(world)[0]
    return people


OUR_PROVIDER_NAME = "Ourside Farm Provision"


def sister_credential(world: Any) -> tuple[Any, str]:
    """A provider user and an API token the sister school (same trust) issued for the provider our
    school uses, where it places a pupil of its own: they must reach none of our school's placements."""
    from pathways.arrangements.actions import do_create_arrangement
    from pathways.providers.actions import do_create_provider
    from tests.conftest import make_pupil

    provider = Provider.objects.filter(name=OUR_PROVIDER_NAME).first() or do_create_provider(
        school=world.school, actor=None, name=OUR_PROVIDER_NAME, kind="alternative_provision",
        registration="unregistered", arranged_by="school")
    do_create_arrangement(
        pupil=make_pupil(world.sister, "Sid", "Sisterpupil"), actor=None, kind="alternative_provision",
        reason="exclusion_risk", start=dt.date(2025, 10, 6), end=dt.date(2026, 7, 17), provider=provider,
        slots={"mon": {"am": "provider", "pm": "provider"}},
    )
    user = do_invite_provider_staff(provider=provider, school=world.sister, actor=None, first_name="Sol",
                                    last_name="Sistercred", email="sol@ourside.example",
                                    base_url="http://testserver/").user
    raw = do_create_provider_token(provider=provider, school=world.sister, actor=None, name="Sister MIS")[1]
    return user, raw


def _provider_staff_of_ours(world: Any) -> Any:
    """A member of staff of a provider with a placement from our school: no school page is theirs."""
    import datetime as dt

    from pathways.arrangements.actions import do_create_arrangement
    from pathways.providers.actions import do_create_provider, do_invite_provider_staff

    provider = Provider.objects.filter(name=OUR_PROVIDER_NAME).first() or do_create_provider(
        school=world.school, actor=None, name=OUR_PROVIDER_NAME, kind="alternative_provision",
        registration="unregistered", arranged_by="school")
    do_create_arrangement(
        pupil=world.pupil, actor=None, kind="alternative_provision", reason="exclusion_risk",
        start=dt.date(2025, 10, 6), end=dt.date(2026, 7, 17), provider=provider,
        slots={"mon": {"am": "provider", "pm": "provider"}},
    )
    return do_invite_provider_staff(provider=provider, school=world.school, actor=None, first_name="Pat",
                                    last_name="Provider", email="pat@ourside.example", base_url="http://testserver/").user


def test_every_url_is_either_exercised_or_listed_with_a_reason(world: Any) -> None:
    names = {p.name for _, p in all_url_patterns()}
    assert set(NOT_EXERCISED) <= names, "NOT_EXERCISED lists a URL that no longer exists: remove it"
    assert len(requests_to_make(world)) >= len(names) - len(NOT_EXERCISED)


@pytest.mark.django_db
def test_no_persona_reaches_another_schools_records(world: Any, client: Any) -> None:
    from tests.conftest import sign_in

    secrets = [world.other_pupil.last_name, world.other.name, OTHER_PROVIDER_NAME]
    urls = requests_to_make(world)
    people = personas(world)
    # Each persona signed in once, to a session of their own (not logout(), which would end the last one's);
    # each request runs in a transaction rolled back after it, so that what one request did to the session
    # (sign out, two-factor set-up) is gone before the next, which goes with its persona's cookie again.
    sessions = {}
    for persona, user in people.items():
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        sign_in(client, user)
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    failures = []
    for name, url, query in urls:
        for persona, user in people.items():
            for method in ("get", "post"):
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
                with transaction.atomic():  # signing in again (two-factor set-up) writes its sign-in row
                    before = AuditEvent.objects.exclude(kind=AuditEvent.Kind.SIGN_IN).count()
                    response = getattr(client, method)(url, query)
                    wrote = AuditEvent.objects.exclude(kind=AuditEvent.Kind.SIGN_IN).count() - before
                    transaction.set_rollback(True)
                body = response.content.decode(errors="replace")
                leaked = [s for s in secrets if s in body]
                if name in NO_OBJECT_PAGES_ALLOWED and not _has_object_kwargs(name):
                    ok = not leaked and response.status_code < 500
                elif response.status_code == 403:
                    # Only with our school in the URL and a role the matrix refuses the page there (a
                    # governor and a child's record): refused before any look-up, so the other school's
                    # ids tell nothing. Any other 403 would tell that the record exists.
                    ok = not leaked and _refused_in_our_school(user, name, url, method, world)
                else:
                    ok = response.status_code in (404, 405) and not leaked
                if not ok:
                    failures.append(f"{persona} {method.upper()} {url} -> {response.status_code} leaked={leaked}")
                if wrote:
                    failures.append(f"{persona} {method.upper()} {url}: an outsider's request wrote {wrote} rows")
    assert not failures, "\n".join(failures)


def _refused_in_our_school(user: Any, name: str, url: str, method: str, world: Any) -> bool:
    from django.urls import resolve

    from pathways.schools import permissions as matrix
    from pathways.schools.access import forget_access

    if resolve(url.split("?")[0]).kwargs.get("school_id") != world.school.id:
        return False
    forget_access(user)
    return not matrix.url_allows(user, name, world.school, method)


def _has_object_kwargs(name: str) -> bool:
    return any(p.name == name and _kwarg_names(route) for route, p in all_url_patterns())


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(world: Any, client: Any) -> None:
    failures = []
    for name, url, query in requests_to_make(world):
        if name in NO_OBJECT_PAGES_ALLOWED:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url, query)
            to_login = response.status_code == 302 and response["Location"].startswith(reverse("login"))
            if not (to_login or response.status_code in (404, 405)):
                failures.append(f"anonymous {method.upper()} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_provider_credential_issued_by_the_sister_school_reaches_none_of_our_placements(world: Any) -> None:
    """Our school places a pupil with a provider of the trust; the sister school places one there too and
    issues the provider a sign-in and a token. Through the portal and the API they see none of our
    placements, marks or pupils, and writing to ours is a 404 that writes nothing."""
    import json

    import time_machine
    from django.test import Client

    from pathways.arrangements.models import Arrangement, Status
    from pathways.attendance.models import Mark
    from tests.conftest import sign_in

    _provider_staff_of_ours(world)
    ours = world.pupil.arrangements.get()
    monday = dt.date(2025, 10, 13)
    do_record_mark(pupil=world.pupil, arrangement=ours, day=monday, session="pm", attended=False,
                   reason="illness", source="provider", actor=None)
    user, raw = sister_credential(world)
    # Both placements running (arrangements are made as drafts): each school's credential would see its own.
    Arrangement.objects.filter(provider__name=OUR_PROVIDER_NAME).update(status=Status.ACTIVE)
    secrets = [world.pupil.first_name, world.pupil.last_name, world.school.name]
    marks = list(Mark.objects.filter(pupil=world.pupil).values_list("id", "attended", "absence_reason"))
    api = Client(headers={"authorization": f"Bearer {raw}"})
    portal = sign_in(Client(), user)
    body = {"arrangement_id": ours.id, "date": monday.isoformat(), "session": "am", "attended": False,
            "reason": "unknown"}
    with time_machine.travel(dt.datetime(2025, 10, 13, 12, 0), tick=False):
        reads = [
            api.get("/api/v1/placements"), api.get("/api/v1/sessions", {"date": monday.isoformat()}),
            portal.get(reverse("provider-home"), {"date": monday.isoformat()}),
        ]
        writes = [
            api.post("/api/v1/marks", json.dumps(body), content_type="application/json"),
            api.post("/api/v1/marks", json.dumps(dict(body, session="pm", attended=True)),
                     content_type="application/json"),
            portal.post(f"{reverse('provider-home')}?date={monday.isoformat()}",
                        {"arrangement": ours.id, "session": "am", "attended": "no", "reason": "unknown"}),
        ]
    assert [r.status_code for r in reads] == [200, 200, 200]
    # The sister school's own pupil: the credentials work, and would show ours were they not scoped.
    assert "Sid" in reads[2].content.decode()
    assert [p["pupil"] for p in reads[0].json()] == ["Sid S"]
    leaked = [(r.request["PATH_INFO"], s) for r in reads for s in secrets if s in r.content.decode()]
    assert not leaked
    assert str(ours.id) not in {str(p["arrangement_id"]) for p in reads[0].json() + reads[1].json()}
    assert [w.status_code for w in writes] == [404, 404, 404]
    assert list(Mark.objects.filter(pupil=world.pupil).values_list("id", "attended", "absence_reason")) == marks
