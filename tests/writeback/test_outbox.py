"""The outbox against the fake Wonde, through the real connector: a provider's report reaches the MIS as
its code within one worker cycle; a different mark in the MIS is not overwritten; 429 (Retry-After), 5xx
and a timeout are retried; a 401 and a rejected row fail with the MIS's words; nothing is written twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pathways.attendance.models import Source
from pathways.audit.models import AuditEvent
from pathways.jobs.worker import run_worker
from pathways.portal.portal import report_session
from pathways.register.actions import do_record_mark
from pathways.writeback.actions import do_resolve
from pathways.writeback.models import MisConnection, OutboxItem
from pathways.writeback.outbox import send_due
from tests.attendance.helpers import MONDAY
from tests.writeback.fake_wonde import FakeWonde
from tests.writeback.helpers import DAY, Placed, at, connect, item_of

Status = OutboxItem.Status


def absent(placed: Placed, i: int = 0, reason: str = "illness", session: str = "am") -> Any:
    with at(10, 25):
        return report_session(provider=placed.provider, school=placed.arrangements[i].school,
                              arrangement_id=placed.arrangements[i].pk, day=MONDAY, session=session, attended=False,
                              reason=reason, actor=placed.member)


def later(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


@pytest.mark.django_db(transaction=True)
def test_a_providers_1025_absence_report_reaches_the_mis_as_its_code_within_one_worker_cycle(
        world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    reported = absent(placed)
    assert reported.mark.code == "I"
    run_worker(until_idle=True, schedule=False)
    assert wonde.code_of("S0", DAY, "AM") == "I"
    item = item_of(placed.pupils[0])
    assert item.status == Status.MATCHED and item.writeback_id.startswith("WB-") and item.sent_code == "I"
    assert wonde.posts == [[{"student_id": "S0", "date": DAY, "session": "AM", "attendance_code_id": "C-I"}]]
    assert AuditEvent.objects.filter(action="send marks to the MIS", school=world.school).exists()


@pytest.mark.django_db
def test_the_same_mark_is_never_written_twice(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    absent(placed)
    send_due(world.school, now=later(1))
    absent(placed)  # reported again, the same
    assert item_of(placed.pupils[0]).status == Status.MATCHED
    send_due(world.school, now=later(2))
    # a worker that died after writing and before saving: the item is pending again, the MIS has the mark
    OutboxItem.objects.filter(pupil=placed.pupils[0]).update(status=Status.PENDING, sent_code="")
    sent = send_due(world.school, now=later(3))
    assert sent.matched == 1 and len(wonde.posts) == 1


@pytest.mark.django_db
def test_a_different_mark_in_the_mis_is_not_overwritten_until_the_officer_says(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.hold("S0", DAY, "AM", "O")
    absent(placed)
    sent = send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    assert (sent.different, item.status, item.mis_code) == (1, Status.DIFFERENT, "O")
    assert wonde.code_of("S0", DAY, "AM") == "O" and wonde.posts == []
    do_resolve(school=world.school, item_id=item.pk, decision="overwrite", actor=world.staff["attendance_officer"])
    send_due(world.school, now=later(2))
    assert wonde.code_of("S0", DAY, "AM") == "I" and item_of(placed.pupils[0]).status == Status.MATCHED


@pytest.mark.django_db
def test_keeping_the_mis_mark_writes_nothing(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.hold("S0", DAY, "AM", "M")
    absent(placed)
    send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    do_resolve(school=world.school, item_id=item.pk, decision="keep", actor=world.staff["attendance_officer"])
    send_due(world.school, now=later(2))
    assert item_of(placed.pupils[0]).status == Status.KEPT and wonde.code_of("S0", DAY, "AM") == "M"
    assert AuditEvent.objects.filter(action="MIS mark: keep", school=world.school).count() == 1


@pytest.mark.django_db
def test_a_correction_of_a_mark_already_written_is_an_amendment_that_replaces_ours(world: Any,
                                                                                   wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    absent(placed, reason="unknown")
    send_due(world.school, now=later(1))
    assert wonde.code_of("S0", DAY, "AM") == "N"
    with at(15, 0, MONDAY + dt.timedelta(days=1)):
        do_record_mark(pupil=placed.pupils[0], arrangement=placed.arrangements[0], day=MONDAY, session="am",
                       attended=False, reason="medical_appointment", source=Source.SCHOOL,
                       actor=world.staff["attendance_officer"])
    item = item_of(placed.pupils[0])
    assert item.amendment and item.status == Status.PENDING and item.code == "M"
    send_due(world.school, now=later(2))
    assert wonde.code_of("S0", DAY, "AM") == "M" and item_of(placed.pupils[0]).status == Status.MATCHED


@pytest.mark.django_db(transaction=True)
def test_a_429_waits_as_long_as_retry_after_says_then_is_sent(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.fail_next(429, retry_after=30)
    absent(placed)
    start = timezone.now()
    run_worker(until_idle=True, schedule=False)
    item = item_of(placed.pupils[0])
    assert item.status == Status.PENDING and "429" in item.reason and item.attempts == 1
    assert start + dt.timedelta(seconds=29) <= item.next_attempt_at <= timezone.now() + dt.timedelta(seconds=31)
    again = DBTaskResult.objects.filter(status="READY", task_path="pathways.writeback.jobs.send_outbox")
    assert again.count() == 1 and again.get().run_after == item.next_attempt_at
    assert send_due(world.school, now=later(10)).matched == 0  # not before its time
    assert send_due(world.school, now=later(31)).matched == 1
    assert wonde.code_of("S0", DAY, "AM") == "I"


@pytest.mark.django_db
def test_a_server_error_is_retried_with_back_off(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.fail_next(503, times=2)
    absent(placed)
    sent = send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    assert sent.waiting == 1 and "503" in item.reason and item.attempts == 1
    send_due(world.school, now=later(7))  # past the first back-off (5 s): the second 503
    assert item_of(placed.pupils[0]).attempts == 2
    assert send_due(world.school, now=later(30)).matched == 1
    assert wonde.code_of("S0", DAY, "AM") == "I"


@pytest.mark.django_db
def test_a_timeout_is_retried(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde, timeout=1)
    placed = Placed(world, wonde)
    wonde.fail_next("timeout", delay=2)
    absent(placed)
    send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    assert item.status == Status.PENDING and "did not answer within 1 seconds" in item.reason
    assert send_due(world.school, now=later(10)).matched == 1


@pytest.mark.django_db
def test_after_the_last_attempt_the_item_fails_with_the_reason(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.fail_next(500, times=50)
    absent(placed)
    for minute in range(1, 9):
        send_due(world.school, now=later(minute * 3600))
    item = item_of(placed.pupils[0])
    assert item.status == Status.FAILED and item.reason.startswith("Given up after 8 attempts")


@pytest.mark.django_db
def test_a_wrong_token_fails_the_batch_with_the_mis_words(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    from pathways.writeback.secrets import encrypt

    MisConnection.objects.filter(school=world.school).update(credentials=encrypt("wrong"))
    absent(placed)
    send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    assert item.status == Status.FAILED and "401" in item.reason
    assert wonde.posts == []


@pytest.mark.django_db
def test_a_rejected_row_fails_with_its_reason_and_the_rest_are_written(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde, count=3)
    wonde.reject_student("S1", "The student is not on roll on this date.")
    for i in range(3):
        absent(placed, i)
    sent = send_due(world.school, now=later(1))
    assert (sent.matched, sent.failed) == (2, 1)
    bad = item_of(placed.pupils[1])
    assert bad.status == Status.FAILED and bad.reason == ("The MIS rejected the mark: The student is not on roll "
                                                          "on this date.")
    assert wonde.code_of("S0", DAY, "AM") == "I" and wonde.code_of("S2", DAY, "AM") == "I"
    assert wonde.code_of("S1", DAY, "AM") is None


@pytest.mark.django_db
def test_a_code_not_yet_reviewed_is_not_sent(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde, review=False)
    placed = Placed(world, wonde)
    absent(placed)
    send_due(world.school, now=later(1))
    item = item_of(placed.pupils[0])
    assert item.status == Status.FAILED and "The code I has no reviewed MIS code" in item.reason
    assert wonde.posts == []


@pytest.mark.django_db
def test_a_pupil_the_mis_does_not_know_fails_naming_the_upn(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde)
    placed = Placed(world, wonde)
    wonde.students.pop("S0")
    absent(placed)
    send_due(world.school, now=later(1))
    assert item_of(placed.pupils[0]).reason == f"No student in the MIS has the UPN {placed.pupils[0].upn}."


@pytest.mark.django_db
def test_marks_go_in_batches_of_the_connections_size(world: Any, wonde: FakeWonde) -> None:
    connect(world.school, wonde, batch=2)
    placed = Placed(world, wonde, count=5)
    for i in range(5):
        absent(placed, i)
    assert send_due(world.school, now=later(1)).matched == 5
    assert [len(p) for p in wonde.posts] == [2, 2, 1]


@pytest.mark.django_db
def test_a_school_without_a_connection_queues_nothing(world: Any, wonde: FakeWonde) -> None:
    placed = Placed(world, wonde)
    absent(placed)
    assert not OutboxItem.objects.exists()
