"""The confirmed import of an uploaded roster file: in the request for a small file, or as a job of
`python -m pathways worker` for a long one (more than ROSTER_BACKGROUND_PUPILS records), its progress shown
on the import's page. The import writes in one transaction, so a worker that dies leaves nothing half
written and the job runs again (it is idempotent: a second run finds what the first wrote unchanged)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django_tasks import task

from pathways.jobs.queue import LOST, STOPPED, job_args, register
from pathways.pupils.models import RosterImport
from pathways.roster.progress import Counter
from pathways.roster.records import RosterFileError
from pathways.roster.run import import_roster

WORKER_STOPPED = ("The worker running the import stopped before it finished. Nothing was written: "
                  "confirm the import again.")


def background_threshold() -> int:
    return int(getattr(settings, "ROSTER_BACKGROUND_PUPILS", 2_000))


def run_confirmed(roster_import: RosterImport, actor: Any) -> RosterImport:
    """Write the file (it was previewed); its progress as it goes, then the result and the status, on the
    RosterImport."""
    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.RUNNING, progress={})
    reporter = Reporter(roster_import.pk)
    try:
        outcome = import_roster(bytes(roster_import.data), school=roster_import.school, actor=actor,
                                source=f"roster import: {roster_import.filename}",
                                valid_rows_only=roster_import.valid_rows_only, progress=Counter(reporter))
        roster_import.result = outcome.as_json()
        roster_import.status = RosterImport.Status.DONE if outcome.written else RosterImport.Status.FAILED
        if not outcome.written:
            roster_import.error = "Records were rejected, so nothing was written."
    except RosterFileError as exc:
        roster_import.status, roster_import.error = RosterImport.Status.FAILED, f"The file cannot be read: {exc}"
    except Exception as exc:  # the page must say the import failed, not wait for ever
        roster_import.status, roster_import.error = RosterImport.Status.FAILED, f"The import stopped: {exc}"[:500]
    finally:
        reporter.close()
    roster_import.progress = {}
    roster_import.rows_done = roster_import.rows_total
    roster_import.finished_at = timezone.now()
    roster_import.data = b""  # the file is not kept once imported
    roster_import.save()
    return roster_import


class Reporter:
    """Writes an import's progress ({"stage", "done", "total"}) where its page reads it while the import
    runs. On PostgreSQL through a connection of its own (autocommit), so that the page sees it while the
    import's transaction is open. Elsewhere (SQLite) through the import's connection: seen as records are
    checked, which is outside the transaction; the writes are one transaction holding the database's only
    write lock, so the page shows the count they started from until they are done."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.side: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        progress = {"stage": stage, "done": done, "total": total}
        if connection.vendor != "postgresql":
            RosterImport.objects.filter(pk=self.import_id).update(progress=progress)
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {RosterImport._meta.db_table} SET progress = %s::jsonb WHERE id = %s",
                           [json.dumps(progress), self.import_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


@task()
def import_roster_file(import_id: int) -> str:
    roster_import = RosterImport.objects.select_related("school", "uploaded_by").filter(pk=import_id).first()
    if roster_import is None:
        return "The import no longer exists."
    if roster_import.status in (RosterImport.Status.DONE, RosterImport.Status.FAILED):
        return f"Already {roster_import.get_status_display().lower()}."
    run_confirmed(roster_import, roster_import.uploaded_by)
    return f"{roster_import.get_status_display()}: {roster_import.result.get('created', 0)} created."


def enqueue(roster_import: RosterImport) -> RosterImport:
    with transaction.atomic():
        RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.QUEUED)
        import_roster_file.enqueue(roster_import.pk)
    roster_import.refresh_from_db()
    return roster_import


def _on_failed(result: Any, reason: str) -> None:
    args, kwargs = job_args(result)
    import_id = args[0] if args else kwargs.get("import_id")
    if import_id is not None:
        RosterImport.objects.filter(pk=import_id).exclude(status=RosterImport.Status.DONE).update(
            status=RosterImport.Status.FAILED, finished_at=timezone.now(),
            error=WORKER_STOPPED if reason.startswith((LOST, STOPPED)) else reason[:500])


register(import_roster_file, idempotent=True, on_failed=_on_failed)
