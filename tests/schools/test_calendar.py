import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from pathways.schools.actions import do_add_closure, do_generate_calendar, do_update_half_term
from pathways.schools.calendar import default_half_terms
from pathways.schools.models import Closure, HalfTerm
from tests.conftest import make_school


def test_the_default_calendar_for_2025_26_follows_the_english_pattern() -> None:
    dates = [(h.name, h.start, h.end) for h in default_half_terms(2025)]
    assert dates == [
        ("Autumn 1", dt.date(2025, 9, 3), dt.date(2025, 10, 24)),
        ("Autumn 2", dt.date(2025, 11, 3), dt.date(2025, 12, 19)),
        ("Spring 1", dt.date(2026, 1, 5), dt.date(2026, 2, 13)),
        ("Spring 2", dt.date(2026, 2, 23), dt.date(2026, 3, 27)),
        ("Summer 1", dt.date(2026, 4, 13), dt.date(2026, 5, 22)),
        ("Summer 2", dt.date(2026, 6, 1), dt.date(2026, 7, 22)),
    ]


@pytest.mark.parametrize("year", range(2020, 2035))
def test_default_half_terms_never_overlap_and_start_on_weekdays(year: int) -> None:
    half_terms = default_half_terms(year)
    assert len(half_terms) == 6
    for earlier, later in itertools.pairwise(half_terms):
        assert earlier.end < later.start
    for h in half_terms:
        assert h.start.weekday() < 5 and h.end.weekday() < 5 and h.start < h.end


@pytest.mark.django_db
def test_a_new_school_gets_bank_holidays_in_term_as_closures() -> None:
    school = make_school(None, "Test School")
    assert HalfTerm.objects.filter(school=school).count() == 12
    assert Closure.objects.filter(school=school, date=dt.date(2026, 5, 4)).exists()  # Early May bank holiday


@pytest.mark.django_db
def test_a_year_the_school_already_has_is_not_generated_twice() -> None:
    school = make_school(None, "Test School")
    with pytest.raises(ValidationError, match="already has a calendar"):
        do_generate_calendar(school=school, school_year=2025, actor=None)


@pytest.mark.django_db
def test_a_half_term_cannot_overlap_another() -> None:
    school = make_school(None, "Test School")
    autumn1 = HalfTerm.objects.get(school=school, school_year=2025, number=1)
    with pytest.raises(ValidationError, match="overlap"):
        do_update_half_term(half_term=autumn1, name="Autumn 1", start=dt.date(2025, 9, 3),
                            end=dt.date(2025, 11, 5), actor=None)


@pytest.mark.django_db
def test_a_closure_on_a_weekend_is_refused_with_the_reason() -> None:
    school = make_school(None, "Test School")
    with pytest.raises(ValidationError, match="weekend"):
        do_add_closure(school=school, date=dt.date(2025, 9, 6), reason="x", actor=None)
