from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pathways.schools.actions import do_update_school

pytestmark = pytest.mark.django_db


def test_a_school_adopts_policy_packs_and_its_own_values_for_their_parameters(world: Any) -> None:
    school = do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"],
                              policy_settings={"provider_absence_deadline": "09:30"})
    school.refresh_from_db()
    assert school.policy_packs == ["alternative-pathways"]
    assert school.policy_settings == {"provider_absence_deadline": "09:30"}


@pytest.mark.parametrize(("packs", "words"), [
    (["national"], "Unknown policy pack: national"),
    (["made-up"], "Unknown policy pack: made-up"),
    (["return-to-learn", "return-to-learn"], "listed once"),
])
def test_a_school_cannot_adopt_an_unknown_pack_or_one_twice(world: Any, packs: list[str], words: str) -> None:
    with pytest.raises(ValidationError) as error:
        do_update_school(school=world.school, actor=None, policy_packs=packs)
    assert words in str(error.value)


def test_a_setting_the_policy_engine_does_not_know_or_cannot_read_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        do_update_school(school=world.school, actor=None, policy_settings={"lunch_time": "12:00"})
    assert "lunch_time: unknown key" in str(error.value)
    with pytest.raises(ValidationError) as error:
        do_update_school(school=world.school, actor=None, policy_settings={"provider_absence_deadline": "soon"})
    assert "provider_absence_deadline" in str(error.value)


def test_a_setting_that_would_change_the_law_is_refused_naming_it(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        do_update_school(school=world.school, actor=None, policy_settings={"full_time_hours_per_week": 12})
    assert "full_time_hours_per_week is set by law (Education Act 1996 s463)" in str(error.value)
    world.school.refresh_from_db()
    assert world.school.policy_settings == {}


def test_changing_the_schools_policy_is_in_the_audit_trail(world: Any) -> None:
    from pathways.audit.models import AuditEvent

    do_update_school(school=world.school, actor=world.staff["headteacher"], policy_packs=["return-to-learn"])
    change = AuditEvent.objects.filter(action="update school").latest("id")
    assert change.changes == {"policy_packs": [[], ["return-to-learn"]]}
