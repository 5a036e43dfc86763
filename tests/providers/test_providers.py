import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from pathways.audit.models import AuditEvent
from pathways.providers.access import provider_for, providers_for
from pathways.providers.actions import do_create_provider, do_record_provider_check
from pathways.providers.models import ProviderCheck
from tests.conftest import make_school, make_staff
from tests.providers.helpers import make_provider

pytestmark = pytest.mark.django_db


def test_a_provider_added_by_one_school_is_seen_by_every_school_of_the_trust(world: Any) -> None:
    provider = make_provider(world.school)
    assert provider.trust == world.trust
    assert provider_for(world.sister_dsl, world.sister.id, provider.id) == provider
    assert list(providers_for(world.trust_lead, world.school.id)) == [provider]


def test_another_trusts_provider_is_a_404_for_the_outsider(world: Any) -> None:
    provider = make_provider(world.school)
    with pytest.raises(Http404):
        provider_for(world.outsider, world.other.id, provider.id)
    with pytest.raises(Http404):
        provider_for(world.outsider, world.school.id, provider.id)
    assert list(providers_for(world.outsider, world.other.id)) == []


def test_a_standalone_schools_providers_are_its_own(world: Any) -> None:
    alone = make_school(None, "Hilltop Free School")
    head = make_staff(alone, "headteacher", "head-alone")
    ours = make_provider(alone, "Hilltop Tutors", kind="tuition")
    another_alone = make_school(None, "Valley Free School")
    theirs = make_provider(another_alone, "Valley Tutors", kind="tuition")
    assert list(providers_for(head, alone.id)) == [ours]
    with pytest.raises(Http404):
        provider_for(head, alone.id, theirs.id)


def test_only_a_registered_school_has_a_urn(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_provider(world.school, "Bad URN", urn="123456")
    assert "Only a registered school has a URN" in str(error.value)
    with pytest.raises(ValidationError):
        make_provider(world.school, "Short URN", registration="registered_school", urn="12345")
    school = make_provider(world.school, "Oak Academy", kind="another_school", registration="registered_school",
                           urn="123456")
    assert school.urn == "123456"


def test_a_trust_cannot_have_two_providers_of_the_same_name(world: Any) -> None:
    make_provider(world.school, "Willow Farm")
    with pytest.raises(ValidationError) as error:
        make_provider(world.sister, "willow farm")
    assert "already has a provider called willow farm" in str(error.value)
    assert make_provider(world.other, "Willow Farm").trust_id == world.other.trust_id


def test_adding_a_provider_and_recording_a_check_each_leave_one_audit_row(world: Any) -> None:
    dsl = world.staff["dsl"]
    provider = do_create_provider(school=world.school, actor=dsl, name="Willow Farm", kind="alternative_provision",
                                  registration="unregistered")
    check = do_record_provider_check(provider=provider, school=world.school, actor=dsl,
                                     type="staff_checks_confirmed", date=dt.date(2025, 9, 17),
                                     expires=dt.date(2026, 9, 16), note="Umbrella letter from the director")
    assert check.recorded_by == dsl
    rows = AuditEvent.objects.filter(school=world.school, action__in=["create provider", "record provider check"])
    assert [r.action for r in rows.order_by("id")] == ["create provider", "record provider check"]
    assert rows.get(action="record provider check").changes["expires"] == "2026-09-16"


def test_a_check_cannot_expire_on_or_before_the_day_it_was_made(world: Any) -> None:
    provider = make_provider(world.school)
    with pytest.raises(ValidationError) as error:
        do_record_provider_check(provider=provider, school=world.school, actor=None, type="health_and_safety",
                                 date=dt.date(2025, 9, 17), expires=dt.date(2025, 9, 17))
    assert "expiry date must be after" in str(error.value)
    assert not ProviderCheck.objects.exists()


def test_another_trusts_school_cannot_record_a_check_on_our_provider(world: Any) -> None:
    provider = make_provider(world.school)
    with pytest.raises(ValidationError):
        do_record_provider_check(provider=provider, school=world.other, actor=world.outsider,
                                 type="initial_visit", date=dt.date(2025, 9, 17))
    assert not ProviderCheck.objects.exists()


def test_a_check_type_outside_the_case_file_list_is_refused(world: Any) -> None:
    provider = make_provider(world.school)
    with pytest.raises(ValidationError):
        do_record_provider_check(provider=provider, school=world.school, actor=None, type="vibes",
                                 date=dt.date(2025, 9, 17))


def test_counts_of_other_settings_pupils_cannot_exceed_the_compulsory_age_count(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_provider(world.school, elsewhere_full_time_compulsory_age=1, elsewhere_full_time_sen=2)
    assert "cannot be more than that count" in str(error.value)
