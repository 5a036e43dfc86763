"""Annex C printed: the provider checklist as the seed's form ("Choosing a provider. A checklist for
schools"), each question in the seed's words with its answer and evidence, the heading filled from
Pathways' records, and its PDF; each opening writes a read row; the outsiders get nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from pathways.audit.models import AuditEvent
from pathways.pdf import pdf_text
from pathways.providers.actions import do_complete_provider_checklist
from pathways.providers.checklist import KEYS, NAME, QUESTIONS, SEED_WORDS
from pathways.providers.models import ProviderCheck, ProviderChecklist
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import placed_pupil, staff_of, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def evidence(**answers: dict[str, str]) -> dict[str, dict[str, str]]:
    given = {key: {"answer": "yes", "note": f"Seen on the visit: {key} evidence."} for key in KEYS}
    given.update(answers)
    return given


def completed(world: Any, provider: Any, **answers: dict[str, str]) -> ProviderChecklist:
    return do_complete_provider_checklist(provider=provider, school=world.school, actor=world.staff["ap_lead"],
                                          completed_on=dt.date(2026, 1, 20), review_by=dt.date(2026, 7, 20),
                                          answers=evidence(**answers))


def print_url(school: Any, provider: Any, checklist: Any) -> str:
    return reverse("provider-checklist-detail", args=[school.id, provider.id, checklist.id])


def test_the_printed_checklist_shows_every_question_in_the_seeds_words_with_its_evidence(
    world: Any, as_user: Any
) -> None:
    provider = make_provider(world.school, "Horizon Live Online School", kind="online_learning",
                             registration="online_accredited")
    checklist = completed(world, provider, ofsted={"answer": "no", "note": "Not inspected: accredited instead."})
    body = as_user(world.staff["teacher"]).get(print_url(world.school, provider, checklist)).content.decode()
    assert NAME in body and "Annex C" in body
    assert body.count('data-testid="checklist-question"') == len(QUESTIONS) == 10
    for q in QUESTIONS:
        words, guidance = SEED_WORDS[q.key]
        assert escape(words) in body, q.key
        assert escape(guidance) in body, q.key
        assert escape(checklist.answers[q.key]["note"]) in body, q.key
    header = body.split('data-testid="record-header"')[1].split("</dl>")[0]
    for text in ("Horizon Live Online School", provider.get_registration_display(), world.school.name,
                 "20 January 2026", world.staff["ap_lead"].get_full_name(), "20 July 2026",
                 "Yes: every question is answered with its evidence"):
        assert escape(text) in header, text
    assert "does not meet the duty" not in body and 'data-testid="record-incomplete"' not in body
    assert f'href="{print_url(world.school, provider, checklist)}?format=pdf"' in body
    assert "reports/report.css" in body


def test_the_pdf_is_the_printed_form(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Horizon Live Online School", kind="online_learning",
                             registration="online_accredited")
    checklist = completed(world, provider)
    response = as_user(world.staff["teacher"]).get(print_url(world.school, provider, checklist) + "?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="provider-checklist-horizon-live-online-school-2026-01-20.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Horizon Live Online School" in text and NAME in text
    assert "Seen on the visit: identity evidence." in text and "Download PDF" not in text


def test_an_incomplete_checklist_prints_that_it_does_not_meet_the_duty(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    check = ProviderCheck.objects.create(provider=provider, type="provider_checklist", date=dt.date(2026, 1, 5))
    kept = ProviderChecklist.objects.create(  # kept before evidence was asked, judged incomplete (providers/0009)
        provider=provider, check_record=check, completed_on=dt.date(2026, 1, 5), complete=False,
        answers=evidence(dbs={"answer": "yes", "note": ""}))
    client = as_user(world.staff["teacher"])
    body = client.get(print_url(world.school, provider, kept)).content.decode()
    assert 'data-testid="record-incomplete"' in body
    counts = body.split('data-testid="record-counts">')[1].split("</dd>")[0]
    assert counts.startswith("No:") and "does not meet the duty" in counts
    assert "No evidence given" in body and "No review date set" in body
    pdf = client.get(print_url(world.school, provider, kept) + "?format=pdf")
    assert "does not meet the duty" in " ".join(pdf_text(pdf.content).split())


def test_the_provider_page_links_each_checklists_printed_form(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    first, second = completed(world, provider), completed(world, provider)
    page = as_user(world.staff["teacher"]).get(
        reverse("provider-detail", args=[world.school.id, provider.id])).content.decode()
    listed = page.split("Provider checklists (Annex C)")[1].split("</ul>")[0]
    history = page.split('data-testid="check-history"')[1].split("</table>")[0]
    for checklist in (first, second):
        assert print_url(world.school, provider, checklist) in listed
        assert print_url(world.school, provider, checklist) in history


def test_each_opening_writes_a_read_row(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    checklist = completed(world, provider)
    client = as_user(world.staff["teacher"])
    assert client.get(print_url(world.school, provider, checklist)).status_code == 200
    assert client.get(print_url(world.school, provider, checklist) + "?format=pdf").status_code == 200
    reads = AuditEvent.objects.filter(kind=AuditEvent.Kind.READ, object_id=str(checklist.id))
    assert sorted(reads.values_list("action", flat=True)) == ["opened provider checklist",
                                                             "opened provider checklist (PDF)"]
    for row in reads:  # who, which record, where; never its content
        assert (row.actor, row.school_id, row.pupil_id) == (world.staff["teacher"], world.school.id, None)
        assert not row.changes and row.object_label == f"{provider.name}: {checklist}"


def test_the_outsiders_get_nothing_and_leave_no_read_row(world: Any, as_user: Any, client: Any) -> None:
    provider = make_provider(world.school)
    checklist = completed(world, provider)
    elsewhere = make_provider(world.school, "Hilltop Skills Centre")
    placed_pupil(world.school, provider)  # both schools of the trust place a pupil there
    placed_pupil(world.sister, provider, "Kit", "Sisterpupil")
    raw = token_for(provider, world.sister, "Sister MIS")  # a provider credential another school issued
    people = {
        "other school's DSL": (world.outsider, (404,)),
        "sister school's DSL": (world.sister_dsl, (404,)),
        "governor": (world.staff["governor"], (403,)),
        "provider's staff": (staff_of(provider, world.school), (403, 404)),
        "provider's staff of the sister school": (staff_of(provider, world.sister, "kim@willowfarm.example"),
                                                  (403, 404)),
    }
    page = print_url(world.school, provider, checklist)
    reads = AuditEvent.objects.filter(kind=AuditEvent.Kind.READ)
    before = reads.count()
    for who, (user, denied) in people.items():
        client.logout()
        c = as_user(user)
        for url in (page, page + "?format=pdf"):
            response = c.get(url)
            assert response.status_code in denied, who
            assert b"Seen on the visit" not in response.content, who
    for url in (page, page + "?format=pdf"):  # the API token is no session: sent to sign in, shown nothing
        response = Client(headers={"authorization": f"Bearer {raw}"}).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert b"Seen on the visit" not in response.content
    assert reads.count() == before
    # our own staff cannot open the checklist under another provider's address
    assert as_user(world.staff["ap_lead"]).get(
        reverse("provider-checklist-detail", args=[world.school.id, elsewhere.id, checklist.id])).status_code == 404
