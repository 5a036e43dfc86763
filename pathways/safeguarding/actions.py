"""The only code that writes risk assessments. One transaction and one audit row each; completing and
reviewing also add a `risk_assessment` entry to the arrangement's chronology (through
`do_record_event`, which audits that entry), so the rules see it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement
from pathways.arrangements.models import Status as ArrangementStatus
from pathways.audit.record import record
from pathways.audit.versions import refuse_stale
from pathways.safeguarding.models import RiskAssessment, RiskRow, Status
from pathways.safeguarding.templates_data import TEMPLATES
from pathways.schools.permissions import permission

ROW_FIELDS = (
    "area", "hazard", "likelihood", "impact", "control_measures", "responsibility", "review_frequency",
    "further_actions",
)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(risk_assessment: RiskAssessment) -> RiskAssessment:
    return RiskAssessment.objects.select_for_update().select_related("arrangement__pupil", "school").get(
        pk=risk_assessment.pk
    )


def _row_values(row: RiskRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in ROW_FIELDS}


@permission("write_risk_assessments")
@transaction.atomic
def do_start_risk_assessment(
    *, arrangement: Arrangement, template: str, actor: Any, title: str = ""
) -> RiskAssessment:
    """A draft risk assessment of the arrangement with the template's rows, to be adapted for the pupil."""
    if template not in TEMPLATES:
        raise ValidationError({"template": f"{template!r} is not one of {', '.join(TEMPLATES)}."})
    if arrangement.status == ArrangementStatus.ENDED:
        raise ValidationError("The arrangement has ended: start no new risk assessment for it.")
    chosen = TEMPLATES[template]
    assessment = RiskAssessment(
        school_id=arrangement.school_id, arrangement=arrangement, template=template,
        title=(title or "").strip() or f"{chosen.name}: {arrangement.pupil.full_name}",
        created_by=_user(actor),
    )
    assessment.full_clean()
    assessment.save()
    RiskRow.objects.bulk_create(
        RiskRow(risk_assessment=assessment, order=n, **{f: getattr(row, f) for f in ROW_FIELDS})
        for n, row in enumerate(chosen.rows, start=1)
    )
    record(actor=actor, action="start risk assessment", obj=assessment, school=assessment.school,
           changes={"arrangement": arrangement.pk, "template": template, "title": assessment.title,
                    "rows": len(chosen.rows)})
    return assessment


