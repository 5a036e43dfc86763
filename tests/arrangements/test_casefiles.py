"""The adapter from the database to the policy engine's case files, and the case-file export and import."""

import datetime as dt
import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pathways.arrangements.actions import (
    do_add_step,
    do_approve,
    do_correct_event,
    do_create_arrangement,
    do_end_arrangement,
    do_record_event,
    do_set_timetable,
    do_submit_for_approval,
)
from pathways.arrangements.actions_records import do_record_check_with_form
from pathways.arrangements.importing import TO_CONFIRM
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.arrangements.record_templates import STRUCTURED_TYPES
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for, cases_for, export_case_file, import_case_file
from pathways.cli import main
from pathways.policy import CaseFileError, evaluate, load_case, result_to_json
from pathways.providers.actions import do_record_provider_check
from pathways.providers.checks import WITH_FORMS
from pathways.providers.models import Provider, ProviderCheck
from pathways.pupils.models import Pupil
from pathways.schools.actions import do_update_school
from pathways.schools.models import HalfTerm
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement, make_provider, week
from tests.arrangements.record_helpers import record_with_form
from tests.conftest import make_pupil
from tests.safeguarding.helpers import completed

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 28)
VISIT_REPORT = {"visiting_staff": "Ann Lead", "provision_contact": "Tom Ashworth, 01632 960 387",
                "safeguarding": "DSL met; policy seen.", "curriculum": "Practical course; plan seen.",
                "next_stage": "College links.", "qualifications": "Level 1 certificate."}
EXAMPLE_03 = Path(__file__).parents[1] / "policy" / "examples" / "03_alternative_provision_unregistered.yaml"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def placement(world: Any) -> Arrangement:
    """A school-arranged placement at an unregistered provider, run as example 03 of the case-file spec."""
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"],
                     policy_settings={"provider_absence_deadline": "10:00"})
    world.school.refresh_from_db()
    head, lead = world.staff["headteacher"], world.staff["ap_lead"]
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=3)
    for type_, day, expires in [
        ("registration_checked", "2025-09-17", None), ("initial_visit", "2025-09-17", None),
        ("staff_checks_confirmed", "2025-09-17", "2026-09-16"), ("safeguarding_policy", "2025-09-17", None),
        ("health_and_safety", "2025-09-17", "2026-09-16"), ("child_protection_policy_shared", "2025-09-22", None),
    ]:
        if type_ == "initial_visit":  # Appendix 1b, with its report
            do_record_check_with_form(provider=provider, school=world.school, actor=lead, type=type_, date=d(day),
                                      answers=VISIT_REPORT)
            continue
        do_record_provider_check(provider=provider, school=world.school, actor=lead, type=type_, date=d(day),
                                 expires=d(expires) if expires else None)
    pupil = make_pupil(world.school, "Kai", "Placed", upn="T938420115063", date_of_birth=d("2010-11-23"),
                       year_group=10)
    arrangement = do_create_arrangement(
        pupil=pupil, actor=lead, kind="alternative_provision", reason="exclusion_risk", start=d("2025-10-06"),
        end=d("2026-07-17"), provider=provider, slots=week(mon=("provider", "provider"), tue=("provider", "provider")),
    )
    for day, type_, fields in [
        ("2025-09-10", "trust_consulted", None), ("2025-09-15", "consideration_form", None),
        ("2025-09-15", "parent_consent", {"written": True}), ("2025-09-15", "pupil_views", None),
        ("2025-09-24", "risk_assessment", None), ("2025-09-26", "trust_approval", None),
        ("2025-09-29", "parent_information", None), ("2025-09-29", "plan_agreed", None),
        ("2025-10-01", "provider_information_shared", None), ("2025-10-06", "reintegration_plan", None),
        ("2025-10-15", "visit", None), ("2025-10-22", "progress_report", None), ("2025-11-18", "visit", None),
        ("2025-12-10", "progress_report", None), ("2025-12-10", "pupil_views", None),
        ("2025-12-10", "review", {"outcome": "satisfactory", "parent_attended": True}), ("2026-01-20", "visit", None),
    ]:
        # Only the trust lead records the trust's approval (the role matrix): the school cannot.
        by = world.trust_lead if type_ == "trust_approval" else lead
        if type_ == "risk_assessment":  # written and signed off, or it meets no duty (cases/evidence.py)
            completed(arrangement, d(day), d(day) + dt.timedelta(weeks=8), actor=lead, template="alternative_provision")
            continue
        # An entry with a form is recorded with its form filled in, or it meets no duty.
        record = record_with_form if type_ in STRUCTURED_TYPES else do_record_event
        record(arrangement=arrangement, type=type_, date=d(day), actor=by, fields=fields)
    do_submit_for_approval(arrangement=arrangement, actor=lead)
    do_approve(arrangement=arrangement, actor=head, on=d("2025-09-16"))
    arrangement.refresh_from_db()
    return arrangement


