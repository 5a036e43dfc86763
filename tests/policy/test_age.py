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


def test_the_prescribed_days_and_the_school_leaving_date_are_the_laws_dated_parameters():
    from pathways.policy import parameters

    days = parameters.parameter("compulsory_school_age_prescribed_days")
    leaving = parameters.parameter("school_leaving_date")
    for p in (days, leaving):
        assert not p.overridable
        assert p.values[0].url.startswith("https://www.legislation.gov.uk/")
    assert "SI 1998/1607" in days.values[0].source and "s8" in days.values[0].source
    assert [str(d) for d in parameters.get("compulsory_school_age_prescribed_days", D(2025, 1, 1))] == [
        "31 March", "31 August", "31 December"]
    assert str(parameters.get("school_leaving_date", D(2025, 1, 1))) == "last Friday in June"


def test_age_reads_the_prescribed_days_and_leaving_date_in_force_on_the_birthday(monkeypatch):
    """A new Order from 2030 (1 September the only prescribed day; the last Wednesday in July) governs
    the birthdays on or after it, not those before."""
    import dataclasses

    from pathways.policy import parameters
    from pathways.policy.clock import DayOfYear, LastWeekday
    from pathways.policy.parameters import DatedValue

    for name, value in (("compulsory_school_age_prescribed_days", (DayOfYear(9, 1),)),
                        ("school_leaving_date", LastWeekday(2, 7))):
        p = parameters.PARAMETERS[name]
        monkeypatch.setitem(parameters.PARAMETERS, name, dataclasses.replace(
            p, values=(*p.values, DatedValue(D(2030, 1, 1), value, "a future Order"))))
    assert compulsory_school_age_starts(D(2020, 1, 15)) == D(2025, 3, 31)  # 5 before 2030: the 1998 Order
    assert compulsory_school_age_starts(D(2025, 1, 15)) == D(2030, 9, 1)
    assert compulsory_school_age_starts(D(2025, 9, 2)) == D(2031, 9, 1)  # after the only day: next year's
    assert compulsory_school_age_ends(D(2010, 7, 15)) == D(2026, 6, 26)
    assert compulsory_school_age_ends(D(2015, 7, 15)) == D(2031, 7, 30)  # the last Wednesday in July 2031


def test_a_day_of_the_year_or_a_last_weekday_that_is_not_one_is_refused():
    from pathways.policy.clock import DayOfYear, LastWeekday

    for bad in ("30 February", "29 February", "31 Jun", "March 31"):
        with pytest.raises(ValueError):
            DayOfYear.parse(bad)
    with pytest.raises(ValueError):
        LastWeekday.parse("last Fryday in June")
    assert LastWeekday.parse("last Friday in December").in_year(2026) == D(2026, 12, 25)


def test_a_birthday_before_the_1998_orders_takes_their_first_value():
    """The term-based rules before 1 August 1998 are not modelled: an adult's span is still given (the
    retention purge reads it), by the 1998 days."""
    assert compulsory_school_age_starts(D(1986, 1, 20)) == D(1991, 3, 31)
    assert compulsory_school_age_ends(D(1976, 1, 20)) == D(1992, 6, 26)
