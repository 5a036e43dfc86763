"""Who leads an arrangement: set on the guided set-up, shown on the arrangement page and the list, changed
by whoever may change the arrangement, and followed by the Today page and the calendar feed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from pathways.arrangements.actions import do_change_arrangement_lead, do_create_arrangement, do_record_event
from pathways.arrangements.models import Arrangement, Status
from pathways.audit.models import AuditEvent
from pathways.schools.models import Role
from tests.arrangements.helpers import MONDAY, make_provider, week
from tests.conftest import make_pupil, make_staff, sign_in
from tests.providers.portal_helpers import placed_pupil, staff_of

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 10, 0)  # a Wednesday in Spring 1, nine days after MONDAY
NOT_A_LEAD = "Choose a member of this school&#x27;s staff to lead the arrangement"


@pytest.fixture(autouse=True)
def _pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def ptt(pupil: Any, actor: Any, lead: Any = None, start: dt.date = MONDAY, **extra: Any) -> Arrangement:
    """A part-time timetable set up by `actor`, active, led by `lead` (else by `actor`)."""
    arrangement = do_create_arrangement(
        pupil=pupil, actor=actor, kind="part_time_timetable", start=start, reason="mental_health",
        end=start + dt.timedelta(days=70), slots=week(mon=("home", "home"), wed=("home", "home")), lead=lead,
        **extra,
    )
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.ACTIVE)
    arrangement.refresh_from_db()
    return arrangement


def provider_staff(world: Any) -> Any:
    """A member of a provider's staff, with a sign-in, at a provider our school places a pupil with."""
    provider = make_provider(world.school)
    placed_pupil(world.school, provider)
    return staff_of(provider, world.school)


def someone_who_cannot_lead(world: Any, who: str) -> Any:
    if who == "provider_staff":
        return provider_staff(world)
    return {"governor": world.staff[Role.GOVERNOR], "outsider": world.outsider, "sister_dsl": world.sister_dsl}[who]


def plan(world: Any, **data: Any) -> dict[str, Any]:
    base = {"step": "plan", "pupil_id": world.pupil.id, "kind": "part_time_timetable", "start": "2026-01-26",
            "end": "2026-03-27", "reason": "mental_health"}
    base.update({f"{d}_{s}": "school" for d in ("mon", "tue", "wed", "thu", "fri") for s in ("am", "pm")})
    base.update(data)
    return base


# ----------------------------------------------------------------------------- the migration


@pytest.mark.django_db(transaction=True)
def test_arrangements_made_before_there_was_a_lead_are_led_by_whoever_set_them_up(world: Any) -> None:
    set_up_by = world.staff[Role.AP_LEAD]
    theirs = ptt(world.pupil, set_up_by, lead=world.staff[Role.SENCO])
    nobodys = ptt(make_pupil(world.school, "Ben", "Imported"), None)
    executor = MigrationExecutor(connection)
    executor.migrate([("arrangements", "0001_initial")])  # the lead column goes
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # and comes back, filled in
    theirs.refresh_from_db()
    nobodys.refresh_from_db()
    assert theirs.lead == set_up_by
    assert nobodys.lead is None


# ----------------------------------------------------------------------------- the guided set-up


def test_the_set_up_asks_who_leads_and_offers_the_person_setting_it_up_first(world: Any, as_user: Any) -> None:
    ap_lead = world.staff[Role.AP_LEAD]
    body = as_user(ap_lead).get(url("arrangement-create", world.school.id),
                                {"pupil": world.pupil.id, "kind": "part_time_timetable"}).content.decode()
    assert "Who leads this arrangement?" in body
    assert re.search(rf'<option value="{ap_lead.pk}" selected>', body)
    assert "Alternative provision lead" in body  # each choice says the person's role
    assert f'value="{world.staff[Role.GOVERNOR].pk}"' not in body
    assert f'value="{world.outsider.pk}"' not in body


def test_an_arrangement_set_up_by_the_ap_lead_can_be_led_by_the_senco(world: Any, as_user: Any) -> None:
    senco = world.staff[Role.SENCO]
    response = as_user(world.staff[Role.AP_LEAD]).post(url("arrangement-create", world.school.id),
                                                       plan(world, lead=senco.pk))
    assert response.status_code == 302
    arrangement = Arrangement.objects.get()
    assert (arrangement.created_by, arrangement.lead) == (world.staff[Role.AP_LEAD], senco)
    assert AuditEvent.objects.get(action="create arrangement").changes["lead"] == senco.pk


@pytest.mark.parametrize("who", ["governor", "outsider", "sister_dsl", "provider_staff"])
def test_a_governor_another_schools_staff_or_a_providers_staff_cannot_lead(
    world: Any, as_user: Any, who: str
) -> None:
    candidate = someone_who_cannot_lead(world, who)
    arrangements = Arrangement.objects.count()
    response = as_user(world.staff[Role.AP_LEAD]).post(url("arrangement-create", world.school.id),
                                                       plan(world, lead=candidate.pk))
    body = response.content.decode()
    assert response.status_code == 400
    assert f"Who leads this arrangement?: {NOT_A_LEAD}" in body  # the error summary names the field
    assert Arrangement.objects.count() == arrangements


