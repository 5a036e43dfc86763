"""The worker loop: `python -m pathways worker` (pathways/cli/commands/worker.py).

Each worker writes a heartbeat row (WorkerBeat) from a thread of its own every
PATHWAYS_WORKER_HEARTBEAT_SECONDS, so it is seen alive while a long job runs. At start and then
every few seconds it settles the jobs of dead workers (pathways.jobs.recovery), enqueues the
scheduled jobs that are due (pathways.jobs.schedule), claims one ready job and runs it.

Claiming is django-tasks-db's: on PostgreSQL `SELECT ... FOR UPDATE SKIP LOCKED` in a transaction
that marks the row RUNNING with this worker's id, so two workers never take the same job; on SQLite
the same inside an exclusive transaction, which SQLite runs one at a time.

On SIGTERM or Ctrl-C a worker finishes the job it is running, then stops; a second signal stops it at
once, putting an idempotent job back to run again (its transaction is rolled back) or marking another
kind failed with the reason.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from pathways.jobs.models import WorkerBeat
from pathways.jobs.queue import STOPPED, kind_of
from pathways.jobs.recovery import WORKER_LOST, recover_stale, stale_after
from pathways.jobs.schedule import enqueue_due

logger = logging.getLogger("pathways.jobs")
STOPPED_AT_ONCE = "STOPPED"  # a job's status in the log when its worker was stopped at once in the middle of it


def heartbeat_every() -> float:
    return float(getattr(settings, "PATHWAYS_WORKER_HEARTBEAT_SECONDS", 10))


def _refresh_connections() -> None:
    """Drop a broken or expired connection between jobs, as a request does; never inside a transaction
    (a test's, where the worker runs in-process)."""
    if not connection.in_atomic_block:
        close_old_connections()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]


class JobWorker(Worker):
    def __init__(self, *, worker_id: str | None = None, interval: float = 1.0, schedule: bool = True) -> None:
        super().__init__(queue_names=["*"], interval=interval, batch=False, backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                         startup_delay=False, max_tasks=None, worker_id=worker_id or new_worker_id(),
                         excluded_queue_names=[])
        self.schedule = schedule
        self.busy = False
        self._stopping = threading.Event()
        self._beat_thread: threading.Thread | None = None

    # ------------------------------------------------------------ heartbeat

    def _register(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now, "last_seen": now,
                      "stopped_at": None, "running": ""})

    def _beat(self) -> None:
        every = heartbeat_every()
        try:
            while not self._stopping.wait(every):
                try:
                    WorkerBeat.objects.filter(worker_id=self.worker_id).update(last_seen=timezone.now())
                except Exception:  # a locked or briefly unreachable database: try again at the next beat
                    logger.warning("worker %s: could not write its heartbeat", self.worker_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    def _set_running(self, what: str) -> None:
        WorkerBeat.objects.filter(worker_id=self.worker_id).update(running=what[:200], last_seen=timezone.now())

    # ------------------------------------------------------------ the loop

    def run(self, *, iterations: int | None = None, until_idle: bool = False) -> None:
        """Run until stopped; or at most `iterations` turns of the loop; or, `until_idle`, until no job is
        ready (the tests and `worker --until-idle`)."""
        self._register()
        self._beat_thread = threading.Thread(target=self._beat, name=f"heartbeat-{self.worker_id}", daemon=True)
        self._beat_thread.start()
        logger.info("worker %s started", self.worker_id)
        recover_every = max(min(stale_after().total_seconds() / 2, 30.0), 1.0)
        next_recovery = 0.0
        turns = 0
        try:
            while self.running and (iterations is None or turns < iterations):
                turns += 1
                _refresh_connections()
                if time.monotonic() >= next_recovery:
                    recover_stale()
                    next_recovery = time.monotonic() + recover_every
                if self.schedule:
                    enqueue_due(timezone.now())
                self.busy = False
                result = self.claim()
                if result is not None:
                    self.run_task(result)
                    continue
                if until_idle and not self.busy:
                    break
                time.sleep(self.interval)
        finally:
            self._stopping.set()
            self._beat_thread.join(timeout=5)
            try:
                WorkerBeat.objects.filter(worker_id=self.worker_id).update(stopped_at=timezone.now(), running="")
            except Exception:
                logger.warning("worker %s: could not record its stop", self.worker_id, exc_info=True)
            logger.info("worker %s stopped after %d jobs", self.worker_id, self._run_tasks)

    def claim(self) -> DBTaskResult[Any, Any] | None:
        """The next ready job, marked RUNNING by this worker; None when there is none, or when SQLite is busy
        with another writer (then `busy` is set: there may be a job after all)."""
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        try:
            with exclusive_transaction(ready.db):
                result = ready.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
                return result
        except OperationalError as error:
            if is_locked_database_exception(error):
                self.busy = True
                return None
            raise

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        """Run one claimed job and record its result. A failure its own code did not catch is recorded on the
        job (with the traceback) and handed to its kind's on_failed, so the page that started it can say so."""
        result = db_task_result
        self.running_task = True
        started = time.monotonic()
        job = {"job": result.task_path.rsplit(".", 1)[-1], "job_id": str(result.pk), "worker": self.worker_id}
        logger.info("job %s %s started", job["job"], job["job_id"], extra={**job, "status": "RUNNING"})
        try:
            self._set_running(result.task_path)
            task = result.task
            task_result = result.task_result
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            result.set_successful(value)
        except (SystemExit, KeyboardInterrupt):
            self._release(result)
            result.status = STOPPED_AT_ONCE  # for the log line: put back or failed, as _release decided
            raise
        except BaseException as error:
            logger.exception("job %s (%s) failed", result.pk, result.task_path)
            result.set_failed(error)
            kind = kind_of(result.task_path)
            if kind.on_failed is not None:
                kind.on_failed(result, f"The job stopped with an error: {error}")
        finally:
            self.running_task = False
            self._run_tasks += 1
            with contextlib.suppress(Exception):
                self._set_running("")
            # One line a job: its name and id, never its arguments (they may name a pupil).
            status = str(result.status)
            logger.info("job %s %s finished: %s", job["job"], job["job_id"], status,
                        extra={**job, "status": status, "duration_ms": round((time.monotonic() - started) * 1000)})

    def _release(self, result: DBTaskResult[Any, Any]) -> None:
        """Stopped at once during a job: back to ready when it may run again, else failed with the reason."""
        try:
            _refresh_connections()
            kind = kind_of(result.task_path)
            mine = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
            if kind.idempotent and len(result.worker_ids) < kind.max_attempts:
                mine.update(status=TaskResultStatus.READY, started_at=None)
                if kind.on_retry is not None:
                    kind.on_retry(result)
            elif mine.update(status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                             exception_class_path=WORKER_LOST, traceback=STOPPED) and kind.on_failed is not None:
                kind.on_failed(result, STOPPED)
        except Exception:  # the next worker's recovery settles it
            logger.warning("job %s: could not release it on stopping", result.pk, exc_info=True)


def run_worker(**options: Any) -> JobWorker:
    worker = JobWorker(**{k: v for k, v in options.items() if k in ("worker_id", "interval", "schedule")})
    worker.run(**{k: v for k, v in options.items() if k in ("iterations", "until_idle")})
    return worker
