"""The daily digest as a job: the worker enqueues it each school day at PATHWAYS_DIGEST_TIME
(pathways.jobs.schedule). DigestSent records each email sent, so a run again after a worker died
sends nobody a second one (one email may go twice if the worker dies between sending it and
recording it). People whose email failed are tried again RETRY_AFTER later, up to ATTEMPTS times."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from pathways.jobs.queue import register
from pathways.notifications.digest import send_digests

RETRY_AFTER = dt.timedelta(minutes=15)
ATTEMPTS = 3


def clock() -> dt.datetime:
    """The time now (a function of its own, for the tests to set)."""
    return timezone.now()


@task()
def send_daily_digest(day: str, usernames: list[str] | None = None, attempt: int = 1) -> str:
    now = clock()
    if timezone.localdate(now).isoformat() != day:
        return f"Not sent: the digest of {day} was due on that day, and it is now {timezone.localdate(now)}."
    report = send_digests(now, usernames=usernames, school_days_only=True)
    failed = [username for username, _ in report.failed]
    if failed and attempt < ATTEMPTS:
        send_daily_digest.using(run_after=now + RETRY_AFTER).enqueue(day, usernames=failed, attempt=attempt + 1)
    return (f"{len(report.sent)} sent, {len(report.failed)} failed"
            + (" (to be tried again)" if failed and attempt < ATTEMPTS else "")
            + f", {len(report.nothing)} with nothing due, {len(report.already)} already sent.")


register(send_daily_digest, idempotent=True)
