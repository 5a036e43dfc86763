"""MIS interchange: marks out as CSV for MIS write-back, marks in from an MIS CSV, checked row by row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from pathways.attendance.models import Mark, MarkImport
from pathways.audit.models import AuditEvent
from pathways.policy.upn import check_letter
from pathways.pupils.actions import do_update_pupil
from pathways.register import mis
from pathways.register.actions import do_record_mark
from tests.attendance.helpers import MONDAY, TUESDAY, ptt_at_home
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

HEADER = "UPN,Date,Session,Code,Comment,MinutesLate\n"


def a_upn(n: int) -> str:
    digits = f"{n:012d}"
    letter = check_letter("A" + digits)
    assert letter is not None
    return letter + digits


def with_upn(pupil: Any, n: int) -> Any:
    return do_update_pupil(pupil=pupil, actor=None, upn=a_upn(n)) or pupil.__class__.objects.get(pk=pupil.pk)


def upload(client: Any, world: Any, text: str, mode: str = "all", name: str = "marks.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("register-import", args=[world.school.id]),
                       {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"), "mode": mode})


@pytest.fixture
def pupils(world: Any) -> dict[str, Any]:
    """Ava on a part-time timetable (mornings in school, afternoons at home); Ben on none."""
    ava = with_upn(world.pupil, 1)
    ptt_at_home(ava)
    ben = with_upn(make_pupil(world.school, "Ben", "Nolist"), 2)
    return {"ava": ava, "ben": ben}


def bad_and_good_rows(ava: Any, ben: Any) -> str:
    return HEADER + "\n".join([
        f"{ava.upn},2026-01-12,AM,/,,",                 # 2 good
        f"{ava.upn},2026-01-12,PM,C2,home session,",    # 3 good
        f"{ben.upn},2026-01-12,AM,L,bus late,12",       # 4 good: Ben is on no arrangement
        "A999999999999,2026-01-12,AM,/,,",              # 5 unknown UPN
        f"{ben.upn},12/01/2026,PM,/,,",                 # 6 not a date
        f"{ben.upn},2026-01-13,EV,/,,",                 # 7 not AM or PM
        f"{ben.upn},2026-01-13,AM,H,,",                 # 8 H withdrawn on 19 Aug 2024
        f"{ben.upn},2026-01-12,AM,/,,",                 # 9 the same session as line 4
        f"{ava.upn},2026-01-13,PM,C,,",                 # 10 the engine: C2 for a part-time timetable
    ]) + "\n"


def reasons(body: str) -> str:
    return body.split('data-testid="rejected-rows"')[1]


def test_the_export_is_one_row_per_recorded_mark_in_the_mis_write_back_shape(world: Any, as_user: Any,
                                                                             pupils: dict[str, Any]) -> None:
    ava = pupils["ava"]
    do_record_mark(pupil=ava, arrangement=None, day=MONDAY, session="am", arrived=dt.time(8, 55),
                   comment="bus", source="school", actor=None)
    do_record_mark(pupil=ava, arrangement=None, day=MONDAY, session="pm", source="school", actor=None)
    do_record_mark(pupil=ava, arrangement=None, day=MONDAY + dt.timedelta(days=7), session="am", source="school",
                   actor=None)
    client = as_user(world.staff["attendance_officer"])
    response = client.get(reverse("register-export", args=[world.school.id]),
                          {"start": "2026-01-12", "end": "2026-01-16"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"marks-{world.school.laestab}-2026-01-12-to-2026-01-16.csv" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "UPN,Date,Session,Code,Comment,MinutesLate"
    assert lines[1:] == [f"{ava.upn},2026-01-12,AM,L,bus,{Mark.objects.get(session='am', date=MONDAY).minutes_late}",
                         f"{ava.upn},2026-01-12,PM,C2,,"]


def test_the_export_page_asks_for_the_dates_and_names_a_wrong_range(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["attendance_officer"])
    url = reverse("register-export", args=[world.school.id])
    assert "Export marks for the MIS" in client.get(url).content.decode()
    body = client.get(url, {"start": "2026-01-16", "end": "2026-01-12"}).content.decode()
    assert "The end date must be on or after the start date." in body


def test_all_or_nothing_writes_nothing_and_lists_every_rejected_row_with_its_reason(
    world: Any, as_user: Any, pupils: dict[str, Any]
) -> None:
    client = as_user(world.staff["attendance_officer"])
    response = upload(client, world, bad_and_good_rows(pupils["ava"], pupils["ben"]), mode="all")
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert Mark.objects.count() == 0
    assert "Nothing was written: 6 rows rejected" in body
    table = reasons(body)
    assert "UPN A999999999999 is not a pupil of St Bede" in table
    assert "Date “12/01/2026” is not a date: write it as YYYY-MM-DD." in table
    assert "Session “EV” is not AM or PM." in table
    assert "H is not in the code set in force on 13 Jan 2026 (the 2024 code set) (it was withdrawn on 19 Aug 2024)." \
        in table
    assert "The same session as line 4: a session has one mark." in table
    assert "the right code is C2" in table
    for line in (5, 6, 7, 8, 9, 10):
        assert f'govuk-table__cell--numeric">{line}</td>' in table
    for line in (2, 3, 4):
        assert f'govuk-table__cell--numeric">{line}</td>' not in table


def test_importing_the_valid_rows_writes_them_and_reports_the_rest(world: Any, as_user: Any,
                                                                  pupils: dict[str, Any]) -> None:
    ava, ben = pupils["ava"], pupils["ben"]
    do_record_mark(pupil=ava, arrangement=None, day=MONDAY, session="am", attended=False, reason="illness",
                   source="school", actor=None)
    client = as_user(world.staff["attendance_officer"])
    response = upload(client, world, bad_and_good_rows(ava, ben), mode="valid")
    body = client.get(response["Location"]).content.decode()
    assert "3 marks imported" in body
    assert "2 added, 1 changed; 6 rows rejected" in body
    marks = {(m.pupil_id, m.session): m for m in Mark.objects.filter(date=MONDAY)}
    assert marks[(ava.pk, "am")].code == "/"
    assert marks[(ava.pk, "am")].source == "import"
    assert marks[(ava.pk, "pm")].code == "C2"
    assert marks[(ava.pk, "pm")].expected == "home"
    assert marks[(ben.pk, "am")].code == "L"
    assert marks[(ben.pk, "am")].minutes_late == 12
    assert not Mark.objects.filter(date=TUESDAY).exists()
    audit = AuditEvent.objects.filter(action="import marks").get()
    assert audit.changes["added"] == 2 and audit.changes["changed"] == 1 and audit.changes["rejected"] == 6
    rejected = client.get(reverse("register-import-rejected", args=[world.school.id, MarkImport.objects.get().pk]))
    lines = b"".join(rejected.streaming_content).decode().splitlines()
    assert lines[0] == "Line,UPN,Date,Session,Code,Reason"
    assert len(lines) == 7
    assert lines[-1].startswith(f"10,{ava.upn},2026-01-13,PM,C,")


def test_a_file_without_the_header_is_refused_whole(world: Any, as_user: Any, pupils: dict[str, Any]) -> None:
    client = as_user(world.staff["attendance_officer"])
    response = upload(client, world, f"{pupils['ben'].upn},2026-01-12,AM,/,,\n")
    body = client.get(response["Location"]).content.decode()
    assert "The file could not be imported" in body
    assert "The first row must be the header UPN,Date,Session,Code,Comment,MinutesLate" in body
    assert Mark.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_long_import_runs_in_the_background_with_a_progress_bar_until_done(world: Any, as_user: Any,
                                                                             pupils: dict[str, Any]) -> None:
    from pathways.jobs.worker import run_worker

    ben = pupils["ben"]
    days = [MONDAY + dt.timedelta(days=d) for d in range(5)]
    text = HEADER + "".join(f"{ben.upn},{d.isoformat()},{s},/,," + "\n" for d in days for s in ("AM", "PM"))
    client = as_user(world.staff["attendance_officer"])
    with override_settings(MIS_IMPORT_BACKGROUND_ROWS=3):
        response = upload(client, world, text, mode="valid", name="week.csv")
    mark_import = MarkImport.objects.get()
    assert mark_import.rows_total == 10 and mark_import.status == "pending" and mark_import.job_id is not None
    queued = client.get(response["Location"]).content.decode()
    assert "the import is queued" in queued and 'http-equiv="refresh"' in queued
    assert Mark.objects.count() == 0  # nothing runs in the request
    run_worker(until_idle=True, schedule=False)
    mark_import.refresh_from_db()
    assert mark_import.status == "done"
    body = client.get(response["Location"]).content.decode()
    assert "10 marks imported" in body
    assert 'http-equiv="refresh"' not in body
    assert Mark.objects.filter(pupil=ben, source="import").count() == 10


def test_the_progress_page_shows_a_progress_bar_and_refreshes_itself(world: Any, as_user: Any) -> None:
    running = MarkImport.objects.create(school=world.school, filename="year.csv", status="running",
                                        rows_total=200_000, rows_done=50_000)
    client = as_user(world.staff["attendance_officer"])
    body = client.get(reverse("register-import-detail", args=[world.school.id, running.pk])).content.decode()
    assert "Importing marks" in body
    assert '<meta http-equiv="refresh" content="2">' in body
    assert 'max="200000" value="50000"' in body
    assert "50000 of 200000 rows checked (25%)" in body


@pytest.mark.parametrize("name", ["register-import", "register-export"])
def test_a_governor_may_not_import_or_export_marks(world: Any, as_user: Any, name: str) -> None:
    client = as_user(world.staff["governor"])
    url = reverse(name, args=[world.school.id])
    assert client.get(url).status_code == 403
    assert upload(client, world, HEADER).status_code == 403
    assert Mark.objects.count() == 0


def test_staff_of_another_school_find_no_import_page_nor_report(world: Any, as_user: Any) -> None:
    mark_import = MarkImport.objects.create(school=world.school, filename="ours.csv", status="done")
    client = as_user(world.outsider)
    for url in (reverse("register-import", args=[world.school.id]),
                reverse("register-export", args=[world.school.id]),
                reverse("register-import-detail", args=[world.school.id, mark_import.pk]),
                reverse("register-import-rejected", args=[world.school.id, mark_import.pk])):
        assert client.get(url).status_code == 404
    assert upload(client, world, HEADER).status_code == 404
    # their own school's id does not open our import either
    other_url = reverse("register-import-detail", args=[world.other.id, mark_import.pk])
    assert client.get(other_url).status_code == 404


def test_the_import_page_takes_a_fixed_number_of_queries(world: Any, as_user: Any,
                                                         django_assert_max_num_queries: Any) -> None:
    client = as_user(world.staff["attendance_officer"])
    for n in range(8):
        MarkImport.objects.create(school=world.school, filename=f"{n}.csv", status="done",
                                  started_by=world.staff["attendance_officer"])
    with django_assert_max_num_queries(12):
        body = client.get(reverse("register-import", args=[world.school.id])).content.decode()
    assert body.count("register/imports/") == 8


def test_rows_already_written_are_rolled_back_when_a_later_row_is_rejected(
    world: Any, as_user: Any, pupils: dict[str, Any], monkeypatch: Any
) -> None:
    # Rows go to the database in batches while the rest are checked (every 2 rows here): a rejection
    # further down the file, in all-or-nothing mode, must still leave nothing written.
    monkeypatch.setattr(mis.check, "PROGRESS_EVERY", 2)
    ben = pupils["ben"]
    good = [f"{ben.upn},2026-01-{day:02d},{half},/,," for day in (12, 13, 14) for half in ("AM", "PM")]
    text = HEADER + "\n".join([*good, "A999999999999,2026-01-15,AM,/,,"]) + "\n"
    client = as_user(world.staff["attendance_officer"])
    body = client.get(upload(client, world, text, mode="all")["Location"]).content.decode()
    assert "Nothing was written: 1 row rejected" in body
    assert Mark.objects.count() == 0


def test_a_code_the_engine_rejects_last_rolls_back_the_rows_written_before_it(
    world: Any, as_user: Any, pupils: dict[str, Any]
) -> None:
    # The engine judges the rows of pupils on an arrangement after every other row has been written.
    ava, ben = pupils["ava"], pupils["ben"]
    text = HEADER + f"{ben.upn},2026-01-12,AM,/,,\n{ben.upn},2026-01-12,PM,/,,\n{ava.upn},2026-01-13,PM,C,,\n"
    client = as_user(world.staff["attendance_officer"])
    body = client.get(upload(client, world, text, mode="all")["Location"]).content.decode()
    assert "Nothing was written: 1 row rejected" in body
    assert "the right code is C2" in reasons(body)
    assert Mark.objects.count() == 0


def test_importing_the_valid_rows_writes_those_before_and_after_a_rejected_one(
    world: Any, as_user: Any, pupils: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(mis.check, "PROGRESS_EVERY", 2)
    ava, ben = pupils["ava"], pupils["ben"]
    text = HEADER + "\n".join([
        f"{ben.upn},2026-01-12,AM,/,,", f"{ben.upn},2026-01-12,PM,/,,", f"{ben.upn},2026-01-13,AM,/,,",
        "A999999999999,2026-01-13,AM,/,,",
        f"{ava.upn},2026-01-13,PM,C,,",       # the engine: C2
        f"{ava.upn},2026-01-13,AM,/,,", f"{ben.upn},2026-01-13,PM,N,,",
    ]) + "\n"
    client = as_user(world.staff["attendance_officer"])
    body = client.get(upload(client, world, text, mode="valid")["Location"]).content.decode()
    assert "2 rows rejected" in body
    written = set(Mark.objects.values_list("pupil__upn", "date", "session", "code"))
    assert written == {
        (ben.upn, dt.date(2026, 1, 12), "am", "/"), (ben.upn, dt.date(2026, 1, 12), "pm", "/"),
        (ben.upn, dt.date(2026, 1, 13), "am", "/"), (ben.upn, dt.date(2026, 1, 13), "pm", "N"),
        (ava.upn, dt.date(2026, 1, 13), "am", "/"),
    }


def test_an_import_whose_server_restarted_is_reported_as_stopped_with_nothing_written(
    world: Any, as_user: Any
) -> None:
    from django.utils import timezone

    now = timezone.now()
    stopped = MarkImport.objects.create(school=world.school, filename="year.csv", status=MarkImport.Status.RUNNING,
                                        rows_total=900_000, rows_done=40_000,
                                        progress_at=now - mis.STALLED_AFTER - dt.timedelta(seconds=1))
    going = MarkImport.objects.create(school=world.school, filename="term.csv", status=MarkImport.Status.RUNNING,
                                      rows_total=90_000, rows_done=40_000, progress_at=now - dt.timedelta(minutes=2))
    client = as_user(world.staff["attendance_officer"])
    body = client.get(reverse("register-import-detail", args=[world.school.id, stopped.pk])).content.decode()
    assert "stopped before it finished" in body
    assert "Nothing was written: import the file again." in body
    stopped.refresh_from_db()
    going.refresh_from_db()
    assert stopped.status == MarkImport.Status.FAILED
    assert going.status == MarkImport.Status.RUNNING
    listing = client.get(reverse("register-import", args=[world.school.id])).content.decode()
    assert "term.csv" in listing and "year.csv" in listing


def test_an_imported_unexplained_absence_from_the_provider_today_opens_a_follow_up_but_an_old_one_does_not(
    world: Any
) -> None:
    import time_machine

    from pathways.attendance.models import FollowUp
    from tests.attendance.helpers import at_provider

    pupil = with_upn(world.pupil, 1)
    at_provider(pupil, world.school)
    text = HEADER + f"{pupil.upn},2026-01-05,AM,N,,\n{pupil.upn},2026-01-13,AM,N,,\n{pupil.upn},2026-01-13,PM,B,,\n"
    mark_import = MarkImport.objects.create(school=world.school, filename="today.csv", mode="all")
    with time_machine.travel(dt.datetime(2026, 1, 13, 15, 0), tick=False):
        done = mis.run_import(mark_import, text, world.staff["attendance_officer"])
    assert done.status == MarkImport.Status.DONE and done.created == 3, done.error or done.rejected
    follow_ups = list(FollowUp.objects.filter(pupil=pupil).select_related("mark"))
    assert [(f.mark.date, f.mark.session, f.status) for f in follow_ups] == [
        (dt.date(2026, 1, 13), "am", FollowUp.Status.OPEN)
    ]


def test_an_import_over_sessions_already_marked_changes_each_field_and_keeps_when_a_provider_reported(
    world: Any, as_user: Any, pupils: dict[str, Any]
) -> None:
    ava, ben = pupils["ava"], pupils["ben"]
    reported = dt.datetime(2026, 1, 12, 9, 40, tzinfo=dt.UTC)
    do_record_mark(pupil=ava, arrangement=None, day=MONDAY, session="am", attended=False, reason="illness",
                   source="provider", reported_at=reported, actor=None)
    # Ben is on no arrangement: his marks come from an earlier import
    Mark.objects.create(school=world.school, pupil=ben, date=MONDAY, session="am", code="/", source="import")
    untouched = Mark.objects.create(school=world.school, pupil=ben, date=MONDAY, session="pm", code="/",
                                    source="import")
    officer = world.staff["attendance_officer"]
    rows = HEADER + f"{ava.upn},2026-01-12,AM,L,bus late,12\n{ben.upn},2026-01-12,AM,O,no contact,\n"
    response = upload(as_user(officer), world, rows)
    assert "2 changed" in as_user(officer).get(response["Location"]).content.decode()
    marks = {(m.pupil_id, m.session): m for m in Mark.objects.filter(date=MONDAY)}
    late, absent = marks[(ava.pk, "am")], marks[(ben.pk, "am")]
    assert (late.code, late.minutes_late, late.comment, late.source) == ("L", 12, "bus late", "import")
    assert late.reported_at == reported  # when the provider reported the session is kept
    assert late.recorded_by == officer and late.expected == "school"
    assert late.arrangement is not None and late.arrangement.pupil_id == ava.pk
    assert (absent.code, absent.comment, absent.minutes_late, absent.arrangement) == ("O", "no contact", None, None)
    assert (absent.source, absent.recorded_by) == ("import", officer)
    kept = marks[(ben.pk, "pm")]
    assert (kept.code, kept.source, kept.recorded_at) == ("/", "import", untouched.recorded_at)
    assert Mark.objects.count() == 3
