"""No lost update on the school's policy: a save over a colleague's later change is refused, saying who
changed what, with what was typed kept to save again."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.schools.actions import do_update_school
from pathways.schools.models import School

pytestmark = pytest.mark.django_db


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def test_a_save_over_a_colleagues_change_to_the_policy_is_refused(world: Any, as_user: Any) -> None:
    url = reverse("school-policy", args=[world.school.id])
    client = as_user(world.staff["headteacher"])
    opened = client.get(url).content.decode()
    colleague = world.staff["dsl"]
    do_update_school(school=School.objects.get(pk=world.school.pk), actor=colleague, la_contact="Pat Jones")
    data = {"provider_absence_deadline": "09:30", "version": version_on(opened)}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} changed this school&#x27;s settings at" in body and "Pat Jones" in body
    assert 'value="09:30"' in body
    assert School.objects.get(pk=world.school.pk).policy_settings == {}
    again = client.post(url, {**data, "la_contact": "Pat Jones", "version": version_on(body)})
    assert again.status_code == 302
    assert School.objects.get(pk=world.school.pk).policy_settings == {"provider_absence_deadline": "09:30"}
