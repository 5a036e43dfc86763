"""What the worker knows of each kind of job: whether it may run again after its worker died.

A job is a django-tasks `@task` function; its row is django-tasks-db's DBTaskResult (status READY,
RUNNING, SUCCESSFUL or FAILED, `worker_ids` naming each worker that claimed it). A module that
defines a task registers it here with `register(task, idempotent=..., on_failed=...)`:

- idempotent: running it again after a worker died part-way writes nothing twice (the MIS import:
  its marks and its "done" are committed in one transaction; the digest: DigestSent), so a stale
  claim is put back to run again, up to `max_attempts` claims in all;
- on_failed(result, reason): called when a job is given up (not idempotent, or out of attempts) or
  fails with an error its own code did not catch, so
  the page that started it can say so (an import's progress row is marked failed with the reason);
- on_retry(result): called when a job is put back to run again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

LOST = ("The worker running this job stopped (its server restarted or the process was ended) before it "
        "finished.")
STOPPED = "The worker was stopped during the job, before it finished."


@dataclasses.dataclass(frozen=True)
class JobKind:
    idempotent: bool
    max_attempts: int = 3
    on_failed: Callable[[Any, str], None] | None = None
    on_retry: Callable[[Any], None] | None = None


KINDS: dict[str, JobKind] = {}
NOT_REGISTERED = JobKind(idempotent=False)


def register(task: Any, *, idempotent: bool, max_attempts: int = 3,
             on_failed: Callable[[Any, str], None] | None = None,
             on_retry: Callable[[Any], None] | None = None) -> Any:
    KINDS[task.module_path] = JobKind(idempotent=idempotent, max_attempts=max_attempts, on_failed=on_failed,
                                      on_retry=on_retry)
    return task


def kind_of(task_path: str) -> JobKind:
    """The registered kind of a task path, importing its module (which registers it) if need be."""
    if task_path not in KINDS:
        try:
            import_string(task_path)
        except ImportError:
            return NOT_REGISTERED
    return KINDS.get(task_path, NOT_REGISTERED)


def job_args(result: Any) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments a DBTaskResult was enqueued with."""
    stored = result.args_kwargs or {}
    return list(stored.get("args") or []), dict(stored.get("kwargs") or {})
