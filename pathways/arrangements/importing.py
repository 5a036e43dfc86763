"""Importing a case file: the action `do_import_case_file`, all or nothing in one transaction.

The pupil and the provider are other apps' rows: they are found, or created through their own actions
(`pupils.actions.do_create_pupil`, `providers.actions.do_create_provider` and
`do_record_provider_check`), each with its audit row. The arrangement, its usual week, its steps and its
chronology are this app's. Every validation error becomes a case-file error naming the value's path
("pupil.date_of_birth: ..."), and any error undoes everything written before it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.actions import _iso_days, _lead_for, _user
from pathways.arrangements.models import Arrangement, Event, Status, Step, TimetableVersion
from pathways.arrangements.record_templates import STRUCTURED_TYPES, TEMPLATES
from pathways.arrangements.vocabulary import EVENT_FIELDS, STORED_DATES, event_fields, label, stored_fields
from pathways.audit.record import record
from pathways.policy import Case, CaseFileError, load_case
from pathways.providers.access import providers_of
from pathways.providers.actions import do_create_provider, do_record_provider_check
from pathways.providers.models import Provider
from pathways.pupils.actions import do_create_pupil
from pathways.pupils.models import Pupil
from pathways.schools.permissions import permission

# The file's entries that are someone's decision or consent, with who confirms each (the role matrix's
# permission, and the words shown): they come in as evidence, never as entries of the chronology.
TO_CONFIRM = {
    "headteacher_approval": ("approve_arrangements", "the headteacher"),
    "trust_approval": ("approve_for_trust", "the trust lead"),
    "la_approval": ("record_events", "a member of staff who holds the local authority's letter"),
    "parent_consent": ("record_events", "a member of staff who holds the parents' written consent"),
    "recording_consent": ("record_events", "a member of staff who holds the parents' written consent"),
    # A risk assessment counts only written and signed off (cases/evidence.py), which a file does not carry.
    "risk_assessment": ("write_risk_assessments", "a member of staff who writes and signs off the risk assessment"),
    # An entry with a form counts only with its record (record_templates.py), which a file does not carry:
    # it waits for the form to be filled in.
    **{t: ("record_events", f"a member of staff who fills in the {TEMPLATES[t].name.lower()}")
       for t in sorted(STRUCTURED_TYPES)},
}


def _to_confirm(case: Case) -> list[dict[str, Any]]:
    out = []
    for e in case.events:
        if e.type in TO_CONFIRM:
            fields = event_fields(e.type, {k: getattr(e, k) for k in EVENT_FIELDS.get(e.type, ())})
            out.append({"type": e.type, "label": label(e.type), "date": e.date.isoformat(), "by": TO_CONFIRM[e.type][1],
                        "fields": {k: v for k, v in fields.items() if v is not None}})
    return out


def _model_errors(exc: ValidationError, path: str, names: dict[str, str] | None = None) -> list[str]:
    """A model's validation errors as case-file errors, each starting with the path of the value."""
    names = names or {}
    if not hasattr(exc, "error_dict"):
        return [f"{path}: {m}" for m in exc.messages]
    out: list[str] = []
    for field, errors in exc.message_dict.items():
        where = path if field == "__all__" else f"{path}.{names.get(field, field)}"
        out.extend(f"{where}: {m}" for m in errors)
    return out


