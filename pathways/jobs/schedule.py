"""Scheduled jobs: what the worker enqueues each day, at a time of day (local time, settings.TIME_ZONE).

- "daily digest" at PATHWAYS_DIGEST_TIME, Monday to Friday (the digest itself skips a day the school
  is closed): pathways.notifications.jobs.send_daily_digest;
- "nightly purge" at PATHWAYS_PURGE_TIME: the retention purge, through PURGE_HOOK (below);
- "nightly job pruning" at PATHWAYS_PURGE_TIME: django-tasks-db's `prune_db_task_results` deletes the
  rows of jobs finished (done or failed) more than PATHWAYS_JOB_RETENTION_DAYS ago.
- "nightly recording deletion" at PATHWAYS_PURGE_TIME: recordings of live sessions whose deletion date
  has come are deleted (pathways.remote.jobs.nightly_recording_deletion).

A job is enqueued once a day however many workers run: each worker, on each turn of its loop, tries
to add the (name, day) ScheduledRun row, whose unique constraint lets one succeed; the job is enqueued
in the same transaction. A worker started after the time still enqueues that day's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from pathways.jobs.models import ScheduledRun
from pathways.jobs.queue import register

logger = logging.getLogger("pathways.jobs")

# The retention purge (docs/retention.md): run_purge(today, dry_run) -> a report with lines().
PURGE_HOOK = "pathways.ops.purge.run_purge"


@task()
def nightly_purge(day: str) -> str:
    """The retention purge of the night of `day` (through PURGE_HOOK)."""
    run_purge = import_string(PURGE_HOOK)
    report = run_purge(today=dt.date.fromisoformat(day), dry_run=False)
    lines = report.lines() if hasattr(report, "lines") else [str(report)]
    return "\n".join(lines)[:4000]


register(nightly_purge, idempotent=True)  # a purge run again finds nothing more to purge


def finished_jobs_before(cutoff: dt.datetime) -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).count()


@task()
def nightly_job_pruning(day: str) -> str:
    """Delete the rows of the jobs, on every queue, that finished more than PATHWAYS_JOB_RETENTION_DAYS
    ago (django-tasks-db's prune_db_task_results); the jobs waiting or running are never touched. An
    import's page then no longer says how many attempts its job took; the import's own row keeps its
    outcome."""
    days = int(settings.PATHWAYS_JOB_RETENTION_DAYS)
    cutoff = timezone.now() - dt.timedelta(days=days)
    before = finished_jobs_before(cutoff)
    call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0, stdout=io.StringIO())
    pruned = before - finished_jobs_before(cutoff)
    logger.info("pruned %d finished jobs older than %d days", pruned, days)
    return f"Deleted {pruned} finished jobs older than {days} days (the night of {day})"


register(nightly_job_pruning, idempotent=True)  # run again, it finds nothing more to delete


@dataclasses.dataclass(frozen=True)
class Scheduled:
    name: str
    task_path: str
    time_setting: str
    default_time: str
    weekdays_only: bool = False

    def at(self) -> tuple[int, int]:
        hours, minutes = str(getattr(settings, self.time_setting, self.default_time)).split(":")
        return int(hours), int(minutes)


SCHEDULE = (
    Scheduled("daily digest", "pathways.notifications.jobs.send_daily_digest", "PATHWAYS_DIGEST_TIME", "07:00",
              weekdays_only=True),
    Scheduled("nightly purge", "pathways.jobs.schedule.nightly_purge", "PATHWAYS_PURGE_TIME", "02:30"),
    Scheduled("nightly job pruning", "pathways.jobs.schedule.nightly_job_pruning", "PATHWAYS_PURGE_TIME", "02:30"),
    # RTL-RECORDING-RETENTION: recordings of live sessions deleted on their date (pathways.remote.sessions).
    Scheduled("nightly recording deletion", "pathways.remote.jobs.nightly_recording_deletion", "PATHWAYS_PURGE_TIME",
              "02:30"),
)


def due(now: dt.datetime) -> list[tuple[Scheduled, dt.date]]:
    """The scheduled jobs whose time has come today (local time), enqueued or not."""
    local = timezone.localtime(now)
    return [(s, local.date()) for s in SCHEDULE
            if (local.hour, local.minute) >= s.at() and not (s.weekdays_only and local.weekday() >= 5)]


def enqueue_due(now: dt.datetime) -> list[Any]:
    """Enqueue each scheduled job due today that is not yet enqueued. Returns the jobs this call enqueued."""
    days = {s.name: day for s, day in due(now)}
    if not days:
        return []
    done = set(ScheduledRun.objects.filter(name__in=days, day__in=set(days.values())).values_list("name", "day"))
    enqueued = []
    for scheduled, day in due(now):
        if (scheduled.name, day) in done:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=scheduled.name, day=day)
                job = import_string(scheduled.task_path).enqueue(day.isoformat())
                run.job_id = job.id
                run.save(update_fields=["job_id"])
        except IntegrityError:  # another worker enqueued it first
            continue
        logger.info("enqueued the %s of %s", scheduled.name, day)
        enqueued.append(job)
    return enqueued