def test_the_action_refuses_a_lead_without_a_staff_role_naming_the_field(world: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        ptt(world.pupil, world.staff[Role.AP_LEAD], lead=world.staff[Role.GOVERNOR])
    assert "lead" in raised.value.message_dict
    assert not Arrangement.objects.exists()


# ----------------------------------------------------------------------------- the arrangement page


def test_the_arrangement_page_shows_the_lead_and_a_writer_can_change_it(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD], lead=world.staff[Role.SENCO])
    page = url("arrangement-detail", world.school.id, arrangement.id)
    body = as_user(world.staff[Role.DSL]).get(page).content.decode()
    assert str(world.staff[Role.SENCO]) in body.split('data-testid="lead"')[1].split("</dd>")[0]
    assert "Change who leads this arrangement" in body


def test_the_trust_lead_sees_the_lead_but_not_the_form_to_change_it(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    page = url("arrangement-detail", world.school.id, arrangement.id)
    text = as_user(world.trust_lead).get(page).content.decode()  # reads named records, plans none
    assert str(world.staff[Role.AP_LEAD]) in text.split('data-testid="lead"')[1].split("</dd>")[0]
    assert "Change who leads this arrangement" not in text


def test_a_governor_opens_no_arrangement_page(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    response = as_user(world.staff[Role.GOVERNOR]).get(url("arrangement-detail", world.school.id, arrangement.id))
    assert response.status_code == 403  # governors see the school's counts, no named child
    assert str(world.staff[Role.AP_LEAD]) not in response.content.decode()


def test_an_arrangement_without_a_lead_says_it_needs_one(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, None)  # set up by a command, with no person behind it
    body = as_user(world.staff[Role.HEADTEACHER]).get(
        url("arrangement-detail", world.school.id, arrangement.id)).content.decode()
    assert "Needs a lead" in body and "Choose who leads this arrangement" in body


@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.AP_LEAD, Role.DSL])
def test_the_headteacher_ap_lead_or_dsl_hands_the_arrangement_to_another_lead_with_an_audit_row(
    world: Any, as_user: Any, role: str
) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    senco = world.staff[Role.SENCO]
    client = as_user(world.staff[role])
    response = client.post(url("arrangement-lead", world.school.id, arrangement.id), {"lead": senco.pk})
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.lead == senco
    row = AuditEvent.objects.get(action="change arrangement lead")
    assert row.actor == world.staff[role] and row.school == world.school
    assert row.changes["lead"] == [world.staff[Role.AP_LEAD].pk, senco.pk]
    assert row.object_id == str(arrangement.pk)
    assert f"{senco} now leads this arrangement." in client.get(response["Location"]).content.decode()