@permission("import_case_files")
@transaction.atomic
def do_import_case_file(*, text: str | bytes, school: Any, actor: Any) -> Arrangement:
    """Create in `school` the arrangement a case file describes: the pupil (the school's pupil with the
    same UPN, else a new one), the provider (the trust's provider of the same name, else a new one, with
    the file's checks it does not have yet), the arrangement, its usual week from the start, its steps
    and its chronology. All or nothing: a bad file raises CaseFileError and writes nothing.

    The school's own policy packs, settings and calendar stay as they are. A file is evidence, not a
    decision: its approvals and consents (TO_CONFIRM) are kept aside on the arrangement, to be confirmed
    by the person whose role it is, and never enter the chronology from the file. An arrangement whose
    file records an `end` is imported as ended; one whose file claims a headteacher approval waits for the
    headteacher's approval; anything else is a draft. Register sessions are not imported (they belong to
    the attendance records)."""
    case = load_case(text)
    pupil, created_pupil = _pupil_of(case, school, actor)
    provider, created_provider, checks_added = _provider_of(case, school, actor)
    arrangement = _arrangement_of(case, school, pupil, provider, actor)
    _chronology_of(case, arrangement, actor)
    record(
        actor=actor, action="import case file", obj=arrangement, school=school,
        changes={
            "pupil": pupil.pk, "pupil_created": created_pupil,
            "provider": provider.pk if provider else None, "provider_created": created_provider,
            "provider_checks_added": checks_added, "events": len(case.events), "steps": len(case.arrangement.steps),
            "status": arrangement.status, "sessions_not_imported": len(case.sessions),
            "to_confirm": [e["type"] for e in arrangement.to_confirm],
        },
    )
    return arrangement


def _pupil_of(case: Case, school: Any, actor: Any) -> tuple[Pupil, bool]:
    """The school's pupil with the file's UPN, else a new one (through the pupils' action)."""
    p = case.pupil
    pupil = Pupil.objects.filter(school=school, upn=p.upn).first() if p.upn else None
    if pupil is not None:
        return pupil, False
    if p.date_of_birth is None:
        raise CaseFileError(["pupil.date_of_birth: required key missing (needed to add the pupil to the school)"])
    try:
        pupil = do_create_pupil(
            school=school, actor=actor, first_name="Imported", last_name=f"pupil {p.upn}" if p.upn else "pupil",
            upn=p.upn or "", date_of_birth=p.date_of_birth, year_group=p.year_group, send=p.send,
            looked_after=p.looked_after, social_worker=p.social_worker,
            child_protection_plan=p.child_protection_plan, medical_condition=p.medical_condition,
            vulnerability_override=p.vulnerability or "",
            vulnerability_override_reason="Given in an imported case file." if p.vulnerability else "",
        )
    except ValidationError as exc:
        raise CaseFileError(_model_errors(exc, "pupil")) from exc
    return pupil, True


def _provider_of(case: Case, school: Any, actor: Any) -> tuple[Provider | None, bool, int]:
    """The trust's provider of the file's name, else a new one (through the providers' action), and the
    file's checks it does not have yet. Returns the provider, whether it was created, the checks added."""
    q = case.provider
    if q is None:
        return None, False, 0
    if not q.name:
        raise CaseFileError(["provider.name: required key missing (needed to find or add the provider)"])
    provider = providers_of(school).filter(name__iexact=q.name).first()
    created = provider is None
    if provider is None:
        provider = _new_provider(case, school, actor)
    return provider, created, _add_checks(case, provider, school, actor)


def _new_provider(case: Case, school: Any, actor: Any) -> Provider:
    q = case.provider
    assert q is not None
    if q.kind is None or q.registration is None:
        raise CaseFileError([
            f"provider.{key}: required key missing (needed to add the provider)"
            for key in ("kind", "registration") if getattr(q, key) is None
        ])
    ftp = q.full_time_pupils
    names = {f"elsewhere_full_time_{k}": f"full_time_pupils.{k}"
             for k in ("compulsory_age", "looked_after_or_ehcp", "sen")}
    try:
        return do_create_provider(
            school=school, actor=actor, name=q.name, kind=q.kind, registration=q.registration,
            arranged_by=q.arranged_by, live_teaching=q.live_teaching,
            elsewhere_full_time_compulsory_age=ftp.compulsory_age if ftp else 0,
            elsewhere_full_time_looked_after_or_ehcp=ftp.looked_after_or_ehcp if ftp else 0,
            elsewhere_full_time_sen=ftp.sen if ftp else 0,
        )
    except ValidationError as exc:
        raise CaseFileError(_model_errors(exc, "provider", names)) from exc


