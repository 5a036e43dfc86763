"""The only code that writes providers and their checks. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.record import record, snapshot
from pathways.providers.access import providers_of
from pathways.providers.models import Provider, ProviderCheck
from pathways.schools.models import School

PROVIDER_FIELDS = (
    "trust", "school", "name", "kind", "registration", "urn", "arranged_by", "live_teaching", "address",
    "contact_name", "contact_email", "contact_phone", "elsewhere_full_time_compulsory_age",
    "elsewhere_full_time_looked_after_or_ehcp", "elsewhere_full_time_sen",
)
CHECK_FIELDS = ("provider", "type", "date", "expires", "note")


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def do_create_provider(*, school: School, actor: Any, **fields: Any) -> Provider:
    """Add a provider for the school's trust (or for the school alone when it has no trust)."""
    provider = Provider(trust_id=school.trust_id, school=school, created_by=_actor_user(actor), **fields)
    provider.full_clean(validate_constraints=False)
    if providers_of(school).filter(name__iexact=provider.name).exists():
        where = "your trust" if school.trust_id else "your school"
        raise ValidationError({"name": f"{where.capitalize()} already has a provider called {provider.name}."})
    provider.save()
    record(actor=actor, action="create provider", obj=provider, school=school,
           changes=snapshot(provider, PROVIDER_FIELDS))
    return provider


@transaction.atomic
def do_record_provider_check(
    *, provider: Provider, school: School, actor: Any, type: str, date: dt.date,
    expires: dt.date | None = None, note: str = "",
) -> ProviderCheck:
    """Record a due-diligence check. `school` is the school whose member of staff recorded it."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    check = ProviderCheck(
        provider=provider, type=type, date=date, expires=expires, note=note, recorded_by=_actor_user(actor)
    )
    check.full_clean()
    check.save()
    record(actor=actor, action="record provider check", obj=check, school=school,
           changes=snapshot(check, CHECK_FIELDS), label=f"{provider.name}: {check}")
    return check
