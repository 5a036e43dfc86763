"""The one locking rule of the register: every write to marks first takes the stamp rows of the pupils it
will write (`today_registerstamp`, raised by the database's triggers: pathways/today/models.py), in pupil
order, and holds them until it commits.

    lock_registers(pupil_ids) -> None      (inside the writer's transaction, before it reads or writes marks)

Writers of the same pupils therefore queue on the first stamp they share, and never hold one another's:
an MIS import, a day's register and a provider's mark of the same pupils run one after another instead of
deadlocking (each took its stamps in its own order: the register's by name, the import's by pupil, the
triggers' at the end of each statement). What a writer reads after taking its stamps is what the writers
before it committed, so a session it finds unmarked is still unmarked when it writes: two writers never
both create the same first mark.

A stamp not yet there is created (an upsert, `n` 0, as Today reads a missing stamp); one that is, is
locked by the same statement. The table is named here rather than through its model: the stamps belong
to Today, a layer above the register's rows, and the triggers name it the same way (today migration 0002).

SQLite has one writer at a time: its writers queue at BEGIN (transaction_mode IMMEDIATE, pathways/env.py),
so nothing is taken here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

STAMPS = "today_registerstamp"


def lock_registers(pupil_ids: Iterable[int]) -> None:
    """Take the pupils' register stamps, in pupil order, until the transaction ends."""
    ids = sorted({int(pk) for pk in pupil_ids})
    if not ids or connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("lock_registers holds its locks until commit: call it inside the writer's transaction")
    with connection.cursor() as cursor:
        # One statement, in pupil order: new stamps inserted, existing ones locked by a no-op update.
        cursor.execute(
            f"INSERT INTO {STAMPS} (pupil_id, n) SELECT p, 0 FROM unnest(%s::bigint[]) AS p ORDER BY p "
            f"ON CONFLICT (pupil_id) DO UPDATE SET n = {STAMPS}.n",
            [ids],
        )
