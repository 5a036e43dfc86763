"""The job queue in one process: a job is run once; the jobs of a dead worker are run again or failed;
the MIS import as a job shows each of its states on its page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pathways.attendance.models import Mark, MarkImport, MarkImportFile
from pathways.audit.models import AuditEvent
from pathways.jobs.models import WorkerBeat
from pathways.jobs.recovery import recover_stale
from pathways.jobs.worker import JobWorker, run_worker
from pathways.register.mis import jobs as mis_job
from tests.jobs.tasks_for_tests import note_run, send_once

pytestmark = pytest.mark.django_db(transaction=True)
MONDAY = dt.date(2026, 1, 12)
HEADER = "UPN,Date,Session,Code,Comment,MinutesLate\n"


def claimed_by_a_dead_worker(job_id: Any, *, attempts: int = 1, seconds_ago: int = 600) -> None:
    """The job as a worker left it that stopped beating `seconds_ago`."""
    then = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id="dead", host="old-host", pid=1, last_seen=then)
    DBTaskResult.objects.filter(pk=job_id).update(status="RUNNING", started_at=then,
                                                  worker_ids=["earlier"] * (attempts - 1) + ["dead"])


def test_a_job_enqueued_is_run_once_by_the_worker(tmp_path: Path) -> None:
    ran = tmp_path / "ran"
    job = note_run.enqueue(str(ran), "one")
    worker = run_worker(until_idle=True, schedule=False)
    run_worker(until_idle=True, schedule=False)
    assert ran.read_text().split()[0] == "one" and len(ran.read_text().splitlines()) == 1
    row = DBTaskResult.objects.get(pk=job.id)
    assert row.status == "SUCCESSFUL" and row.return_value == "one" and row.worker_ids == [worker.worker_id]
    beat = WorkerBeat.objects.get(worker_id=worker.worker_id)
    assert beat.stopped_at is not None and beat.pid > 0 and beat.host


def test_a_job_waiting_for_later_is_not_run_before_its_time(tmp_path: Path) -> None:
    job = note_run.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(str(tmp_path / "ran"), "later")
    run_worker(until_idle=True, schedule=False)
    assert DBTaskResult.objects.get(pk=job.id).status == "READY" and not (tmp_path / "ran").exists()


def test_the_job_of_a_dead_worker_is_run_again_when_it_may_be(tmp_path: Path) -> None:
    job = note_run.enqueue(str(tmp_path / "ran"), "again")
    claimed_by_a_dead_worker(job.id)
    assert recover_stale() == {str(job.id): "retried"}
    run_worker(until_idle=True, schedule=False)
    row = DBTaskResult.objects.get(pk=job.id)
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 2
    assert (tmp_path / "ran").read_text().count("again") == 1


def test_the_job_of_a_dead_worker_that_may_not_run_twice_is_marked_failed_with_the_reason(tmp_path: Path) -> None:
    job = send_once.enqueue(str(tmp_path / "sent"))
    claimed_by_a_dead_worker(job.id)
    assert recover_stale() == {str(job.id): "failed"}
    row = DBTaskResult.objects.get(pk=job.id)
    assert row.status == "FAILED" and "worker running this job stopped" in row.traceback
    run_worker(until_idle=True, schedule=False)
    assert not (tmp_path / "sent").exists()


def test_a_job_out_of_attempts_is_failed_and_a_live_workers_job_is_left_alone(tmp_path: Path) -> None:
    tired = note_run.enqueue(str(tmp_path / "ran"), "tired")
    claimed_by_a_dead_worker(tired.id, attempts=3)
    busy = note_run.enqueue(str(tmp_path / "ran"), "busy")
    WorkerBeat.objects.create(worker_id="alive", host="h", pid=2)
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", started_at=timezone.now(), worker_ids=["alive"])
    assert recover_stale() == {str(tired.id): "failed"}
    assert "tried 3 times" in DBTaskResult.objects.get(pk=tired.id).traceback
    assert DBTaskResult.objects.get(pk=busy.id).status == "RUNNING"


@override_settings(PATHWAYS_WORKER_STALE_SECONDS=60)
def test_a_worker_is_taken_for_dead_only_after_the_stale_setting(tmp_path: Path) -> None:
    job = note_run.enqueue(str(tmp_path / "ran"), "x")
    claimed_by_a_dead_worker(job.id, seconds_ago=30)
    assert recover_stale() == {}
    assert recover_stale(timezone.now() + dt.timedelta(seconds=31)) == {str(job.id): "retried"}


# ------------------------------------------------------------------ the MIS import as a job


@pytest.fixture
def ben(world: Any) -> Any:
    """A pupil with a UPN, on no arrangement."""
    from tests.attendance.test_mis import with_upn
    from tests.conftest import make_pupil

    return with_upn(make_pupil(world.school, "Ben", "Nolist"), 2)


def big_import(world: Any, as_user: Any, pupil: Any, *, mode: str = "valid") -> tuple[Any, MarkImport, str]:
    days = [MONDAY + dt.timedelta(days=d) for d in range(5)]
    text = HEADER + "".join(f"{pupil.upn},{d.isoformat()},{s},/,,\n" for d in days for s in ("AM", "PM"))
    client = as_user(world.staff["attendance_officer"])
    with override_settings(MIS_IMPORT_BACKGROUND_ROWS=3):
        response = client.post(reverse("register-import", args=[world.school.id]),
                               {"file": _upload(text), "mode": mode})
    return client, MarkImport.objects.get(), response["Location"]


def _upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("week.csv", text.encode(), content_type="text/csv")


def test_an_import_given_up_after_its_worker_died_says_so_on_its_page(world: Any, as_user: Any, ben: Any) -> None:
    client, mark_import, page = big_import(world, as_user, ben)
    assert MarkImportFile.objects.filter(mark_import=mark_import).exists()
    assert "worker has not been seen" in client.get(page).content.decode()  # no worker runs yet
    claimed_by_a_dead_worker(mark_import.job_id, attempts=3)
    MarkImport.objects.filter(pk=mark_import.pk).update(status="running")
    recover_stale()
    mark_import.refresh_from_db()
    assert mark_import.status == "failed" and mark_import.error == mis_job.WORKER_STOPPED
    body = client.get(page).content.decode()
    assert "The file could not be imported" in body and "Nothing was written: import the file again." in body
    assert not MarkImportFile.objects.filter(mark_import=mark_import).exists()  # the file is not kept
    assert Mark.objects.count() == 0


def test_an_import_run_again_after_its_worker_died_says_so_then_finishes_once(world: Any, as_user: Any,
                                                                             ben: Any) -> None:
    client, mark_import, page = big_import(world, as_user, ben)
    claimed_by_a_dead_worker(mark_import.job_id)
    MarkImport.objects.filter(pk=mark_import.pk).update(status="running", rows_done=4)
    recover_stale()
    mark_import.refresh_from_db()
    assert mark_import.status == "pending"
    WorkerBeat.objects.create(worker_id="later", host="h", pid=3)  # a worker is running
    DBTaskResult.objects.filter(pk=mark_import.job_id).update(status="RUNNING", worker_ids=["dead", "later"])
    body = client.get(page).content.decode()
    assert "Nothing of that attempt was written: the import is being run again (attempt 2 of 3)" in body
    DBTaskResult.objects.filter(pk=mark_import.job_id).update(status="READY")
    JobWorker(schedule=False).run(until_idle=True)
    mark_import.refresh_from_db()
    assert mark_import.status == "done" and mark_import.created == 10
    assert Mark.objects.filter(source="import").count() == 10
    assert "10 marks imported" in client.get(page).content.decode()


def test_an_import_job_run_again_after_it_committed_writes_nothing_twice(world: Any, as_user: Any, ben: Any) -> None:
    _client, mark_import, _page = big_import(world, as_user, ben)
    run_worker(until_idle=True, schedule=False)
    # as if the worker had died after the import's transaction committed, before the job was marked done
    DBTaskResult.objects.filter(pk=mark_import.job_id).update(status="READY", finished_at=None)
    run_worker(until_idle=True, schedule=False)
    assert DBTaskResult.objects.get(pk=mark_import.job_id).return_value == "Already finished."
    assert Mark.objects.filter(source="import").count() == 10
    assert AuditEvent.objects.filter(action="import marks").count() == 1
    mark_import.refresh_from_db()
    assert mark_import.status == "done" and mark_import.created == 10 and mark_import.updated == 0


# ------------------------------------------------------------------ the schedule


def test_the_scheduled_jobs_are_enqueued_once_a_day_from_their_time() -> None:
    from zoneinfo import ZoneInfo

    from pathways.jobs.models import ScheduledRun
    from pathways.jobs.schedule import enqueue_due

    london = ZoneInfo("Europe/London")
    with override_settings(PATHWAYS_DIGEST_TIME="07:00", PATHWAYS_PURGE_TIME="02:30"):
        assert enqueue_due(dt.datetime(2026, 1, 21, 2, 29, tzinfo=london)) == []
        [purge, pruning, recordings] = enqueue_due(dt.datetime(2026, 1, 21, 2, 30, tzinfo=london))
        assert purge.task.name == "nightly_purge" and purge.args == ["2026-01-21"]
        assert pruning.task.name == "nightly_job_pruning" and pruning.args == ["2026-01-21"]
        assert recordings.task.name == "nightly_recording_deletion" and recordings.args == ["2026-01-21"]
        [digest] = enqueue_due(dt.datetime(2026, 1, 21, 7, 0, tzinfo=london))
        assert digest.task.name == "send_daily_digest"
        assert enqueue_due(dt.datetime(2026, 1, 21, 23, 0, tzinfo=london)) == []  # a second worker, later
        saturday = [job.task.name for job in enqueue_due(dt.datetime(2026, 1, 24, 8, 0, tzinfo=london))]
        assert saturday == ["nightly_purge", "nightly_job_pruning", "nightly_recording_deletion"]  # no digest
    assert ScheduledRun.objects.count() == 7
    assert DBTaskResult.objects.filter(task_path__endswith="send_daily_digest").count() == 1


def test_two_workers_cannot_both_enqueue_the_same_days_job() -> None:
    from django.db import IntegrityError, transaction

    from pathways.jobs.models import ScheduledRun

    ScheduledRun.objects.create(name="daily digest", day=dt.date(2026, 1, 21))
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(name="daily digest", day=dt.date(2026, 1, 21))


def test_the_nightly_purge_job_runs_the_retention_purge(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathways.jobs import schedule
    from pathways.ops import purge

    seen: list[Any] = []

    class Report:
        def lines(self) -> list[str]:
            return ["audit_rows: 0 deleted"]

    def fake_purge(today: dt.date, dry_run: bool) -> Report:
        seen.append((today, dry_run))
        return Report()

    assert schedule.PURGE_HOOK == "pathways.ops.purge.run_purge"
    monkeypatch.setattr(purge, "run_purge", fake_purge)
    assert schedule.nightly_purge.call("2026-01-21") == "audit_rows: 0 deleted"
    assert seen == [(dt.date(2026, 1, 21), False)]


def test_the_nightly_job_pruning_deletes_the_jobs_finished_more_than_the_setting_ago(tmp_path: Path) -> None:
    """Finished (done or failed) more than PATHWAYS_JOB_RETENTION_DAYS ago: deleted; a job finished
    since, or waiting, or running, however old, is kept."""
    import time_machine

    from pathways.jobs.schedule import nightly_job_pruning

    ran = str(tmp_path / "ran")

    def finished(days_ago: float, status: str = "SUCCESSFUL") -> Any:
        job = note_run.enqueue(ran, "x")
        at = NOW - dt.timedelta(days=days_ago)
        DBTaskResult.objects.filter(pk=job.id).update(status=status, enqueued_at=at, started_at=at, finished_at=at)
        return job.id

    NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
    with time_machine.travel(NOW, tick=False):
        old_done, old_failed = finished(31), finished(40, "FAILED")
        just_kept, recent = finished(29.9), finished(0.5)
        waiting = note_run.enqueue(ran, "waiting").id
        DBTaskResult.objects.filter(pk=waiting).update(enqueued_at=NOW - dt.timedelta(days=90))
        running = note_run.enqueue(ran, "running").id
        DBTaskResult.objects.filter(pk=running).update(status="RUNNING", started_at=NOW - dt.timedelta(days=90))
        with override_settings(PATHWAYS_JOB_RETENTION_DAYS=30):
            said = nightly_job_pruning.call("2026-03-02")
        assert said == "Deleted 2 finished jobs older than 30 days (the night of 2026-03-02)"
        left = set(DBTaskResult.objects.values_list("pk", flat=True))
        assert {str(pk) for pk in left} == {str(pk) for pk in (just_kept, recent, waiting, running)}
        assert old_done not in left and old_failed not in left
        with override_settings(PATHWAYS_JOB_RETENTION_DAYS=1):
            assert nightly_job_pruning.call("2026-03-02").startswith("Deleted 1 finished jobs")  # 29.9 days old
        assert DBTaskResult.objects.count() == 3


def test_the_nightly_job_pruning_is_run_by_the_worker_with_the_nights_purge(monkeypatch: pytest.MonkeyPatch) -> None:
    import time_machine

    from pathways.jobs import schedule

    monkeypatch.setattr(schedule, "PURGE_HOOK", "tests.jobs.test_queue.no_purge")
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 31, tzinfo=dt.UTC), tick=False):
        old = note_run.enqueue("/dev/null", "x").id
        DBTaskResult.objects.filter(pk=old).update(status="SUCCESSFUL",
                                                   finished_at=timezone.now() - dt.timedelta(days=31))
        with override_settings(PATHWAYS_PURGE_TIME="02:30", PATHWAYS_DIGEST_TIME="07:00"):
            run_worker(until_idle=True, schedule=True)
        assert not DBTaskResult.objects.filter(pk=old).exists()
        pruning = DBTaskResult.objects.get(task_path__endswith="nightly_job_pruning")
        assert pruning.status == "SUCCESSFUL" and pruning.return_value.startswith("Deleted 1 finished jobs")


def no_purge(today: dt.date, dry_run: bool) -> str:
    return "nothing to purge"
