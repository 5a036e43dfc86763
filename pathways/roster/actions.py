"""The upload page's writes: a file previewed (nothing of the pupils written), then confirmed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pathways.audit.record import record
from pathways.pupils.models import RosterImport
from pathways.pupils.roster_actions import do_save_roster_mapping
from pathways.roster.run import import_roster
from pathways.schools.models import School
from pathways.schools.permissions import permission

MAX_BYTES = 100 * 1024 * 1024


@permission("import_roster")
@transaction.atomic
def do_preview_roster(*, school: School, filename: str, data: bytes, valid_rows_only: bool, actor: Any) -> RosterImport:
    """Read and check the file as a dry run; keep it, with what it would do, for the confirm step.
    Raises RosterFileError when it cannot be read."""
    outcome = import_roster(data, school=school, actor=actor, source=filename, dry_run=True,
                            valid_rows_only=valid_rows_only, today=dt.date.today())
    roster_import = RosterImport.objects.create(
        school=school, uploaded_by=actor if getattr(actor, "pk", None) else None, filename=filename[:255],
        data=data, valid_rows_only=valid_rows_only, preview=outcome.as_json(),
        rows_total=outcome.created + outcome.updated + outcome.unchanged + len(outcome.rejected))
    record(actor=actor, action="preview roster import", obj=roster_import, school=school,
           changes={"file": filename, "summary": outcome.summary})
    return roster_import


@permission("import_roster")
@transaction.atomic
def do_confirm_roster(*, roster_import: RosterImport, actor: Any) -> RosterImport:
    """Mark the previewed import as confirmed (the import itself runs in jobs.run_confirmed)."""
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status != RosterImport.Status.PREVIEWED:
        raise ValueError("This file was already confirmed.")
    if needs_columns(locked):
        raise ValueError("Choose what each of the file's columns holds first.")
    record(actor=actor, action="confirm roster import", obj=locked, school=locked.school,
           changes={"file": locked.filename})
    locked.status = RosterImport.Status.QUEUED
    locked.save(update_fields=["status"])
    return locked


def needs_columns(roster_import: RosterImport) -> bool:
    """A CSV kept until its columns are mapped (its preview holds the file's column names, nothing else)."""
    return "columns" in (roster_import.preview or {})


@permission("import_roster")
@transaction.atomic
def do_keep_roster_for_columns(*, school: School, filename: str, data: bytes, valid_rows_only: bool,
                               header: list[str], problem: str, actor: Any) -> RosterImport:
    """A CSV whose columns are not recognised: kept (nothing of the pupils written) until its columns are mapped."""
    roster_import = RosterImport.objects.create(
        school=school, uploaded_by=actor if getattr(actor, "pk", None) else None, filename=filename[:255],
        data=data, valid_rows_only=valid_rows_only, preview={"columns": header, "problem": problem})
    record(actor=actor, action="upload roster with columns to map", obj=roster_import, school=school,
           changes={"file": filename, "columns": header})
    return roster_import


@permission("import_roster")
@transaction.atomic
def do_map_roster_columns(*, roster_import: RosterImport, columns: dict[str, str], actor: Any) -> RosterImport:
    """Save the school's column mapping (the one the command saves) and read the kept file with it, as a dry
    run, for the preview. Raises RosterFileError (nothing saved) when the file still cannot be read."""
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status != RosterImport.Status.PREVIEWED:
        raise ValueError("This file was already confirmed.")
    do_save_roster_mapping(school=locked.school, columns=columns, actor=actor)
    outcome = import_roster(bytes(locked.data), school=locked.school, actor=actor, source=locked.filename,
                            dry_run=True, valid_rows_only=locked.valid_rows_only, today=dt.date.today())
    locked.preview = outcome.as_json()
    locked.rows_total = outcome.created + outcome.updated + outcome.unchanged + len(outcome.rejected)
    locked.save(update_fields=["preview", "rows_total"])
    record(actor=actor, action="preview roster import", obj=locked, school=locked.school,
           changes={"file": locked.filename, "summary": outcome.summary})
    return locked
