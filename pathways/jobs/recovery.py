"""Jobs whose worker died: claimed (RUNNING) by a worker whose heartbeat is older than
PATHWAYS_WORKER_STALE_SECONDS, or that stopped without releasing them. Each is put back to run again
when its kind is idempotent and it has attempts left, else marked failed with the reason.

Every change is a conditional UPDATE (still RUNNING, still started at the same moment), so a worker
that was only slow, and finished meanwhile, keeps its result."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pathways.jobs.models import WorkerBeat
from pathways.jobs.queue import LOST, kind_of

logger = logging.getLogger("pathways.jobs")
WORKER_LOST = "pathways.jobs.WorkerLost"


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "PATHWAYS_WORKER_STALE_SECONDS", 120)))


def live_workers(now: dt.datetime) -> set[str]:
    return set(WorkerBeat.objects.filter(stopped_at__isnull=True, last_seen__gte=now - stale_after())
               .values_list("worker_id", flat=True))


def recover_stale(now: dt.datetime | None = None) -> dict[str, str]:
    """Settle the jobs of dead workers. Returns {job id: "retried" | "failed"}."""
    now = now or timezone.now()
    live = live_workers(now)
    outcome: dict[str, str] = {}
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at"):
        owner = result.worker_ids[-1] if result.worker_ids else None
        if owner in live:
            continue
        if owner is None and result.started_at and result.started_at > now - stale_after():
            continue
        kind = kind_of(result.task_path)
        still = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING,
                                            started_at=result.started_at)
        attempts = len(result.worker_ids)
        if kind.idempotent and attempts < kind.max_attempts:
            if still.update(status=TaskResultStatus.READY, started_at=None):
                outcome[str(result.pk)] = "retried"
                logger.warning("job %s (%s): worker %s stopped; running it again (attempt %d of %d)",
                               result.pk, result.task_path, owner, attempts + 1, kind.max_attempts)
                if kind.on_retry is not None:
                    kind.on_retry(result)
            continue
        reason = LOST + (f" It was tried {attempts} times." if kind.idempotent else "")
        if still.update(status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=WORKER_LOST,
                        traceback=reason, return_value=None):
            outcome[str(result.pk)] = "failed"
            logger.warning("job %s (%s): worker %s stopped; marked failed", result.pk, result.task_path, owner)
            if kind.on_failed is not None:
                kind.on_failed(result, reason)
    return outcome