@permission("write_risk_assessments")
@transaction.atomic
def do_update_risk_rows(
    *, risk_assessment: RiskAssessment, rows: Sequence[Mapping[str, Any]], actor: Any, title: str | None = None,
    seen: str | None = None,
) -> RiskAssessment:
    """Make the draft's rows exactly `rows`, in that order: a row with an `id` changes that row, one
    without is added, and the draft's rows not given are removed. All or nothing. With `seen`, the version
    the page was read at (audit.versions), a draft changed since is refused (StaleVersion)."""
    assessment = _locked(risk_assessment)
    refuse_stale(assessment, seen, what="risk assessment")
    if assessment.status != Status.DRAFT:
        raise ValidationError("This risk assessment is completed: review it to make a new version instead.")
    existing = {row.pk: row for row in assessment.rows.all()}
    errors: list[str] = []
    if title is not None:
        if not title.strip():
            errors.append("Title: give the risk assessment a title.")
        assessment.title = title.strip()
    kept: list[RiskRow] = []
    added = changed = 0
    for n, values in enumerate(rows, start=1):
        row_id = values.get("id")
        if row_id:
            row = existing.get(int(row_id))
            if row is None or row in kept:
                errors.append(f"Row {n}: this row is not part of the risk assessment.")
                continue
            before = _row_values(row)
        else:
            row, before = RiskRow(risk_assessment=assessment), None
        for name in ROW_FIELDS:
            value = values.get(name, "")
            setattr(row, name, value.strip() if isinstance(value, str) else (value or ""))
        row.order = n
        try:
            row.full_clean(exclude=["risk_assessment"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = getattr(RiskRow._meta.get_field(field), "verbose_name", field) if field in ROW_FIELDS else field
                errors.extend(f"Row {n}: {str(label).capitalize()}: {m}" for m in messages)
            continue
        if before is None:
            added += 1
        elif before != _row_values(row):
            changed += 1
        kept.append(row)
    if errors:
        raise ValidationError({"rows": errors})
    removed = [pk for pk, row in existing.items() if row not in kept]
    RiskRow.objects.filter(pk__in=removed).delete()
    for row in kept:
        row.save()
    assessment.save(update_fields=["title", "updated_at"])
    record(actor=actor, action="update risk assessment rows", obj=assessment, school=assessment.school,
           changes={"title": assessment.title, "rows": len(kept), "added": added, "changed": changed,
                    "removed": len(removed)})
    return assessment


NO_APPROVER = ("Enter who approved the risk assessment, their name and position: it does not count as the "
               "arrangement's risk assessment until it is approved.")


def _check_approver(approved_by: str) -> None:
    if not (approved_by or "").strip():
        raise ValidationError({"approved_by": NO_APPROVER})


def _check_dates(on: dt.date, next_review_due: dt.date) -> None:
    if next_review_due <= on:
        raise ValidationError({"next_review_due": "The next review must be after the date of this assessment."})


@permission("write_risk_assessments")
@transaction.atomic
def do_complete_risk_assessment(
    *, risk_assessment: RiskAssessment, on: dt.date, next_review_due: dt.date, actor: Any, approved_by: str = ""
) -> RiskAssessment:
    """The draft is completed on `on`; the chronology records a `risk_assessment` entry on that day."""
    assessment = _locked(risk_assessment)
    if assessment.status != Status.DRAFT:
        raise ValidationError("This risk assessment is already completed: review it instead.")
    if not assessment.rows.exists():
        raise ValidationError("Add at least one risk before completing the risk assessment.")
    _check_dates(on, next_review_due)
    _check_approver(approved_by)
    assessment.status = Status.COMPLETED
    assessment.completed_on, assessment.next_review_due = on, next_review_due
    assessment.completed_by, assessment.approved_by = _user(actor), approved_by.strip()
    assessment.full_clean()
    assessment.save()
    event = do_record_event(
        arrangement=assessment.arrangement, type="risk_assessment", date=on, actor=actor,
        note=f"{assessment.title} completed (version {assessment.version}); next review due "
        f"{next_review_due:%-d %B %Y}.",
    )
    record(actor=actor, action="complete risk assessment", obj=assessment, school=assessment.school,
           changes={"completed_on": on, "next_review_due": next_review_due, "approved_by": assessment.approved_by,
                    "event": event.pk})
    return assessment


@permission("write_risk_assessments")
@transaction.atomic
def do_revise_risk_assessment(*, risk_assessment: RiskAssessment, actor: Any) -> RiskAssessment:
    """When a review finds the risks or control measures must change: a new version in draft with the
    completed version's rows, to be adapted and completed. The completed version is kept unchanged."""
    old = _locked(risk_assessment)
    if old.status != Status.COMPLETED:
        raise ValidationError("This risk assessment is still a draft: change its rows directly.")
    if RiskAssessment.objects.filter(previous=old).exists():
        raise ValidationError("This version has already been reviewed or revised: use the latest version.")
    new = RiskAssessment(
        school_id=old.school_id, arrangement=old.arrangement, template=old.template, title=old.title,
        version=old.version + 1, previous=old, created_by=_user(actor),
    )
    new.full_clean()
    new.save()
    RiskRow.objects.bulk_create(
        RiskRow(risk_assessment=new, order=row.order, **_row_values(row)) for row in old.rows.all()
    )
    record(actor=actor, action="revise risk assessment", obj=new, school=new.school,
           changes={"previous": old.pk, "version": new.version})
    return new


@permission("write_risk_assessments")
@transaction.atomic
def do_review_risk_assessment(
    *, risk_assessment: RiskAssessment, on: dt.date, next_review_due: dt.date, note: str, actor: Any,
    approved_by: str = "",
) -> RiskAssessment:
    """Review a completed risk assessment on `on`. The completed version is kept unchanged; the review
    is a new completed version with the same rows, the review's findings and the next review date, and
    the chronology records a `risk_assessment` entry on that day."""
    old = _locked(risk_assessment)
    if old.status != Status.COMPLETED:
        raise ValidationError("Complete the risk assessment before reviewing it.")
    if RiskAssessment.objects.filter(previous=old).exists():
        raise ValidationError("This version has already been reviewed or revised: review the latest version.")
    if not (note or "").strip():
        raise ValidationError({"note": "Say what the review found."})
    _check_approver(approved_by)
    assert old.completed_on is not None
    if on < old.completed_on:
        raise ValidationError(
            {"on": f"The review cannot be before the last assessment, on {old.completed_on:%-d %B %Y}."}
        )
    _check_dates(on, next_review_due)
    new = RiskAssessment(
        school_id=old.school_id, arrangement=old.arrangement, template=old.template, title=old.title,
        status=Status.COMPLETED, version=old.version + 1, previous=old, completed_on=on,
        completed_by=_user(actor), approved_by=approved_by.strip(), next_review_due=next_review_due,
        review_note=note.strip(), created_by=_user(actor),
    )
    new.full_clean()
    new.save()
    RiskRow.objects.bulk_create(
        RiskRow(risk_assessment=new, order=row.order, **_row_values(row)) for row in old.rows.all()
    )
    event = do_record_event(
        arrangement=old.arrangement, type="risk_assessment", date=on, actor=actor,
        note=f"{old.title} reviewed (version {new.version}): {new.review_note} Next review due "
        f"{next_review_due:%-d %B %Y}.",
    )
    record(actor=actor, action="review risk assessment", obj=new, school=new.school,
           changes={"previous": old.pk, "version": new.version, "reviewed_on": on,
                    "next_review_due": next_review_due, "note": new.review_note, "event": event.pk})
    return new
