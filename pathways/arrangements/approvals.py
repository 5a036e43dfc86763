"""Refusing an approval: the headteacher's refusal of an arrangement sent for approval, and the trust's
refusal (or approval) of a placement with an unregistered provider. One transaction and one audit row each;
each takes the version of the arrangement the page was read at (`seen`, pathways.audit.versions), so a
decision is never made on a page that no longer shows the arrangement as it is.

Approving is `actions.do_approve`, called through pathways.casework.arrangements.approvals, which first
asks the engine whether the arrangement would cause a breach of the law on its first day (that judgement
reads the cases, a layer above this app).

An arrangement already active or ended with no headteacher's approval in its chronology (brought in from an
MIS or a case file without one) has its agreement recorded after the event: `do_record_late_agreement`, with
the date it was given and a note of how and why it is recorded now (docs/approvals.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from pathways.arrangements.actions import WITHDRAWN_IS_KEPT, _new_event, do_record_event
from pathways.arrangements.models import CLOSED_STATUSES, Arrangement, Event, Status
from pathways.arrangements.models_approvals import ApprovalRefusal, RefusedBy
from pathways.audit.record import record
from pathways.audit.versions import refuse_stale
from pathways.providers.checks import counted_checks
from pathways.providers.models import Registration
from pathways.schools.permissions import permission

NO_REASON = "Say why the arrangement is refused: the school will read it in the chronology."
NO_NOTE = "Say on what the trust approves the placement (the forms read, any condition)."
NO_AGREEMENT_NOTE = "Say when and how the headteacher agreed, and why it is recorded now."


def _locked(arrangement: Arrangement, seen: str | None) -> Arrangement:
    locked = Arrangement.objects.select_for_update(of=("self",)).select_related("school").get(pk=arrangement.pk)
    refuse_stale(locked, seen, what="arrangement")
    return locked


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@permission("approve_arrangements")
@transaction.atomic
def do_refuse_approval(*, arrangement: Arrangement, actor: Any, on: dt.date, reason: str,
                       seen: str | None = None) -> ApprovalRefusal:
    """The headteacher refuses an arrangement sent for approval: it goes back to draft, and the refusal
    with its reason is kept beside the chronology."""
    locked = _locked(arrangement, seen)
    if not (reason or "").strip():
        raise ValidationError({"reason": NO_REASON})
    if locked.status != Status.AWAITING_APPROVAL:
        raise ValidationError(f"The arrangement is {locked.get_status_display().lower()}: only an arrangement "
                              "sent for approval can be refused.")
    refusal = ApprovalRefusal.objects.create(arrangement=locked, by=RefusedBy.HEADTEACHER, date=on,
                                             reason=reason.strip(), refused_by=_user(actor))
    locked.status = Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    arrangement.status = locked.status
    record(actor=actor, action="refuse arrangement", obj=locked, school=locked.school,
           changes={"status": [Status.AWAITING_APPROVAL, Status.DRAFT], "refusal": refusal.pk,
                    "date": on, "reason": reason.strip()})
    return refusal


# What the trust decides on (004 §3: "complete all of the initial visit forms and risk assessments
# (Appendix 1a/1b & 2) and send these to their link DPS for approval").
TRUST_FORMS = (
    ("consideration_form", "the consideration form (Appendix 1a)"),
    ("initial_visit", "the initial visit report (Appendix 1b)"),
    ("risk_assessment", "the risk assessment (Appendix 2)"),
)


def missing_for_trust(arrangement: Arrangement) -> list[str]:
    """The forms of TRUST_FORMS not yet recorded as the rules count them (cases/evidence.py, one truth): the
    consideration form with its complete form; the risk assessment completed and signed off (an approver and
    a next review date, as `cases.evidence.approved_assessments`); the initial visit among the provider's
    checks with its complete Appendix 1b report (`providers.checks.counted_checks`)."""
    have = set()
    if Event.current.filter(arrangement=arrangement, type="consideration_form", record__complete=True).exists():
        have.add("consideration_form")
    if (arrangement.risk_assessments.filter(status="completed", completed_on__isnull=False,
                                             next_review_due__isnull=False).exclude(approved_by="").exists()):
        have.add("risk_assessment")
    if (arrangement.provider is not None
            and arrangement.provider.checks.filter(counted_checks(), type="initial_visit").exists()):
        have.add("initial_visit")
    return [name for kind, name in TRUST_FORMS if kind not in have]


def awaiting_trust() -> Q:
    """The arrangements waiting for the trust's approval: alternative provision with an unregistered provider
    in a school of a trust, not ended or withdrawn, with no trust approval in the chronology; a draft the trust
    refused waits for the school to change it and send it again (awaiting approval)."""
    approved = Event.current.filter(arrangement=OuterRef("pk"), type="trust_approval")
    refused = ApprovalRefusal.objects.filter(arrangement=OuterRef("pk"), by=RefusedBy.TRUST)
    return (Q(kind="alternative_provision", provider__registration=Registration.UNREGISTERED,
              school__trust__isnull=False)
            & ~Q(status__in=CLOSED_STATUSES) & ~Q(Exists(approved))
            & (Q(status__in=(Status.AWAITING_APPROVAL, Status.ACTIVE)) | ~Q(Exists(refused))))


def _trust_decidable(locked: Arrangement) -> None:
    if locked.status in CLOSED_STATUSES:
        raise ValidationError(f"The arrangement is {locked.get_status_display().lower()}: the trust has nothing "
                              "to decide.")
    if Event.current.filter(arrangement=locked, type="trust_approval").exists():
        raise ValidationError("The trust has already approved this placement.")


@permission("approve_for_trust")
@transaction.atomic
def do_approve_for_trust(*, arrangement: Arrangement, actor: Any, on: dt.date, note: str,
                         seen: str | None = None) -> Event:
    """The trust lead approves a placement (with an unregistered provider): a `trust_approval` entry of the
    chronology, with the note on which it was approved (required)."""
    locked = _locked(arrangement, seen)
    if not (note or "").strip():
        raise ValidationError({"note": NO_NOTE})
    _trust_decidable(locked)
    missing = missing_for_trust(locked)
    if missing:
        raise ValidationError("The trust approves on the school's forms, and these are not recorded yet: "
                              + ", ".join(missing) + ". Refuse, or ask the school to record them.")
    return do_record_event(arrangement=locked, type="trust_approval", date=on, actor=actor, note=note.strip())


@permission("approve_for_trust")
@transaction.atomic
def do_refuse_for_trust(*, arrangement: Arrangement, actor: Any, on: dt.date, reason: str,
                        seen: str | None = None) -> ApprovalRefusal:
    """The trust lead refuses a placement: kept with its reason beside the chronology; an arrangement
    awaiting the headteacher's approval goes back to draft (an active one stays active: the school ends it)."""
    locked = _locked(arrangement, seen)
    if not (reason or "").strip():
        raise ValidationError({"reason": NO_REASON})
    _trust_decidable(locked)
    refusal = ApprovalRefusal.objects.create(arrangement=locked, by=RefusedBy.TRUST, date=on,
                                             reason=reason.strip(), refused_by=_user(actor))
    before = locked.status
    if locked.status == Status.AWAITING_APPROVAL:
        locked.status = Status.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        arrangement.status = locked.status
    record(actor=actor, action="refuse arrangement for the trust", obj=locked, school=locked.school,
           changes={"status": [before, locked.status], "refusal": refusal.pk, "date": on,
                    "reason": reason.strip()})
    return refusal


