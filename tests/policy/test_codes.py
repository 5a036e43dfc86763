"""Register codes: the dated sets, the derived code of a session, and the verdict on a recorded code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.policy.casefile import parse_case
from pathways.policy.codes import CODES_2006, CODES_2024, code_set_on
from pathways.policy.engine import evaluate
from pathways.policy.errors import CodeSetError
from tests.policy.builders import case_dict

D = dt.date


def coded(arrangement: dict[str, Any] | None = None, pupil: dict[str, Any] | None = None, **session: Any):
    """The single coded session of a case with this session (a Tuesday in Nov 2025 by default)."""
    data = case_dict(as_of="2025-11-28")
    if arrangement:
        data["arrangement"].update(arrangement)
    if pupil:
        data["pupil"].update(pupil)
    if "provider" in session:
        data["provider"] = session.pop("provider")
    session = {"date": "2025-11-18", "session": "am", **session}
    data["sessions"] = [session]
    return evaluate(parse_case(data)).sessions[0]


def test_the_2024_set_is_in_force_from_19_august_2024():
    assert code_set_on(D(2024, 8, 19)) is CODES_2024
    assert code_set_on(D(2024, 8, 18)) is CODES_2006


def test_asking_for_a_code_set_before_any_is_held_raises():
    with pytest.raises(CodeSetError):
        code_set_on(D(2000, 1, 1))


def test_the_2024_set_has_exactly_the_regulation_codes():
    expected = {
        "/",
        "\\",
        "L",
        "B",
        "D",
        "J1",
        "K",
        "P",
        "V",
        "W",
        "C",
        "C1",
        "C2",
        "E",
        "G",
        "I",
        "M",
        "N",
        "O",
    }
    expected |= {"Q", "R", "S", "T", "U", "X", "Z", "#"} | {f"Y{i}" for i in range(1, 8)}
    assert set(CODES_2024.codes) == expected
    for withdrawn in ("H", "J", "Y", "F"):
        assert withdrawn not in CODES_2024 and withdrawn in CODES_2006


@pytest.mark.parametrize(
    ("codes", "category"),
    [
        ("/ \\ L", "present"),
        ("B K P V W", "educational_activity"),
        ("Q Y1 Y2 Y3 Y4 Y5 Y6 Y7", "not_possible"),
        ("D X Z #", "administrative"),
        ("G N O U", "unauthorised_absence"),
        ("C C1 C2 E I J1 M R S T", "authorised_absence"),
    ],
)
def test_each_code_has_its_category(codes, category):
    for code in codes.split():
        assert CODES_2024.category(code) == category, code


def test_present_at_registration_is_slash_in_the_morning_and_backslash_in_the_afternoon():
    assert coded().code == "/"
    assert coded(session="pm").code == "\\"


@pytest.mark.parametrize(("arrived", "code"), [("08:50", "/"), ("08:51", "L"), ("09:20", "L"), ("09:21", "U")])
def test_arriving_while_the_register_is_open_is_late_and_after_it_closed_is_u(arrived, code):
    assert coded(arrived=arrived).code == code


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("illness", "I"),
        ("medical_appointment", "M"),
        ("religious_observance", "R"),
        ("study_leave", "S"),
        ("interview", "J1"),
        ("exceptional", "C"),
        ("transport_not_arranged", "Q"),
        ("transport_failed", "Y1"),
        ("unauthorised", "O"),
        ("unknown", "N"),
        (None, "N"),
    ],
)
def test_an_absence_from_school_takes_its_reasons_code(reason, code):
    session = {"attended": False} | ({"reason": reason} if reason else {})
    assert coded(**session).code == code


def test_attended_school_arranged_provision_is_b_and_la_arranged_is_k():
    school = {"name": "P", "kind": "alternative_provision", "arranged_by": "school"}
    la = {**school, "arranged_by": "local_authority"}
    assert coded(where="provider", provider=school).code == "B"
    assert coded(where="provider", provider=la).code == "K"
    assert coded(where="provider", provider=la, attended=False, reason="illness").code == "I"


def test_another_school_where_dual_registered_is_d():
    assert coded(where="another_school").code == "D"


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("part_time_timetable", "C2"),
        ("return_to_learn", "C2"),
        ("flexi_schooling", "C"),
        ("health_needs", "I"),
        ("alternative_provision", "C"),
        ("online_learning", "C"),
        ("remote_learning", "C"),
    ],
)
def test_home_and_online_sessions_of_a_compulsory_age_pupil_are_coded_by_the_arrangement(kind, code):
    assert coded(arrangement={"kind": kind}, where="home").code == code
    assert coded(arrangement={"kind": kind}, where="online").code == code


def test_a_missed_online_lesson_is_o_or_i_when_ill():
    assert coded(where="online", attended=False).code == "O"
    assert coded(where="online", attended=False, reason="illness").code == "I"


def test_attended_is_ignored_for_home():
    assert coded(where="home", attended=False).code == "C2"


def test_a_pupil_not_of_compulsory_school_age_at_home_is_x():
    assert coded(pupil={"date_of_birth": "2021-03-01"}, where="home").code == "X"
    assert coded(pupil={"date_of_birth": "2021-03-01"}, where="not_required").code == "X"


def test_not_required_for_a_compulsory_age_pupil_is_an_error_in_the_case():
    got = coded(where="not_required")
    assert got.code is None
    assert "compulsory school age" in got.problems[0]


def test_suspension_days_are_e_unless_provision_was_made():
    suspension = {"kind": "suspension", "reason": "suspension", "start": "2025-11-17", "end": "2025-11-19"}
    assert coded(arrangement=suspension).code == "E"
    assert coded(arrangement=suspension, where="home").code == "E"
    assert coded(arrangement=suspension, where="provider", provider={"name": "P"}).code == "B"
    assert coded(arrangement=suspension, where="another_school").code == "D"


def test_the_timetable_slot_applies_only_while_the_arrangement_is_active():
    timetable = {"tue": {"am": "home"}}
    assert coded(arrangement={"timetable": timetable}).code == "C2"
    assert coded(arrangement={"timetable": timetable, "start": "2025-11-19"}).code == "/"


def test_a_recorded_code_that_matches_is_valid():
    got = coded(recorded="/")
    assert (got.recorded_valid, got.problems) == (True, ())


def test_b_for_a_home_session_is_invalid_and_the_right_code_is_given():
    got = coded(where="home", recorded="B")
    assert got.recorded_valid is False
    assert "B is never valid for home" in got.problems[0] and got.problems[0].endswith("the code should be C2")


def test_a_withdrawn_code_after_the_change_is_invalid():
    got = coded(date="2024-09-10", recorded="H", where="school")
    assert got.recorded_valid is False
    assert "not in the code set in force on 10 Sep 2024 (it was withdrawn on 19 Aug 2024)" in got.problems[0]


def test_before_the_change_no_code_is_derived_and_the_2006_set_judges_the_record():
    old = coded(date="2024-08-16", recorded="H")
    assert (old.code, old.category, old.recorded_valid) == (None, None, True)
    assert coded(date="2024-08-16", recorded="C2").recorded_valid is False


def test_a_session_on_a_closure_day_is_a_planned_closure():
    assert coded(date="2026-05-04").code == "#"


def test_f_is_in_the_2006_set_only_before_september_2013():
    assert CODES_2006.valid_on("F", D(2013, 8, 31))
    assert not CODES_2006.valid_on("F", D(2013, 9, 1))
    assert CODES_2006.valid_on("H", D(2024, 8, 18))
    early = coded(date="2013-07-01", recorded="F", arrangement={"start": "2013-06-03", "end": "2013-12-20"})
    late = coded(date="2013-09-02", recorded="F", arrangement={"start": "2013-06-03", "end": "2013-12-20"})
    assert early.recorded_valid is True
    assert late.recorded_valid is False
    assert late.problems == (
        "F is not in the code set in force on 2 Sep 2013 (the 2006 code set; it was withdrawn on 1 Sep 2013)",
    )


def test_a_session_outside_every_half_term_is_a_planned_closure():
    got = coded(date="2025-10-28", where="school")  # the October half-term holiday
    assert (got.code, got.category, got.problems) == ("#", "administrative", ())
    after = coded(date="2026-07-23", where="school")  # after the calendar's last half-term
    assert after.code == "#"
