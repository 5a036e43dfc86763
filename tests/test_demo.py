import datetime as dt

import pytest

from pathways.audit.models import AuditEvent
from pathways.demo.trust import DEMO_PASSWORD, create_demo_trust
from pathways.policy.upn import check_upn
from pathways.pupils.models import Pupil
from pathways.schools.models import HalfTerm, Role, StaffRole, User

pytestmark = pytest.mark.django_db


def test_the_demo_trust_has_three_schools_with_every_role_and_sixty_pupils_with_valid_upns() -> None:
    demo = create_demo_trust(today=dt.date(2026, 11, 22))
    schools = demo.schools.values()
    assert sorted(s.phase for s in schools) == ["all_through", "primary", "secondary"]
    for school in schools:
        assert set(StaffRole.objects.filter(school=school).values_list("role", flat=True)) == set(Role.values)
        assert set(HalfTerm.objects.filter(school=school).values_list("school_year", flat=True)) == {2025, 2026}
    pupils = Pupil.objects.filter(school__trust=demo.trust)
    assert 55 <= pupils.count() <= 65
    assert all(check_upn(p.upn).valid for p in pupils)
    assert len({p.upn for p in pupils}) == pupils.count()
    assert {p.vulnerability for p in pupils} == {"low", "medium", "high"}
    assert User.objects.get(username="holyfamily-dsl").check_password(DEMO_PASSWORD)
    assert AuditEvent.objects.filter(action="create pupil").count() == pupils.count()



def test_the_demo_gives_willow_farm_a_provider_sign_in_that_sees_only_its_placements() -> None:
    from pathways.demo.trust import PROVIDER_LOGIN
    from pathways.providers.models import ProviderStaff

    create_demo_trust(today=dt.date(2026, 11, 23))
    member = ProviderStaff.objects.select_related("user", "provider").get(user__username=PROVIDER_LOGIN)
    assert member.provider.name == "Willow Farm Rural Skills"
    assert member.user.check_password(DEMO_PASSWORD)
    assert not StaffRole.objects.filter(user=member.user).exists()
