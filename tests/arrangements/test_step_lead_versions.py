"""No lost update on an arrangement's phased steps and its lead: each form carries the version of the
arrangement it was read at; a save over a colleague's later change is refused, saying who changed what,
with what was typed kept, and nothing of the colleague's is overwritten."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_change_arrangement_lead
from pathways.arrangements.models import Arrangement, Step
from pathways.audit.models import AuditEvent
from pathways.schools.models import Role
from tests.arrangements.helpers import MONDAY, make_arrangement, week

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_now() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def version_on(body: str) -> str:
    return body.split('name="version" value="')[1].split('"')[0]


def name_of(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@pytest.fixture
def arrangement(world: Any) -> Arrangement:
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                            slots=week(fri=("home", "home")), lead=world.staff[Role.AP_LEAD])


def test_a_step_added_from_a_page_read_before_a_colleagues_step_is_refused(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    steps = reverse("steps-edit", args=[arrangement.school_id, arrangement.id])
    client = as_user(world.staff[Role.AP_LEAD])
    opened = client.get(steps).content.decode()
    colleague = world.staff[Role.DSL]
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=6, actor=colleague)  # meanwhile
    typed = {"from_date": "2026-01-26", "hours_in_school": "9"}
    response = client.post(steps, {**typed, "version": version_on(opened)})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{name_of(colleague)} changed this arrangement at 10:00 on 21 Jan" in body
    assert "hours in school: 6" in body  # what the colleague changed
    assert 'value="2026-01-26"' in body and 'value="9"' in body  # what was typed is kept
    assert list(Step.objects.filter(arrangement=arrangement).values_list("from_date", flat=True)) == [MONDAY]
    # saving again from the page that now shows the colleague's step is a deliberate choice: it is saved
    again = client.post(steps, {**typed, "version": version_on(body)})
    assert again.status_code == 302
    assert Step.objects.filter(arrangement=arrangement).count() == 2


def test_a_step_added_from_the_version_read_goes_through(world: Any, as_user: Any, arrangement: Arrangement) -> None:
    steps = reverse("steps-edit", args=[arrangement.school_id, arrangement.id])
    client = as_user(world.staff[Role.AP_LEAD])
    opened = client.get(steps).content.decode()
    response = client.post(steps, {"from_date": "2026-01-26", "hours_in_school": "9", "version": version_on(opened)})
    assert response.status_code == 302
    assert Step.objects.get(arrangement=arrangement).hours_in_school == 9


def test_a_lead_chosen_on_a_page_read_before_a_colleague_changed_the_lead_is_refused(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    detail = reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id])
    change = reverse("arrangement-lead", args=[arrangement.school_id, arrangement.id])
    client = as_user(world.staff[Role.HEADTEACHER])
    opened = client.get(detail).content.decode()
    colleague, senco, teacher = world.staff[Role.DSL], world.staff[Role.SENCO], world.staff[Role.TEACHER]
    do_change_arrangement_lead(arrangement=arrangement, lead=senco, actor=colleague)  # meanwhile
    response = client.post(change, {"lead": teacher.pk, "version": version_on(opened)})
    assert response.status_code == 400
    body = response.content.decode()
    lead_before = world.staff[Role.AP_LEAD]
    assert f"{name_of(colleague)} changed this arrangement at 10:00 on 21 Jan: lead {lead_before} → {senco}" in body
    arrangement.refresh_from_db()
    assert arrangement.lead == senco  # the colleague's choice stands
    assert AuditEvent.objects.filter(action="change arrangement lead").count() == 1
    again = client.post(change, {"lead": teacher.pk, "version": version_on(body)})
    assert again.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.lead == teacher


def test_the_lead_form_carries_the_version_of_the_arrangement(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    detail = reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id])
    body = as_user(world.staff[Role.HEADTEACHER]).get(detail).content.decode()
    form = body.split(reverse("arrangement-lead", args=[arrangement.school_id, arrangement.id]))[1].split("</form>")[0]
    assert 'name="version"' in form
