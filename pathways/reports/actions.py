"""The only code that writes what the reports keep: a progress report sent to parents. One transaction and
one audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement
from pathways.audit.record import record
from pathways.pupils.models import PupilContact
from pathways.reports.models import ProgressReportSent
from pathways.schools.permissions import permission

MAX_BODY = 10_000


def why_not_sent(contact: PupilContact) -> str:
    """Why the progress report may not go to this contact by e-mail, or "" when it may. The one rule, read
    by the page that lists the contacts and by the action that sends."""
    if contact.restriction:
        return f"restricted: {contact.get_restriction_display()}"
    if not contact.parental_responsibility:
        return "no parental responsibility"
    if not contact.email:
        return "no e-mail address"
    return ""


def _check(arrangement: Arrangement, contacts: list[PupilContact], subject: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not contacts:
        errors["contacts"] = "Choose at least one contact to send the progress report to."
    for contact in contacts:
        reason = why_not_sent(contact) if contact.pupil_id == arrangement.pupil_id else "not this pupil's contact"
        if reason:
            errors["contacts"] = f"The report cannot be sent to {contact.name}: {reason}."
    if not subject.strip():
        errors["subject"] = "Enter the subject of the e-mail."
    elif len(subject) > 300:
        errors["subject"] = "The subject must be 300 characters or fewer."
    if not body.strip():
        errors["body"] = "Enter the message: it cannot be empty."
    elif len(body) > MAX_BODY:
        errors["body"] = f"The message must be {MAX_BODY:,} characters or fewer."
    return errors


@permission("send_progress_report")
@transaction.atomic
def do_send_progress_report(
    *, arrangement: Arrangement, contacts: Iterable[PupilContact], period_start: dt.date, period_end: dt.date,
    subject: str, body: str, pdf: bytes, filename: str, actor: Any, today: dt.date,
    now: dt.datetime | None = None,
) -> ProgressReportSent:
    """E-mail the progress report (its PDF attached) to each chosen contact, one message each so that no
    parent sees another's address, and record it as a `progress_report` entry of the chronology (the PDF
    as its attachment, to whom in its note) with a row of its own. A contact under a restriction, without
    parental responsibility or without an e-mail address is refused (nothing sent, nothing recorded).
    The messages go last, so that a failure to send (raised to the caller) leaves nothing recorded."""
    # The contacts as they are now, locked: a restriction added a moment ago is honoured.
    chosen = list(PupilContact.objects.select_for_update().filter(pk__in=[c.pk for c in contacts]))
    errors = _check(arrangement, chosen, subject, body)
    if errors:
        raise ValidationError(errors)
    chosen.sort(key=lambda c: (c.priority, c.pk))
    recipients: list[dict[str, Any]] = [
        {"contact": c.pk, "name": c.name, "relationship": c.relationship_display, "email": c.email} for c in chosen
    ]
    excluded = [{"contact": c.pk, "name": c.name, "reason": why_not_sent(c) or "not chosen"}
                for c in arrangement.pupil.contacts.exclude(pk__in=[c.pk for c in chosen])]
    to_whom = "; ".join(f"{r['name']} ({r['relationship']}) <{r['email']}>" if r["relationship"]
                        else f"{r['name']} <{r['email']}>" for r in recipients)
    note = (f"Progress report for {period_start:%-d %B %Y} to {period_end:%-d %B %Y} sent by e-mail to "
            f"{to_whom}.\n\n{subject.strip()}\n\n{body.strip()}\n")
    event = do_record_event(arrangement=arrangement, type="progress_report", date=today, actor=actor, note=note,
                            attachment=ContentFile(pdf, name=filename))
    sent = ProgressReportSent.objects.create(
        arrangement=arrangement, event=event, period_start=period_start, period_end=period_end,
        recipients=recipients, excluded=excluded, subject=subject.strip(), body=body.strip() + "\n",
        sent_by=actor if getattr(actor, "pk", None) else None, sent_at=now or timezone.now(),
    )
    record(actor=actor, action="send progress report", obj=sent, school=arrangement.school,
           changes={"event": event.pk, "to": [r["email"] for r in recipients], "period_start": period_start,
                    "period_end": period_end}, label=f"{arrangement}: progress report to parents",
           pupil=arrangement.pupil_id)
    reply_to = [actor.email] if getattr(actor, "email", "") else None
    for r in recipients:
        message = EmailMessage(subject=sent.subject, body=sent.body, from_email=settings.DEFAULT_FROM_EMAIL,
                               to=[r["email"]], reply_to=reply_to)
        message.attach(filename, pdf, "application/pdf")
        message.send(fail_silently=False)
    return sent
