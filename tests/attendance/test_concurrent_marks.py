"""Writers of the same pupils' marks at the same time, on real connections (one a thread; on SQLite a database
file as deployed): an MIS import, the day's register and a provider's marks (the API's action) queue on the
pupils' register stamps, taken first and in pupil order, instead of deadlocking; creating a day's first
marks never fails on a duplicate key; no write is lost (each session holds the mark of the last writer to
commit, unless the register reported it as changed since its page was read); on SQLite nothing fails with
"database is locked"."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from pathways.attendance.models import Mark, MarkImport, Source, version_of
from pathways.audit.models import AuditEvent
from pathways.env import env_database
from pathways.register.actions import do_record_day, do_record_mark
from pathways.register.mis import run_import
from pathways.schools.calendar import school_calendar
from tests.attendance.helpers import MONDAY, ptt_at_home
from tests.attendance.test_mis import with_upn
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db(transaction=True)

PUPILS = 6
ROUNDS = 30
CODES = {"am": "/", "pm": "C2"}  # a part-time timetable: mornings in school, afternoons at home


def school_days(world: Any, n: int) -> list[dt.date]:
    calendar, days, day = school_calendar(world.school.pk), [], MONDAY
    while len(days) < n:
        if calendar.is_school_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@pytest.fixture
def pupils(world: Any) -> list[Any]:
    out = []
    for n in range(PUPILS):
        pupil = with_upn(make_pupil(world.school, f"P{n}", "Concurrent"), 700 + n)
        ptt_at_home(pupil)
        out.append(pupil)
    return out


@pytest.fixture
def connect(pupils: list[Any], tmp_path: Any) -> Iterator[Callable[[], None]]:
    """What each thread does first to have its own connection. On PostgreSQL, nothing. On SQLite, SQLite as
    deployed (a file, with pathways.env's options) rather than the suite's in-memory database, whose
    shared cache fails at once when locked: the test database (with its pupils) copied to a file, and the
    default connection of every thread, this one too, pointed at it until the test ends."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = str(tmp_path / "concurrent.sqlite3")
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings = {**connection.settings_dict, **env_database("DATABASE_URL", path, {})}
    original = connections["default"]

    def use_file() -> None:
        connections["default"] = DatabaseWrapper(settings, "default")

    use_file()
    try:
        yield use_file
    finally:
        connections["default"].close()
        connections["default"] = original


def run_together(connect: Callable[[], None], *writers: Callable[[], None]) -> list[BaseException]:
    """Each writer in its own thread and connection, started together; the exceptions they raised."""
    barrier = threading.Barrier(len(writers))
    failures: list[BaseException] = []

    def run(writer: Callable[[], None]) -> None:
        try:
            connect()
            barrier.wait()
            writer()
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting: deadlocked"
    return failures


class Round:
    """One day's three writers of every pupil's sessions, each leaving its name in the comment."""

    def __init__(self, world: Any, pupils: list[Any], day: dt.date, n: int) -> None:
        self.world, self.pupils, self.day, self.n = world, pupils, day, n
        self.seen = {(m.pupil_id, m.session): version_of(m) for m in Mark.objects.filter(date=day)}
        self.conflicts: set[tuple[int, str]] = set()
        self.imports: list[MarkImport] = []

    def mis_import(self) -> None:
        text = "UPN,Date,Session,Code,Comment,MinutesLate\n" + "".join(
            f"{p.upn},{self.day.isoformat()},{s.upper()},{CODES[s]},import {self.n},\n"
            for p in self.pupils for s in ("am", "pm"))
        mark_import = MarkImport.objects.create(school=self.world.school, filename=f"round{self.n}.csv",
                                                rows_total=2 * len(self.pupils))
        self.imports.append(run_import(mark_import, text.encode(), None))

    def register(self) -> None:
        rows = [{"pupil": p, "session": s, "attended": True, "comment": f"register {self.n}",
                 "seen": self.seen.get((p.pk, s), "")}
                for p in reversed(self.pupils) for s in ("pm", "am")]  # not in pupil order, on purpose
        saved = do_record_day(school=self.world.school, day=self.day, rows=rows,
                              actor=self.world.staff["attendance_officer"])
        self.conflicts = {(c.pupil.pk, c.session) for c in saved.conflicts}

    def provider(self) -> None:
        for pupil in reversed(self.pupils):
            do_record_mark(pupil=pupil, arrangement=None, day=self.day, session="am", attended=True,
                           comment=f"api {self.n}", source=Source.PROVIDER, actor=None)

    def check(self) -> None:
        """Every session holds the mark of the last writer (by the order of their audit rows, written
        under the stamps) that wrote it; the import finished."""
        assert [i.status for i in self.imports] == [MarkImport.Status.DONE], [i.error for i in self.imports]
        events = AuditEvent.objects.filter(action__in=("import marks", "record register", "record mark",
                                                       "change mark")).order_by("id")
        last: dict[tuple[int, str], str] = {}
        marks = {(m.pupil_id, m.session): m for m in Mark.objects.filter(date=self.day)}
        by_id = {str(m.pk): m for m in marks.values()}
        for event in events:
            if event.action == "import marks" and event.changes.get("file") == f"round{self.n}.csv":
                last.update({(p.pk, s): f"import {self.n}" for p in self.pupils for s in ("am", "pm")})
            elif event.action == "record register" and event.changes.get("date") == self.day.isoformat():
                last.update({(p.pk, s): f"register {self.n}" for p in self.pupils for s in ("am", "pm")
                             if (p.pk, s) not in self.conflicts})
            elif event.action in ("record mark", "change mark") and event.object_id in by_id:
                comment = event.changes.get("comment")  # a new mark's fields, or a change's [old, new]
                if (comment[-1] if isinstance(comment, list) else comment) == f"api {self.n}":
                    mark = by_id[event.object_id]
                    last[(mark.pupil_id, mark.session)] = f"api {self.n}"
        assert len(marks) == 2 * len(self.pupils)
        assert {key: m.comment for key, m in marks.items()} == last


def test_an_import_the_register_and_a_provider_writing_the_same_pupils_never_deadlock_nor_lose_a_write(
    world: Any, pupils: list[Any], connect: Callable[[], None]
) -> None:
    for n, day in enumerate(school_days(world, ROUNDS)):  # each round creates its day's first marks
        this = Round(world, pupils, day, n)
        failures = run_together(connect, this.mis_import, this.register, this.provider)
        assert not failures, f"round {n}: {failures!r}"
        this.check()


def test_two_registers_creating_the_same_first_marks_both_succeed(world: Any, pupils: list[Any],
                                                                 connect: Callable[[], None]) -> None:
    for n, day in enumerate(school_days(world, 10)):
        first, second = Round(world, pupils, day, n), Round(world, pupils, day, n)
        failures = run_together(connect, first.register, second.register)
        assert not failures, f"round {n}: {failures!r}"
        # the second to commit found every session changed since it read the day: reported, not overwritten
        assert {len(first.conflicts), len(second.conflicts)} == {0, 2 * len(pupils)}
        assert Mark.objects.filter(date=day).count() == 2 * len(pupils)