# ----------------------------------------------------------------------------- an agreement given after the start


def needs_late_agreement(arrangement: Arrangement) -> bool:
    """Whether the headteacher's agreement can be recorded after the event: the arrangement is active or
    ended and its chronology has no headteacher's approval the rules read (`Event.current`: a corrected
    entry counts by its correction)."""
    return (arrangement.status in (Status.ACTIVE, Status.ENDED)
            and not Event.current.filter(arrangement_id=arrangement.pk, type="headteacher_approval").exists())


def _refuse_unless_late_agreement_fits(locked: Arrangement) -> None:
    if locked.status == Status.DRAFT:
        raise ValidationError({"status": "The arrangement is a draft: send it for the headteacher's approval "
                                         "instead."})
    if locked.status == Status.AWAITING_APPROVAL:
        raise ValidationError({"status": "The arrangement is awaiting approval: approve it on the approval page "
                                         "instead."})
    if locked.status == Status.WITHDRAWN:
        raise ValidationError({"status": WITHDRAWN_IS_KEPT})
    recorded = (Event.current.filter(arrangement=locked, type="headteacher_approval")
                .order_by("date", "id").first())
    if recorded is not None:
        raise ValidationError({"headteacher_approval": "The headteacher's agreement is already recorded, on "
                                                       f"{recorded.date:%-d %B %Y}: correct that entry instead."})


@permission("approve_arrangements")
@transaction.atomic
def do_record_late_agreement(*, arrangement: Arrangement, actor: Any, on: dt.date, note: str,
                             seen: str | None = None) -> Event:
    """The headteacher records an agreement to an arrangement already active or ended that has none in its
    chronology: a `headteacher_approval` entry dated `on` (the day it was given, which may be before the
    arrangement was set up in Pathways, never in the future), with a note of how it was given and why it is
    recorded now (required: the record is made after the event). The status is left as it is; a duty that
    asks for the agreement before the start shows as met late when `on` is after it."""
    locked = _locked(arrangement, seen)
    _refuse_unless_late_agreement_fits(locked)
    if on > dt.date.today():
        raise ValidationError({"on": "The date is in the future: record the agreement once it is given."})
    if not (note or "").strip():
        raise ValidationError({"note": NO_AGREEMENT_NOTE})
    event = _new_event(arrangement=locked, type="headteacher_approval", date=on, actor=actor, fields=None,
                       note=note.strip(), attachment=None)
    arrangement.to_confirm = locked.to_confirm  # an imported claim of it is now confirmed (actions._confirmed)
    record(actor=actor, action="record late headteacher agreement", obj=locked, school=locked.school,
           changes={"event": event.pk, "date": on, "start": locked.start, "status": locked.status,
                    "note": note.strip()})
    return event
