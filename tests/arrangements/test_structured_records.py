"""Entries with a form (record_templates.py): each form is refused empty, naming what is missing; accepted
complete, when its duty clears; printed as the seed's form; and an entry of such a type made without its
form meets no duty. Outsiders get nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Event
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import TEMPLATES, missing
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.arrangements.record_helpers import filled, record_with_form
from tests.providers.portal_helpers import placed_pupil, staff_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 14)  # a Wednesday of term
# Each form, the kind of arrangement whose duty reads it, and that duty.
DUTIES = {
    "pupil_views": ("alternative_provision", "AP-PUPIL-VIEWS"),
    "healthcare_plan": ("online_learning", "OLP-HEALTHCARE-PLAN"),
    "student_checklist": ("online_learning", "OLP-STUDENT-CHECKLIST"),
    "visit": ("alternative_provision", "AP-VISITS"),
}


def _arrangement(world: Any, kind: str) -> Arrangement:
    do_update_school(school=world.school, actor=None,
                     policy_packs=["alternative-pathways", "online-learning-packages"])
    if kind == "alternative_provision":
        return make_arrangement(world.pupil, kind=kind, reason="exclusion_risk", provider=make_provider(world.school),
                                slots=week(mon=("provider", "provider")), start=dt.date(2026, 1, 5))
    return make_arrangement(world.pupil, kind=kind, reason="medical", slots=week(mon=("online", "online")),
                            start=dt.date(2026, 1, 5))


def url(arrangement: Arrangement, event_type: str) -> str:
    return reverse("event-record", args=[arrangement.school_id, arrangement.id]) + f"?type={event_type}"


def _post(client: Any, arrangement: Arrangement, event_type: str, answers: dict[str, str]) -> Any:
    return client.post(url(arrangement, event_type), {"type": event_type, "date": "2026-01-12", **answers})


def _status(arrangement: Arrangement, rule: str) -> str:
    found = [r for r in evaluate(case_for(arrangement, TODAY)).requirements if r.id == rule]
    return found[0].status if found else "absent"


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
@pytest.mark.parametrize("event_type", sorted(TEMPLATES))
def test_each_form_is_refused_empty_naming_every_missing_question_and_writes_nothing(
    world: Any, as_user: Any, event_type: str
) -> None:
    arrangement = _arrangement(world, DUTIES.get(event_type, ("alternative_provision", ""))[0])
    response = _post(as_user(world.staff["ap_lead"]), arrangement, event_type, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    for key, what in missing(TEMPLATES[event_type], {}):
        field = response.context["form"].fields[key]
        assert f"{escape(field.label)}: " in page, (key, what)  # the error summary names the question
    assert not Event.objects.filter(arrangement=arrangement).exists()


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
@pytest.mark.parametrize("event_type", sorted(TEMPLATES))
def test_each_form_complete_is_recorded_with_its_answers_and_audited(
    world: Any, as_user: Any, event_type: str
) -> None:
    arrangement = _arrangement(world, DUTIES.get(event_type, ("alternative_provision", ""))[0])
    answers = filled(event_type)
    response = _post(as_user(world.staff["ap_lead"]), arrangement, event_type, answers)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(arrangement=arrangement, type=event_type)
    assert event.record.complete and event.record.answers == answers
    assert AuditEvent.objects.filter(action="record form", object_id=str(event.pk)).exists()


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
def test_one_missing_answer_is_refused_naming_that_question_only(world: Any, as_user: Any) -> None:
    arrangement = _arrangement(world, "alternative_provision")
    answers = filled("consideration_form")
    del answers["costs"]
    page = _post(as_user(world.staff["ap_lead"]), arrangement, "consideration_form", answers).content.decode()
    assert page.count("the form does not count without it") == 2  # beside the question and in the summary
    assert "Outline the full costs of the AP or home tutoring" in page
    assert not Event.objects.filter(arrangement=arrangement).exists()


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
@pytest.mark.parametrize("event_type", sorted(DUTIES))
def test_an_empty_entry_meets_no_duty_and_the_complete_form_clears_it(world: Any, event_type: str) -> None:
    kind, rule = DUTIES[event_type]
    arrangement = _arrangement(world, kind)
    before = _status(arrangement, rule)
    assert before in ("due", "unmet")
    do_record_event(arrangement=arrangement, type=event_type, date=dt.date(2026, 1, 5), actor=None)
    assert _status(arrangement, rule) == before  # a date and nothing else is not evidence
    record_with_form(arrangement=arrangement, type=event_type, date=dt.date(2026, 1, 5), actor=None)
    assert _status(arrangement, rule) == "met"


def test_the_action_refuses_an_incomplete_record_naming_the_question(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from pathways.arrangements.actions_records import do_record_with_form

    arrangement = _arrangement(world, "online_learning")
    answers = filled("student_checklist")
    del answers["induction__person"]
    with pytest.raises(ValidationError) as refused:
        do_record_with_form(arrangement=arrangement, type="student_checklist", date=dt.date(2026, 1, 5),
                            answers=answers, actor=None)
    assert "induction__person" in refused.value.message_dict
    assert not EventRecord.objects.exists()


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
@pytest.mark.parametrize("event_type", sorted(TEMPLATES))
def test_the_printed_form_has_the_seeds_questions_and_the_answers(world: Any, as_user: Any, event_type: str) -> None:
    arrangement = _arrangement(world, DUTIES.get(event_type, ("alternative_provision", ""))[0])
    event = record_with_form(arrangement=arrangement, type=event_type, date=dt.date(2026, 1, 5), actor=None)
    client = as_user(world.staff["teacher"])
    printed = reverse("event-record-print", args=[arrangement.school_id, arrangement.id, event.id])
    page = client.get(printed).content.decode()
    template = TEMPLATES[event_type]
    assert template.name in page and "Ava Ourpupil" in page and "Not answered" not in page
    for q in template.questions:
        assert escape(q.label) in page
    for item in template.checklist:
        assert escape(item.activity) in page
    assert "record-incomplete" not in page
    pdf = client.get(printed + "?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
def test_an_entry_made_without_its_form_prints_marked_as_not_counting(world: Any, as_user: Any) -> None:
    arrangement = _arrangement(world, "alternative_provision")
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 5), actor=None)
    page = as_user(world.staff["teacher"]).get(
        reverse("event-record-print", args=[arrangement.school_id, arrangement.id, event.id])).content.decode()
    assert "record-incomplete" in page and "does not meet the duty" in page


@time_machine.travel(dt.datetime(2026, 1, 14, 10, 0), tick=False)
@pytest.mark.parametrize("who", ["outsider", "governor", "provider_staff", "sister_dsl"])
def test_outsiders_neither_record_nor_print_a_form(world: Any, as_user: Any, who: str) -> None:
    arrangement = _arrangement(world, "alternative_provision")
    event = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 5), actor=None)
    if who == "provider_staff":
        provider = make_provider(world.school, name="Another Farm")
        placed_pupil(world.school, provider)
        user = staff_of(provider, world.school)
    else:
        user = {"outsider": world.outsider, "governor": world.staff[Role.GOVERNOR], "sister_dsl": world.sister_dsl}[who]
    client = as_user(user)
    printed = reverse("event-record-print", args=[arrangement.school_id, arrangement.id, event.id])
    for response in (client.get(printed), client.get(printed + "?format=pdf"),
                     _post(client, arrangement, "visit", filled("visit"))):
        assert response.status_code in (403, 404)
        assert b"Answer: " not in response.content
    assert Event.objects.filter(arrangement=arrangement).count() == 1


def test_another_arrangements_entry_is_not_printed_under_this_one(world: Any, as_user: Any) -> None:
    ours = _arrangement(world, "alternative_provision")
    other = make_arrangement(world.other_pupil, kind="part_time_timetable", reason="medical")
    event = record_with_form(arrangement=other, type="pupil_views", date=dt.date(2026, 1, 5), actor=None)
    response = as_user(world.staff["dsl"]).get(
        reverse("event-record-print", args=[ours.school_id, ours.id, event.id]))
    assert response.status_code == 404
