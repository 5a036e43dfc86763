"""The provider's checks the policy records with a form: Appendix 1b (the report of the professionals'
initial visit) and Annex C (choosing a provider, with the evidence for every answer). Each counts for
the rules only complete; an empty one is refused with the question named; each prints as the seed's form."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.arrangements.actions_records import do_record_check_with_form
from pathways.arrangements.models import Status
from pathways.arrangements.record_templates import INITIAL_VISIT_REPORT
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.providers.actions import do_complete_provider_checklist, do_record_provider_check
from pathways.providers.checklist import KEYS
from pathways.providers.models import CheckRecord, ProviderCheck, ProviderChecklist
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.providers.helpers import VISIT_REPORT, make_provider

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)
REPORT = VISIT_REPORT


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def evidence(**answers: dict[str, str]) -> dict[str, dict[str, str]]:
    given = {key: {"answer": "yes", "note": f"How we know ({key})."} for key in KEYS}
    given.update(answers)
    return given


def checklist_post(answers: dict[str, dict[str, str]]) -> dict[str, str]:
    data = {"completed_on": "2026-01-20", "review_by": ""}
    for key, given in answers.items():
        data[f"{key}_answer"], data[f"{key}_note"] = given["answer"], given["note"]
    return data


def judged(arrangement: Any, rule: str) -> Any:
    return evaluate(case_for(arrangement, TODAY)).get(rule)


# ----------------------------------------------------------------------------- Annex C


def test_ten_yes_answers_without_evidence_are_refused_naming_each_question(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, kind="online_learning", registration="online_accredited")
    bare = {key: {"answer": "yes", "note": ""} for key in KEYS}
    response = as_user(world.staff["ap_lead"]).post(url("provider-checklist", world.school.id, provider.id),
                                                    checklist_post(bare))
    body = response.content.decode()
    assert response.status_code == 400
    summary = body.split("govuk-error-summary__body")[1].split("</ul>")[0]
    assert summary.count("give the evidence for the yes") == 10
    assert "Safeguarding 3 (How quickly, and by what means, is the school alerted" in summary
    assert "Quality of education 6 (Has the provider been inspected by Ofsted?)" in summary
    assert not ProviderChecklist.objects.exists() and not ProviderCheck.objects.exists()
    with pytest.raises(ValidationError) as refused:
        do_complete_provider_checklist(provider=provider, school=world.school, actor=None, completed_on=TODAY,
                                       answers=bare)
    assert set(refused.value.message_dict) == {f"{key}_note" for key in KEYS}
    assert not ProviderChecklist.objects.exists()


def test_the_checklist_with_its_evidence_meets_the_duty_and_a_bare_check_does_not(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["online-learning-packages"])
    provider = make_provider(world.school, kind="online_learning", registration="online_accredited")
    online = make_arrangement(world.pupil, kind="online_learning", reason="medical", provider=provider,
                              status=Status.ACTIVE, start=MONDAY, slots=at_provider(2))
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="provider_checklist",
                             date=dt.date(2026, 1, 5))  # a date alone, as an older version kept it
    assert judged(online, "OLP-PROVIDER-CHECKLIST").status != "met"
    checklist = do_complete_provider_checklist(provider=provider, school=world.school, actor=None,
                                               completed_on=dt.date(2026, 1, 5), answers=evidence())
    assert checklist.complete
    assert judged(online, "OLP-PROVIDER-CHECKLIST").status == "met"


def test_a_checklist_kept_before_evidence_was_asked_counts_only_if_every_answer_has_it(world: Any) -> None:
    provider = make_provider(world.school, kind="online_learning", registration="online_accredited")
    kept = []
    for answers in (evidence(), evidence(dbs={"answer": "yes", "note": ""})):
        check = ProviderCheck.objects.create(provider=provider, type="provider_checklist", date=TODAY)
        kept.append(ProviderChecklist.objects.create(provider=provider, check_record=check, completed_on=TODAY,
                                                     answers=answers))
    migration = import_module("pathways.providers.migrations.0009_check_records_and_complete_checklists")
    migration.judge_kept_checklists(apps, None)
    assert [ProviderChecklist.objects.get(pk=c.pk).complete for c in kept] == [True, False]


def test_the_plain_check_form_sends_the_initial_visit_and_the_checklist_to_their_forms(
    world: Any, as_user: Any
) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff["ap_lead"])
    add = url("provider-check-add", world.school.id, provider.id)
    assert client.get(f"{add}?type=initial_visit")["Location"] == url("provider-initial-visit", world.school.id,
                                                                       provider.id)
    assert client.get(f"{add}?type=provider_checklist")["Location"] == url("provider-checklist", world.school.id,
                                                                            provider.id)
    response = client.post(add, {"type": "initial_visit", "date": "2026-01-20"})
    assert response.status_code == 400 and not ProviderCheck.objects.exists()


# ----------------------------------------------------------------------------- Appendix 1b


def test_an_empty_initial_visit_report_is_refused_naming_each_question(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    response = as_user(world.staff["ap_lead"]).post(url("provider-initial-visit", world.school.id, provider.id),
                                                    {"date": "2026-01-20"})
    body = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in body
    summary = body.split("govuk-error-summary__body")[1].split("</ul>")[0]
    for q in INITIAL_VISIT_REPORT.questions:
        assert (q.label in summary) == q.required, q.label
    assert not ProviderCheck.objects.exists()
    with pytest.raises(ValidationError) as refused:
        do_record_check_with_form(provider=provider, school=world.school, actor=None, type="initial_visit",
                                  date=TODAY, answers={**REPORT, "qualifications": " "})
    assert list(refused.value.message_dict) == ["qualifications"]
    assert not ProviderCheck.objects.exists()


def test_the_initial_visit_counts_for_the_unregistered_provider_only_with_its_report(
    world: Any, as_user: Any
) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    provider = make_provider(world.school)
    placement = make_arrangement(world.pupil, provider=provider, start=dt.date(2026, 2, 2), slots=at_provider(4))
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="initial_visit",
                             date=dt.date(2026, 1, 12))  # a date alone
    assert [c.type for c in case_for(placement, TODAY).provider.checks] == []
    assert "(Appendix 1b)" in judged(placement, "AP-UNREGISTERED-APPROVAL").message
    client = as_user(world.staff["ap_lead"])
    response = client.post(url("provider-initial-visit", world.school.id, provider.id),
                           {"date": "2026-01-20", **REPORT})
    check = ProviderCheck.objects.get(record__isnull=False)
    assert response.status_code == 302
    assert response["Location"] == url("provider-check-report", world.school.id, provider.id, check.id)
    assert CheckRecord.objects.get(check_record=check).answers == REPORT
    assert [(c.type, c.date) for c in case_for(placement, TODAY).provider.checks] == [
        ("initial_visit", dt.date(2026, 1, 20))]
    assert AuditEvent.objects.filter(action="record form", object_id=str(check.pk)).exists()
    page = client.get(url("provider-detail", world.school.id, provider.id)).content.decode()
    assert page.count('data-testid="check-not-counted"') == 1  # the bare one, kept and marked


def test_the_report_prints_as_appendix_1b_with_the_provision_filled_in(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    check = do_record_check_with_form(provider=provider, school=world.school, actor=None, type="initial_visit",
                                      date=dt.date(2026, 1, 20), answers=REPORT)
    bare = do_record_provider_check(provider=provider, school=world.school, actor=None, type="initial_visit",
                                    date=dt.date(2026, 1, 12))
    client = as_user(world.staff["teacher"])
    body = client.get(url("provider-check-report", world.school.id, provider.id, check.id)).content.decode()
    assert "Report from professionals&#x27; initial visit to provision" in body
    assert "Appendix 1b of the trust" in body
    for text in ("Willow Farm Rural Skills", "20 January 2026", "Not registered as a school", REPORT["qualifications"],
                 "Name of school staff visiting the provision", "Feedback and authorisation given by DPS"):
        assert text in body, text
    assert 'data-testid="record-incomplete"' not in body
    assert 'data-testid="record-incomplete"' in client.get(
        url("provider-check-report", world.school.id, provider.id, bare.id)).content.decode()
    pdf = client.get(url("provider-check-report", world.school.id, provider.id, check.id) + "?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.READ, action__startswith="opened Report").count() == 3


def test_who_may_record_and_read_the_report(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    check = do_record_check_with_form(provider=provider, school=world.school, actor=None, type="initial_visit",
                                      date=dt.date(2026, 1, 20), answers=REPORT)
    form = url("provider-initial-visit", world.school.id, provider.id)
    report = url("provider-check-report", world.school.id, provider.id, check.id)
    assert as_user(world.staff["teacher"]).post(form, {"date": "2026-01-20", **REPORT}).status_code == 403
    for outsider in (world.outsider, world.sister_dsl):
        client = as_user(outsider)
        assert client.get(report).status_code == 404 and client.get(form).status_code == 404
        assert client.post(form, {"date": "2026-01-20", **REPORT}).status_code == 404
    # another provider's check by its id: not this provider's report
    elsewhere = make_provider(world.school, "Hilltop Skills Centre")
    assert as_user(world.staff["ap_lead"]).get(
        url("provider-check-report", world.school.id, elsewhere.id, check.id)).status_code == 404
    assert ProviderCheck.objects.count() == 1
