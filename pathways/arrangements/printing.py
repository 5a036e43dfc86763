"""A chronology entry's form as printed: the template's heading filled from Pathways' records, then each
question with its answer, and the checklist as the seed's table (record_templates.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pathways.arrangements.models import Arrangement, Event
from pathways.arrangements.models_records import EventRecord
from pathways.arrangements.record_templates import (
    AGREE_CHOICES,
    CHECK_TEMPLATES,
    TEMPLATES,
    YES_NO_CHOICES,
    RecordTemplate,
)
from pathways.providers.models import CheckRecord, Provider, ProviderCheck


@dataclass(frozen=True)
class ChecklistRow:
    number: int
    activity: str
    person: str
    by: str
    done: str


@dataclass(frozen=True)
class PrintedRecord:
    event: Event
    template: RecordTemplate
    header: list[tuple[str, str]]
    sections: list[tuple[str, list[tuple[str, str]]]]
    checklist: list[ChecklistRow]
    complete: bool


def needs_line(arrangement: Arrangement) -> str:
    """The forms' "SEND/ FSM/ LAC/ PP" line: what the school holds (pupil premium is not kept here)."""
    pupil = arrangement.pupil
    parts = [pupil.get_send_display() if pupil.send != "none" else "No SEND"]
    parts.append("FSM" if pupil.free_school_meals else "Not FSM")
    parts.append("Looked after" if pupil.looked_after else "Not looked after")
    return ", ".join(parts)


def _header(arrangement: Arrangement, template: RecordTemplate, day: dt.date) -> list[tuple[str, str]]:
    pupil = arrangement.pupil
    values = {
        "student": ("Name of student", pupil.full_name),
        "school": ("School", arrangement.school.name),
        "needs": ("SEND/ FSM/ LAC/ PP", needs_line(arrangement)),
        "group": ("Group/class/form", f"Year {pupil.year_group_on(day)}"),
        "date_of_birth": ("Date of birth", f"{pupil.date_of_birth:%-d %B %Y}"),
    }
    return [values[key] for key in template.header]


def _shown(kind: str, value: str) -> str:
    return dict(AGREE_CHOICES + YES_NO_CHOICES).get(value, value) if kind in ("agree", "yes_no") else value


def printed_record(arrangement: Arrangement, event_id: int) -> PrintedRecord | None:
    """The form of one of the arrangement's entries, or None when the entry is not the arrangement's or has
    no form. An entry of a type with a form but recorded without one prints its empty form, marked
    incomplete."""
    event = Event.objects.filter(pk=event_id, arrangement=arrangement).select_related("record").first()
    if event is None or event.type not in TEMPLATES:
        return None
    template = TEMPLATES[event.type]
    try:
        answers = event.record.answers
        complete = event.record.complete
    except EventRecord.DoesNotExist:
        answers, complete = {}, False
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for q in template.questions:
        if not sections or sections[-1][0] != q.section:
            sections.append((q.section, []))
        sections[-1][1].append((q.label, _shown(q.kind, answers.get(q.key, ""))))
    rows = []
    for n, item in enumerate(template.checklist, 1):
        by = answers.get(f"{item.key}__by", "")
        if by:
            by = f"{dt.date.fromisoformat(by):%-d %B %Y}"
        rows.append(ChecklistRow(n, item.activity, answers.get(f"{item.key}__person", ""), by,
                                 _shown("yes_no", answers.get(f"{item.key}__done", ""))))
    return PrintedRecord(event=event, template=template, header=_header(arrangement, template, event.date),
                         sections=sections, checklist=rows, complete=complete)


@dataclass(frozen=True)
class PrintedCheck:
    check: ProviderCheck
    template: RecordTemplate
    header: list[tuple[str, str]]
    sections: list[tuple[str, list[tuple[str, str]]]]
    complete: bool


def printed_check(provider: Provider, check_id: int) -> PrintedCheck | None:
    """The form of one of the provider's checks (Appendix 1b), or None when the check is not the
    provider's or its type has no form. A check recorded with a date alone prints its empty form, marked
    incomplete."""
    check = ProviderCheck.objects.filter(pk=check_id, provider=provider).select_related("recorded_by").first()
    if check is None or check.type not in CHECK_TEMPLATES:
        return None
    template = CHECK_TEMPLATES[check.type]
    try:
        answers, complete = check.record.answers, check.record.complete
    except CheckRecord.DoesNotExist:
        answers, complete = {}, False
    values = {
        "provider": ("Provision", provider.name),
        "date": ("Date of visit", f"{check.date:%-d %B %Y}"),
        "registration": ("Current registration status of provision", provider.get_registration_display()),
    }
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for q in template.questions:
        if not sections or sections[-1][0] != q.section:
            sections.append((q.section, []))
        sections[-1][1].append((q.label, _shown(q.kind, answers.get(q.key, ""))))
    return PrintedCheck(check=check, template=template, header=[values[k] for k in template.header],
                        sections=sections, complete=complete)