def test_the_change_is_in_the_audit_trail_not_the_chronology(world: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    events = arrangement.events.count()
    do_change_arrangement_lead(arrangement=arrangement, lead=world.staff[Role.TEACHER],
                               actor=world.staff[Role.HEADTEACHER])
    assert arrangement.events.count() == events
    assert AuditEvent.objects.filter(action="change arrangement lead", object_id=str(arrangement.pk)).count() == 1


@pytest.mark.parametrize("who", ["governor", "outsider", "provider_staff"])
def test_changing_to_someone_who_cannot_lead_is_refused_on_the_lead_field(world: Any, as_user: Any, who: str) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    candidate = someone_who_cannot_lead(world, who)
    response = as_user(world.staff[Role.HEADTEACHER]).post(url("arrangement-lead", world.school.id, arrangement.id),
                                                           {"lead": candidate.pk})
    assert response.status_code == 400
    assert f"Who leads this arrangement?: {NOT_A_LEAD}" in response.content.decode()
    arrangement.refresh_from_db()
    assert arrangement.lead == world.staff[Role.AP_LEAD]
    assert not AuditEvent.objects.filter(action="change arrangement lead").exists()


def test_choosing_the_same_lead_again_says_so(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    response = as_user(world.staff[Role.HEADTEACHER]).post(url("arrangement-lead", world.school.id, arrangement.id),
                                                           {"lead": world.staff[Role.AP_LEAD].pk})
    assert response.status_code == 400
    assert "already leads this arrangement" in response.content.decode()


def test_outsiders_and_providers_get_not_found_and_a_governor_is_refused(world: Any) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    target = url("arrangement-lead", world.school.id, arrangement.id)
    data = {"lead": world.staff[Role.SENCO].pk}
    for user in (world.outsider, world.sister_dsl, provider_staff(world)):
        client = sign_in(Client(), user)
        assert client.post(target, data).status_code == 404
        assert client.get(target).status_code in (404, 405)
    assert sign_in(Client(), world.staff[Role.GOVERNOR]).post(target, data).status_code == 403
    arrangement.refresh_from_db()
    assert arrangement.lead == world.staff[Role.AP_LEAD]


# ----------------------------------------------------------------------------- the list


def test_the_list_shows_each_lead_and_filters_to_those_led_by_me(world: Any, as_user: Any) -> None:
    mine = ptt(world.pupil, world.staff[Role.AP_LEAD], lead=world.staff[Role.SENCO])
    theirs = ptt(make_pupil(world.school, "Ben", "Second"), world.staff[Role.AP_LEAD])
    client = as_user(world.staff[Role.SENCO])
    body = client.get(url("arrangement-list", world.school.id)).content.decode()
    assert ">Lead</th>" in body
    assert str(world.staff[Role.SENCO]) in body.split(f'data-testid="lead-{mine.id}"')[1].split("</td>")[0]
    assert str(world.staff[Role.AP_LEAD]) in body.split(f'data-testid="lead-{theirs.id}"')[1].split("</td>")[0]
    body = client.get(url("arrangement-list", world.school.id), {"mine": "on"}).content.decode()
    assert "Ourpupil, Ava" in body and "Second, Ben" not in body
    assert "1 arrangement matches" in body


def test_the_lead_column_costs_no_query_per_arrangement(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff[Role.DSL])
    leads = [world.staff[r] for r in (Role.AP_LEAD, Role.SENCO, Role.TEACHER, Role.DSL)]

    def count() -> int:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url("arrangement-list", world.school.id)).status_code == 200
        return len(captured)

    ptt(world.pupil, leads[0], provider=provider)
    one = count()
    for i in range(7):
        lead = make_staff(world.school, Role.TEACHER, f"teacher{i}-lead") if i > 3 else leads[i % len(leads)]
        ptt(make_pupil(world.school, f"P{i}", f"Pupil{i}"), leads[0], lead=lead, provider=provider)
    assert count() == one


# ----------------------------------------------------------------------------- Today and the calendar feed


def today_page(user: Any) -> str:
    response = sign_in(Client(), user).get(url("today", user.staff_roles.get().school_id))
    assert response.status_code == 200
    return response.content.decode()


def test_today_follows_the_lead_not_whoever_set_the_arrangement_up(world: Any) -> None:
    ap_lead, senco = world.staff[Role.AP_LEAD], world.staff[Role.SENCO]
    arrangement = ptt(world.pupil, ap_lead)
    assert "Ourpupil" in today_page(ap_lead) and "Ourpupil" not in today_page(senco)
    do_change_arrangement_lead(arrangement=arrangement, lead=senco, actor=world.staff[Role.HEADTEACHER])
    assert "Ourpupil" in today_page(senco)
    assert "Ourpupil" not in today_page(ap_lead)


def feed_summaries(user: Any) -> str:
    client = sign_in(Client(), user)
    page = client.post("/account/calendar/", {"action": "create"}, follow=True).content.decode()
    feed = re.search(r'id="feed-url"[^>]*>https?://testserver([^<]+\.ics)<', page)
    assert feed, "the page shows the new feed's address"
    response = Client().get(feed.group(1))
    assert response.status_code == 200
    return response.content.decode()


def test_the_calendar_feed_follows_the_lead(world: Any) -> None:
    ap_lead, teacher = world.staff[Role.AP_LEAD], world.staff[Role.TEACHER]
    arrangement = ptt(world.pupil, ap_lead, start=dt.date(2026, 1, 19))
    assert f"arrangement-end-{arrangement.pk}@testserver" in feed_summaries(ap_lead)
    do_change_arrangement_lead(arrangement=arrangement, lead=teacher, actor=ap_lead)
    assert f"arrangement-end-{arrangement.pk}@testserver" in feed_summaries(teacher)
    assert f"arrangement-end-{arrangement.pk}@testserver" not in feed_summaries(ap_lead)


# ----------------------------------------------------------------------------- the requirement panel


def test_met_requirements_are_folded_under_a_count_so_the_page_starts_with_what_needs_doing(
    world: Any, as_user: Any
) -> None:
    arrangement = ptt(world.pupil, world.staff[Role.AP_LEAD])
    do_record_event(arrangement=arrangement, type="parent_consent", date=dt.date(2026, 1, 9), actor=None)
    body = as_user(world.staff[Role.AP_LEAD]).get(
        url("arrangement-detail", world.school.id, arrangement.id)).content.decode()
    panel = body.split('data-testid="requirement-panel"')[1]
    folded = panel.split('data-testid="met-requirements"')[1].split("</details>")[0]
    open_part = panel.split('data-testid="met-requirements"')[0]
    met = re.findall(r'data-testid="requirement-([A-Z0-9-]+)" data-status="met"', panel)
    assert met and f"Met ({len(met)})" in folded
    assert all(f'data-testid="requirement-{rid}"' in folded for rid in met)
    assert 'data-status="met"' not in open_part
    assert re.search(r'data-status="(unmet|due)"', open_part)  # what needs doing stays open