def test_the_case_of_an_arrangement_has_the_pupil_provider_plan_and_chronology(world: Any, placement: Any) -> None:
    case = case_for(placement, AS_OF)
    assert case.as_of == AS_OF
    assert case.policies == ("alternative-pathways",)
    assert str(case.settings["provider_absence_deadline"]) == "10:00"
    assert (case.pupil.upn, case.pupil.date_of_birth, case.pupil.year_group) == ("T938420115063", d("2010-11-23"), 10)
    assert case.provider.name == "Willow Farm Rural Skills" and case.provider.registration == "unregistered"
    assert [c.type for c in case.provider.checks][:2] == ["registration_checked", "initial_visit"]
    assert case.provider.checks[2].expires == d("2026-09-16")
    assert case.arrangement.timetable.count("provider") == 4
    assert case.events[0].type == "trust_consulted"
    assert [e.type for e in case.events].count("headteacher_approval") == 1
    assert case.events == tuple(sorted(case.events, key=lambda e: e.date))


def test_the_calendar_of_a_case_is_the_schools_half_terms_and_closures(world: Any, placement: Any) -> None:
    case = case_for(placement, AS_OF)
    half_terms = HalfTerm.objects.filter(school=world.school).order_by("start")
    assert [(h.start, h.end) for h in case.calendar.half_terms] == [(h.start, h.end) for h in half_terms]
    assert d("2025-12-25") not in case.calendar.closures  # a holiday, not a closure inside a half-term
    assert all(a.end < b.start for a, b in itertools.pairwise(case.calendar.half_terms))


def test_the_case_file_of_a_well_run_placement_meets_its_duties(world: Any, placement: Any) -> None:
    result = evaluate(case_for(placement, AS_OF))
    for rule in ("AP-UNREGISTERED-APPROVAL", "AP-HEADTEACHER-AGREEMENT", "NAT-AP-STAFF-CHECKS",
                 "NAT-PROVIDER-REGISTRATION", "AP-VISITS"):
        assert result.get(rule).status == "met", (rule, result.get(rule).message)


def test_a_case_reads_the_timetable_in_force_on_the_day_it_is_judged(world: Any, placement: Any) -> None:
    do_set_timetable(arrangement=placement, slots=week(mon=("provider", "school")), effective_from=d("2026-02-02"),
                     actor=None)
    assert case_for(placement, d("2026-01-30")).arrangement.timetable.count("provider") == 4
    assert case_for(placement, d("2026-02-02")).arrangement.timetable.count("provider") == 1


def test_the_rules_read_the_chronology_as_corrected(world: Any, placement: Any) -> None:
    visit = Event.current.get(arrangement=placement, type="visit", date=d("2026-01-20"))
    do_correct_event(event=visit, actor=world.staff["dsl"], reason="That visit was cancelled; it was a phone call",
                     type="welfare_check", fields={"kind": "phone"})
    case = case_for(placement, AS_OF)
    assert d("2026-01-20") not in [e.date for e in case.events if e.type == "visit"]
    assert [(e.type, e.kind) for e in case.events if e.date == d("2026-01-20")] == [("welfare_check", "phone")]


