"""The pages of Annex D, the school's online learning planning checklist: the form (refused with each
activity named, saved with activities still to do, a version saved since not written over), the print
page and its PDF (each opening audited), the links to it, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.providers.actions_planning import do_complete_planning_checklist
from pathways.providers.models import PlanningChecklist
from pathways.providers.planning import KEYS
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import staff_of
from tests.providers.test_planning_checklist import all_done, form_url, online, post_of, print_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def summary_of(body: str) -> str:
    return body.split("govuk-error-summary__body")[1].split("</ul>")[0]


def test_a_yes_without_who_is_refused_on_the_page_naming_each_activity(world: Any, as_user: Any) -> None:
    provider = online(world.school)
    client = as_user(world.staff["ap_lead"])
    page = client.get(form_url(world.school, provider))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('data-testid="planning-activity"') == 13 and 'data-testid="planning-none"' in body
    items = all_done(induction={"person": "", "done": "yes"}, cp_policy_update={"person": "", "done": "yes"},
                     reintegration={"person": "", "done": ""})
    response = client.post(form_url(world.school, provider), post_of(items))
    body = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in body
    summary = summary_of(body)
    assert "Activity 5 (Agree member of staff responsible for the initial induction meeting" in summary
    assert "Activity 13 (Update CP/ Safeguarding policy" in summary
    assert "Activity 7: say whether it is completed, yes or no." in summary
    assert 'href="#id_induction_person"' in summary
    assert not PlanningChecklist.objects.exists()


def test_saved_with_activities_still_to_do_the_pages_show_what_remains(world: Any, as_user: Any) -> None:
    provider = online(world.school)
    client = as_user(world.staff["ap_lead"])
    items = all_done(reintegration={"person": "", "done": "no"},
                     cp_policy_update={"person": "Dee Dsl, DSL", "done": "no", "note": "At the next review."})
    response = client.post(form_url(world.school, provider), post_of(items))
    first = PlanningChecklist.objects.get()
    assert response.status_code == 302 and response["Location"] == print_url(world.school, first)
    assert first.version == 1 and first.completed_by == world.staff["ap_lead"]
    printed = client.get(print_url(world.school, first)).content.decode()
    remaining = printed.split('data-testid="planning-remaining"')[1].split("</ul>")[0]
    assert remaining.count("<li>") == 2 and "reintegration is needed" in remaining
    assert printed.count('data-testid="planning-row"') == 13 and "Note: At the next review." in printed
    assert "Online learning planning checklist - school use" in printed and "Person responsible" in printed
    # the form starts from the last version and says what remains
    again = client.get(form_url(world.school, provider)).content.decode()
    assert 'value="Dee Dsl, DSL"' in again and "Still to complete (2 of 13)" in again
    client.post(form_url(world.school, provider), post_of(all_done(), seen=1))
    second = PlanningChecklist.objects.get(version=2)
    assert 'data-testid="planning-all-done"' in client.get(print_url(world.school, second)).content.decode()
    assert 'data-testid="planning-superseded"' in client.get(print_url(world.school, first)).content.decode()
    assert AuditEvent.objects.filter(action="complete planning checklist").count() == 2


def test_a_version_saved_since_the_page_was_read_is_refused_and_what_was_typed_kept(world: Any,
                                                                                  as_user: Any) -> None:
    provider = online(world.school)
    do_complete_planning_checklist(provider=provider, school=world.school, actor=world.staff["dsl"],
                                   completed_on=dt.date(2026, 1, 19), items=all_done())
    items = all_done(induction={"person": "Typed by me", "done": "yes"})
    response = as_user(world.staff["ap_lead"]).post(form_url(world.school, provider), post_of(items, seen=0))
    body = response.content.decode()
    assert response.status_code == 400 and "saved version 1 of this checklist" in body
    assert 'value="Typed by me"' in body and 'name="seen" value="1"' in body
    assert PlanningChecklist.objects.count() == 1


def test_the_print_page_and_its_pdf_are_audited(world: Any, as_user: Any) -> None:
    provider = online(world.school)
    checklist = do_complete_planning_checklist(provider=provider, school=world.school, actor=None,
                                               completed_on=dt.date(2026, 1, 20), items=all_done())
    client = as_user(world.staff["teacher"])  # may read the school's records, not complete the checklist
    page = client.get(print_url(world.school, checklist))
    assert page.status_code == 200 and "Update the planning checklist" not in page.content.decode()
    pdf = client.get(print_url(world.school, checklist) + "?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    reads = AuditEvent.objects.filter(kind=AuditEvent.Kind.READ, object_id=str(checklist.id))
    assert sorted(reads.values_list("action", flat=True)) == ["opened planning checklist",
                                                             "opened planning checklist (PDF)"]
    assert all(r.actor == world.staff["teacher"] and r.pupil_id is None for r in reads)


def test_linked_from_the_online_providers_page_and_the_online_arrangement(world: Any, as_user: Any) -> None:
    provider = online(world.school)
    farm = make_provider(world.school)
    client = as_user(world.staff["ap_lead"])
    assert 'data-testid="planning-checklist-button"' in client.get(
        reverse("provider-detail", args=[world.school.id, provider.id])).content.decode()
    assert 'data-testid="planning-checklist-button"' not in client.get(
        reverse("provider-detail", args=[world.school.id, farm.id])).content.decode()
    arrangement = make_arrangement(world.pupil, kind="online_learning", reason="medical", provider=provider,
                                   status=Status.ACTIVE, start=MONDAY, slots=at_provider(2))
    body = client.get(reverse("arrangement-detail", args=[world.school.id, arrangement.id])).content.decode()
    link = body.split('data-testid="planning-checklist-link"')[1].split("</a>")[0]
    assert form_url(world.school, provider) in link and "The school's planning checklist (Annex D)" in link
    # a farm's page has no form: it says the checklist is for an online learning provider
    page = client.get(form_url(world.school, farm))
    assert 'data-testid="not-online"' in page.content.decode() and "planning-activity" not in page.content.decode()
    checklist = do_complete_planning_checklist(provider=provider, school=world.school, actor=None,
                                               completed_on=dt.date(2026, 1, 20), items=all_done())
    detail = client.get(reverse("provider-detail", args=[world.school.id, provider.id])).content.decode()
    assert print_url(world.school, checklist) in detail and "13 of 13 activities completed" in detail


def test_the_outsiders_get_nothing_and_write_nothing(world: Any, as_user: Any, client: Any) -> None:
    provider = online(world.school)
    ours = do_complete_planning_checklist(provider=provider, school=world.school, actor=None,
                                          completed_on=dt.date(2026, 1, 20), items=all_done())
    # the sister school of the trust uses the same provider and keeps its own checklist
    theirs = do_complete_planning_checklist(provider=provider, school=world.sister, actor=None,
                                            completed_on=dt.date(2026, 1, 20), items=all_done())
    for pupil in (world.pupil, make_pupil(world.sister, "Kit", "Sisterpupil")):  # both schools place pupils there
        make_arrangement(pupil, kind="online_learning", reason="medical", provider=provider, status=Status.ACTIVE,
                         start=MONDAY, slots=at_provider(2))
    people = {
        "teacher": (world.staff["teacher"], (403,)), "governor": (world.staff["governor"], (403, 404)),
        "other school's DSL": (world.outsider, (404,)), "sister school's DSL": (world.sister_dsl, (404,)),
        "provider's staff": (staff_of(provider, world.school), (403, 404)),
        "provider's staff from the sister school": (staff_of(provider, world.sister, "kim@horizon.example"),
                                                     (403, 404)),
    }
    post = post_of(all_done(), seen=1)
    written = AuditEvent.objects.exclude(action="signed in")  # signing each of them in is audited; nothing else
    rows, kept = written.count(), PlanningChecklist.objects.count()
    for who, (user, denied) in people.items():
        client.logout()
        c = as_user(user)
        assert c.get(form_url(world.school, provider)).status_code in denied, who
        assert c.post(form_url(world.school, provider), post).status_code in denied, who
        if who != "teacher":  # the teacher may read the school's records
            assert c.get(print_url(world.school, ours)).status_code in (403, 404), who
            assert c.get(print_url(world.school, ours) + "?format=pdf").status_code in (403, 404), who
    assert written.count() == rows and PlanningChecklist.objects.count() == kept
    # our staff cannot open the sister school's checklist through our school, nor theirs at all
    lead = as_user(world.staff["ap_lead"])
    assert lead.get(print_url(world.school, theirs)).status_code == 404
    assert lead.get(print_url(world.sister, theirs)).status_code == 404
    assert set(KEYS) == set(ours.items)
