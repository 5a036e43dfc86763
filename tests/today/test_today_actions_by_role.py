"""Today shows each person only the actions they can take (issue "Who may do what": the trust lead was
shown some 85 action links that answered 403). Every link of every item is followed as the viewer."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.schools.access import forget_access
from tests.conftest import make_pupil
from tests.today.test_today import NOW, ptt

pytestmark = pytest.mark.django_db


def _item_links(body: str) -> list[str]:
    table = body.split('data-testid="today-', 1)[-1]
    return sorted(set(re.findall(r'href="(/schools/[^"]+)"', table.replace("&amp;", "&"))))


def test_every_action_on_today_opens_for_the_person_shown_it(world: Any, client: Any) -> None:
    from tests.conftest import sign_in

    ptt(world.pupil, lead=world.staff["teacher"])
    ptt(make_pupil(world.school, "Ben", "Second"), lead=world.staff["ap_lead"])
    viewers = {**world.staff, "trust lead": world.trust_lead}
    refused, shown = [], 0
    for who, user in viewers.items():
        forget_access(user)
        client.logout()
        sign_in(client, user)
        with time_machine.travel(NOW, tick=False):
            body = client.get(reverse("today", args=(world.school.id,))).content.decode()
            for link in _item_links(body):
                shown += 1
                status = client.get(link).status_code
                if status in (403, 404):
                    refused.append(f"{who}: {link} -> {status}")
    assert shown > 10
    assert not refused, "\n".join(refused)


def test_the_trust_lead_still_sees_what_is_due(world: Any, as_user: Any) -> None:
    ptt(world.pupil)
    with time_machine.travel(NOW, tick=False):
        body = as_user(world.trust_lead).get(reverse("today", args=(world.school.id,))).content.decode()
    assert "Ourpupil" in body and 'data-testid="today-overdue"' in body



def test_an_item_the_viewer_cannot_act_on_says_who_can_and_what(world: Any, as_user: Any) -> None:
    ptt(world.pupil, lead=world.staff["teacher"])
    with time_machine.travel(NOW, tick=False):
        lead = as_user(world.trust_lead).get(reverse("today", args=(world.school.id,))).content.decode()
        teacher = as_user(world.staff["teacher"]).get(reverse("today", args=(world.school.id,))).content.decode()
    told = re.findall(r'data-testid="for-others">([^<]+)<', lead)
    assert "For any member of staff: record parent consent" in told
    assert "For the school" not in lead
    # The teacher can: the link, not the words.
    assert "Record parent consent" in teacher and 'data-testid="for-others"' not in teacher


def test_who_can_names_the_roles_in_the_schools_words(world: Any) -> None:
    from pathways.schools.models import Role
    from pathways.schools.permissions import MATRIX, STAFF, link_roles, who_can

    assert who_can(frozenset({Role.DSL})) == "the DSL"
    assert who_can(frozenset({Role.HEADTEACHER, Role.AP_LEAD})) == "the headteacher or the AP lead"
    assert who_can(frozenset({Role.HEADTEACHER, Role.DSL, Role.SENCO})) == "the headteacher, the DSL or the SENCO"
    assert who_can(STAFF) == "any member of staff"
    assert who_can(frozenset()) == ""
    assert link_roles("/no/such/page/") == frozenset()
    assess = reverse("risk-assessment-create", args=(world.school.id,))
    assert link_roles(f"{assess}?arrangement=1") == MATRIX["write_risk_assessments"].roles
    record = reverse("event-record", args=(world.school.id, 1))
    assert link_roles(f"{record}?type=parent_consent") == MATRIX["record_events"].roles