@pytest.mark.parametrize("how_many", [1, 20])
def test_building_cases_takes_the_same_queries_however_many_arrangements(
    world: Any, django_assert_num_queries: Any, how_many: int
) -> None:
    provider = make_provider(world.school)
    for n in range(how_many):
        pupil = make_pupil(world.school, f"P{n}", "Many")
        arrangement = make_arrangement(pupil, provider=provider, status=Status.ACTIVE, slots=at_provider(n % 10))
        do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=12, actor=None)
        record_with_form(arrangement=arrangement, type="visit", date=MONDAY, actor=None)
        do_record_provider_check(provider=provider, school=world.school, actor=None, type="initial_visit",
                                 date=MONDAY)
    # 11 whatever the number: the 9 the cases read without the contact log, and the pupils' contact logs and
    # live sessions (2).
    with django_assert_num_queries(11):
        cases = cases_for(Arrangement.objects.filter(school=world.school), AS_OF)
    assert len(cases) == how_many
    assert all(len(c.events) == 1 and len(c.arrangement.steps) == 1 for c in cases.values())


def test_full_time_pupils_counts_the_providers_other_full_time_pupils_across_the_trust(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=2, elsewhere_full_time_sen=1)
    ours = make_arrangement(world.pupil, provider=provider, status=Status.ACTIVE, slots=at_provider(10))

    def placed(school: Any, name: str, sessions: int, status: str = Status.ACTIVE, **pupil: Any) -> None:
        make_arrangement(make_pupil(school, name, "Placed", **pupil), provider=provider, status=status,
                         slots=at_provider(sessions))

    placed(world.sister, "Seven", 7)                        # 21 hours at the sister school: full time
    placed(world.school, "Ehcp", 8, send="ehcp")            # full time, EHC plan
    placed(world.school, "Six", 6)                          # 18 hours: not more than 18, not full time
    placed(world.school, "Draft", 10, status=Status.DRAFT)  # not placed yet
    placed(world.school, "Adult", 10, date_of_birth=d("2007-01-01"))  # past compulsory school age
    full_time = case_for(ours, AS_OF).provider.full_time_pupils
    assert (full_time.compulsory_age, full_time.looked_after_or_ehcp, full_time.sen) == (4, 1, 2)


def test_the_threshold_makes_placing_a_fifth_full_time_pupil_a_breach(world: Any) -> None:
    provider = make_provider(world.school, elsewhere_full_time_compulsory_age=3)
    make_arrangement(make_pupil(world.sister, "Other", "Placed"), provider=provider, status=Status.ACTIVE,
                     slots=at_provider(10))
    part_time = make_arrangement(world.pupil, provider=provider, status=Status.ACTIVE, slots=at_provider(4))
    assert evaluate(case_for(part_time, AS_OF)).get("NAT-PROVIDER-REGISTRATION").status == "met"
    do_set_timetable(arrangement=part_time, slots=at_provider(10), effective_from=AS_OF, actor=None)
    result = evaluate(case_for(part_time, AS_OF)).get("NAT-PROVIDER-REGISTRATION")
    assert result.status == "unmet"
    assert "5 pupils of compulsory school age full time" in result.message


def without_approvals(text: str) -> Any:
    """The case a file describes once imported: its approvals and consents kept aside to be confirmed."""
    case = load_case(text)
    return replace(case, events=tuple(e for e in case.events if e.type not in TO_CONFIRM))


def test_export_then_import_then_export_gives_the_same_file(world: Any, placement: Any) -> None:
    first = export_case_file(placement, AS_OF)
    copy = import_case_file(first, world.school, world.staff["ap_lead"])
    assert copy.pk != placement.pk and copy.pupil == placement.pupil and copy.provider == placement.provider
    assert load_case(export_case_file(copy, AS_OF)) == without_approvals(first)
    again = import_case_file(export_case_file(copy, AS_OF), world.school, world.staff["ap_lead"])
    assert export_case_file(again, AS_OF) == export_case_file(copy, AS_OF)
    assert ProviderCheck.objects.filter(provider=placement.provider).count() == 6  # nothing recorded twice


