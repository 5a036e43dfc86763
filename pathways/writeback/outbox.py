"""The outbox: every mark that should reach the MIS, queued in the transaction that writes it, sent by
the worker in batches.

    queue_marks(marks, today=None) -> int      the register's actions call it (provider reports, the
                                               daily register, corrections): items added or changed
    send_due(school, now=None) -> Sent         what the `send_outbox` job runs

- Idempotent: one item per session; queuing what was already written changes nothing, and the MIS's
  own mark is read before writing (where the route can read), so a session whose code is already there
  is matched without writing it again (after a worker died between writing and saving, say).
- Never overwrites a different mark: where the MIS holds a code Pathways did not write, the item waits
  as "different in the MIS" until the attendance officer says which mark stands (actions.py).
- Retried with back-off: a 429 waits as long as its Retry-After says (else the back-off), a 5xx or a
  timeout waits BACKOFF[attempt]; after MAX_ATTEMPTS the item fails with the last reason. A 401 fails
  the batch at once with the MIS's words: retrying cannot mend a token.
- A batch is claimed by moving its items' next attempt LEASE ahead, so two workers never send the
  same item, and an item of a worker that died is sent again after the lease.
- Amendments: a change to a session already written, or a mark queued after its day (the day's
  register closed), is flagged and listed as an amendment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from pathways.attendance.models import Mark
from pathways.audit.record import record
from pathways.pupils.models import Pupil
from pathways.schools.models import School
from pathways.writeback.connectors import Connector, MisMark, Refused, RetryLater, SessionMark, connector_for
from pathways.writeback.models import CodeMapping, MisConnection, MisStudent, OutboxItem

Status = OutboxItem.Status
MAX_ATTEMPTS = 8
BACKOFF = (5, 15, 60, 300, 900, 1800, 3600, 3600)  # seconds before attempt n+1
LEASE = dt.timedelta(minutes=10)
CLAIM = 2_000  # items claimed at a time; sent in the connection's batch size
_COUNTED: dict[str, str] = {Status.MATCHED.value: "matched", Status.DIFFERENT.value: "different",
                            Status.FAILED.value: "failed"}


def backoff(attempts: int) -> float:
    return float(BACKOFF[min(attempts, len(BACKOFF)) - 1]) if attempts > 0 else 0.0


# ---------------------------------------------------------------------------------------------- queuing


def queue_marks(marks: Iterable[Mark], today: dt.date | None = None) -> int:
    """Queue the marks of schools that have a connection, in the caller's transaction. Returns how many
    items were added or changed; the send job is enqueued when the transaction commits."""
    marks = [m for m in marks if m.code]
    if not marks:
        return 0
    today = today or timezone.localdate()
    connected = set(MisConnection.objects.filter(school_id__in={m.school_id for m in marks})
                    .values_list("school_id", flat=True))
    marks = [m for m in marks if m.school_id in connected]
    if not marks:
        return 0
    items = {(i.pupil_id, i.date, i.session): i for i in OutboxItem.objects.filter(
        pupil_id__in={m.pupil_id for m in marks}, date__in={m.date for m in marks})}
    now = timezone.now()
    new: list[OutboxItem] = []
    changed: list[OutboxItem] = []
    for mark in marks:
        wanted = (mark.code, mark.comment or "", mark.minutes_late)
        item = items.get((mark.pupil_id, mark.date, mark.session))
        if item is None:
            new.append(OutboxItem(school_id=mark.school_id, pupil_id=mark.pupil_id, mark=mark, date=mark.date,
                                  session=mark.session, code=wanted[0], comment=wanted[1], minutes_late=wanted[2],
                                  amendment=mark.date < today, queued_at=now, next_attempt_at=now))
            continue
        if item.wanted == wanted:
            continue  # the same mark: never written twice
        item.code, item.comment, item.minutes_late = wanted
        item.mark = mark
        item.amendment = bool(item.sent_code) or mark.date < today
        item.status, item.attempts, item.reason, item.overwrite = Status.PENDING, 0, "", False
        item.next_attempt_at = item.queued_at = now
        changed.append(item)
    OutboxItem.objects.bulk_create(new, batch_size=1000)
    OutboxItem.objects.bulk_update(changed, ["code", "comment", "minutes_late", "mark", "amendment", "status",
                                             "attempts", "reason", "overwrite", "next_attempt_at", "queued_at"],
                                   batch_size=1000)
    for school_id in {m.school_id for m in marks}:
        transaction.on_commit(functools.partial(enqueue_send, school_id))
    return len(new) + len(changed)


def enqueue_send(school_id: int, after: dt.datetime | None = None) -> None:
    from pathways.writeback.jobs import send_outbox

    send_outbox.using(run_after=after).enqueue(school_id) if after else send_outbox.enqueue(school_id)


# ---------------------------------------------------------------------------------------------- sending


@dataclasses.dataclass
class Sent:
    matched: int = 0
    different: int = 0
    failed: int = 0
    waiting: int = 0
    requests: int = 0
    next_at: dt.datetime | None = None

    def add(self, other: Sent) -> None:
        for f in ("matched", "different", "failed", "waiting", "requests"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        if other.next_at and (self.next_at is None or other.next_at < self.next_at):
            self.next_at = other.next_at


def _claim(school: School, now: dt.datetime) -> list[OutboxItem]:
    with transaction.atomic():
        due = OutboxItem.objects.filter(school=school, status=Status.PENDING, next_attempt_at__lte=now)
        if db.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        items = list(due.select_related("pupil").order_by("date", "session", "pupil_id")[:CLAIM])
        if items:
            OutboxItem.objects.filter(pk__in=[i.pk for i in items]).update(next_attempt_at=now + LEASE)
    return items


def _student_ids(school: School, connector: Connector, pupils: list[Pupil]) -> dict[int, str]:
    """Each pupil's MIS id: kept from an earlier match, else matched by UPN through the students list
    (fetched once, only when a pupil is not yet matched)."""
    known = dict(MisStudent.objects.filter(pupil__in=pupils).values_list("pupil_id", "mis_id"))
    missing = [p for p in pupils if p.pk not in known and p.upn]
    if missing:
        by_upn = connector.students_by_upn()
        found = [MisStudent(school=school, pupil=p, mis_id=by_upn[p.upn.upper()]) for p in missing
                 if p.upn.upper() in by_upn]
        MisStudent.objects.bulk_create(found, ignore_conflicts=True)
        known.update({m.pupil_id: m.mis_id for m in found})
    return known


def send_due(school: School, now: dt.datetime | None = None) -> Sent:
    """Send the school's items that are due, batch by batch; one audit row for the run."""
    total = Sent()
    conn = MisConnection.objects.filter(school=school).first()
    if conn is None:
        return total
    try:
        connector = connector_for(conn)
    except Refused as error:
        return _fail_all_due(school, error.reason, now or timezone.now())
    if not connector.capabilities.write_marks:
        return total  # a file route: the school downloads its marks (actions.do_download_marks)
    codes = {m.code: m for m in CodeMapping.objects.filter(school=school, reviewed_at__isnull=False)}
    while True:
        moment = now or timezone.now()
        items = _claim(school, moment)
        if not items:
            break
        try:
            students = _student_ids(school, connector, list({i.pupil_id: i.pupil for i in items}.values()))
        except (RetryLater, Refused) as error:
            total.add(_not_sent(items, error, moment))
            break
        stop = False
        for start in range(0, len(items), max(conn.batch_size, 1)):
            batch = items[start:start + conn.batch_size]
            if stop:  # the MIS asked us to wait: the rest of the claim waits too
                result = _defer(batch, total.next_at or moment, "Waiting: the MIS asked us to slow down.")
            else:
                result = _send_batch(connector, batch, students, codes, moment)
                stop = result.next_at is not None
            total.add(result)
        if now is not None or stop:
            break  # a fixed clock (tests, the benchmark's one pass) claims once
    if total.matched or total.failed or total.different:
        with transaction.atomic():
            record(actor="MIS write-back", action="send marks to the MIS", school=school,
                   changes={"in the MIS": total.matched, "different": total.different, "failed": total.failed,
                            "waiting": total.waiting},
                   label=f"{total.matched} marks written to the MIS")
    return total


