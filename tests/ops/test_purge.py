"""The retention schedule's purge, on a pinned clock: what is past its date goes, what is a day short
stays, and nothing an open arrangement, an open follow-up or a legal hold needs is touched."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile

from pathways.arrangements.actions import do_correct_event, do_record_event
from pathways.arrangements.models import Arrangement, Event
from pathways.attendance.models import FollowUp, Mark
from pathways.audit.models import AuditEvent
from pathways.ops.purge import id_ranges, run_purge
from pathways.ops.retention import ScheduleError, load_schedule
from pathways.pupils.actions import do_set_legal_hold
from pathways.pupils.models import Pupil
from pathways.register.actions import do_record_mark
from pathways.schools.actions import do_generate_calendar
from tests.arrangements.helpers import make_arrangement, make_provider
from tests.attendance.helpers import at_provider, every_day
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 20)
PDF = b"%PDF-1.4\n%%EOF\n"


def _born(years_ago: int, days_more: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years_ago) - dt.timedelta(days=days_more)


def ended(arrangement: Arrangement) -> Arrangement:
    Arrangement.objects.filter(pk=arrangement.pk).update(status="ended", outcome="full_time_school")
    return arrangement


def purge_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="purge").order_by("id"))


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_pupil_past_25_years_from_birth_is_deleted_with_every_record_and_the_audit_says_only_what_and_how_many(
    world: Any, media: Path, django_capture_on_commit_callbacks: Any,
) -> None:
    gone = make_pupil(world.school, "Old", "Leaver", date_of_birth=_born(25, 1))
    short = make_pupil(world.school, "Day", "Short", date_of_birth=_born(25))
    send = make_pupil(world.school, "Send", "Leaver", date_of_birth=_born(30), send="ehcp")
    placement = ended(make_arrangement(gone, status="active"))
    entry = do_record_event(arrangement=placement, type="review", date=TODAY, actor=None, note="Secret note",
                            attachment=ContentFile(PDF, name="plan.pdf"))
    do_record_mark(pupil=gone, arrangement=None, day=TODAY, session="am", attended=True, source="school", actor=None)
    file = media / entry.attachment.name
    assert file.exists()

    dry = run_purge(TODAY, True)
    assert dry.result("pupil_records").ids == [gone.id]
    assert Pupil.objects.filter(pk=gone.pk).exists() and file.exists() and not purge_rows()

    with django_capture_on_commit_callbacks(execute=True):
        report = run_purge(TODAY, False)
    result = report.result("pupil_records")
    assert result.ids == [gone.id] and result.count == dry.result("pupil_records").count
    assert result.also["event rows"] == 1 and result.also["mark rows"] == 1
    assert set(Pupil.objects.values_list("id", flat=True)) >= {short.id, send.id}
    assert not Pupil.objects.filter(pk=gone.pk).exists()
    assert not Event.objects.filter(arrangement_id=placement.id).exists()
    assert not Mark.objects.filter(pupil_id=gone.id).exists() and not file.exists()
    assert not AuditEvent.objects.filter(object_type="pupils.pupil", object_id=str(gone.id)).exists()
    (row,) = [r for r in purge_rows() if r.changes["category"] == "pupil_records"]
    assert row.changes["count"] == 1 and row.changes["ids"] == [gone.id] and row.changes["date"] == "2026-01-20"
    assert row.actor_name == "retention schedule" and row.school_id == world.school.id
    written = json.dumps(row.changes) + row.object_label
    assert "Old" not in written and "Leaver" not in written and "Secret" not in written


def test_a_legal_hold_an_open_arrangement_or_an_open_follow_up_keeps_a_pupils_records(world: Any) -> None:
    held = make_pupil(world.school, "Held", "Pupil", date_of_birth=_born(40))
    do_set_legal_hold(pupil=held, hold=True, reason="Claim against the trust", actor=world.staff["dsl"])
    running = make_pupil(world.school, "Running", "Pupil", date_of_birth=_born(40))
    make_arrangement(running, status="active")
    followed = make_pupil(world.school, "Followed", "Pupil", date_of_birth=_born(40))
    placement = at_provider(followed, world.school)
    do_record_mark(pupil=followed, arrangement=placement, day=dt.date(2026, 1, 12), session="am", attended=False,
                   reason="unknown", source="provider", actor=None)
    ended(placement)
    assert FollowUp.objects.get(pupil=followed).status == "open"

    report = run_purge(TODAY, False)
    result = report.result("pupil_records")
    assert result.ids == []
    assert result.kept == {"on legal hold": 1, "needed by an open arrangement": 1, "needed by an open follow-up": 1}
    assert Pupil.objects.filter(pk__in=[held.pk, running.pk, followed.pk]).count() == 3

    do_set_legal_hold(pupil=held, hold=False, reason="Claim settled", actor=world.staff["headteacher"])
    assert run_purge(TODAY, False).result("pupil_records").ids == [held.id]


def test_a_superseded_attachment_goes_a_year_after_the_correction_but_the_entry_stays(
    world: Any, media: Path, django_capture_on_commit_callbacks: Any,
) -> None:
    placement = make_arrangement(world.pupil, status="active")
    with time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        first = do_record_event(arrangement=placement, type="review", date=dt.date(2025, 1, 9), actor=None,
                                attachment=ContentFile(PDF, name="wrong.pdf"))
        do_correct_event(event=first, actor=None, reason="The wrong pupil's plan",
                         attachment=ContentFile(PDF, name="right.pdf"))
    corrected = Event.current.get(arrangement=placement, type="review")
    old_file, new_file = media / first.attachment.name, media / corrected.attachment.name
    assert run_purge(dt.date(2026, 1, 11), False).result("superseded_attachments").kept == {
        "needed by an open arrangement": 1}
    ended(placement)
    assert run_purge(dt.date(2026, 1, 10), False).result("superseded_attachments").ids == []  # a day short
    dry = run_purge(dt.date(2026, 1, 11), True).result("superseded_attachments")
    assert dry.ids == [first.id] and old_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_purge(dt.date(2026, 1, 11), False).result("superseded_attachments").ids == [first.id]
    first.refresh_from_db()
    assert first.attachment.name == "" and first.correction_reason == "" and Event.objects.filter(pk=first.pk).exists()
    assert not old_file.exists() and new_file.exists()


def test_register_marks_go_six_years_after_the_session(world: Any) -> None:
    pupil = make_pupil(world.school, "Mark", "Holder")
    old_day = dt.date(2020, 1, 13)  # a Monday in term
    # The school kept its register in 2019-20 too: marks are recorded only on the calendar's school days.
    do_generate_calendar(school=world.school, school_year=2019, actor=None)
    placement = make_arrangement(pupil, start=old_day, end=old_day + dt.timedelta(days=4), status="active",
                                 slots=every_day("provider", "provider"), provider=make_provider(world.school))
    for day in (old_day, old_day + dt.timedelta(days=1)):
        do_record_mark(pupil=pupil, arrangement=placement, day=day, session="am", code="B", source="provider",
                       actor=None)
    today = old_day.replace(year=2026) + dt.timedelta(days=1)
    assert run_purge(today, False).result("attendance_marks").kept == {"needed by an open arrangement": 1}
    ended(placement)
    # on `today` the first mark is a day past six years, the second exactly six: a day short
    dry = run_purge(today, True).result("attendance_marks")
    report = run_purge(today, False).result("attendance_marks")
    assert report.count == dry.count == 1
    assert list(Mark.objects.filter(pupil=pupil).values_list("date", flat=True)) == [old_day + dt.timedelta(days=1)]


def test_old_audit_rows_go_once_their_record_is_gone_sessions_and_revoked_keys_too(world: Any) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    from pathways.providers.actions import do_create_provider_token, do_revoke_provider_token

    with time_machine.travel(dt.datetime(2019, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        provider = make_provider(world.school)
        make_arrangement(world.pupil, provider=provider)
        token, _ = do_create_provider_token(provider=provider, school=world.school, actor=None, name="MIS")
        do_revoke_provider_token(token=token, school=world.school, actor=None)
        session = SessionStore()
        session.create()
        orphan = AuditEvent.objects.create(action="old write", object_type="pupils.pupil", object_id="999999")
    kept_rows = AuditEvent.objects.filter(object_type="pupils.pupil", object_id=str(world.pupil.id))
    assert kept_rows.exists()
    AuditEvent.objects.filter(pk__in=kept_rows).update(at=dt.datetime(2019, 1, 10, tzinfo=dt.UTC))
    report = run_purge(dt.date(2026, 1, 20), False)
    assert orphan.id in report.result("audit_rows").ids and kept_rows.exists()
    assert report.result("sessions").count >= 1
    sessions_row = next(r for r in purge_rows() if r.changes["category"] == "sessions")
    assert "ids" not in sessions_row.changes  # a session key is a secret
    assert report.result("revoked_keys").ids == [f"providers.providertoken:{token.id}"]
    assert report.result("recordings").held is False
    assert "Recordings of live lessons and conversations (after 31 days): not held yet" in report.lines()


def test_a_trust_may_lengthen_a_period_but_not_shorten_it(tmp_path: Path) -> None:
    longer = tmp_path / "longer.yaml"
    longer.write_text("pupil_records: {years: 30}\nrevoked_keys: {days: 730}\n")
    schedule = load_schedule(longer)
    assert str(schedule["pupil_records"].period) == "30 years" and schedule["pupil_records"].lengthened
    for text, message in (
        ("attendance_marks: {years: 3}", "attendance_marks: 3 years is shorter than the 6 years"),
        ("recordings: {days: 60}", "recordings: 60 days is longer than the 31 days"),
        ("pupil_records: {days: 9999}", "pupil_records: give the period in years"),
        ("purge_everything: {days: 1}", "no category called purge_everything"),
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text)
        with pytest.raises(ScheduleError, match=message):
            load_schedule(bad)


def test_the_recording_period_is_the_return_to_learn_packs_parameter() -> None:
    from pathways.policy import parameters

    assert load_schedule("").get("recordings").period.amount == parameters.get(  # type: ignore[union-attr]
        "recording_retention_days", on=TODAY)


def test_ids_are_written_as_runs() -> None:
    assert id_ranges([5, 1, 2, 3, 9]) == [[1, 3], 5, 9]


def test_the_purge_command_dry_run_and_schedule(world: Any, capsys: Any, tmp_path: Path, settings: Any) -> None:
    from pathways.cli import main

    make_pupil(world.school, "Old", "Leaver", date_of_birth=dt.date(1990, 1, 1))
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing deleted" in out and "Records of pupils who have left" in out and "would delete 1" in out
    assert Pupil.objects.filter(first_name="Old").exists()
    assert main(["purge", "--schedule"]) == 0
    assert "attendance_marks: 6 years" in capsys.readouterr().out
    short = tmp_path / "short.yaml"
    short.write_text("sessions: {days: 0}\naudit_rows: {years: 1}\n")
    settings.PATHWAYS_RETENTION_FILE = str(short)
    assert main(["purge"]) == 2
    assert "audit_rows: 1 year is shorter than the 6 years" in capsys.readouterr().err
    assert Pupil.objects.filter(first_name="Old").exists()


def test_a_progress_report_sent_to_parents_goes_with_the_pupil(world: Any, media: Path) -> None:
    from pathways.pupils.models import PupilContact
    from pathways.reports.actions import do_send_progress_report
    from pathways.reports.models import ProgressReportSent

    gone = make_pupil(world.school, "Old", "Leaver", date_of_birth=_born(25, 1))
    placement = ended(make_arrangement(gone, status="active"))
    mum = PupilContact.objects.create(pupil=gone, name="Jo Leaver", relationship="PAM",
                                      parental_responsibility=True, email="jo@example.org")
    do_send_progress_report(arrangement=placement, contacts=[mum], period_start=TODAY, period_end=TODAY,
                            subject="Report", body="Attached.", pdf=PDF, filename="report.pdf", actor=None,
                            today=TODAY)
    assert ProgressReportSent.objects.filter(arrangement=placement).exists()
    run_purge(TODAY, False)
    assert not Pupil.objects.filter(pk=gone.pk).exists()
    assert not ProgressReportSent.objects.exists() and not PupilContact.objects.filter(pk=mum.pk).exists()
