"""No lost update on the school calendar: a half-term's page carries the version it was read at and a
save over a colleague's later change is refused saying who changed what; removing a closure a colleague
already removed, or adding one a colleague already added, says who did, and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.schools.actions import do_add_closure, do_remove_closure, do_update_half_term
from pathways.schools.models import Closure, HalfTerm, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_now() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def name_of(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def test_a_half_term_saved_over_a_colleagues_change_is_refused(world: Any, as_user: Any) -> None:
    spring1 = HalfTerm.objects.get(school=world.school, school_year=2025, number=3)
    page = reverse("half-term-edit", args=[world.school.id, spring1.id])
    client = as_user(world.staff[Role.HEADTEACHER])
    opened = client.get(page).content.decode()
    do_update_half_term(half_term=spring1, name="Spring 1", start=dt.date(2026, 1, 6), end=spring1.end,
                        actor=world.staff[Role.DSL])  # meanwhile
    typed = {"name": "Spring one", "start": "2026-01-05", "end": spring1.end.isoformat()}
    response = client.post(page, {**typed, "version": version_on(opened)})
    assert response.status_code == 400
    body = response.content.decode()
    who = name_of(world.staff[Role.DSL])
    assert f"{who} changed this half-term at 10:00 on 21 Jan: start 2026-01-05 → 2026-01-06" in body
    assert 'value="Spring one"' in body  # what was typed is kept
    spring1.refresh_from_db()
    assert (spring1.name, spring1.start) == ("Spring 1", dt.date(2026, 1, 6))  # the colleague's change stands
    again = client.post(page, {**typed, "version": version_on(body)})
    assert again.status_code == 302
    spring1.refresh_from_db()
    assert (spring1.name, spring1.start) == ("Spring one", dt.date(2026, 1, 5))


def test_a_half_term_saved_from_the_version_read_goes_through(world: Any, as_user: Any) -> None:
    spring1 = HalfTerm.objects.get(school=world.school, school_year=2025, number=3)
    page = reverse("half-term-edit", args=[world.school.id, spring1.id])
    client = as_user(world.staff[Role.HEADTEACHER])
    opened = client.get(page).content.decode()
    response = client.post(page, {"name": "Spring 1", "start": "2026-01-06", "end": spring1.end.isoformat(),
                                  "version": version_on(opened)})
    assert response.status_code == 302
    spring1.refresh_from_db()
    assert spring1.start == dt.date(2026, 1, 6)


def test_removing_a_closure_a_colleague_already_removed_says_who_and_changes_nothing(world: Any, as_user: Any) -> None:
    closure = do_add_closure(school=world.school, date=dt.date(2026, 2, 2), reason="INSET day", actor=None)
    remove = reverse("closure-remove", args=[world.school.id, closure.id])
    client = as_user(world.staff[Role.HEADTEACHER])
    assert remove in client.get(reverse("calendar", args=[world.school.id])).content.decode()
    do_remove_closure(closure=closure, actor=world.staff[Role.DSL])  # meanwhile
    do_add_closure(school=world.school, date=dt.date(2026, 2, 2), reason="Snow", actor=world.staff[Role.DSL])
    response = client.post(remove)
    assert response.status_code == 409
    body = response.content.decode()
    assert f"{name_of(world.staff[Role.DSL])} removed the closure of 2 February 2026 at 10:00 on 21 Jan" in body
    assert Closure.objects.get(school=world.school, date=dt.date(2026, 2, 2)).reason == "Snow"  # kept
    assert AuditEvent.objects.filter(action="remove closure").count() == 1


def test_a_closure_a_colleague_already_added_is_refused_naming_them(world: Any, as_user: Any) -> None:
    do_add_closure(school=world.school, date=dt.date(2026, 2, 2), reason="INSET day", actor=world.staff[Role.DSL])
    response = as_user(world.staff[Role.HEADTEACHER]).post(
        reverse("closure-add", args=[world.school.id]), {"date": "2026-02-02", "reason": "Polling station"})
    assert response.status_code == 400
    assert (f"02 February 2026 is already a closure day, added by {name_of(world.staff[Role.DSL])} at 10:00 on 21 Jan"
            in response.content.decode())
    assert Closure.objects.get(school=world.school, date=dt.date(2026, 2, 2)).reason == "INSET day"


def test_a_closure_that_never_was_is_not_found_and_another_schools_is_not_named(world: Any, as_user: Any) -> None:
    theirs = do_add_closure(school=world.sister, date=dt.date(2026, 2, 3), reason="INSET", actor=None)
    client = as_user(world.staff[Role.HEADTEACHER])
    assert client.post(reverse("closure-remove", args=[world.school.id, 999999])).status_code == 404
    theirs_id = theirs.id
    do_remove_closure(closure=theirs, actor=world.sister_dsl)
    response = client.post(reverse("closure-remove", args=[world.school.id, theirs_id]))
    assert response.status_code == 404  # another school's removal is not ours to hear about
    assert world.sister_dsl.get_username() not in response.content.decode()
