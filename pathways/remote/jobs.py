"""The nightly deletion of recordings past their date (pathways.jobs.schedule SCHEDULE)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from pathways.jobs.queue import register
from pathways.remote.sessions import delete_due_recordings


@task()
def nightly_recording_deletion(day: str) -> str:
    """Delete every recording of a live session whose deletion date is `day` or earlier."""
    done = delete_due_recordings(dt.date.fromisoformat(day))
    return f"Deleted {len(done)} recordings of live sessions (the night of {day})"


register(nightly_recording_deletion, idempotent=True)  # run again, it finds nothing more to delete
