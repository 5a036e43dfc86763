"""The only code that writes the school's remote education offer, its public link and its audits. One
transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.record import record
from pathways.remote.expectations import tool
from pathways.remote.models import KEY_STAGES, AuditRating, Rag, RemoteAudit, RemoteOffer, RemoteOfferLink
from pathways.schools.models import School, StaffRole
from pathways.schools.permissions import permission

OFFER_FIELDS = (
    "effective_from", "lead_name", "next_day_capacity", "next_day_how", "platforms", "hours_ks1", "hours_ks2",
    "hours_ks3", "hours_ks4", "engagement_weekly", "engagement_how", "parents_told_how", "send_provision",
    "for_parents",
)
RATING_FIELDS = ("rating", "doing", "impact", "next_steps", "who", "by_when")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def latest_offer(school: School) -> RemoteOffer | None:
    return RemoteOffer.objects.filter(school=school).order_by("-id").first()


@permission("manage_remote_education")
@transaction.atomic
def do_change_remote_offer(*, school: School, actor: Any, values: Mapping[str, Any], lead: Any = None,
                           seen: int | None = None) -> RemoteOffer:
    """A new version of the offer, applying from values["effective_from"]. `seen` is the id of the latest
    version the form was read at: a newer one is refused, so no change is lost."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one change of the offer at a time
    before = latest_offer(school)
    if seen is not None and before is not None and before.pk != seen:
        who = before.created_by.get_full_name() if before.created_by else "someone"
        raise ValidationError(
            f"{who} changed the offer at {before.created_at:%H:%M on %d %B %Y}. Your changes are below, not saved: "
            "check them and save again.")
    if lead is not None and not StaffRole.objects.filter(user=lead, school=school).exists():
        raise ValidationError({"lead": "The remote learning lead must be a member of this school's staff."})
    offer = RemoteOffer(school=school, lead=lead, created_by=_user(actor),
                        **{name: values.get(name) for name in OFFER_FIELDS if name in values})
    if lead is not None and not offer.lead_name:
        offer.lead_name = lead.get_full_name() or lead.get_username()
    offer.full_clean()
    offer.save()
    changes = {name: _plain(getattr(offer, name)) for name in OFFER_FIELDS
               if before is None or getattr(before, name) != getattr(offer, name)}
    record(actor=actor, action="changed the remote education offer", obj=offer, school=school, changes=changes)
    return offer


@permission("manage_remote_education")
@transaction.atomic
def do_publish_remote_offer(*, school: School, actor: Any, new_link: bool = False) -> RemoteOfferLink:
    """The public link of the offer for parents; `new_link` replaces it (the old address stops working)."""
    link = RemoteOfferLink.objects.select_for_update().filter(school=school).first()
    if link is None:
        link = RemoteOfferLink.objects.create(school=school)
        action = "published the remote education offer for parents"
    elif new_link:
        link.delete()
        link = RemoteOfferLink.objects.create(school=school)
        action = "replaced the public link of the remote education offer"
    else:
        return link
    record(actor=actor, action=action, obj=link, school=school)
    return link


@permission("manage_remote_education")
@transaction.atomic
def do_record_remote_audit(*, school: School, actor: Any, rated_on: dt.date,
                           ratings: Mapping[str, Mapping[str, Any]]) -> RemoteAudit:
    """A completed planning and audit tool: a red, amber or green rating for every expectation of
    expectations.yaml, with what the school is doing, its impact, what it needs to do now, who and by when."""
    keys = tool().expectation_keys()
    missing = [k for k in keys if not (ratings.get(k) or {}).get("rating")]
    if missing:
        raise ValidationError(f"Rate every expectation red, amber or green ({len(missing)} not rated).")
    unknown = sorted(set(ratings) - set(keys))
    if unknown:
        raise ValidationError(f"Not an expectation of the audit tool: {', '.join(unknown)}.")
    audit = RemoteAudit.objects.create(school=school, rated_on=rated_on, created_by=_user(actor))
    counts = {r.value: 0 for r in Rag}
    for key in keys:
        row = AuditRating(audit=audit, expectation=key,
                          **{f: ratings[key].get(f) or ("" if f not in ("by_when",) else None) for f in RATING_FIELDS})
        row.full_clean()
        row.save()
        counts[row.rating] += 1
    record(actor=actor, action="rated the remote education planning and audit tool", obj=audit, school=school,
           changes={"rated on": rated_on, **{Rag(k).label.lower(): v for k, v in counts.items()}})
    return audit


__all__ = ["KEY_STAGES", "do_change_remote_offer", "do_publish_remote_offer", "do_record_remote_audit",
           "latest_offer"]
