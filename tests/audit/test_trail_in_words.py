"""The audit trail reads as words: no True/None, no ISO timestamps, no Python dictionaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pathways.audit.describe import changes_in_words, words
from pathways.audit.record import record


def test_values_read_as_staff_say_them() -> None:
    assert words(True) == "yes" and words(False) == "no" and words(None) == "none"
    assert words("2026-12-06") == "6 Dec 2026"
    assert words("2026-12-06T10:25:31.123456") == "6 Dec 2026, 10:25"
    assert words("awaiting_approval") == "awaiting approval"
    assert words("la_notified") == "LA notified"
    assert words(45, "event") == "no. 45"
    assert words({"mon": {"am": "school", "pm": "home"}}) == "Mon: Am: school; Pm: home"


def test_a_change_reads_old_to_new_and_a_value_set_reads_as_itself() -> None:
    assert changes_in_words({"consent": [False, True], "written": True, "due": "2026-12-09"}) == [
        ("Consent", "no → yes"), ("Written", "yes"), ("Due", "9 Dec 2026")]
    assert changes_in_words({"status": ["draft", "awaiting_approval"]}) == [("Status", "draft → awaiting approval")]


def test_the_trail_page_shows_no_python_literals(world: Any, as_user: Any) -> None:
    with transaction.atomic():
        record(actor=world.staff["headteacher"], action="change arrangement", school=world.school, label="Ava O.",
               changes={"consent": [None, True], "recorded_at": dt.datetime(2026, 12, 6, 10, 25, 31, 5).isoformat(),
                        "slots": {"mon": {"am": "school"}}, "status": ["draft", "awaiting_approval"]})
    page = as_user(world.staff["headteacher"]).get(f"/schools/{world.school.id}/audit/").content.decode()
    assert "none → yes" in page and "6 Dec 2026, 10:25" in page and "draft → awaiting approval" in page
    for literal in ("True", "None", "{&#x27;", "{'", "2026-12-06T", "[&#x27;"):
        assert literal not in page.split('<table class="govuk-table">')[1], literal
