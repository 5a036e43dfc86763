"""A teacher puts a recorded live lesson on the register of live lessons and recordings, with its file; the
DSL sees a recording kept past its deletion date and deletes it. In a real browser, no JavaScript needed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from pathways.remote.sessions import do_record_live_session
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_records_a_live_lesson_and_the_dsl_deletes_a_recording_past_its_date(
    world: Any, live_server: Any, page: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    old = do_record_live_session(school=world.school, actor=None, held_on=dt.date.today() - dt.timedelta(days=40),
                                 group="Year 9 English", platform="Zoom", led_by="Mrs Owen", pupils=[world.pupil],
                                 slt_told=True, all_parents_consented=True, recorded=True,
                                 recording=ContentFile(b"old video", name="english.mp4"))
    sign_in(page, live_server, world.staff["teacher"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/remote-education/sessions/")
    page.get_by_test_id("new-session").click()
    page.get_by_role("button", name="Save the session").click()
    assert "There is a problem" in page.content()
    page.get_by_label("Group or class").fill("Oak class")
    page.get_by_label("Pupils taking part off site").select_option(label=f"{world.pupil.full_name} (year 9)")
    page.get_by_label("Platform").fill("Microsoft Teams")
    page.get_by_label("Who led it").fill("Ms Patel")
    page.get_by_label("Senior leaders were told of the session").check()
    page.get_by_label("The parents of every child in the group gave their consent").check()
    page.get_by_label("The session was recorded").check()
    page.get_by_label("The recording").set_input_files(
        files=[{"name": "oak.mp4", "mimeType": "video/mp4", "buffer": b"new video"}])
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("sessions").inner_text()
    assert "Oak class" in table and "Ms Patel" in table and "Delete by" in table
    assert "Past its deletion date" in table
    screenshot(page, "live-sessions-register")
    page.context.clear_cookies()
    sign_in(page, live_server, world.staff["dsl"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/today/")
    assert "Delete the recording of the live session" in page.content()
    screenshot(page, "live-sessions-today")
    page.goto(f"{live_server.url}/schools/{world.school.id}/remote-education/sessions/")
    page.get_by_test_id(f"session-{old.id}").get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert f"Deleted on {dt.date.today():%-d %b %Y}" in page.get_by_test_id(f"session-{old.id}").inner_text()
    old.refresh_from_db()
    assert old.deleted_on == dt.date.today() and not old.recording
    screenshot(page, "live-sessions-deleted")
