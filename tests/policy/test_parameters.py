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
