"""Workers as real processes on a real database (a file copied from the test database on SQLite, the
test database itself on PostgreSQL): two workers never run the same job, and a worker killed in the
middle of an MIS import leaves nothing written; the next worker finds the stale claim and imports
the file once.

The import is held open by a test-only environment variable (PATHWAYS_TEST_IMPORT_PAUSE, see
mis.write._pause_for_tests): it stops after writing its marks, inside its transaction, where the worker is
killed."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pathways.attendance.models import Mark, MarkImport
from pathways.audit.models import AuditEvent
from pathways.jobs.models import WorkerBeat
from tests.jobs.tasks_for_tests import note_run

pytestmark = pytest.mark.django_db(transaction=True)
STALE = 3  # seconds without a heartbeat before a worker is taken for dead, in these tests
HEADER = "UPN,Date,Session,Code,Comment,MinutesLate\n"


class SharedDatabase:
    """The test database, where worker processes can reach it."""

    def __init__(self, tmp_path: Path) -> None:
        self.file = tmp_path / "db.sqlite3"
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{self.file}"
        else:
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def share(self) -> None:
        """Make what the test wrote visible to the processes."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.file)) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        """Make what the processes wrote visible to the test."""
        if connection.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)

    def env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": self.url, "PATHWAYS_LOCAL": "1",
               "PATHWAYS_WORKER_HEARTBEAT_SECONDS": "1", "PATHWAYS_WORKER_STALE_SECONDS": str(STALE)}
        env.pop("PATHWAYS_TEST_IMPORT_PAUSE", None)
        env.update(extra)
        return env

    def worker(self, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "pathways", "worker", "--no-schedule", "--interval", "0.2",
                                 *args], cwd=settings.BASE_DIR, env=self.env(**extra), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[SharedDatabase]:
    yield SharedDatabase(tmp_path)


def finish(process: subprocess.Popen[str], timeout: float = 120) -> str:
    out, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, out
    return out


def test_two_workers_never_run_the_same_job(shared: SharedDatabase, tmp_path: Path) -> None:
    ran = tmp_path / "ran"
    jobs = [note_run.enqueue(str(ran), f"job-{n}", pause=0.3) for n in range(8)]
    shared.share()
    first, second = shared.worker("--until-idle"), shared.worker("--until-idle")
    finish(first), finish(second)
    shared.take_back()
    tokens = [line.split()[0] for line in ran.read_text().splitlines()]
    assert sorted(tokens) == sorted(f"job-{n}" for n in range(8))  # each once, none twice
    rows = DBTaskResult.objects.filter(pk__in=[job.id for job in jobs])
    assert {row.status for row in rows} == {"SUCCESSFUL"} and all(len(row.worker_ids) == 1 for row in rows)
    assert WorkerBeat.objects.filter(stopped_at__isnull=False).count() == 2


def test_a_worker_killed_in_the_middle_of_an_import_leaves_nothing_and_the_next_imports_it_once(
    shared: SharedDatabase, world: Any, as_user: Any, tmp_path: Path
) -> None:
    from tests.attendance.test_mis import with_upn
    from tests.conftest import make_pupil

    ben = with_upn(make_pupil(world.school, "Ben", "Nolist"), 2)
    days = [f"2026-01-{d:02d}" for d in (12, 13, 14, 15, 16, 19, 20, 21, 22, 23)]
    text = HEADER + "".join(f"{ben.upn},{d},{s},/,,\n" for d in days for s in ("AM", "PM"))
    client = as_user(world.staff["attendance_officer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    with override_settings(MIS_IMPORT_BACKGROUND_ROWS=3):
        page = client.post(reverse("register-import", args=[world.school.id]),
                           {"file": SimpleUploadedFile("fortnight.csv", text.encode()), "mode": "all"})["Location"]
    mark_import = MarkImport.objects.get()
    shared.share()

    paused = tmp_path / "paused"
    doomed = shared.worker(PATHWAYS_TEST_IMPORT_PAUSE="120", PATHWAYS_TEST_IMPORT_PAUSED_FILE=str(paused))
    deadline = time.monotonic() + 90
    while not paused.exists():
        assert doomed.poll() is None, doomed.communicate()[0]
        assert time.monotonic() < deadline, "the import never reached its pause"
        time.sleep(0.1)
    os.kill(doomed.pid, signal.SIGKILL)  # in the import's transaction, its 20 marks written but not committed
    doomed.communicate(timeout=30)
    assert doomed.returncode == -signal.SIGKILL

    shared.take_back()
    assert Mark.objects.count() == 0  # the transaction was rolled back
    mark_import.refresh_from_db()
    assert mark_import.status == "running"
    assert DBTaskResult.objects.get(pk=mark_import.job_id).status == "RUNNING"

    time.sleep(STALE + 1)  # the dead worker's heartbeat goes stale
    out = finish(shared.worker("--until-idle"))
    assert "running it again (attempt 2 of 3)" in out

    shared.take_back()
    mark_import.refresh_from_db()
    assert mark_import.status == "done" and mark_import.created == 20 and mark_import.updated == 0
    marks = Mark.objects.filter(pupil=ben)
    assert marks.count() == 20 and marks.values("date", "session").distinct().count() == 20
    assert AuditEvent.objects.filter(action="import marks").count() == 1
    job = DBTaskResult.objects.get(pk=mark_import.job_id)
    assert job.status == "SUCCESSFUL" and len(job.worker_ids) == 2
    killed, finished = (WorkerBeat.objects.get(worker_id=w) for w in job.worker_ids)
    assert killed.stopped_at is None and finished.stopped_at is not None
    assert "20 marks imported" in client.get(page).content.decode()


def test_with_log_format_json_every_line_of_the_worker_is_json_with_a_line_per_job(
    shared: SharedDatabase, tmp_path: Path
) -> None:
    """A line when each job starts and when it finishes (its name, id, status, duration), and nothing
    of its arguments: they may name a pupil."""
    ran = tmp_path / "ran"
    job = note_run.enqueue(str(ran), "Zoë-Nolist-token")
    shared.share()
    out = finish(shared.worker("--until-idle", LOG_FORMAT="json", LOG_LEVEL="WARNING"))
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]  # raises on any plain line
    assert "Zoë" not in out and "Nolist" not in out and str(ran) not in out
    mine = [line for line in lines if line.get("job_id") == str(job.id)]
    assert [(line["message"].split()[-1], line["status"]) for line in mine] == [
        ("started", "RUNNING"), ("SUCCESSFUL", "SUCCESSFUL")]
    assert all(line["job"] == "note_run" and line["logger"] == "pathways.jobs" and line["worker"] for line in mine)
    assert isinstance(mine[1]["duration_ms"], int) and mine[1]["duration_ms"] >= 0
    assert any(line["message"].startswith("Worker ") for line in lines)  # its opening line too
