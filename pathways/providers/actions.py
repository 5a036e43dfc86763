"""The only code that writes providers and their checks. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.record import changes_between, record, snapshot
from pathways.providers.access import providers_of
from pathways.providers.checklist import ANSWER_LABELS, KEYS
from pathways.providers.models import CheckType, Provider, ProviderCheck, ProviderChecklist
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


# What a school may change on a provider; its trust and the school that added it stay.
EDITABLE_FIELDS = tuple(f for f in PROVIDER_FIELDS if f not in ("trust", "school"))


@transaction.atomic
def do_update_provider(*, provider: Provider, school: School, actor: Any, **fields: Any) -> Provider:
    """Change a provider's details. `school` is the school whose member of staff changed them."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = snapshot(provider, PROVIDER_FIELDS)
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.full_clean(validate_constraints=False)
    if providers_of(school).filter(name__iexact=provider.name).exclude(id=provider.id).exists():
        where = "your trust" if school.trust_id else "your school"
        raise ValidationError({"name": f"{where.capitalize()} already has a provider called {provider.name}."})
    provider.save()
    record(actor=actor, action="change provider", obj=provider, school=school,
           changes=changes_between(before, snapshot(provider, PROVIDER_FIELDS)))
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


@transaction.atomic
def do_complete_provider_checklist(
    *, provider: Provider, school: School, actor: Any, completed_on: dt.date, answers: dict[str, dict[str, str]],
    review_by: dt.date | None = None,
) -> ProviderChecklist:
    """Keep the Annex C checklist's answers and record the `provider_checklist` check they evidence.
    Every question needs an answer; a "no" or "not yet" needs a note saying why or what happens next."""
    if not providers_of(school).filter(id=provider.id).exists():
        raise ValidationError({"provider": "This provider is not one your school can use."})
    problems = {}
    clean: dict[str, dict[str, str]] = {}
    for key in KEYS:
        given = answers.get(key) or {}
        answer, note = given.get("answer", ""), (given.get("note") or "").strip()
        if answer not in ANSWER_LABELS:
            problems[f"{key}_answer"] = "Answer yes, no or not yet."
        elif answer != "yes" and not note:
            problems[f"{key}_note"] = f"Say why the answer is {ANSWER_LABELS[answer].lower()}, or what happens next."
        clean[key] = {"answer": answer, "note": note}
    if review_by is not None and review_by <= completed_on:
        problems["review_by"] = "The review date must be after the date the checklist was completed."
    if set(answers) - set(KEYS):
        problems["answers"] = f"Not questions of the checklist: {', '.join(sorted(set(answers) - set(KEYS)))}."
    if problems:
        raise ValidationError(problems)
    outstanding = [k for k in KEYS if clean[k]["answer"] != "yes"]
    summary = (
        "Every question answered yes." if not outstanding
        else f"{len(outstanding)} question{'s' if len(outstanding) > 1 else ''} not answered yes."
    )
    check = ProviderCheck(
        provider=provider, type=CheckType.PROVIDER_CHECKLIST, date=completed_on, expires=review_by,
        note=f"Annex C checklist. {summary}", recorded_by=_actor_user(actor),
    )
    check.full_clean()
    check.save()
    checklist = ProviderChecklist(
        provider=provider, check_record=check, completed_on=completed_on, completed_by=_actor_user(actor),
        answers=clean,
    )
    checklist.full_clean()
    checklist.save()
    record(actor=actor, action="complete provider checklist", obj=checklist, school=school,
           changes={"provider": provider.pk, "check": check.pk, "completed_on": completed_on,
                    "review_by": review_by, "answers": clean},
           label=f"{provider.name}: {checklist}")
    return checklist
