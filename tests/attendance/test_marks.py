"""The register's model and actions: each coding path of the engine wired through a recorded mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.attendance.models import Mark
from pathways.audit.models import AuditEvent
from pathways.cases.coding import day_sheet, expected_code
from pathways.register.actions import do_record_day, do_record_mark
from tests.attendance.helpers import (
    MONDAY,
    TUESDAY,
    at_provider,
    dual_registered,
    every_day,
    flexi,
    ptt_at_home,
    under_csa,
)
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db


def record(world: Any, arrangement: Any, session: str = "pm", day: dt.date = MONDAY, **extra: Any) -> Mark:
    extra.setdefault("source", "school")
    return do_record_mark(pupil=arrangement.pupil, arrangement=arrangement, day=day, session=session,
                          actor=world.staff["attendance_officer"], **extra)


def test_a_home_session_of_a_part_time_timetable_is_recorded_as_c2(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    mark = record(world, arrangement, "pm")
    assert (mark.expected, mark.code) == ("home", "C2")
    assert record(world, arrangement, "am").code == "/"


def test_a_flexi_schooling_home_session_is_recorded_as_c(world: Any) -> None:
    mark = record(world, flexi(world.pupil), "am")
    assert (mark.expected, mark.code) == ("home", "C")


def test_a_pupil_below_compulsory_school_age_at_home_is_recorded_as_x(world: Any) -> None:
    mark = record(world, ptt_at_home(under_csa(world.school)), "pm")
    assert mark.code == "X"


def test_a_session_at_another_school_is_recorded_as_d(world: Any) -> None:
    mark = record(world, dual_registered(world.pupil), "am")
    assert (mark.expected, mark.code) == ("another_school", "D")


def test_an_attended_provider_session_arranged_by_the_school_is_b(world: Any) -> None:
    mark = record(world, at_provider(world.pupil, world.school), "am", attended=True, source="provider")
    assert (mark.expected, mark.code, mark.source) == ("provider", "B", "provider")
    assert mark.reported_at is not None


def test_an_attended_provider_session_arranged_by_the_local_authority_is_k(world: Any) -> None:
    mark = record(world, at_provider(world.pupil, world.school, arranged_by="local_authority"), "am")
    assert mark.code == "K"


def test_a_provider_absence_with_a_reason_takes_the_reasons_code(world: Any) -> None:
    mark = record(world, at_provider(world.pupil, world.school), "am", attended=False, reason="illness")
    assert (mark.code, mark.attended, mark.absence_reason) == ("I", False, "illness")


def test_a_b_typed_for_a_home_session_is_refused_with_the_right_code_c2(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    with pytest.raises(ValidationError) as caught:
        record(world, arrangement, "pm", code="B")
    message = caught.value.message_dict["code"][0]
    assert message.startswith("B is never valid for home")
    assert message.endswith("the right code is C2")
    assert not Mark.objects.exists()


def test_h_is_refused_after_19_august_2024_with_the_right_code(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        record(world, ptt_at_home(world.pupil), "pm", code="h")
    message = caught.value.message_dict["code"][0]
    assert "withdrawn on 19 Aug 2024" in message and message.endswith("the right code is C2")


def test_the_right_code_typed_is_kept(world: Any) -> None:
    assert record(world, ptt_at_home(world.pupil), "pm", code="c2").code == "C2"


def test_a_late_arrival_in_school_is_l_with_the_minutes_late(world: Any) -> None:
    mark = record(world, ptt_at_home(world.pupil), "am", arrived=dt.time(8, 55))
    assert mark.code == "L"
    assert mark.minutes_late is not None and mark.minutes_late > 0


def test_recording_the_same_session_again_changes_the_mark_and_says_what_changed(world: Any) -> None:
    arrangement = at_provider(world.pupil, world.school)
    first = record(world, arrangement, "am", attended=True)
    again = record(world, arrangement, "am", attended=False, reason="illness", comment="Rang in sick")
    assert first.pk == again.pk and Mark.objects.count() == 1
    audit = AuditEvent.objects.filter(action="change mark").get()
    assert audit.changes["code"] == ["B", "I"]
    assert audit.changes["comment"] == ["", "Rang in sick"]
    assert AuditEvent.objects.filter(action="record mark").count() == 1


def test_expected_code_reports_where_the_pupil_was_expected_and_the_verdict(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    coded = expected_code(arrangement, MONDAY, "pm", recorded="B")
    assert (coded.where, coded.code, coded.recorded_valid) == ("home", "C2", False)
    assert coded.category == "authorised_absence"
    assert coded.reason.endswith("the right code is C2")


def test_a_pupil_without_a_running_arrangement_cannot_be_marked_here(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        do_record_mark(pupil=world.pupil, arrangement=None, day=MONDAY, session="am", source="school",
                       actor=world.staff["attendance_officer"])
    assert "no arrangement running" in caught.value.message_dict["arrangement"][0]


def test_the_day_sheet_prefills_each_pupils_expected_code(world: Any) -> None:
    ptt_at_home(world.pupil)
    flexi(make_pupil(world.school, "Fay", "Flexi"))
    ptt_at_home(under_csa(world.school))
    dual_registered(make_pupil(world.school, "Dan", "Dual"))
    at_provider(make_pupil(world.school, "Jay", "Farm"), world.school)
    at_provider(make_pupil(world.school, "Kai", "County"), world.school, arranged_by="local_authority", name="County")
    codes = {(r.pupil.first_name, r.session): (r.where, r.code) for r in day_sheet(world.school, MONDAY)}
    assert codes[("Ava", "pm")] == ("home", "C2")
    assert codes[("Ava", "am")] == ("school", "/")
    assert codes[("Fay", "am")] == ("home", "C")
    assert codes[("Tia", "pm")] == ("home", "X")
    assert codes[("Dan", "am")] == ("another_school", "D")
    assert codes[("Jay", "am")] == ("provider", "B")
    assert codes[("Kai", "pm")] == ("provider", "K")


def test_the_day_sheet_leaves_out_drafts_and_arrangements_not_running_that_day(world: Any) -> None:
    from tests.arrangements.helpers import make_arrangement

    make_arrangement(world.pupil, kind="flexi_schooling", start=MONDAY, slots=every_day("home", "home"))
    later = make_pupil(world.school, "Lou", "Later")
    make_arrangement(later, kind="flexi_schooling", start=TUESDAY, status="active", slots=every_day("home", "home"))
    assert day_sheet(world.school, MONDAY) == []
    assert [r.pupil.first_name for r in day_sheet(world.school, TUESDAY)] == ["Lou", "Lou"]


def test_the_day_sheet_takes_a_fixed_number_of_queries(world: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            day_sheet(world.school, MONDAY)
        return len(ctx.captured_queries)

    for i in range(3):
        at_provider(make_pupil(world.school, f"P{i}", "Few"), world.school, name=f"Provider {i}")
    few = count()
    for i in range(12):
        flexi(make_pupil(world.school, f"Q{i}", "Many"))
    assert count() == few


def test_recording_the_day_is_all_or_nothing(world: Any) -> None:
    home = ptt_at_home(world.pupil)
    farm = at_provider(make_pupil(world.school, "Jay", "Farm"), world.school)
    rows = [
        {"pupil": home.pupil, "arrangement": home, "session": "am", "code": "/"},
        {"pupil": farm.pupil, "arrangement": farm, "session": "am", "code": "/"},
    ]
    with pytest.raises(ValidationError) as caught:
        do_record_day(school=world.school, day=MONDAY, rows=rows, actor=world.staff["attendance_officer"])
    key = f"{farm.pupil.pk}-am-code"
    assert caught.value.message_dict[key][0].endswith("the right code is B")
    assert not Mark.objects.exists()
    rows[1]["code"] = "B"
    marks = do_record_day(school=world.school, day=MONDAY, rows=rows, actor=world.staff["attendance_officer"])
    assert [m.code for m in marks] == ["/", "B"]
    assert AuditEvent.objects.filter(action="record register").count() == 1


def test_recording_the_day_refuses_another_schools_pupil(world: Any) -> None:
    with pytest.raises(ValidationError):
        do_record_day(school=world.school, day=MONDAY, rows=[{"pupil": world.other_pupil, "session": "am"}],
                      actor=world.staff["attendance_officer"])
