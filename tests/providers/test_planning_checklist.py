"""Annex D, the school's online learning planning checklist: thirteen activities, each with the person
responsible and whether it is completed; a "yes" must say who; each save a new version, the earlier kept;
printed as the seed's form; the school's plan, which clears no duty by itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.audit.versions import StaleVersion
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.providers.actions_planning import do_complete_planning_checklist
from pathways.providers.models import PlanningChecklist
from pathways.providers.planning import ACTIVITIES, CITED_BY, KEYS
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.providers.helpers import make_provider

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def online(school: Any, name: str = "Horizon Live Online School") -> Any:
    return make_provider(school, name, kind="online_learning", registration="online_accredited")


def all_done(**changes: dict[str, str]) -> dict[str, dict[str, str]]:
    items = {key: {"person": f"Ann Lead, AP lead ({key})", "done": "yes", "note": ""} for key in KEYS}
    items.update(changes)
    return items


def post_of(items: dict[str, dict[str, str]], seen: int = 0, day: str = "2026-01-20") -> dict[str, str]:
    data = {"completed_on": day, "seen": str(seen)}
    for key, given in items.items():
        data[f"{key}_person"], data[f"{key}_done"] = given.get("person", ""), given.get("done", "")
        data[f"{key}_note"] = given.get("note", "")
    return data


def form_url(school: Any, provider: Any) -> str:
    return reverse("provider-planning", args=[school.id, provider.id])


def print_url(school: Any, checklist: Any) -> str:
    return reverse("provider-planning-print", args=[school.id, checklist.id])


def changes() -> int:
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).count()


# ----------------------------------------------------------------------------- the record


# Annex D of seeds/000 (Online Learning Packages, Guidance for Schools, June 2019), its thirteen rows as the
# seed gives them ("Required activity", then the empty "Person responsible" and "Completed" columns).
SEED_ANNEX_D = (
    '1. Identify member of staff to receive attendance alerts',
    '2. Clarify responsibility for accurately coding the attendance register based on point 1',
    '3. Agree action on receipt of an absence notification. How is this monitored?',
    '4. Ensure that the student has appropriate IT equipment. If not and this is supplied by school '
    'ensure that parent allows access only during supervised online learning sessions',
    '5. Agree member of staff responsible for the initial induction meeting needed to demonstrate the '
    'system to the student',
    '6. Agree staff member responsible for the initial meeting with parent and student to agree the '
    'package (objectives etc. as in a direction process) and to review at regular intervals (in line with'
    ' frequency of other AP)',
    '7. Agree staff member responsible for identifying when reintegration is needed and the plan for this',
    '8. Agree format and staff member responsible for providing the assessment and curriculum data to the'
    ' online provider',
    '9. Agree appropriate frequency of welfare checks and staff responsible based on the known '
    'vulnerabilities of the child',
    '10. Agree a member of staff overall in charge of ensuring that the quality of both education and '
    'safeguarding remain appropriate and that reports to the Governing Board around AP include this '
    'provider information',
    '11. Supply the provider with school CP policy and KCSIE part 1 and agree a safeguarding expectation '
    'between school and provider',
    '12. Update school attendance and medical policy to clarify that online learning is sometimes used '
    'and when it may be used',
    '13. Update CP/ Safeguarding policy to indicate that the provision is used and the safeguards in '
    'place. This would relate to welfare checks undertaken and systems to chase absence',
)


def test_the_thirteen_activities_are_the_seeds_words() -> None:
    assert [f"{n}. {a.text}" for n, a in enumerate(ACTIVITIES, 1)] == list(SEED_ANNEX_D)
    assert len(set(KEYS)) == 13
    assert [n for _, n, _ in CITED_BY] == [11, 5, 6, 10]


def test_a_yes_without_the_person_responsible_is_refused_naming_each_activity(world: Any) -> None:
    provider = online(world.school)
    items = all_done(induction={"person": "", "done": "yes"}, welfare_checks={"person": "  ", "done": "yes"})
    before = changes()
    with pytest.raises(ValidationError) as refused:
        do_complete_planning_checklist(provider=provider, school=world.school, actor=None, completed_on=TODAY,
                                       items=items)
    problems = refused.value.message_dict
    assert set(problems) == {"induction_person", "welfare_checks_person"}
    assert "Activity 5 (Agree member of staff responsible for the initial induction meeting" in \
        problems["induction_person"][0]
    assert "Activity 9 (Agree appropriate frequency of welfare checks" in problems["welfare_checks_person"][0]
    assert not PlanningChecklist.objects.exists() and changes() == before


def test_an_activity_not_said_done_or_not_is_refused(world: Any) -> None:
    provider = online(world.school)
    with pytest.raises(ValidationError) as refused:
        do_complete_planning_checklist(provider=provider, school=world.school, actor=None, completed_on=TODAY,
                                       items=all_done(reintegration={"person": "Ann Lead", "done": ""}))
    assert list(refused.value.message_dict) == ["reintegration_done"]
    assert not PlanningChecklist.objects.exists()


def test_saved_with_activities_still_to_do_and_each_save_is_a_new_version(world: Any) -> None:
    provider = online(world.school)
    first = do_complete_planning_checklist(
        provider=provider, school=world.school, actor=world.staff["ap_lead"], completed_on=dt.date(2026, 1, 12),
        items=all_done(reintegration={"person": "", "done": "no"}, cp_policy_update={"person": "DSL", "done": "no"}),
    )
    assert first.version == 1 and first.items["reintegration"] == {"person": "", "done": "no", "note": ""}
    second = do_complete_planning_checklist(provider=provider, school=world.school, actor=world.staff["ap_lead"],
                                            completed_on=TODAY, items=all_done(), seen=1)
    assert second.version == 2
    first.refresh_from_db()
    assert first.items["reintegration"]["done"] == "no"  # the earlier version is kept as it was
    rows = AuditEvent.objects.filter(action="complete planning checklist").order_by("id")
    assert [r.changes["version"] for r in rows] == [1, 2]
    assert rows[0].changes["not_completed"] == ["reintegration", "cp_policy_update"]
    # the sister school of the trust keeps its own, from version 1
    theirs = do_complete_planning_checklist(provider=provider, school=world.sister, actor=None, completed_on=TODAY,
                                            items=all_done())
    assert theirs.version == 1


def test_a_version_saved_since_the_page_was_read_is_not_written_over(world: Any) -> None:
    provider = online(world.school)
    do_complete_planning_checklist(provider=provider, school=world.school, actor=world.staff["dsl"],
                                   completed_on=TODAY, items=all_done())
    with pytest.raises(StaleVersion) as stale:
        do_complete_planning_checklist(provider=provider, school=world.school, actor=None, completed_on=TODAY,
                                       items=all_done(), seen=0)
    assert "saved version 1 of this checklist" in stale.value.messages[0]
    assert PlanningChecklist.objects.count() == 1


def test_only_for_an_online_learning_provider_the_school_may_use(world: Any) -> None:
    farm = make_provider(world.school)
    with pytest.raises(ValidationError, match="for an online learning provider"):
        do_complete_planning_checklist(provider=farm, school=world.school, actor=None, completed_on=TODAY,
                                       items=all_done())
    theirs = online(world.other, "Their Online School")
    with pytest.raises(ValidationError, match="not one your school can use"):
        do_complete_planning_checklist(provider=theirs, school=world.school, actor=None, completed_on=TODAY,
                                       items=all_done())
    assert not PlanningChecklist.objects.exists()


def test_the_checklist_clears_no_duty_by_itself(world: Any) -> None:
    """The rules citing Annex D read their own evidence: every verdict is the same after it is completed."""
    do_update_school(school=world.school, actor=None, policy_packs=["online-learning-packages"])
    provider = online(world.school)
    arrangement = make_arrangement(world.pupil, kind="online_learning", reason="medical", provider=provider,
                                   status=Status.ACTIVE, start=MONDAY, slots=at_provider(2))

    def verdicts() -> dict[str, str]:
        found = evaluate(case_for(arrangement, TODAY))
        return {rule: found.get(rule).status for rule, _, _ in CITED_BY if found.get(rule) is not None}

    before = verdicts()
    assert before.get("OLP-CP-POLICY") not in (None, "met")
    do_complete_planning_checklist(provider=provider, school=world.school, actor=None, completed_on=TODAY,
                                   items=all_done())
    assert verdicts() == before
