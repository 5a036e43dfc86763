"""The import as a job: run_import checks and writes a file, recording its progress and result on the
MarkImport, in the request for a small file or, for a large one, as a job of `python -m pathways worker`
(import_marks, enqueued by enqueue_import).

The uploaded file waits in a MarkImportFile row until the import has finished with it. The import
writes its marks and its "done" in one transaction (write._record_import), so when its worker dies the
transaction is rolled back and nothing of it was written: the job is idempotent and the worker's
recovery runs it again (up to three claims in all). A run that finds the import already done does
nothing more. When it is given up, the import is marked failed with the reason, shown on its page.

Progress is written through a second connection on PostgreSQL so that the progress page sees it before
the import commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django_tasks import task

from pathways.attendance.models import MarkImport, MarkImportFile
from pathways.jobs.queue import LOST, STOPPED, job_args, register
from pathways.register.mis.write import do_check_and_import_marks
from pathways.schools.models import School

ATTEMPTS = 3
WORKER_STOPPED = ("The worker running the import stopped before it finished (its server restarted or it was "
                  "ended). Nothing was written: import the file again.")


def background_threshold() -> int:
    """Imports with more data rows than this run as a job of the worker, with a progress bar; smaller ones
    run in the request."""
    return int(getattr(settings, "MIS_IMPORT_BACKGROUND_ROWS", 5_000))


def run_import(mark_import: MarkImport, data: bytes | str, actor: Any) -> MarkImport:
    """Check and write the file, recording progress and the result on the MarkImport."""
    school = mark_import.school

    progress = _ProgressReporter(mark_import.pk)
    try:
        checked, mark_import.created, mark_import.updated = do_check_and_import_marks(
            school=school, data=data, mode=mark_import.mode, actor=actor, mark_import=mark_import,
            progress=progress,
        )
        mark_import.rows_total = mark_import.rows_done = checked.total
        mark_import.rejected = checked.rejected
        mark_import.rejected_count = len(checked.rejected)
        mark_import.status = MarkImport.Status.DONE
    except ValidationError as error:
        mark_import.status = MarkImport.Status.FAILED
        mark_import.error = " ".join(error.messages)[:500]
    except Exception as error:  # the page must say the import failed, not spin forever
        mark_import.status = MarkImport.Status.FAILED
        mark_import.error = f"The import stopped with an error: {error}"[:500]
    finally:
        progress.close()
    mark_import.finished_at = timezone.now()
    mark_import.save()
    return mark_import


class _ProgressReporter:
    """Writes an import's progress where the progress page can read it while the import's transaction
    is still open: on PostgreSQL through a connection of its own (autocommit); elsewhere, where checking
    and writing do not overlap in one transaction, through the import's connection."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.side: Any = None

    def __call__(self, done: int, total: int) -> None:
        if connection.vendor != "postgresql":
            MarkImport.objects.filter(pk=self.import_id).update(rows_done=done, rows_total=total,
                                                                status=MarkImport.Status.RUNNING,
                                                                progress_at=timezone.now())
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {MarkImport._meta.db_table} SET rows_done = %s, rows_total = %s, status = %s, "
                           "progress_at = %s WHERE id = %s",
                           [done, total, MarkImport.Status.RUNNING, timezone.now(), self.import_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


STALLED_AFTER = dt.timedelta(minutes=10)
STALLED = ("The import stopped before it finished, when the server it ran on restarted. Nothing was written: "
           "import the file again.")


def settle_stalled(school: School, now: dt.datetime | None = None) -> int:
    """Imports of the school that ran in a request (no job) still waiting or importing, whose progress has
    not moved for STALLED_AFTER, stopped with their server: say so. Their transaction was rolled back, so
    nothing of them was written. (An import run as a job is settled by the worker's recovery:
    pathways.jobs.recovery.) Returns how many were settled."""
    now = now or timezone.now()
    return (MarkImport.objects
            .filter(school=school, status__in=(MarkImport.Status.PENDING, MarkImport.Status.RUNNING),
                    progress_at__lt=now - STALLED_AFTER, job__isnull=True)
            .update(status=MarkImport.Status.FAILED, error=STALLED, finished_at=now))


def count_rows(data: bytes | str) -> int:
    """Data rows in the file (lines after the header), cheaply, to choose inline or background."""
    text = data if isinstance(data, bytes) else data.encode()
    return max(text.count(b"\n") - (0 if text.endswith(b"\n") else -1) - 1, 0)


def rejected_csv(mark_import: MarkImport) -> Iterator[list[Any]]:
    yield ["Line", "UPN", "Date", "Session", "Code", "Reason"]
    yield from mark_import.rejected


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
    run_import(mark_import, bytes(upload.data), mark_import.started_by)
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
