"""Compulsory school age and year group from the date of birth."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.policy.age import (
    compulsory_school_age_ends,
    compulsory_school_age_starts,
    is_compulsory_school_age,
    key_stage,
    last_friday_in_june,
    year_group,
)

D = dt.date


@pytest.mark.parametrize(
    ("born", "starts"),
    [
        (D(2019, 9, 1), D(2024, 12, 31)),  # 5 on 1 Sep 2024: the next prescribed day is 31 Dec
        (D(2020, 1, 15), D(2025, 3, 31)),
        (D(2020, 4, 1), D(2025, 8, 31)),
        (D(2020, 8, 31), D(2025, 8, 31)),  # 5 on a prescribed day: from that day
        (D(2019, 12, 31), D(2024, 12, 31)),
    ],
)
def test_compulsory_school_age_starts_on_the_prescribed_day_after_the_fifth_birthday(born, starts):
    assert compulsory_school_age_starts(born) == starts


def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_the_year_the_pupil_turns_sixteen():
    assert compulsory_school_age_ends(D(2010, 7, 15)) == D(2026, 6, 26)  # 16 in July 2026
    assert compulsory_school_age_ends(D(2010, 9, 1)) == D(2027, 6, 25)  # 16 on 1 Sep 2026: next school year


def test_a_pupil_is_of_compulsory_school_age_only_inside_the_span():
    born = D(2010, 7, 15)
    assert is_compulsory_school_age(born, D(2026, 6, 26))
    assert not is_compulsory_school_age(born, D(2026, 6, 29))
    assert not is_compulsory_school_age(D(2021, 1, 1), D(2025, 9, 10))  # four years old


def test_last_friday_in_june():
    assert last_friday_in_june(2026) == D(2026, 6, 26)
    assert last_friday_in_june(2028) == D(2028, 6, 30)


@pytest.mark.parametrize(
    ("born", "on", "year"),
    [
        (D(2013, 7, 2), D(2026, 1, 21), 8),
        (D(2010, 11, 23), D(2026, 1, 28), 10),
        (D(2018, 3, 22), D(2025, 2, 5), 2),
        (D(2012, 8, 31), D(2025, 9, 10), 9),  # the youngest of Year 9
        (D(2012, 9, 1), D(2025, 9, 10), 8),  # the oldest of Year 8
        (D(2020, 6, 1), D(2025, 9, 10), 1),
        (D(2020, 9, 1), D(2025, 9, 10), 0),  # Reception
    ],
)
def test_the_year_group_follows_the_english_school_year(born, on, year):
    assert year_group(born, on) == year


def test_key_stages():
    assert [key_stage(y) for y in (0, 1, 3, 7, 10, 12)] == [None, "ks1", "ks2", "ks3", "ks4", None]