def test_the_web_app_and_the_check_command_judge_an_exported_case_alike(
    world: Any, placement: Any, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(export_case_file(placement, AS_OF))
    from_database = result_to_json(evaluate(case_for(placement, AS_OF)))
    assert from_database == result_to_json(evaluate(load_case(path.read_text())))
    assert main(["check", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(from_database))


def test_a_pupil_moving_to_another_trust_arrives_with_provider_checks_and_chronology(
    world: Any, placement: Any
) -> None:
    text = export_case_file(placement, AS_OF)
    do_update_school(school=world.other, actor=None, policy_packs=["alternative-pathways"],
                     policy_settings={"provider_absence_deadline": "10:00"})
    moved = import_case_file(text, world.other, world.outsider)
    assert moved.school == world.other and moved.status == Status.AWAITING_APPROVAL  # never arrives active
    assert moved.pupil != placement.pupil and moved.pupil.upn == "T938420115063"
    assert moved.provider.trust_id == world.other.trust_id and moved.provider.checks.count() == 6
    assert moved.provider.elsewhere_full_time_compulsory_age == 3
    # The initial visit comes with the file but counts at the new school only with its own report (1b).
    arrived = load_case(export_case_file(moved, AS_OF))
    sent = without_approvals(text)
    assert arrived == replace(sent, provider=replace(sent.provider, checks=tuple(
        c for c in sent.provider.checks if c.type != "initial_visit")))
    row = AuditEvent.objects.get(action="import case file")
    assert row.school == world.other and row.changes["pupil_created"] and row.changes["provider_created"]


def test_a_public_example_imports_awaiting_approval_without_its_register_sessions(world: Any) -> None:
    arrangement = import_case_file(EXAMPLE_03.read_text(), world.school, world.staff["ap_lead"])
    # A case file never arrives active: its approvals and consents wait to be confirmed.
    assert arrangement.status == Status.AWAITING_APPROVAL
    assert arrangement.provider.name == "Willow Farm Rural Skills"
    given = load_case(EXAMPLE_03.read_text()).events
    kept_aside = [e for e in given if e.type in TO_CONFIRM]
    assert kept_aside and [c["type"] for c in arrangement.to_confirm] == [e.type for e in kept_aside]
    assert arrangement.events.count() == len(given) - len(kept_aside)
    assert arrangement.timetables.get().slots == week(mon=("provider", "provider"), tue=("provider", "provider"))
    assert AuditEvent.objects.get(action="import case file").changes["sessions_not_imported"] == 4


def test_an_imported_case_that_records_an_end_is_ended_and_one_without_approval_is_a_draft(world: Any) -> None:
    base = ("format: pathways-case/1\nas_of: 2026-01-21\npupil: {date_of_birth: 2013-07-02}\n"
            "arrangement: {kind: part_time_timetable, reason: medical, start: 2025-11-10, end: 2026-02-13}\n")
    draft = import_case_file(base, world.school, None)
    ended = import_case_file(base + "events:\n  - {date: 2026-01-09, type: end, outcome: full_time_school}\n",
                             world.school, None)
    assert draft.status == Status.DRAFT
    assert (ended.status, ended.outcome) == (Status.ENDED, "full_time_school")


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Pupil, Provider, ProviderCheck, Arrangement, Event, AuditEvent))


def test_a_bad_case_file_says_where_it_is_wrong_and_writes_nothing(world: Any, placement: Any) -> None:
    before = _counts()
    text = export_case_file(placement, AS_OF).replace("type: visit", "type: vist")
    text = text.replace("kind: alternative_provision", "kind: holiday")
    with pytest.raises(CaseFileError) as error:
        import_case_file(text, world.school, None)
    assert any(line.startswith("events[") and "'vist'" in line for line in error.value.errors)
    assert any(line.startswith("arrangement.kind") for line in error.value.errors)
    assert _counts() == before


