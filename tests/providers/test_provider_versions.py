"""No lost update on a provider's details: a save over a colleague's later change is refused, saying who
changed what, with what was typed kept to save again."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.providers.actions import do_update_provider
from pathways.providers.models import Provider
from tests.providers.helpers import make_provider
from tests.providers.test_pages import provider_data

pytestmark = pytest.mark.django_db


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def test_a_save_over_a_colleagues_change_to_a_provider_is_refused(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Hilltop Skills Centre")
    url = reverse("provider-edit", args=[world.school.id, provider.id])
    client = as_user(world.staff["headteacher"])
    opened = client.get(url).content.decode()
    colleague = world.staff["dsl"]
    do_update_provider(provider=provider, school=world.school, actor=colleague, contact_phone="07000 000001")
    data = {**provider_data(contact_name="Typed Name"), "version": version_on(opened)}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} changed this provider at" in body and "07000 000001" in body
    assert 'value="Typed Name"' in body
    assert Provider.objects.get(pk=provider.pk).contact_phone == "07000 000001"
    again = client.post(url, {**data, "version": version_on(body)})
    assert again.status_code == 302
    assert Provider.objects.get(pk=provider.pk).contact_name == "Typed Name"


def test_a_save_of_the_version_read_goes_through(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Hilltop Skills Centre")
    url = reverse("provider-edit", args=[world.school.id, provider.id])
    client = as_user(world.staff["headteacher"])
    opened = client.get(url).content.decode()
    response = client.post(url, {**provider_data(contact_name="Typed Name"), "version": version_on(opened)})
    assert response.status_code == 302
