"""Reading from a PostgreSQL read replica (DATABASE_REPLICA_URL), only where a page asks for it.

    with reading_from_replica():      # or @reading_from_replica() on a view
        ...                           # reads go to the "replica" database; writes still to "default"

Outside that context, and everywhere when DATABASE_REPLICA_URL is unset, every read and write uses
the default database. Only pages that show aggregates a few seconds stale without harm read from the
replica: the trust's dashboard and compliance chart, and the reports.

Writes always go to the default database, also inside the context. A page that writes during a read
and then reads what it wrote (Today keeps its findings as Judgement rows: pathways/today/judgements.py)
must read those rows from the default database too, or it would miss rows the replica has not yet
received: such reads are pinned with `.using(DEFAULT_DB_ALIAS)` or run in `reading_from_default()`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("pathways_reading_from_replica", default=False)


def replica_configured() -> bool:
    """A replica is configured, and reading from it is on (PATHWAYS_READ_REPLICA: the test settings keep a
    stand-in replica whose reads the replica's own tests turn on)."""
    return REPLICA in settings.DATABASES and getattr(settings, "PATHWAYS_READ_REPLICA", True)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside: reads go to the replica (when one is configured). Usable as a decorator too."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def reading_from_default() -> Iterator[None]:
    """Inside: reads go to the default database again, within a reading_from_replica() block."""
    token = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_replica() -> bool:
    return _reading.get() and replica_configured()


class ReplicaRouter:
    """Reads to the replica inside reading_from_replica(); everything else to the default database."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the default database

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # a replica follows its primary; nothing is migrated on it
