"""The school's policy page: the headteacher and DSL choose the school's policy packs and set the
values of their parameters; everything else about the school stays as it was."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(world: Any) -> str:
    return reverse("school-policy", args=[world.school.id])


def test_the_page_lists_the_five_packs_with_their_sources_and_the_defaults(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["headteacher"]).get(url(world)).content.decode()
    for name in ("Online learning packages", "Return to Learn", "Remote education offer",
                 "Remote learning in a special school", "Alternative education pathways"):
        assert name in body
    assert "trust policy: AP, part-time timetables, flexi-schooling" in body
    assert "LA guidance on commercial online learning packages, 2019" in body
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", body)  # the packs by what they are, not a file name
    assert "Default 10:00 (HH:MM)." in body and "Default 42." in body


def test_a_number_that_stands_for_a_choice_is_chosen_by_its_words(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["headteacher"])
    body = client.get(url(world)).content.decode()
    assert "1 for a home visit" not in body
    field = body[body.index('name="absence_response_home_visit__high"'):]
    field = field[:field.index("</select>")]
    assert "The default: a home visit" in field and '<option value="0">A phone call</option>' in field
    assert "(high vulnerability)" in body
    client.post(url(world), {"absence_response_home_visit__medium": "1", "absence_response_home_visit__low": ""})
    world.school.refresh_from_db()
    assert world.school.policy_settings == {"absence_response_home_visit": {"medium": 1}}
    refused = client.post(url(world), {"absence_response_home_visit__low": "7"})
    assert refused.status_code == 400 and "Choose one of the options in the list." in refused.content.decode()


def test_the_page_offers_only_what_the_schools_own_policy_may_change_and_shows_the_law(
    world: Any, as_user: Any
) -> None:
    from pathways.policy import parameters

    body = as_user(world.staff["headteacher"]).get(url(world)).content.decode()
    for name in parameters.names():
        offered = f'name="{name}"' in body or f'name="{name}__' in body
        assert offered is parameters.parameter(name).overridable, name
    law = body[body.index('data-testid="the-law"'):]
    assert "Hours a week at a provider above which a pupil counts as educated there full time" in law
    assert "<td class=\"govuk-table__cell\">18</td>" in law
    assert 'href="https://www.legislation.gov.uk/uksi/2010/1156/regulation/3/made"' in law
    assert "31 March, 31 August, 31 December" in law  # the prescribed days, in words
    assert "last Friday in June" in law


def test_a_posted_statutory_value_is_not_saved(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["headteacher"]).post(url(world), {
        "full_time_hours_per_week": "12", "provider_absence_deadline": "09:30",
    }, follow=True)
    assert response.status_code == 200
    world.school.refresh_from_db()
    assert world.school.policy_settings == {"provider_absence_deadline": "09:30"}


def test_the_dsl_adopts_a_pack_and_sets_a_value_in_one_audited_change(world: Any, as_user: Any) -> None:
    before = AuditEvent.objects.filter(action="update school").count()
    response = as_user(world.staff["dsl"]).post(url(world), {
        "pack_alternative-pathways": "on", "provider_absence_deadline": "09:30",
        "welfare_check_interval_school_days__high": "1",
    }, follow=True)
    world.school.refresh_from_db()
    assert world.school.policy_packs == ["alternative-pathways"]
    assert world.school.policy_settings == {"provider_absence_deadline": "09:30",
                                           "welfare_check_interval_school_days": {"high": 1}}
    assert "The school&#x27;s policy is saved." in response.content.decode()
    assert AuditEvent.objects.filter(action="update school").count() == before + 1
    page = as_user(world.staff["dsl"]).get(url(world)).content.decode()
    assert 'value="09:30"' in page and "checked" in page


def test_a_bad_value_names_its_box_and_nothing_is_saved(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["headteacher"]).post(url(world), {
        "pack_return-to-learn": "on", "provider_absence_deadline": "ten o'clock", "rtl_threshold_days": "x",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter a time as HH:MM, for example 09:30." in body and "Enter a whole number of 0 or more." in body
    world.school.refresh_from_db()
    assert world.school.policy_packs == [] and world.school.policy_settings == {}


def test_only_the_headteacher_and_dsl_may_open_it_and_another_schools_staff_get_not_found(
    world: Any, as_user: Any, client: Any
) -> None:
    for role in ("teacher", "ap_lead", "governor"):
        client.logout()
        assert as_user(world.staff[role]).get(url(world)).status_code == 403
    client.logout()
    assert as_user(world.outsider).post(url(world), {"pack_return-to-learn": "on"}).status_code == 404
    world.school.refresh_from_db()
    assert world.school.policy_packs == []
