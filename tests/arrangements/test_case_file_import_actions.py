"""A case file's import writes the pupil and the provider through their own apps' actions, each with its
audit row, and is still all or nothing."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pathways.arrangements.importing import TO_CONFIRM
from pathways.arrangements.models import Arrangement, Event
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import import_case_file
from pathways.policy import CaseFileError, load_case
from pathways.providers.models import Provider, ProviderCheck
from pathways.pupils.models import Pupil

pytestmark = pytest.mark.django_db

EXAMPLE_03 = Path(__file__).parents[1] / "policy" / "examples" / "03_alternative_provision_unregistered.yaml"


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Pupil, Provider, ProviderCheck, Arrangement, Event, AuditEvent))


def test_the_new_pupil_provider_and_checks_are_recorded_by_their_own_actions(world: Any) -> None:
    actor = world.staff["ap_lead"]
    arrangement = import_case_file(EXAMPLE_03.read_text(), world.school, actor)
    rows = AuditEvent.objects.filter(school=world.school)
    assert rows.filter(action="create pupil", object_id=str(arrangement.pupil_id)).count() == 1
    assert rows.filter(action="create provider", object_id=str(arrangement.provider_id)).count() == 1
    checks = arrangement.provider.checks.all()
    assert checks.count() > 0
    recorded = rows.filter(action="record provider check", object_id__in=[str(c.pk) for c in checks])
    assert recorded.count() == checks.count()
    assert all(check.note == "From an imported case file." for check in checks)
    assert rows.filter(action="import case file").count() == 1


def test_an_existing_pupil_and_provider_are_used_and_nothing_is_recorded_for_them(world: Any) -> None:
    text = EXAMPLE_03.read_text()
    first = import_case_file(text, world.school, None)
    before = AuditEvent.objects.filter(action__in=["create pupil", "create provider", "record provider check"]).count()
    second = import_case_file(text, world.school, None)
    assert (second.pupil_id, second.provider_id) == (first.pupil_id, first.provider_id)
    after = AuditEvent.objects.filter(action__in=["create pupil", "create provider", "record provider check"]).count()
    assert after == before


def test_a_bad_event_after_the_pupil_and_provider_were_created_undoes_them_all(world: Any, monkeypatch: Any) -> None:
    before = _counts()

    def refuse(self: Event, *args: Any, **kwargs: Any) -> None:
        raise ValidationError({"date": "Not a day this event can have."})

    # every event is refused: by then the pupil, the provider, its checks and the arrangement are written
    monkeypatch.setattr(Event, "full_clean", refuse)
    with pytest.raises(CaseFileError) as error:
        import_case_file(EXAMPLE_03.read_text(), world.school, None)
    events = load_case(EXAMPLE_03.read_text()).events
    entries = [i for i, e in enumerate(events) if e.type not in TO_CONFIRM]  # approvals are kept aside
    assert len(entries) < len(events)
    # every bad event is reported, not only the first
    assert error.value.errors == [f"events[{i}].date: Not a day this event can have." for i in entries]
    assert _counts() == before
