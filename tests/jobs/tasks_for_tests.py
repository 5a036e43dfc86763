"""Jobs for the tests of the worker: each appends a line to a file, so a test counts how often it ran."""

from __future__ import annotations

import os
import time

from django_tasks import task

from pathways.jobs.queue import register


@task()
def note_run(path: str, token: str, pause: float = 0.0) -> str:
    time.sleep(pause)
    with open(path, "a") as file:
        file.write(f"{token} {os.getpid()}\n")
    return token


@task()
def send_once(path: str) -> str:
    """Not safe to run twice (as an email without a record would be)."""
    with open(path, "a") as file:
        file.write("sent\n")
    return "sent"


register(note_run, idempotent=True)
register(send_once, idempotent=False)
