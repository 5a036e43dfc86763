"""The worker's job: send a school's due outbox items (outbox.send_due). Idempotent: an item is claimed
by a lease and the MIS read before writing, so a job run again after its worker died writes nothing
twice. When items wait (a 429's Retry-After, a back-off), the job enqueues itself for then."""

from __future__ import annotations

from django_tasks import task

from pathways.jobs.queue import register
from pathways.schools.models import School


@task()
def send_outbox(school_id: int) -> str:
    from pathways.writeback.outbox import enqueue_send, send_due

    school = School.objects.filter(pk=school_id).first()
    if school is None:
        return "no such school"
    sent = send_due(school)
    if sent.next_at is not None:
        enqueue_send(school_id, after=sent.next_at)
    return (f"{sent.matched} in the MIS, {sent.different} different, {sent.failed} failed, "
            f"{sent.waiting} waiting")


register(send_outbox, idempotent=True, max_attempts=5)
