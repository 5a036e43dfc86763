"""School days, counting school days, half-terms and terms."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.policy.calendar import SchoolCalendar, school_year_of
from pathways.policy.casefile import parse_case
from tests.policy.builders import case_dict

D = dt.date


@pytest.fixture
def cal() -> SchoolCalendar:
    case = parse_case(case_dict())
    assert case.calendar is not None
    return SchoolCalendar.from_case(case.calendar)


def test_without_a_calendar_every_monday_to_friday_is_a_school_day():
    plain = SchoolCalendar()
    assert plain.is_school_day(D(2025, 12, 25))  # a Thursday: no calendar says otherwise
    assert not plain.is_school_day(D(2025, 12, 27))  # a Saturday


def test_holidays_between_half_terms_and_closures_are_not_school_days(cal):
    assert cal.is_school_day(D(2025, 10, 24))
    assert not cal.is_school_day(D(2025, 10, 27))  # October half-term
    assert not cal.is_school_day(D(2026, 5, 4))  # closure
    assert not cal.is_school_day(D(2025, 11, 8))  # Saturday


def test_n_school_days_after_excludes_the_day_itself_and_skips_the_holiday(cal):
    # Example 6: a request on Mon 2 Feb 2026; the February half-term is 16-20 Feb.
    assert cal.school_days_after(D(2026, 2, 2), 10) == D(2026, 2, 23)
    assert cal.school_days_after(D(2026, 2, 2), 1) == D(2026, 2, 3)


def test_n_school_days_before_gives_the_last_day_in_time(cal):
    # A 2-school-day notice for a Tuesday start is due by the Friday before.
    assert cal.school_days_before(D(2025, 11, 11), 2) == D(2025, 11, 7)
    assert cal.school_days_before(D(2025, 11, 10), 2) == D(2025, 11, 6)


def test_counting_back_over_a_holiday_lands_in_the_previous_half_term(cal):
    assert cal.school_days_before(D(2025, 11, 3), 1) == D(2025, 10, 24)


def test_counting_runs_past_the_end_of_the_calendar_on_weekdays(cal):
    assert cal.school_days_after(D(2026, 7, 21), 2) == D(2026, 7, 23)


def test_count_school_days_includes_both_ends(cal):
    assert cal.count_school_days(D(2025, 10, 20), D(2025, 11, 4)) == 7
    assert cal.count_school_days(D(2025, 11, 4), D(2025, 11, 3)) == 0


def test_each_day_belongs_to_its_half_term_and_term(cal):
    half = cal.half_term_containing(D(2026, 1, 21))
    term = cal.term_containing(D(2026, 1, 21))
    assert half is not None and half.name == "Spring 1" and half.number == 3
    assert term is not None and (term.start, term.end, term.number) == (D(2026, 1, 5), D(2026, 3, 27), 2)


def test_a_day_in_a_holiday_is_in_no_half_term_and_no_term(cal):
    assert cal.half_term_containing(D(2026, 2, 18)) is None
    assert cal.term_containing(D(2026, 2, 18)) is None
    assert cal.in_holiday(D(2026, 2, 18))


def test_terms_pair_half_terms_one_two_three_four_five_six(cal):
    assert [(t.start, t.end) for t in cal.terms] == [
        (D(2025, 9, 3), D(2025, 12, 19)),
        (D(2026, 1, 5), D(2026, 3, 27)),
        (D(2026, 4, 13), D(2026, 7, 21)),
    ]


def test_a_calendar_listing_part_of_a_year_places_half_terms_by_month():
    data = case_dict()
    data["calendar"]["half_terms"] = data["calendar"]["half_terms"][2:]
    case = parse_case(data)
    assert case.calendar is not None
    partial = SchoolCalendar.from_case(case.calendar)
    assert [h.number for h in partial.half_terms] == [3, 4, 5, 6]
    assert len(partial.terms) == 2


def test_the_school_year_runs_from_september_to_august():
    assert school_year_of(D(2025, 9, 1)) == 2025
    assert school_year_of(D(2026, 8, 31)) == 2025


# Settled after the second review of the cases: days before a calendar's first half-term, between
# half-terms and after its last one are not school days; only a count that must run past an end of
# the calendar goes on over Mondays to Fridays, and says so.


def test_days_before_the_first_and_after_the_last_half_term_are_not_school_days(cal):
    assert not cal.is_school_day(D(2025, 9, 2))  # Tuesday before Autumn 1 starts on 3 Sep
    assert cal.is_school_day(D(2025, 9, 3))
    assert cal.is_school_day(D(2026, 7, 21))  # the last day of Summer 2
    assert not cal.is_school_day(D(2026, 7, 22))
    assert cal.count_school_days(D(2025, 8, 25), D(2025, 9, 5)) == 3
    assert cal.ran_out() == []


def test_a_count_from_before_the_first_half_term_starts_at_it(cal):
    assert cal.school_days_after(D(2025, 8, 25), 1) == D(2025, 9, 3)
    assert cal.school_days_after(D(2025, 8, 25), 20) == D(2025, 9, 30)
    assert cal.ran_out() == []


def test_a_count_that_runs_past_the_last_half_term_says_the_calendar_ran_out():
    mine = SchoolCalendar.from_case(parse_case(case_dict()).calendar).view()
    assert mine.school_days_after(D(2026, 7, 20), 1) == D(2026, 7, 21)
    assert mine.ran_out() == []
    assert mine.school_days_after(D(2026, 7, 13), 20) == D(2026, 8, 10)
    assert mine.ran_out() == [
        "The school calendar ends on 21 Jul 2026: counting 20 school days after 13 Jul 2026 ran past it, so "
        "Mondays to Fridays after it were counted as school days."
    ]


def test_a_count_back_past_the_first_half_term_says_the_calendar_ran_out():
    mine = SchoolCalendar.from_case(parse_case(case_dict()).calendar).view()
    assert mine.school_days_before(D(2025, 9, 4), 1) == D(2025, 9, 3)
    assert mine.ran_out() == []
    assert mine.school_days_before(D(2025, 9, 3), 2) == D(2025, 9, 1)
    assert mine.ran_out()[0].startswith("The school calendar begins on 3 Sep 2025: counting 2 school days before")


def test_each_view_keeps_its_own_notes():
    shared = SchoolCalendar.from_case(parse_case(case_dict()).calendar)
    one, other = shared.view(), shared.view()
    one.school_days_after(D(2026, 7, 20), 5)
    assert one.ran_out() and other.ran_out() == [] and shared.ran_out() == []
    assert other.is_school_day(D(2026, 7, 21)) and not other.is_school_day(D(2026, 7, 22))


def test_a_session_outside_every_half_term_is_hash_and_a_school_day_is_not():
    shared = SchoolCalendar.from_case(parse_case(case_dict()).calendar)
    assert shared.outside_half_terms(D(2025, 10, 27))  # October holiday
    assert shared.outside_half_terms(D(2026, 7, 25))  # after the last half-term
    assert not shared.outside_half_terms(D(2025, 11, 8))  # a Saturday inside Autumn 2
    assert not SchoolCalendar().outside_half_terms(D(2025, 10, 27))  # no calendar
