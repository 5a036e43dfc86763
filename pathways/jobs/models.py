"""The worker's own rows. The jobs themselves are django-tasks-db's DBTaskResult rows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    """One running (or stopped) `python -m pathways worker`: it writes `last_seen` every few seconds.
    A worker whose `last_seen` is older than PATHWAYS_WORKER_STALE_SECONDS is taken for dead, and the
    jobs it had claimed are run again or marked failed (pathways.jobs.recovery)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)  # a clean stop (SIGTERM, Ctrl-C)
    running = models.CharField("running now", max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"


class ScheduledRun(models.Model):
    """A scheduled job enqueued for a day: the unique (name, day) makes it once a day, however many
    workers are running."""

    name = models.CharField(max_length=64)
    day = models.DateField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    job_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="jobs_scheduled_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} of {self.day}"