def _send_batch(connector: Connector, batch: list[OutboxItem], students: dict[int, str],
                codes: dict[str, CodeMapping], now: dt.datetime) -> Sent:
    sent = Sent()
    ready: list[tuple[OutboxItem, SessionMark]] = []
    done: list[OutboxItem] = []
    for item in batch:
        student = students.get(item.pupil_id)
        mapping = codes.get(item.code)
        if student is None:
            _fail(item, f"No student in the MIS has the UPN {item.pupil.upn or '(none recorded)'}.")
        elif mapping is None or not mapping.mis_code_id:
            _fail(item, f"The code {item.code} has no reviewed MIS code: review the codes on the MIS connection page.")
        else:
            ready.append((item, SessionMark(key=item.pk, student=student, upn=item.pupil.upn, date=item.date,
                                            session=item.session.upper(), code=item.code, code_id=mapping.mis_code_id,
                                            comment=item.comment, minutes_late=item.minutes_late)))
            continue
        done.append(item)
    try:
        if connector.capabilities.read_marks and ready:
            ready = _read_before_write(connector, ready, codes, now, done, sent)
            sent.requests += len({m.date for _i, m in ready})
        written = connector.write_marks([m for _i, m in ready]) if ready else None
        sent.requests += 1 if ready else 0
    except RetryLater as error:
        waiting = _retry([i for i, _m in ready], error, now)
        sent.next_at = min((i.next_attempt_at for i in waiting), default=None)
        done.extend(i for i, _m in ready)
        ready = []
        written = None
    except Refused as error:
        for item, _m in ready:
            _fail(item, error.reason)
            done.append(item)
        ready = []
        written = None
    for item, mark in ready:
        assert written is not None
        if mark.key in written.rejected:
            _fail(item, f"The MIS rejected the mark: {written.rejected[mark.key]}")
        else:
            _matched(item, now, written.writeback_id)
        done.append(item)
    for item in done:
        field = _COUNTED.get(item.status, "waiting")
        setattr(sent, field, getattr(sent, field) + 1)
    _save(done)
    return sent


