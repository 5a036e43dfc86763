"""Risk assessments from the policy's templates: starting, adapting, completing and reviewing, and what
the rules then see in the chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pathways.arrangements.models import Event
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.safeguarding.actions import (
    do_complete_risk_assessment,
    do_review_risk_assessment,
    do_start_risk_assessment,
    do_update_risk_rows,
)
from pathways.safeguarding.models import RiskAssessment, RiskRow
from pathways.safeguarding.templates_data import TEMPLATES
from pathways.schools.actions import do_update_school
from tests.safeguarding.helpers import MONDAY, completed, part_time, started

pytestmark = pytest.mark.django_db

d = dt.date.fromisoformat


@pytest.fixture
def policies(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    world.school.refresh_from_db()


def test_each_template_transcribes_its_appendix() -> None:
    ap, ptt, flexi = (TEMPLATES[k] for k in ("alternative_provision", "part_time_timetable", "flexi_schooling"))
    assert "Appendix 2" in ap.source and "Appendix 7" in ptt.source and "Appendix 8" in flexi.source
    assert len(ap.rows) == 11 and len(ptt.rows) == 10 and len(flexi.rows) == 11
    assert ptt.rows[0].area == "Safeguarding during absence" and ptt.rows[0].responsibility == "DSL"
    assert ptt.rows[1].review_frequency == "Daily"
    assert ap.rows[0].likelihood == "medium" and ap.rows[0].impact == "high"
    assert "Ensure DBS checks for all provision staff." in ap.rows[1].control_measures.splitlines()
    assert flexi.rows[4].hazard == "Inconsistent phonics or literacy instruction" and flexi.rows[4].likelihood == "high"
    assert all(row.hazard and row.control_measures for t in TEMPLATES.values() for row in t.rows)


def test_starting_a_risk_assessment_copies_the_templates_rows_as_a_draft(world: Any) -> None:
    dsl = world.staff["dsl"]
    ra = started(part_time(world.pupil), actor=dsl)
    assert ra.status == "draft" and ra.version == 1 and ra.school == world.school
    assert ra.title == "Part-time timetable: Ava Ourpupil"
    rows = list(ra.rows.all())
    assert [r.area for r in rows] == [r.area for r in TEMPLATES["part_time_timetable"].rows]
    assert [r.order for r in rows] == list(range(1, 11))
    assert AuditEvent.objects.filter(action="start risk assessment", object_id=str(ra.pk)).count() == 1


def test_an_unknown_template_is_refused_naming_the_field(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        do_start_risk_assessment(arrangement=part_time(world.pupil), template="made_up", actor=None)
    assert "template" in caught.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_adapting_the_rows_changes_adds_and_removes_them_in_one_audited_write(world: Any) -> None:
    ra = started(part_time(world.pupil))
    first, second, *_ = ra.rows.all()
    before = AuditEvent.objects.count()
    do_update_risk_rows(risk_assessment=ra, actor=None, title="Ava's part-time timetable", rows=[
        {"id": second.id, "area": second.area, "hazard": second.hazard, "control_measures": "Call home by 9:30"},
        {"id": first.id, "area": "Safeguarding at home", "hazard": first.hazard,
         "control_measures": first.control_measures, "responsibility": "DSL", "review_frequency": "Daily"},
        {"area": "Travel", "hazard": "Walks home alone at noon", "likelihood": "medium", "impact": "high",
         "control_measures": "Parent collects at 12:00"},
    ])
    rows = list(RiskRow.objects.filter(risk_assessment=ra))
    assert [r.hazard for r in rows] == [second.hazard, first.hazard, "Walks home alone at noon"]
    assert rows[0].control_measures == "Call home by 9:30" and rows[1].review_frequency == "Daily"
    assert RiskAssessment.objects.get(pk=ra.pk).title == "Ava's part-time timetable"
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").changes["removed"] == 8


def test_a_row_without_a_hazard_is_refused_naming_the_row_and_nothing_is_written(world: Any) -> None:
    ra = started(part_time(world.pupil))
    first = ra.rows.first()
    with pytest.raises(ValidationError) as caught:
        do_update_risk_rows(risk_assessment=ra, actor=None, rows=[
            {"id": first.id, "hazard": "Changed", "control_measures": "x"},
            {"hazard": "", "control_measures": "Something"},
        ])
    assert any(m.startswith("Row 2: Hazard or potential risk") for m in caught.value.message_dict["rows"])
    assert ra.rows.count() == 10 and ra.rows.first().hazard == first.hazard


def test_another_assessments_row_cannot_be_slipped_in(world: Any) -> None:
    ra, other = started(part_time(world.pupil)), started(part_time(world.pupil, start=d("2026-02-23")))
    stranger = other.rows.first()
    with pytest.raises(ValidationError):
        do_update_risk_rows(risk_assessment=ra, actor=None, rows=[
            {"id": stranger.id, "hazard": "Mine now", "control_measures": "x"}])
    assert RiskRow.objects.get(pk=stranger.pk).hazard != "Mine now"


def test_completing_records_a_risk_assessment_in_the_chronology(world: Any) -> None:
    dsl = world.staff["dsl"]
    ra = completed(part_time(world.pupil), on=d("2026-01-08"), next_review_due=d("2026-02-13"), actor=dsl)
    assert (ra.status, ra.completed_on, ra.completed_by) == ("completed", d("2026-01-08"), dsl)
    event = Event.current.get(arrangement=ra.arrangement, type="risk_assessment")
    assert event.date == d("2026-01-08") and event.recorded_by == dsl
    assert "next review due 13 February 2026" in event.note
    assert AuditEvent.objects.filter(action="complete risk assessment", object_id=str(ra.pk)).count() == 1


def test_the_engine_sees_a_risk_assessment_completed_before_a_part_time_timetable_starts(
    world: Any, policies: None
) -> None:
    arrangement = part_time(world.pupil)
    before = evaluate(case_for(arrangement, d("2026-01-28"))).get("PTT-RISK-ASSESSMENT")
    assert before.status == "unmet"
    completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"), actor=world.staff["dsl"])
    after = evaluate(case_for(arrangement, d("2026-01-28"))).get("PTT-RISK-ASSESSMENT")
    assert after.status == "met", after.message


def test_a_review_in_the_next_half_term_keeps_the_risk_assessment_met(world: Any, policies: None) -> None:
    arrangement = part_time(world.pupil)
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-03-27"), actor=world.staff["dsl"])
    easter = d("2026-04-01")  # Spring 2 (23 February to 27 March) has ended
    assert evaluate(case_for(arrangement, easter)).get("PTT-RISK-ASSESSMENT").status == "unmet"
    do_review_risk_assessment(risk_assessment=ra, on=d("2026-03-04"), next_review_due=d("2026-05-22"),
                              note="Afternoons at home are supervised by grandparent; no change.",
                              actor=world.staff["dsl"], approved_by="Mrs Hughes, Headteacher")
    assert evaluate(case_for(arrangement, easter)).get("PTT-RISK-ASSESSMENT").status == "met"
    assert list(Event.current.filter(arrangement=arrangement, type="risk_assessment").values_list(
        "date", flat=True)) == [d("2026-01-08"), d("2026-03-04")]


def test_a_review_keeps_the_completed_version_and_makes_the_next(world: Any) -> None:
    arrangement = part_time(world.pupil)
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    new = do_review_risk_assessment(risk_assessment=ra, on=d("2026-02-10"), next_review_due=d("2026-03-27"),
                                    note="Still right.", actor=world.staff["senco"],
                                        approved_by="Mrs Hughes, Headteacher")
    old = RiskAssessment.objects.get(pk=ra.pk)
    assert (old.completed_on, old.next_review_due, old.version) == (d("2026-01-08"), d("2026-02-13"), 1)
    assert not old.is_current and new.is_current and new.previous == old
    assert (new.version, new.completed_on, new.review_note) == (2, d("2026-02-10"), "Still right.")
    assert [r.hazard for r in new.rows.all()] == [r.hazard for r in old.rows.all()]
    with pytest.raises(ValidationError, match="already been reviewed"):
        do_review_risk_assessment(risk_assessment=old, on=d("2026-02-11"), next_review_due=d("2026-03-27"),
                                  note="again", actor=None, approved_by="Mrs Hughes, Headteacher")


def test_a_completed_risk_assessment_is_not_edited_in_place(world: Any) -> None:
    ra = completed(part_time(world.pupil), on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    with pytest.raises(ValidationError, match="review it"):
        do_update_risk_rows(risk_assessment=ra, actor=None, rows=[])
    with pytest.raises(ValidationError, match="already completed"):
        do_complete_risk_assessment(risk_assessment=ra, on=d("2026-01-09"), next_review_due=d("2026-02-13"),
                                    actor=None, approved_by="Mrs Hughes, Headteacher")


def test_the_next_review_must_come_after_the_assessment(world: Any) -> None:
    ra = started(part_time(world.pupil))
    with pytest.raises(ValidationError) as caught:
        do_complete_risk_assessment(risk_assessment=ra, on=d("2026-01-08"), next_review_due=d("2026-01-08"),
                                    actor=None, approved_by="Mrs Hughes, Headteacher")
    assert "next_review_due" in caught.value.message_dict
    assert RiskAssessment.objects.get(pk=ra.pk).status == "draft"
    assert not Event.objects.filter(type="risk_assessment").exists()


def test_a_review_needs_what_it_found_and_cannot_predate_the_assessment(world: Any) -> None:
    ra = completed(part_time(world.pupil), on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    with pytest.raises(ValidationError) as caught:
        do_review_risk_assessment(risk_assessment=ra, on=d("2026-02-01"), next_review_due=d("2026-03-01"),
                                  note="  ", actor=None, approved_by="Mrs Hughes, Headteacher")
    assert "note" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        do_review_risk_assessment(risk_assessment=ra, on=d("2026-01-01"), next_review_due=d("2026-03-01"),
                                  note="ok", actor=None, approved_by="Mrs Hughes, Headteacher")
    assert "on" in caught.value.message_dict
    assert RiskAssessment.objects.count() == 1


def test_an_empty_draft_cannot_be_completed(world: Any) -> None:
    ra = started(part_time(world.pupil))
    do_update_risk_rows(risk_assessment=ra, actor=None, rows=[])
    with pytest.raises(ValidationError, match="at least one risk"):
        do_complete_risk_assessment(risk_assessment=ra, on=d("2026-01-08"), next_review_due=d("2026-02-13"),
                                    actor=None, approved_by="Mrs Hughes, Headteacher")


def test_the_engine_reads_completions_for_placements_and_flexi_schooling_too(world: Any, policies: None) -> None:
    from tests.arrangements.helpers import make_arrangement, make_provider

    placement = make_arrangement(world.pupil, kind="alternative_provision", provider=make_provider(world.school))
    completed(placement, on=MONDAY - dt.timedelta(days=7), next_review_due=d("2026-03-27"),
              template="alternative_provision")
    assert evaluate(case_for(placement, d("2026-01-28"))).get("AP-RISK-ASSESSMENT").status == "met"


def test_a_revision_is_a_draft_copy_whose_completion_is_recorded_and_the_completed_version_stands_meanwhile(
    world: Any, policies: None
) -> None:
    from pathways.safeguarding.actions import do_revise_risk_assessment

    arrangement = part_time(world.pupil)
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-03-27"))
    draft = do_revise_risk_assessment(risk_assessment=ra, actor=world.staff["dsl"])
    assert (draft.status, draft.version, draft.previous) == ("draft", 2, ra)
    assert draft.rows.count() == ra.rows.count()
    assert Event.current.filter(arrangement=arrangement, type="risk_assessment").count() == 1
    first = draft.rows.first()
    do_update_risk_rows(risk_assessment=draft, actor=None, rows=[
        {"id": first.id, "area": first.area, "hazard": first.hazard, "control_measures": "Daily call home"}])
    do_complete_risk_assessment(risk_assessment=draft, on=d("2026-03-04"), next_review_due=d("2026-05-22"),
                                actor=world.staff["dsl"], approved_by="Mrs Hughes, Headteacher")
    assert ra.rows.count() == 10 and RiskRow.objects.filter(risk_assessment=draft).count() == 1
    assert evaluate(case_for(arrangement, d("2026-04-01"))).get("PTT-RISK-ASSESSMENT").status == "met"
    with pytest.raises(ValidationError, match="already been reviewed or revised"):
        do_revise_risk_assessment(risk_assessment=ra, actor=None)
