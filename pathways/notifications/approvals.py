"""Sending an arrangement for approval, and telling the approvers by e-mail.

The headteacher approves every arrangement; a placement the trust must approve too (alternative provision
with an unregistered provider, in a school of a trust: 004 §3, Appendix 3) goes to the trust lead as well.
Each is e-mailed a link to the page where they decide, and finds it on their Today. The e-mails go after
the arrangement is sent for approval: one that cannot be sent is reported to whoever sent it, and the
arrangement stays awaiting approval (on the approvers' Today, whatever the mail server did).
Pupils are named by first name and initial only: an e-mail travels further than Pathways.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from pathways.arrangements import actions
from pathways.arrangements.access import arrangement_for
from pathways.arrangements.models import Arrangement
from pathways.notifications.digest import pupil_initials
from pathways.providers.models import Registration
from pathways.schools.models import Role, User
from pathways.schools.permissions import require

log = logging.getLogger(__name__)


def trust_must_approve(arrangement: Arrangement) -> bool:
    provider = arrangement.provider
    return (arrangement.kind == "alternative_provision" and provider is not None
            and provider.registration == Registration.UNREGISTERED and arrangement.school.trust_id is not None)


def approvers(arrangement: Arrangement) -> list[tuple[User, str]]:
    """(person, the page where they decide) for each approver with an e-mail address."""
    out: list[tuple[User, str]] = []
    for user in User.objects.filter(staff_roles__school_id=arrangement.school_id, staff_roles__role=Role.HEADTEACHER,
                                    is_active=True).exclude(email="").distinct().order_by("id"):
        out.append((user, reverse("arrangement-approve", args=(arrangement.school_id, arrangement.id))))
    trust_id = arrangement.school.trust_id
    if trust_must_approve(arrangement) and trust_id is not None:
        for user in User.objects.filter(trust_roles__trust_id=trust_id,
                                        is_active=True).exclude(email="").distinct().order_by("id"):
            out.append((user, reverse("arrangement-trust-approval", args=(arrangement.school_id, arrangement.id))))
    return out


def approval_emails(arrangement: Arrangement, sender: Any) -> list[EmailMessage]:
    base = settings.PATHWAYS_BASE_URL.rstrip("/")
    out = []
    for user, path in approvers(arrangement):
        trust = path.endswith("trust-approval/")
        context = {"user": user, "arrangement": arrangement, "pupil": pupil_initials(arrangement.pupil),
                   "school": arrangement.school, "sender": sender, "url": base + path, "trust": trust}
        subject = (f"For the trust's approval: {arrangement.get_kind_display().lower()} at "
                   f"{arrangement.provider.name if arrangement.provider else ''}, {arrangement.school.name}"
                   if trust else f"For your approval: {arrangement.get_kind_display().lower()} for "
                                 f"{pupil_initials(arrangement.pupil)}, {arrangement.school.name}")
        out.append(EmailMessage(subject=subject, body=render_to_string("notifications/approval.txt", context),
                                from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]))
    return out


@login_required
@require_POST
def arrangement_submit(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "plan_arrangements", arrangement.school)
    try:
        actions.do_submit_for_approval(arrangement=arrangement, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    emails = approval_emails(arrangement, request.user)
    failed = []
    for message in emails:
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError):
            log.exception("approval e-mail to %s not sent", message.to)
            failed.extend(message.to)
    who = "the headteacher and the trust lead" if trust_must_approve(arrangement) else "the headteacher"
    if not emails:
        messages.success(request, f"Sent for approval: it is on the Today page of {who} (no one to e-mail has an "
                                  "e-mail address).")
    elif failed:
        messages.warning(request, f"Sent for approval and on the Today page of {who}, but the e-mail to "
                                  f"{', '.join(failed)} could not be sent: tell them.")
    else:
        messages.success(request, f"Sent for approval: {who} {'have' if ' and ' in who else 'has'} been e-mailed.")
    return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