def _read_before_write(connector: Connector, ready: list[tuple[OutboxItem, SessionMark]],
                       codes: dict[str, CodeMapping], now: dt.datetime, done: list[OutboxItem],
                       sent: Sent) -> list[tuple[OutboxItem, SessionMark]]:
    """The MIS's marks of the batch's days: a session already holding our code is matched without
    writing; one holding a code we did not write waits for the attendance officer."""
    held: dict[dt.date, dict[tuple[str, str], MisMark]] = {}
    for day in sorted({m.date for _i, m in ready}):
        held[day] = connector.read_marks(day)
    to_write = []
    for item, mark in ready:
        there = held[mark.date].get((mark.student, mark.session))
        ours_before = codes.get(item.sent_code)
        if there is None or not there.code_id:
            to_write.append((item, mark))
        elif there.code_id == mark.code_id:
            _matched(item, now, item.writeback_id)
            done.append(item)
        elif item.overwrite or (ours_before is not None and there.code_id == ours_before.mis_code_id):
            to_write.append((item, mark))  # the officer said so, or it is our own earlier mark: an amendment
        else:
            item.status, item.mis_code = Status.DIFFERENT, there.code or there.code_id
            item.reason = f"The MIS holds {item.mis_code} for this session."
            done.append(item)
    return to_write


SAVED = ("status", "attempts", "reason", "next_attempt_at", "mis_code", "sent_code", "sent_comment",
         "sent_minutes_late", "writeback_id", "sent_at")


def _save(items: list[OutboxItem]) -> None:
    """Save what sending did to the items: one UPDATE for each set of items with the same outcome (a
    batch has few: Django's bulk_update writes a CASE a field a row, many times slower). Each UPDATE
    touches only items still wanting the mark that was sent: one queued again meanwhile (a correction)
    stays waiting with its new mark."""
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for item in items:
        groups[(*item.wanted, *(getattr(item, f) for f in SAVED))].append(item.pk)
    for key, pks in groups.items():
        code, comment, late, *values = key
        OutboxItem.objects.filter(pk__in=pks, code=code, comment=comment, minutes_late=late).update(
            **dict(zip(SAVED, values, strict=True)))


def _matched(item: OutboxItem, now: dt.datetime, writeback_id: str) -> None:
    item.status, item.reason, item.mis_code = Status.MATCHED, "", item.code
    item.sent_code, item.sent_comment, item.sent_minutes_late = item.wanted
    item.writeback_id, item.sent_at, item.next_attempt_at = writeback_id, now, now


def _fail(item: OutboxItem, reason: str) -> None:
    item.status, item.reason = Status.FAILED, reason[:500]


def _retry(items: list[OutboxItem], error: RetryLater, now: dt.datetime) -> list[OutboxItem]:
    """Put the items back with their next attempt; those out of attempts fail. Returns those waiting."""
    waiting = []
    for item in items:
        item.attempts += 1
        if item.attempts >= MAX_ATTEMPTS:
            _fail(item, f"Given up after {item.attempts} attempts: {error.reason}")
            continue
        wait = error.after if error.after is not None else backoff(item.attempts)
        item.next_attempt_at = now + dt.timedelta(seconds=wait)
        item.reason = f"Waiting to try again: {error.reason}"
        waiting.append(item)
    return waiting


def _not_sent(items: list[OutboxItem], error: RetryLater | Refused, now: dt.datetime) -> Sent:
    """The claim could not be sent at all (the students list failed): waiting again, or failed."""
    if isinstance(error, RetryLater):
        waiting = _retry(items, error, now)
    else:
        waiting = []
        for item in items:
            _fail(item, error.reason)
    _save(items)
    return Sent(waiting=len(waiting), failed=len(items) - len(waiting),
                next_at=min((i.next_attempt_at for i in waiting), default=None))


def _defer(items: list[OutboxItem], at: dt.datetime, reason: str) -> Sent:
    for item in items:
        item.next_attempt_at, item.reason = at, reason
    _save(items)
    return Sent(waiting=len(items))


def _fail_all_due(school: School, reason: str, now: dt.datetime) -> Sent:
    count = OutboxItem.objects.filter(school=school, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.FAILED, reason=reason[:500])
    return Sent(failed=count)


def by_status(school: School, day: dt.date) -> dict[str, list[Any]]:
    """The day's items by status, for the reconciliation page."""
    out: dict[str, list[Any]] = defaultdict(list)
    for item in OutboxItem.objects.filter(school=school, date=day).select_related("pupil"):
        out[item.status].append(item)
    return out
