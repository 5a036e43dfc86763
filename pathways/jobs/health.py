"""`/healthz`: is this Pathways able to serve? For the reverse proxy and monitoring.

No sign-in, no personal data, JSON. 200 when the database answers, every migration is applied and a
worker has been seen within PATHWAYS_HEALTH_WORKER_MINUTES; else 503 naming what is wrong:

    {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "worker": "ok"}}
    {"status": "unhealthy", "checks": {"database": "ok", "migrations": "2 not applied", "worker": "..."}}

Cheap: one SELECT 1, one query of the heartbeat rows, and the migration plan, which is worked out
only until it is found empty once (migrations are never unapplied under a running server).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pathways.jobs.models import WorkerBeat

_migrated = False


def worker_window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "PATHWAYS_HEALTH_WORKER_MINUTES", 5)))


def worker_seen(now: dt.datetime | None = None) -> bool:
    """A worker has written its heartbeat within PATHWAYS_HEALTH_WORKER_MINUTES and not stopped."""
    now = now or timezone.now()
    return WorkerBeat.objects.using(DEFAULT_DB_ALIAS).filter(
        stopped_at__isnull=True, last_seen__gte=now - worker_window()).exists()


def unapplied_migrations() -> int:
    global _migrated
    if _migrated:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrated = not plan
    return len(plan)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unreachable"
        return JsonResponse({"status": "unhealthy", "checks": checks}, status=503)
    pending = unapplied_migrations()
    checks["migrations"] = "ok" if not pending else f"{pending} not applied: run python -m pathways django migrate"
    minutes = int(worker_window().total_seconds() // 60)
    checks["worker"] = ("ok" if worker_seen() else
                        f"no worker seen in the last {minutes} minutes: start python -m pathways worker")
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": checks}, status=200 if healthy else 503)