def test_a_case_file_missing_what_a_new_record_needs_writes_nothing(world: Any) -> None:
    before = _counts()
    text = ("format: pathways-case/1\nas_of: 2026-01-21\npupil: {upn: T938420115063, date_of_birth: 2010-11-23}\n"
            "provider: {name: Brand New Provider}\n"
            "arrangement: {kind: alternative_provision, start: 2025-11-10}\n")
    with pytest.raises(CaseFileError) as error:
        import_case_file(text, world.school, None)
    assert "provider.kind: required key missing (needed to add the provider)" in error.value.errors
    assert _counts() == before
    with pytest.raises(CaseFileError) as error:
        import_case_file(text.replace("upn: T938420115063, date_of_birth: 2010-11-23", "year_group: 9"),
                         world.school, None)
    assert error.value.errors[0].startswith("pupil.date_of_birth: required key missing")


def test_ending_shows_in_the_case_as_its_last_day_and_an_end_event(world: Any, placement: Any) -> None:
    do_end_arrangement(arrangement=placement, actor=None, on=d("2026-03-27"), outcome="continued_elsewhere")
    case = case_for(placement, d("2026-04-01"))
    assert case.arrangement.end == d("2026-03-27")
    assert [(e.type, e.outcome) for e in case.events if e.type == "end"] == [("end", "continued_elsewhere")]


@pytest.mark.parametrize("example", sorted((EXAMPLE_03.parent).glob("0*.yaml")), ids=lambda p: p.stem)
def test_every_public_example_imports_with_its_pupil_provider_plan_and_chronology_intact(
    world: Any, example: Path
) -> None:
    from pathways.policy.casefile import FullTimePupils

    given = load_case(example.read_text())
    arrangement = import_case_file(example.read_text(), world.school, world.staff["ap_lead"])
    read_back = case_for(arrangement, given.as_of)
    assert read_back.pupil == given.pupil
    assert read_back.arrangement == given.arrangement
    # The approvals and consents are kept aside to be confirmed, never entries of the chronology.
    assert read_back.events == tuple(sorted((e for e in given.events if e.type not in TO_CONFIRM),
                                            key=lambda e: e.date))
    assert [c["type"] for c in arrangement.to_confirm] == [e.type for e in given.events if e.type in TO_CONFIRM]
    if given.provider is None:
        assert read_back.provider is None
    else:
        # A check the policy records with a form (the initial visit, the Annex C checklist) is kept from the
        # file but counts only once its form is filled in here, like the file's entries with forms.
        expected = replace(given.provider, full_time_pupils=given.provider.full_time_pupils or FullTimePupils(),
                           checks=tuple(sorted((c for c in given.provider.checks if c.type not in WITH_FORMS),
                                               key=lambda c: c.date)))
        assert read_back.provider == expected


def test_awkward_names_half_hours_and_a_vulnerability_override_survive_the_round_trip(world: Any) -> None:
    provider = make_provider(world.school, "St. Mary's: Learning – Centre #1 ('Ōkā')", kind="tuition",
                             registration="online_accredited", live_teaching=False)
    pupil = make_pupil(world.school, "Iris", "Override", upn="H801200001001", vulnerability_override="high",
                       vulnerability_override_reason="Known to the DSL")
    arrangement = make_arrangement(pupil, kind="online_learning", reason="medical", provider=provider,
                                   status=Status.ACTIVE, slots=week(wed=("online", "not_required")))
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=7.5, actor=None)
    do_record_event(arrangement=arrangement, type="medical_evidence", date=MONDAY, actor=None,
                    fields={"source": "waiting_list"})
    text = export_case_file(arrangement, AS_OF)
    copy = import_case_file(text, world.school, None)
    assert export_case_file(copy, AS_OF) == text
    case = load_case(text)
    assert case.provider.name == "St. Mary's: Learning – Centre #1 ('Ōkā')"
    assert case.arrangement.steps[0].hours_in_school == 7.5
    assert case.pupil.vulnerability == "high"
