"""Recording a chronology entry with its structured record (record_templates.py): the entry and the
answers to its template's questions, in one transaction with one audit row. A record missing a required
answer is refused, naming each question not answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Event
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import CHECK_TEMPLATES, TEMPLATES, RecordTemplate, item_keys, missing
from pathways.audit.record import record
from pathways.providers.actions import do_record_provider_check
from pathways.providers.models import CheckRecord, Provider, ProviderCheck
from pathways.schools.models import School
from pathways.schools.permissions import event_permission, permission


def clean_answers(event_type: str, answers: dict[str, Any], template: RecordTemplate | None = None) -> dict[str, str]:
    """The template's answers only, as trimmed text: a key the template does not ask is dropped."""
    template = template or TEMPLATES[event_type]
    keys = [q.key for q in template.questions]
    for item in template.checklist:
        keys.extend(item_keys(item, template))
    return {k: str(answers.get(k) or "").strip() for k in keys if str(answers.get(k) or "").strip()}


def refuse_incomplete(event_type: str, answers: dict[str, str], template: RecordTemplate | None = None) -> None:
    gaps = missing(template or TEMPLATES[event_type], answers)
    if gaps:
        raise ValidationError({key: f"Enter {what[0].lower() + what[1:]}: the form needs it." for key, what in gaps})


@permission("record_events", choose=lambda kwargs: event_permission(kwargs.get("type")))
@transaction.atomic
def do_record_with_form(
    *, arrangement: Arrangement, type: str, date: dt.date, answers: dict[str, Any], actor: Any,
    fields: dict[str, Any] | None = None, note: str = "", attachment: File[Any] | None = None,
) -> Event:
    """The entry and its complete record. Refused, writing nothing, when a required answer is missing."""
    if type not in TEMPLATES:
        raise ValidationError({"type": "This kind of entry has no form: record it as an entry of the chronology."})
    given = clean_answers(type, answers)
    refuse_incomplete(type, given)
    event = do_record_event(arrangement=arrangement, type=type, date=date, actor=actor, fields=fields, note=note,
                            attachment=attachment)
    EventRecord.objects.create(event=event, answers=given)
    record(actor=actor, action="record form", obj=event, school=arrangement.school,
           changes={"form": TEMPLATES[type].name, "answers": given}, label=f"{arrangement}: {event}")
    return event


@permission("manage_providers")
@transaction.atomic
def do_record_check_with_form(
    *, provider: Provider, school: School, type: str, date: dt.date, answers: dict[str, Any], actor: Any,
    note: str = "",
) -> ProviderCheck:
    """A check of the provider that the policy records with a form (Appendix 1b, the initial visit): the
    check and its complete record. Refused, writing nothing, when a required answer is missing."""
    template = CHECK_TEMPLATES.get(type)
    if template is None:
        raise ValidationError({"type": "This check has no form: record it as a check of the provider."})
    given = clean_answers(type, answers, template)
    refuse_incomplete(type, given, template)
    check = do_record_provider_check(provider=provider, school=school, actor=actor, type=type, date=date,
                                     note=note or template.name)
    CheckRecord.objects.create(check_record=check, answers=given, complete=True)
    record(actor=actor, action="record form", obj=check, school=school,
           changes={"form": template.name, "answers": given}, label=f"{provider.name}: {check}")
    return check
