"""No lost update on a risk assessment's draft: a save over a colleague's later change is refused, saying
who changed it, with what was typed kept to save again."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.safeguarding.actions import do_update_risk_rows
from pathways.safeguarding.models import RiskAssessment
from tests.safeguarding.helpers import part_time, started
from tests.safeguarding.test_views import existing_rows, row_post, url

pytestmark = pytest.mark.django_db


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def test_a_save_over_a_colleagues_change_to_the_draft_is_refused(world: Any, as_user: Any) -> None:
    ra = started(part_time(world.pupil))
    client = as_user(world.staff["senco"])
    opened = client.get(url("risk-assessment-edit", ra)).content.decode()
    colleague = world.staff["dsl"]
    do_update_risk_rows(risk_assessment=ra, rows=existing_rows(ra), actor=colleague, title="Agreed with the family")
    data = row_post(ra, existing_rows(ra), title="Typed title", version=version_on(opened))
    response = client.post(url("risk-assessment-edit", ra), data)
    body = response.content.decode()
    assert response.status_code == 400
    name = colleague.get_full_name() or colleague.get_username()
    assert f"{name} changed this risk assessment at" in body and "Agreed with the family" in body
    assert 'value="Typed title"' in body
    assert RiskAssessment.objects.get(pk=ra.pk).title == "Agreed with the family"
    again = client.post(url("risk-assessment-edit", ra), {**data, "version": version_on(body)})
    assert again.status_code == 302
    assert RiskAssessment.objects.get(pk=ra.pk).title == "Typed title"
