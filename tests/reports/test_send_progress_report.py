"""Sending the parents' progress report (Appendix 6) by e-mail: only to contacts with parental
responsibility, an e-mail address and no restriction; the PDF attached; a `progress_report` entry in the
chronology with what was sent, a row of its own and an audit row. Nothing ever goes to a restricted contact."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.audit.models import AuditEvent
from pathways.pdf import pdf_text
from pathways.reports.actions import do_send_progress_report
from pathways.reports.models import ProgressReportSent
from tests.pupils.contacts_helpers import with_contacts
from tests.reports.helpers import TODAY, on, place

pytestmark = pytest.mark.django_db


def url(world: Any, arrangement: Any) -> str:
    return reverse("report-progress-send", args=[world.school.id, arrangement.id])


def _entries(arrangement: Any) -> Any:
    return Event.current.filter(arrangement=arrangement, type="progress_report", date=TODAY)


def test_the_page_ticks_who_may_receive_it_and_says_why_the_others_do_not(world: Any, as_user: Any) -> None:
    placed = place(world)
    with_contacts(world.pupil)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, placed.arrangement))
    assert response.status_code == 200
    body = response.content.decode()
    ticked = body.split('data-testid="send-contacts"')[1].split("</fieldset>")[0]
    assert "Jo Mum" in ticked and " checked" in ticked
    for name in ("Rick Dad", "Edna Gran", "Sue Aunt"):
        assert name not in ticked
    excluded = body.split('data-testid="send-excluded"')[1].split("</table>")[0]
    dad = excluded.split('data-restricted="no_contact"')[1].split("</tr>")[0]
    assert "Rick Dad" in dad and "No contact (court order): Court order, see file" in dad
    assert "Edna Gran" in excluded and "No parental responsibility" in excluded
    assert "Sue Aunt" in excluded and "No e-mail address" in excluded
    assert "Ava&#x27;s progress report, 5 January to 13 February 2026" in body


def test_preview_then_send_mails_the_pdf_and_records_the_entry(world: Any, as_user: Any) -> None:
    placed = place(world)
    contacts = with_contacts(world.pupil)
    client = as_user(world.staff["ap_lead"])
    form = {"contacts": [contacts.mum.pk], "subject": "Ava's progress report", "body": "Dear Jo,\nAttached."}
    with on(TODAY):
        preview = client.post(url(world, placed.arrangement), {**form, "step": "preview"})
        assert preview.status_code == 200 and not mail.outbox and not _entries(placed.arrangement).exists()
        shown = preview.content.decode().split('data-testid="send-preview"')[1].split("</dl>")[0]
        assert "Jo Mum &lt;jo@example.org&gt;" in shown and "Dear Jo," in shown and "Rick" not in shown
        sent = client.post(url(world, placed.arrangement), {**form, "step": "send"}, follow=True)
    assert "Progress report sent to Jo Mum" in sent.content.decode()
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Ava's progress report" and "Dear Jo," in message.body
    (name, content, mimetype), = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf") and content.startswith(b"%PDF")
    assert "Progress report for parents and carers" in pdf_text(content)
    entry = _entries(placed.arrangement).get()
    assert "sent by e-mail to Jo Mum (Mother) <jo@example.org>" in entry.note
    assert "5 January 2026 to 13 February 2026" in entry.note
    assert entry.attachment.name.endswith(".pdf") and entry.attachment.read().startswith(b"%PDF")
    row = ProgressReportSent.objects.get(event=entry)
    assert [r["email"] for r in row.recipients] == ["jo@example.org"]
    assert {e["name"]: e["reason"] for e in row.excluded} == {
        "Rick Dad": "restricted: No contact (court order)", "Edna Gran": "no parental responsibility",
        "Sue Aunt": "no e-mail address"}
    assert (row.period_start.isoformat(), row.period_end.isoformat()) == ("2026-01-05", "2026-02-13")
    audit = AuditEvent.objects.get(action="send progress report")
    assert audit.actor == world.staff["ap_lead"] and audit.changes["to"] == ["jo@example.org"]


def test_a_forged_restricted_contact_is_refused_and_nothing_is_sent(world: Any, as_user: Any) -> None:
    placed = place(world)
    contacts = with_contacts(world.pupil)
    form = {"contacts": [contacts.mum.pk, contacts.dad.pk], "subject": "S", "body": "B", "step": "send"}
    with on(TODAY):
        response = as_user(world.staff["dsl"]).post(url(world, placed.arrangement), form)
    assert response.status_code == 400 and "Choose only the contacts listed." in response.content.decode()
    assert not mail.outbox and not _entries(placed.arrangement).exists()


@pytest.mark.parametrize("who", ["dad", "gran", "aunt"])
def test_the_action_never_sends_to_a_restricted_a_non_parent_or_an_address_less_contact(world: Any,
                                                                                       who: str) -> None:
    placed = place(world)
    contacts = with_contacts(world.pupil)
    with on(TODAY), pytest.raises(ValidationError) as refused:
        do_send_progress_report(
            arrangement=placed.arrangement, contacts=[contacts.mum, getattr(contacts, who)], period_start=TODAY,
            period_end=TODAY, subject="S", body="B", pdf=b"%PDF-1.7", filename="r.pdf",
            actor=world.staff["dsl"], today=TODAY)
    assert "cannot be sent to" in str(refused.value)
    assert not mail.outbox and not _entries(placed.arrangement).exists()
    assert not ProgressReportSent.objects.exists()


def test_a_restriction_added_after_the_page_was_opened_is_honoured(world: Any, as_user: Any) -> None:
    placed = place(world)
    contacts = with_contacts(world.pupil)
    stale = contacts.mum  # as the page read it
    type(stale).objects.filter(pk=stale.pk).update(restriction="no_information")
    with on(TODAY), pytest.raises(ValidationError):
        do_send_progress_report(arrangement=placed.arrangement, contacts=[stale], period_start=TODAY,
                                period_end=TODAY, subject="S", body="B", pdf=b"%PDF", filename="r.pdf",
                                actor=world.staff["dsl"], today=TODAY)
    assert not mail.outbox


def test_another_pupils_contact_is_refused(world: Any) -> None:
    placed = place(world)
    theirs = with_contacts(world.other_pupil)
    with on(TODAY), pytest.raises((ValidationError, PermissionDenied)):
        do_send_progress_report(arrangement=placed.arrangement, contacts=[theirs.mum], period_start=TODAY,
                                period_end=TODAY, subject="S", body="B", pdf=b"%PDF", filename="r.pdf",
                                actor=world.staff["dsl"], today=TODAY)
    assert not mail.outbox


def test_the_report_page_offers_the_button_to_staff_only(world: Any, as_user: Any) -> None:
    placed = place(world)
    report = reverse("report-progress", args=[world.school.id, placed.arrangement.id])
    with on(TODAY):
        staff = as_user(world.staff["teacher"]).get(report).content.decode()
        lead = as_user(world.trust_lead).get(report).content.decode()
    assert 'data-testid="send-to-parents"' in staff and url(world, placed.arrangement) in staff
    assert 'data-testid="send-to-parents"' not in lead


@pytest.mark.parametrize("who,status", [("outsider", 404), ("sister_dsl", 404), ("governor", 403),
                                        ("trust_lead", 403), ("provider", 404)])
def test_the_outsider_can_neither_open_nor_send(world: Any, as_user: Any, who: str, status: int) -> None:
    from tests.test_isolation import _provider_staff_of_ours

    placed = place(world)
    contacts = with_contacts(world.pupil)
    user = {"governor": world.staff["governor"], "provider": None}.get(who) or getattr(world, who, None)
    if who == "provider":
        user = _provider_staff_of_ours(world)
    client = as_user(user)
    with on(TODAY):
        opened = client.get(url(world, placed.arrangement))
        posted = client.post(url(world, placed.arrangement), {"contacts": [contacts.mum.pk], "subject": "S",
                                                              "body": "B", "step": "send"})
    assert opened.status_code == status and posted.status_code == status
    assert "Jo Mum" not in opened.content.decode()
    assert not mail.outbox and not _entries(placed.arrangement).exists()
