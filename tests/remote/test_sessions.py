"""The register of live lessons and recordings (seeds 001 and 003): a recording's deletion date is the
school's parameter on from the day it was made; the nightly job deletes a recording on its date (a
32-day-old one deleted, a 30-day-old one kept, with a pinned clock) and says so on the register and in the
audit trail; a pre-recorded lesson is kept; a recording past its date is on the DSL's Today; the rules
read the register (RTL-RECORDING-RETENTION, REM-LIVE-LESSON-SAFETY)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pathways.arrangements.models import Status
from pathways.arrangements.requirement_links import targets_for
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy.engine import evaluate
from pathways.remote.models import LiveSession
from pathways.remote.sessions import delete_due_recordings, do_delete_recording, do_record_live_session
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today.items import today_items
from pathways.today.week import SESSIONS, pupil_chronology
from tests.arrangements.helpers import make_arrangement
from tests.conftest import make_pupil, sign_in

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat
NOW = dt.datetime(2025, 11, 20, 3, 0, tzinfo=dt.UTC)  # a Thursday, the night's job has run


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _recorded(world: Any, held_on: dt.date, **kw: Any) -> LiveSession:
    values: dict[str, Any] = {
        "school": world.school, "actor": None, "held_on": held_on, "group": "Year 9 maths", "platform": "Teams",
        "led_by": "Mr Hughes", "pupils": [world.pupil], "slt_told": True, "all_parents_consented": True,
        "recorded": True, "recording": ContentFile(b"video", name=f"lesson-{held_on}.mp4")}
    values.update(kw)
    return do_record_live_session(**values)


def test_the_deletion_date_is_the_schools_parameter_on_from_the_day_made(world: Any) -> None:
    session = _recorded(world, d("2025-10-01"))
    assert session.delete_by == d("2025-11-01")  # 31 days (001 Practice, "deleted after one month")
    do_update_school(school=world.school, actor=None, policy_settings={"recording_retention_days": 14})
    world.school.refresh_from_db()
    assert _recorded(world, d("2025-10-01")).delete_by == d("2025-10-15")
    pre = do_record_live_session(school=world.school, actor=None, held_on=d("2025-10-01"), group="Year 9 maths",
                                 platform="Loom", led_by="Mr Hughes", pre_recorded=True)
    assert pre.recorded and pre.delete_by is None and not pre.keeps_recording
    with pytest.raises(ValidationError):  # a pre-recorded lesson has no pupils taking part
        do_record_live_session(school=world.school, actor=None, held_on=d("2025-10-01"), group="Y9", platform="Loom",
                               led_by="Mr Hughes", pre_recorded=True, pupils=[world.pupil])
    with pytest.raises(ValidationError):  # a live session names the pupils off site
        do_record_live_session(school=world.school, actor=None, held_on=d("2025-10-01"), group="Y9", platform="Zoom",
                               led_by="Mr Hughes")
    with pytest.raises(ValidationError):
        _recorded(world, d("2025-10-01"), pupils=[world.other_pupil])


def test_the_nightly_job_deletes_a_32_day_old_recording_and_keeps_a_30_day_old_one(world: Any, media: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        old = _recorded(world, today - dt.timedelta(days=32))
        young = _recorded(world, today - dt.timedelta(days=30))
        pre = do_record_live_session(school=world.school, actor=None, held_on=today - dt.timedelta(days=60),
                                     group="Year 9 maths", platform="Loom", led_by="Mr Hughes", pre_recorded=True,
                                     recording=ContentFile(b"video", name="pre-recorded.mp4"))
        old_file = Path(old.recording.path)
        assert old_file.exists()
        from pathways.remote.jobs import nightly_recording_deletion

        assert nightly_recording_deletion.call(today.isoformat()) == \
            f"Deleted 1 recordings of live sessions (the night of {today.isoformat()})"
    old.refresh_from_db()
    young.refresh_from_db()
    pre.refresh_from_db()
    assert old.deleted_on == today and not old.recording and not old_file.exists()
    assert young.deleted_on is None and Path(young.recording.path).exists()
    assert pre.deleted_on is None and Path(pre.recording.path).exists()  # pre-recorded lessons are exempt
    row = AuditEvent.objects.get(action="deleted the recording of a live session")
    assert row.actor is None and row.changes["deleted on"] == today.isoformat() and row.changes["late"] is True
    # The deletion is in the pupil's chronology, on the night it was done; the kept one has no such entry.
    deleted = [e for e in pupil_chronology(world.pupil, [SESSIONS]) if e.what == "Recording deleted"]
    assert [(e.date, e.order) for e in deleted] == [(today, old.pk)]
    assert f"{old.held_on:%-d %B %Y}" in deleted[0].detail and "after its deletion date" in deleted[0].detail
    assert delete_due_recordings(today) == []  # run again, nothing more
    # On the day of its date the 30-day-old one goes too.
    assert [s.pk for s in delete_due_recordings(young.delete_by)] == [young.pk]


def test_a_recording_past_its_date_is_on_the_dsls_today_until_deleted(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        kept = _recorded(world, today - dt.timedelta(days=33))
        _recorded(world, today - dt.timedelta(days=31))  # its date is today: the job deletes it tonight
        items = [i for i in today_items(world.school, world.staff["dsl"], {Role.DSL}) if "recording" in i.what]
        assert [i.due for i in items] == [kept.delete_by] and items[0].breach
        assert items[0].url == reverse("remote-sessions", args=[world.school.id])
        assert not [i for i in today_items(world.school, world.staff["teacher"], {Role.TEACHER})
                    if "recording" in i.what]
        do_delete_recording(school=world.school, actor=world.staff["dsl"], session=kept, today=today)
        assert not [i for i in today_items(world.school, world.staff["dsl"], {Role.DSL}) if "recording" in i.what]


def test_the_rules_read_the_register(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["return-to-learn", "remote-education-offer"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-10-06"))
    result = evaluate(case_for(arrangement, d("2025-10-08")))
    assert result.status("RTL-RECORDING-RETENTION") is None  # no recording yet
    session = _recorded(world, d("2025-10-07"), one_to_one=True, all_parents_consented=False)
    assert evaluate(case_for(arrangement, d("2025-11-06"))).status("RTL-RECORDING-RETENTION") == "due"
    assert evaluate(case_for(arrangement, d("2025-11-08"))).status("RTL-RECORDING-RETENTION") == "unmet"
    assert evaluate(case_for(arrangement, d("2025-10-20"))).status("REM-LIVE-LESSON-SAFETY") == "unmet"
    # How live lessons are run now: the lessons of the last four weeks; none since 7 Oct by 8 Nov.
    assert evaluate(case_for(arrangement, d("2025-11-08"))).status("REM-LIVE-LESSON-SAFETY") is None
    do_delete_recording(school=world.school, actor=None, session=session, today=d("2025-11-07"))
    assert evaluate(case_for(arrangement, d("2025-11-08"))).status("RTL-RECORDING-RETENTION") == "met"
    assert evaluate(case_for(arrangement, d("2025-11-06"))).status("RTL-RECORDING-RETENTION") == "due"  # as then
    LiveSession.objects.update(one_to_one=False, all_parents_consented=True)
    assert evaluate(case_for(arrangement, d("2025-10-20"))).status("REM-LIVE-LESSON-SAFETY") == "met"
    [target] = targets_for("RTL-RECORDING-RETENTION", arrangement)
    assert target.url == reverse("remote-sessions", args=[world.school.id])


def test_the_pages_by_role_and_the_outsiders(world: Any, client: Any) -> None:
    sister_pupil = make_pupil(world.sister, "Sid", "Sisterpupil")
    assert sister_pupil.school_id == world.sister.id
    url = reverse("remote-session-new", args=[world.school.id])
    data = {"held_on": "2025-10-08", "group": "Oak class", "pupils": [str(world.pupil.id)], "platform": "Zoom",
            "led_by": "Ms Patel", "slt_told": "on", "all_parents_consented": "on", "recorded": "on"}
    for user in (world.outsider, world.sister_dsl):
        sign_in(client, user)
        assert client.get(reverse("remote-sessions", args=[world.school.id])).status_code == 404
        assert client.post(url, data).status_code == 404
    sign_in(client, world.staff["governor"])
    assert client.get(reverse("remote-sessions", args=[world.school.id])).status_code == 403
    assert client.post(url, data).status_code == 403
    with pytest.raises(PermissionDenied):
        _recorded(world, d("2025-10-08"), actor=world.staff["governor"])
    assert not LiveSession.objects.exists()
    sign_in(client, world.staff["teacher"])
    assert client.post(url, dict(data, platform="")).status_code == 400
    recording = SimpleUploadedFile("oak.mp4", b"video bytes", content_type="video/mp4")
    assert client.post(url, {**data, "recording": recording}).status_code == 302
    session = LiveSession.objects.get()
    assert session.delete_by == d("2025-11-08") and session.recording
    assert AuditEvent.objects.filter(action="recorded a live session", actor=world.staff["teacher"]).exists()
    page = client.get(reverse("remote-sessions", args=[world.school.id]))
    assert b"Oak class" in page.content and b"Delete by 8 Nov 2025" in page.content
    assert AuditEvent.objects.filter(action="opened live lessons and recordings register").exists()
    download = reverse("remote-session-recording", args=[world.school.id, session.id])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"video bytes"
    bad = SimpleUploadedFile("notes.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(url, {**data, "recording": bad}).status_code == 400
    for user in (world.outsider, world.sister_dsl):
        sign_in(client, user)
        assert client.get(download).status_code == 404
        assert client.post(reverse("remote-session-delete-recording", args=[world.school.id, session.id])
                           ).status_code == 404
    sign_in(client, world.staff["dsl"])
    delete = reverse("remote-session-delete-recording", args=[world.school.id, session.id])
    assert client.post(delete).status_code == 302
    session.refresh_from_db()
    assert session.deleted_on == timezone.localdate() and not session.recording
    page = client.get(reverse("remote-sessions", args=[world.school.id]))
    assert f"Deleted on {timezone.localdate():%-d %b %Y}".encode() in page.content
    assert client.get(download).status_code == 404