def _add_checks(case: Case, provider: Provider, school: Any, actor: Any) -> int:
    """Record the file's checks the provider lacks (through the providers' action); every bad one is
    reported, then nothing is kept."""
    assert case.provider is not None
    have = set(provider.checks.values_list("type", "date", "expires"))
    errors: list[str] = []
    added = 0
    for i, c in enumerate(case.provider.checks):
        if (c.type, c.date, c.expires) in have:
            continue
        try:
            do_record_provider_check(provider=provider, school=school, actor=actor, type=c.type, date=c.date,
                                     expires=c.expires, note="From an imported case file.")
        except ValidationError as exc:
            errors.extend(_model_errors(exc, f"provider.checks[{i}]"))
            continue
        have.add((c.type, c.date, c.expires))
        added += 1
    if errors:
        raise CaseFileError(errors)
    return added


def _arrangement_of(case: Case, school: Any, pupil: Pupil, provider: Provider | None, actor: Any) -> Arrangement:
    """The arrangement, its usual week from the start and its steps."""
    a = case.arrangement
    ends = [e for e in case.events if e.type == "end"]
    if ends:
        status, outcome = Status.ENDED, ends[-1].outcome or "other"
    elif any(e.type == "headteacher_approval" for e in case.events):
        status, outcome = Status.AWAITING_APPROVAL, ""
    else:
        status, outcome = Status.DRAFT, ""
    arrangement = Arrangement(
        pupil=pupil, school=school, kind=a.kind, reason=a.reason or "", start=a.start, end=a.end, provider=provider,
        status=status, outcome=outcome, to_confirm=_to_confirm(case), suspension_days=_iso_days(a.suspension_days),
        year11_exams_finished=a.year11_exams_finished, created_by=_user(actor), lead=_lead_for(school.id, None, actor),
    )
    try:
        arrangement.full_clean()
    except ValidationError as exc:
        raise CaseFileError(_model_errors(exc, "arrangement")) from exc
    arrangement.save()
    slots = {
        day: {k: v for k, v in (("am", s.am), ("pm", s.pm)) if v is not None}
        for day in ("mon", "tue", "wed", "thu", "fri")
        if (s := getattr(a.timetable, day)) is not None
    }
    TimetableVersion.objects.create(
        arrangement=arrangement, effective_from=a.start, slots=slots, recorded_by=_user(actor)
    )
    errors: list[str] = []
    for i, s in enumerate(a.steps):
        step = Step(arrangement=arrangement, from_date=s.from_, hours_in_school=Decimal(str(s.hours_in_school)))
        try:
            step.full_clean()
        except ValidationError as exc:
            errors.extend(_model_errors(exc, f"arrangement.steps[{i}]", {"from_date": "from"}))
            continue
        step.save()
    if errors:
        raise CaseFileError(errors)
    return arrangement


def _chronology_of(case: Case, arrangement: Arrangement, actor: Any) -> None:
    """The file's events, in its order; every bad one is reported."""
    errors: list[str] = []
    for i, e in enumerate(case.events):
        if e.type in TO_CONFIRM:
            continue  # kept aside on the arrangement (arrangement.to_confirm) until confirmed
        given = {k: getattr(e, k) for k in (*EVENT_FIELDS.get(e.type, ()), *STORED_DATES.get(e.type, ()))}
        event = Event(arrangement=arrangement, type=e.type, date=e.date, fields=stored_fields(e.type, given),
                      recorded_by=_user(actor))
        try:
            event.full_clean()
        except ValidationError as exc:
            errors.extend(_model_errors(exc, f"events[{i}]"))
            continue
        event.save()
    if errors:
        raise CaseFileError(errors)
