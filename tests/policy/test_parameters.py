"""Pack parameters: dated values with sources; a date no value covers raises."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.policy import parameters
from pathways.policy.clock import Time
from pathways.policy.errors import ParameterError

D = dt.date


def test_every_parameter_in_the_catalogue_has_a_dated_sourced_value():
    for name in parameters.names():
        p = parameters.parameter(name)
        assert p.values and all(v.source for v in p.values), name

    expected = {
        "provider_absence_deadline",
        "review_request_response_school_days",
        "welfare_check_interval_school_days",
        "full_time_hours_per_week",
        "recording_retention_days",
        "rtl_review_interval_days",
        "rtl_planning_interval_days",
        "rtl_threshold_days",
        "iss_referral_after_days",
        "remote_minimum_hours",
    }
    assert expected <= set(parameters.names())
    for name in expected:
        p = parameters.parameter(name)
        assert p.values and all(v.source for v in p.values)


def test_a_parameter_has_its_value_in_force_on_the_date():
    assert parameters.get("provider_absence_deadline", D(2025, 3, 10)) == Time(10, 0)
    assert parameters.get("welfare_check_interval_school_days", D(2025, 3, 10)) == {
        "low": 10,
        "medium": 5,
        "high": 2,
    }
    assert "004 §3.6" in parameters.source("provider_absence_deadline", D(2025, 3, 10))


def test_asking_for_a_date_before_any_value_raises():
    with pytest.raises(ParameterError, match="no value in force on 2019-01-01"):
        parameters.get("provider_absence_deadline", D(2019, 1, 1))


def test_an_unknown_parameter_raises():
    with pytest.raises(ParameterError):
        parameters.get("lunch_time", D(2025, 1, 1))


def test_a_school_setting_overrides_the_value():
    settings = {"provider_absence_deadline": Time(9, 30)}
    assert parameters.get("provider_absence_deadline", D(2025, 3, 10), settings) == Time(9, 30)
    assert parameters.source("provider_absence_deadline", D(2025, 3, 10), settings) == "the school's own setting"


def test_a_partial_override_of_levels_keeps_the_other_levels():
    settings = {"welfare_check_interval_school_days": {"high": 1}}
    got = parameters.get("welfare_check_interval_school_days", D(2025, 3, 10), settings)
    assert got == {"low": 10, "medium": 5, "high": 1}


def test_a_value_in_force_is_the_latest_started():
    p = parameters.Parameter(
        "x",
        "test",
        "",
        "int",
        (),
        (
            parameters.DatedValue(D(2020, 1, 1), 1, "a"),
            parameters.DatedValue(D(2024, 8, 19), 2, "b"),
        ),
    )
    assert p.in_force(D(2024, 8, 18)).value == 1
    assert p.in_force(D(2024, 8, 19)).value == 2


# ---------------------------------------------------------------------------- the law and the school's own policy


def test_only_what_a_schools_own_policy_may_change_is_overridable():
    overridable = set(parameters.overridable_names())
    for name in parameters.names():
        p = parameters.parameter(name)
        # A pack of a school's or an LA's policy is the school's to set; the national pack is the law,
        # except the time "as soon as reasonably practicable" leaves to the school, and how often staff
        # must see a pupil off a full timetable (the DSL's week: a product default, the school's to set).
        expected = p.pack != "national" or name in ("review_request_response_school_days",
                                                    "last_seen_interval_school_days")
        assert p.overridable is expected, name
        assert (name in overridable) is expected, name


def test_every_statutory_value_has_the_address_of_its_public_source():
    for name in parameters.names():
        p = parameters.parameter(name)
        for v in p.values:
            assert not v.url or v.url.startswith("https://"), name
        if p.pack == "national" and "product default" not in p.values[-1].source:
            assert p.values[-1].url or "amendment regulations" in p.values[-1].source, name
    assert parameters.url("direction_notice_school_days", D(2025, 1, 1)).startswith("https://www.legislation.gov.uk/")
    assert parameters.url("provider_absence_deadline", D(2025, 1, 1)) == ""  # the trust's own policy


def test_a_statutory_parameter_cannot_be_overridden():
    got = parameters.validate_override("full_time_hours_per_week", 12)
    assert isinstance(got, parameters.Invalid)
    assert "set by law" in got.message and "full_time_hours_per_week" in got.message
    with pytest.raises(ParameterError, match=r"settings\.full_time_hours_per_week: .*set by law"):
        parameters.get("full_time_hours_per_week", D(2025, 3, 10), {"full_time_hours_per_week": 12})
    assert parameters.get("full_time_hours_per_week", D(2025, 3, 10), {"provider_absence_deadline": Time(9, 0)}) == 18


def test_a_case_file_overriding_the_law_is_refused_naming_the_setting():
    from pathways.policy import CaseFileError, parse_case

    case = {
        "format": "pathways-case/1",
        "as_of": "2025-03-10",
        "pupil": {"date_of_birth": "2012-01-01"},
        "arrangement": {"kind": "part_time_timetable", "start": "2025-03-03"},
        "settings": {"independent_school_pupils": 6, "recording_retention_days": 14},
    }
    with pytest.raises(CaseFileError) as raised:
        parse_case(case)
    assert [e for e in raised.value.errors if e.startswith("settings.")] == [
        "settings.independent_school_pupils: independent_school_pupils is set by law (Education Act 1996 s463 "
        '("five or more pupils of compulsory school age")), not by the school\'s policy: a school\'s settings '
        "cannot change it"
    ]


def test_a_dated_value_switches_on_its_day():
    assert parameters.get("direction_notice_all_schools", D(2026, 7, 25)) is False
    assert parameters.get("direction_notice_all_schools", D(2026, 7, 26)) is True
    assert parameters.get("hours_per_session", D(2025, 1, 1)) == 3


def test_a_number_that_stands_for_a_choice_carries_its_words_and_bad_choices_are_refused() -> None:
    import pytest as _pytest

    from pathways.policy.parameters import ParameterError, _choices, parameter

    assert dict(parameter("absence_response_home_visit").choices) == {0: "a phone call", 1: "a home visit"}
    assert _choices({1: "a home visit", 0: "a phone call"}, "levels", "x") == ((0, "a phone call"), (1, "a home visit"))
    for bad, kind in (({"one": "a visit"}, "levels"), ({1: ""}, "int"), ({1: "a visit"}, "time"), ([1], "int")):
        with _pytest.raises(ParameterError):
            _choices(bad, kind, "x")
