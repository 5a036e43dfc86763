"""A large MIS import as a job of `python -m pathways worker` (the import page enqueues it).

The uploaded file waits in a MarkImportFile row until the import has finished with it. The import
writes its marks and its "done" in one transaction (mis._record_import), so when its worker dies the
transaction is rolled back and nothing of it was written: the job is idempotent and the worker's
recovery runs it again (up to three claims in all). A run that finds the import already done does
nothing more. When it is given up, the import is marked failed with the reason, shown on its page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from pathways.attendance import mis
from pathways.attendance.models import MarkImport, MarkImportFile
from pathways.jobs.queue import LOST, STOPPED, job_args, register

ATTEMPTS = 3
WORKER_STOPPED = ("The worker running the import stopped before it finished (its server restarted or it was "
                  "ended). Nothing was written: import the file again.")


@task()
def import_marks(import_id: int) -> str:
    mark_import = MarkImport.objects.select_related("school", "started_by").filter(pk=import_id).first()
    if mark_import is None:
        return "The import no longer exists."
    if mark_import.finished:  # done in the transaction of its marks, before its worker stopped
        MarkImportFile.objects.filter(mark_import_id=import_id).delete()
        return f"Already {mark_import.get_status_display().lower()}."
    upload = MarkImportFile.objects.filter(mark_import_id=import_id).first()
    if upload is None:
        _fail(import_id, "The uploaded file is no longer held: import it again.")
        return "No file."
    MarkImport.objects.filter(pk=import_id).update(status=MarkImport.Status.RUNNING, rows_done=0, error="",
                                                   progress_at=timezone.now())
    mark_import.refresh_from_db()
    mis.run_import(mark_import, bytes(upload.data), mark_import.started_by)
    if mark_import.finished:
        upload.delete()
    return f"{mark_import.get_status_display()}: {mark_import.created} added, {mark_import.updated} changed, " \
           f"{mark_import.rejected_count} rejected."


def enqueue_import(mark_import: MarkImport, data: bytes) -> MarkImport:
    """Hold the file and enqueue the job, in one transaction: the worker never sees one without the other."""
    with transaction.atomic():
        MarkImportFile.objects.create(mark_import=mark_import, data=data)
        job = import_marks.enqueue(mark_import.pk)
        mark_import.job_id = job.id
        mark_import.save(update_fields=["job"])
    return mark_import


def _import_id(result: Any) -> int | None:
    args, kwargs = job_args(result)
    value = args[0] if args else kwargs.get("import_id")
    return int(value) if value is not None else None


def _fail(import_id: int | None, reason: str) -> None:
    if import_id is None:
        return
    MarkImport.objects.filter(pk=import_id).exclude(status=MarkImport.Status.DONE).update(
        status=MarkImport.Status.FAILED, error=reason[:500], finished_at=timezone.now())
    MarkImportFile.objects.filter(mark_import_id=import_id).delete()


def _on_failed(result: Any, reason: str) -> None:
    _fail(_import_id(result), WORKER_STOPPED if reason.startswith((LOST, STOPPED)) else reason)


def _on_retry(result: Any) -> None:
    import_id = _import_id(result)
    if import_id is not None:
        MarkImport.objects.filter(pk=import_id, status=MarkImport.Status.RUNNING).update(
            status=MarkImport.Status.PENDING, rows_done=0, progress_at=timezone.now())


register(import_marks, idempotent=True, max_attempts=ATTEMPTS, on_failed=_on_failed, on_retry=_on_retry)
