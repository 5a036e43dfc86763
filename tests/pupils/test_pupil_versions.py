"""No lost update on the pupil's record: the edit page carries the version it was read at; a save over a
newer version is refused with what changed and by whom, and what was typed is kept to save again."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil

pytestmark = pytest.mark.django_db


def form_of(pupil: Pupil, **changes: Any) -> dict[str, Any]:
    data = {"first_name": pupil.first_name, "last_name": pupil.last_name, "upn": pupil.upn,
            "date_of_birth": pupil.date_of_birth.isoformat(), "year_group": pupil.year_group,
            "send": pupil.send, "vulnerability_override": pupil.vulnerability_override or ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def test_a_save_over_a_colleagues_change_is_refused_saying_who_changed_what(world: Any, as_user: Any) -> None:
    pupil = world.pupil
    url = reverse("pupil-edit", args=[world.school.id, pupil.id])
    client = as_user(world.staff["headteacher"])
    opened = client.get(url).content.decode()
    colleague = world.staff["dsl"]
    do_update_pupil(pupil=Pupil.objects.get(pk=pupil.pk), actor=colleague, year_group=10)  # meanwhile
    response = client.post(url, {**form_of(pupil, last_name="Typed-In"), "version": version_on(opened)})
    assert response.status_code == 400
    body = response.content.decode()
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} changed this pupil at" in body and "year group 9 → 10" in body
    assert 'value="Typed-In"' in body  # nothing typed is lost
    assert Pupil.objects.get(pk=pupil.pk).last_name != "Typed-In"
    assert Pupil.objects.get(pk=pupil.pk).year_group == 10
    # saving again, from the page that now shows the current version, is a deliberate choice: it is saved
    again = client.post(url, {**form_of(pupil, last_name="Typed-In"), "version": version_on(body)})
    assert again.status_code == 302
    assert Pupil.objects.get(pk=pupil.pk).last_name == "Typed-In"


def test_a_save_of_the_version_read_goes_through(world: Any, as_user: Any) -> None:
    url = reverse("pupil-edit", args=[world.school.id, world.pupil.id])
    client = as_user(world.staff["headteacher"])
    opened = client.get(url).content.decode()
    response = client.post(url, {**form_of(world.pupil, last_name="Newname"), "version": version_on(opened)})
    assert response.status_code == 302
    assert Pupil.objects.get(pk=world.pupil.pk).last_name == "Newname"
