"""The only code that writes notices and digest records. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement
from pathways.audit.record import record
from pathways.notifications.models import DigestSent, Method, Notice
from pathways.notifications.notices import TEMPLATES
from pathways.schools.permissions import permission

MAX_BODY = 20_000


def _check(*, template: str, method: str, subject: str, body: str, to: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if template not in TEMPLATES:
        errors["template"] = f"{template!r} is not a notice Pathways writes: choose one of the notices offered."
    if method not in Method.values:
        errors["method"] = "Choose to send the notice by email or download it as a letter."
    if not subject.strip():
        errors["subject"] = "Enter the subject of the notice."
    elif len(subject) > 300:
        errors["subject"] = "The subject must be 300 characters or fewer."
    if not body.strip():
        errors["body"] = "Enter the text of the notice: it cannot be empty."
    elif len(body) > MAX_BODY:
        errors["body"] = f"The text of the notice must be {MAX_BODY:,} characters or fewer."
    if method == Method.EMAIL and not to.strip():
        errors["to"] = ("The school has no local authority email address: add it on the school's policy page, "
                        "or download the notice as a letter.")
    return errors


@permission("notify_local_authority")
@transaction.atomic
def do_notify_local_authority(
    *, arrangement: Arrangement, template: str, method: str, subject: str, body: str, actor: Any,
    today: dt.date, now: dt.datetime | None = None,
) -> Notice:
    """Record the notice as an `la_notified` entry of the chronology (its text in the entry's note) and
    keep how it went; by email, send it to the school's local authority address last, so that a failure
    to send (an SMTP error, raised to the caller) leaves nothing recorded."""
    school = arrangement.school
    to = school.la_email if method == Method.EMAIL else (school.la_contact.strip() or school.local_authority)
    errors = _check(template=template, method=method, subject=subject, body=body, to=to)
    if errors:
        raise ValidationError(errors)
    how = f"Sent by email to {to}" if method == Method.EMAIL else f"Sent as a letter to {to}"
    note = f"{how}: {subject}\n\n{body.strip()}\n"
    event = do_record_event(arrangement=arrangement, type="la_notified", date=today, actor=actor, note=note)
    notice = Notice.objects.create(
        arrangement=arrangement, event=event, template=template, method=method, to=to, subject=subject.strip(),
        body=body.strip() + "\n", sent_by=actor if getattr(actor, "pk", None) else None,
        sent_at=now or timezone.now(),
    )
    record(actor=actor, action="notify local authority", obj=notice, school=school,
           changes={"event": event.pk, "method": method, "to": to, "template": template, "subject": subject},
           label=f"{arrangement}: notice to the local authority")
    if method == Method.EMAIL:
        reply_to = [actor.email] if getattr(actor, "email", "") else None
        EmailMessage(subject=subject.strip(), body=notice.body, from_email=settings.DEFAULT_FROM_EMAIL,
                     to=[to], reply_to=reply_to).send(fail_silently=False)
    return notice


@transaction.atomic
def do_send_digest(*, user: Any, day: dt.date, message: EmailMessage, items: int, now: dt.datetime,
                   actor: Any = None) -> DigestSent:
    """Send the user's digest of `day` and record it, together: a failure to send (raised to the caller)
    records nothing, so the next run tries again; a second digest the same day is refused by the
    database's unique constraint, even from two processes at once."""
    sent = DigestSent.objects.create(user=user, date=day, sent_at=now, items=items)
    record(actor=actor, action="send digest", obj=sent, changes={"user": user.pk, "date": day, "items": items},
           label=f"Digest for {user} on {day:%d %b %Y}")
    message.send(fail_silently=False)
    return sent
