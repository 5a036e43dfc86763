"""The roster import's progress: the counter, what the import tells it, where the job writes it, and the
import page's count while it runs. And the writes in batches (several batches of pupils, each with its
contacts and audit rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.pupils import roster_actions
from pathways.pupils.models import Pupil, PupilContact, RosterImport
from pathways.roster import jobs
from pathways.roster.progress import Counter
from pathways.roster.run import import_roster
from tests.roster.files import ctf, pupil, upn


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_counter_reports_every_n_records_and_the_end() -> None:
    seen: list[tuple[str, int, int]] = []
    counter = Counter(lambda *a: seen.append(a), every=500, seconds=0)
    counter.start("checking", 1234)
    for n in range(1, 1235):
        counter.count(n)
    assert seen == [("checking", 0, 1234), ("checking", 500, 1234), ("checking", 1000, 1234),
                    ("checking", 1234, 1234)]


def test_the_counter_reports_no_more_often_than_its_seconds_but_always_the_end() -> None:
    seen: list[tuple[str, int, int]] = []
    clock = Clock()
    counter = Counter(lambda *a: seen.append(a), every=10, seconds=0.5, clock=clock)
    counter.start("writing", 100)
    for n in range(1, 101):
        clock.now = n * 0.01  # 100 records a second: a report at most every 50 records
        counter.count(n)
    assert seen == [("writing", 0, 100), ("writing", 50, 100), ("writing", 100, 100)]
    counter.count(100)  # the end told twice is reported once
    assert len(seen) == 3


@pytest.mark.django_db
def test_the_import_counts_records_checked_then_pupils_written_batch_by_batch(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(roster_actions, "BATCH", 2)
    seen: list[tuple[str, int, int]] = []
    files = [pupil(n, contacts=[{"order": 1, "forename": "Jo", "surname": f"Parent{n}", "rel": "PAM",
                                 "resp": "true", "phone": f"07700 90000{n}", "email": ""}]) for n in range(1, 6)]
    outcome = import_roster(ctf(files, qualifier="partial"), school=world.school, actor=None, source="test",
                            progress=Counter(lambda *a: seen.append(a), every=2, seconds=0))
    assert outcome.summary == "created 5, updated 0, unchanged 0, left 0, rejected 0"
    assert seen == [("checking", 0, 5), ("checking", 2, 5), ("checking", 4, 5), ("checking", 5, 5),
                    ("writing", 0, 5), ("writing", 2, 5), ("writing", 4, 5), ("writing", 5, 5)]
    # written in three batches, each pupil with its own contact and its own audit row
    for n in range(1, 6):
        p = Pupil.objects.get(upn=upn(n))
        assert [(c.name, c.phone) for c in p.contacts.all()] == [(f"Ms Jo Parent{n}", f"07700 90000{n}")]
        assert AuditEvent.objects.filter(action="create pupil", object_id=str(p.pk)).count() == 1


@pytest.mark.django_db
def test_updates_and_leavers_in_batches_keep_history_and_restrictions(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(roster_actions, "BATCH", 2)
    first = [pupil(n) for n in range(1, 6)]
    import_roster(ctf(first, qualifier="partial"), school=world.school, actor=None, source="test")
    PupilContact.objects.filter(pupil__upn=upn(4)).update(restriction="no_contact", restriction_note="Order")
    later = [pupil(n, year="11", phone=f"01234 00000{n}") for n in range(1, 5)]  # pupil 5 and world.pupil left
    later[3]["contacts"] = [dict(later[3]["contacts"][0], phone="07700 900444")]
    outcome = import_roster(ctf(later, when="2026-12-02T09:00:00"), school=world.school, actor=None,
                            source="test", today=dt.date(2026, 12, 2))
    assert outcome.summary == "created 0, updated 4, unchanged 0, left 2, rejected 0"
    for n in range(1, 5):
        p = Pupil.objects.get(upn=upn(n))
        assert (p.year_group, p.home_phone) == (11, f"01234 00000{n}")
        change = AuditEvent.objects.get(action="update pupil", object_id=str(p.pk))
        assert change.changes["year_group"] == [10, 11]
        assert change.changes["home_phone"] == ["01234 567890", f"01234 00000{n}"]
    contact = PupilContact.objects.get(pupil__upn=upn(4))
    assert (contact.phone, contact.restriction, contact.restriction_note) == ("07700 900444", "no_contact", "Order")
    assert set(Pupil.objects.filter(left_on=dt.date(2026, 12, 2)).values_list("upn", flat=True)) == {upn(5), ""}
    assert AuditEvent.objects.filter(action="pupil left").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_job_writes_its_progress_where_the_page_reads_it(world: Any) -> None:
    imp = RosterImport.objects.create(school=world.school, filename="roster.xml", data=ctf([pupil(1)]),
                                      status=RosterImport.Status.RUNNING, rows_total=1)
    reporter = jobs.Reporter(imp.pk)
    try:
        reporter("checking", 12_000, 25_000)
        imp.refresh_from_db()
        assert imp.progress == {"stage": "checking", "done": 12_000, "total": 25_000}
        reporter("writing", 500, 25_000)
        imp.refresh_from_db()
        assert imp.progress == {"stage": "writing", "done": 500, "total": 25_000}
    finally:
        reporter.close()
    # a whole run leaves no progress behind, only the result
    done = jobs.run_confirmed(imp, None)
    done.refresh_from_db()
    assert done.status == "done" and done.progress == {} and done.result["created"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("progress", "says"), [
    ({"stage": "checking", "done": 12_000, "total": 25_000}, "Checking records: 12,000 of 25,000"),
    ({"stage": "writing", "done": 4_000, "total": 25_000}, "Writing: 4,000 of 25,000 pupils&#x27; records"),
])
def test_the_import_page_shows_the_count_and_refreshes_itself_while_it_runs(
    world: Any, as_user: Any, progress: dict[str, Any], says: str
) -> None:
    imp = RosterImport.objects.create(school=world.school, filename="roster.xml", status=RosterImport.Status.RUNNING,
                                      rows_total=25_000, progress=progress, preview={"format": "CTF", "full": True})
    url = reverse("roster-import", args=[world.school.id, imp.id])
    page = as_user(world.staff["attendance_officer"]).get(url).content.decode()
    assert says in page and 'http-equiv="refresh"' in page
    assert f'value="{progress["done"]}"' in page and 'max="25000"' in page
    # finished: the result, and no more refreshing
    RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.DONE, progress={},
                                                  result={"format": "CTF", "full": True, "created": 25_000})
    page = as_user(world.staff["attendance_officer"]).get(url).content.decode()
    assert 'http-equiv="refresh"' not in page and "Checking records" not in page and "Imported" in page


@pytest.mark.django_db
def test_outsiders_see_no_progress(world: Any, as_user: Any, client: Any) -> None:
    imp = RosterImport.objects.create(school=world.school, filename="roster.xml", status=RosterImport.Status.RUNNING,
                                      rows_total=25_000, progress={"stage": "checking", "done": 12_000,
                                                                   "total": 25_000})
    url = reverse("roster-import", args=[world.school.id, imp.id])
    assert as_user(world.outsider).get(url).status_code == 404
    for role in ("governor", "teacher"):
        response = as_user(world.staff[role]).get(url)
        assert response.status_code == 403 and b"12,000" not in response.content
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
