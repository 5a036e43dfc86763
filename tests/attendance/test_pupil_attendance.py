"""The pupil's school year of sessions: a calendar that reads without colour, and rates with the
denominators DfE statistics use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from pathways.cases.rates import rates_of
from pathways.register.actions import do_record_mark
from pathways.schools.models import Closure, HalfTerm
from tests.attendance.helpers import MONDAY, TUESDAY, at_provider, ptt_at_home, under_csa
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db
D = dt.date(2026, 1, 12)


def test_not_possible_and_administrative_sessions_leave_the_denominator() -> None:
    codes = ["/", "\\", "B", "B", "I", "O", "N", "X", "X", "Y1"]
    rates = rates_of((D, c) for c in codes)
    assert rates.possible == 7                      # 10 sessions, less 2 X and 1 Y1
    assert rates.attended == 4                      # present (2) and approved educational activity (2)
    assert rates.attendance_rate == 57.1
    assert (rates.counts["authorised_absence"], rates.authorised_rate) == (1, 14.3)
    assert (rates.counts["unauthorised_absence"], rates.unauthorised_rate) == (2, 28.6)
    assert rates.absence_rate == 42.9
    assert (rates.counts["not_possible"], rates.counts["administrative"]) == (1, 2)


def test_categories_follow_the_code_set_of_the_sessions_date() -> None:
    # D was an approved educational activity in the 2006 set and is administrative from 19 Aug 2024.
    assert rates_of([(dt.date(2024, 7, 1), "D")]).possible == 1
    assert rates_of([(dt.date(2024, 9, 2), "D")]).possible == 0
    assert rates_of([(D, "ZZ")]).unknown == 1


def test_with_no_possible_session_there_is_no_rate() -> None:
    assert rates_of([(D, "X")]).attendance_rate is None


def url(world: Any, pupil: Any = None, **query: Any) -> str:
    pupil = pupil or world.pupil
    base = reverse("pupil-attendance", args=[world.school.id, pupil.id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def school_sessions(world: Any, year: int) -> int:
    days = 0
    closures = set(Closure.objects.filter(school=world.school).values_list("date", flat=True))
    for h in HalfTerm.objects.filter(school=world.school, school_year=year):
        day = h.start
        while day <= h.end:
            days += day.weekday() < 5 and day not in closures
            day += dt.timedelta(days=1)
    return 2 * days


def test_the_calendar_has_one_labelled_cell_per_session_with_its_code_for_those_who_record_it(
    world: Any, as_user: Any
) -> None:
    placement = at_provider(world.pupil, world.school)
    do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="am", source="provider", actor=None)
    do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="pm", attended=False,
                   reason="unknown", source="provider", actor=None)
    # The attendance officer records the register: the DfE code letters, with their meanings.
    body = as_user(world.staff["attendance_officer"]).get(url(world, year=2025)).content.decode()
    by_key = _cells(body)
    assert len(by_key) == school_sessions(world, 2025)
    label, code, text = by_key["2026-01-12-am"]
    assert code == text == "B" and label.startswith("Monday 12 January 2026, morning: B")
    label, code, text = by_key["2026-01-12-pm"]
    assert code == text == "N" and "unauthorised absence" in label
    assert by_key["2026-01-13-am"][2] == "–" and "no mark recorded" in by_key["2026-01-13-am"][0]
    assert 'data-testid="legend"' in body and "Unauthorised absence" in body
    assert 'data-testid="codes"' in body
    # A teacher does not record it: the same cells in colour, each said in words, and no code letter.
    body = as_user(world.staff["teacher"]).get(url(world, year=2025)).content.decode()
    by_key = _cells(body)
    assert len(by_key) == school_sessions(world, 2025)
    label, code, text = by_key["2026-01-12-am"]
    assert code == text == "" and label.startswith("Monday 12 January 2026, morning: ") and ": B" not in label
    assert "approved educational activity" in label
    assert by_key["2026-01-12-pm"][2] == "" and "unauthorised absence" in by_key["2026-01-12-pm"][0]
    assert by_key["2026-01-13-am"][2] == "–"
    assert 'data-testid="codes"' not in body and 'data-testid="marks-in-words"' in body


def _cells(body: str) -> dict[str, tuple[str, str, str]]:
    svg = body.split('data-testid="year-calendar"')[1].split("</svg>")[0]
    cells = re.findall(r'<g role="img" aria-label="([^"]+)" data-session="([^"]+)" data-code="([^"]*)">'
                       r"<title>[^<]+</title><rect[^>]+/><text[^>]+>([^<]*)</text></g>", svg)
    return {key: (label, code, text) for label, key, code, text in cells}


def test_the_rates_are_shown_with_their_counts(world: Any, as_user: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    for day in (MONDAY, TUESDAY):
        do_record_mark(pupil=world.pupil, arrangement=placement, day=day, session="am", source="provider", actor=None)
    do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="pm", attended=False,
                   reason="illness", source="provider", actor=None)
    body = as_user(world.staff["dsl"]).get(url(world, year=2025)).content.decode()
    row = body.split('data-testid="rate-attendance"')[1].split("</tr>")[0]
    assert ">2<" in row and "66.7%" in row
    assert "33.3%" in body.split('data-testid="rate-authorised"')[1].split("</tr>")[0]
    assert ">3<" in body.split('data-testid="rate-possible"')[1].split("</tr>")[0]


def test_a_young_pupils_x_sessions_are_left_out_of_the_rates(world: Any, as_user: Any) -> None:
    tia = under_csa(world.school)
    placement = ptt_at_home(tia)  # mornings in school, afternoons at home: X below compulsory school age
    for session in ("am", "pm"):
        do_record_mark(pupil=tia, arrangement=placement, day=MONDAY, session=session, source="school", actor=None)
    body = as_user(world.staff["dsl"]).get(url(world, tia, year=2025)).content.decode()
    assert 'data-session="2026-01-12-pm" data-code="X"' in body
    assert ">1<" in body.split('data-testid="rate-possible"')[1].split("</tr>")[0]
    assert "100.0%" in body.split('data-testid="rate-attendance"')[1].split("</tr>")[0]
    assert ">1<" in body.split('data-testid="rate-excluded"')[1].split("</tr>")[0]


def test_the_pupil_page_links_to_the_attendance_view(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["teacher"]).get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    assert url(world) in body.content.decode()


def test_a_year_without_half_terms_says_so_and_a_bad_year_is_named(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["dsl"])
    assert 'data-testid="no-calendar"' in client.get(url(world, year=2031)).content.decode()
    body = client.get(url(world, year="soon")).content.decode()
    assert "Year: enter the year the school year starts" in body


def test_a_governor_is_refused_the_attendance_and_an_outsider_gets_not_found(world: Any, as_user: Any) -> None:
    # Governors see no named child (the role matrix: view_named_records); the teacher reads it.
    governor = as_user(world.staff["governor"]).get(url(world, year=2025))
    assert governor.status_code == 403 and b"Ourpupil" not in governor.content
    assert as_user(world.staff["teacher"]).get(url(world, year=2025)).status_code == 200
    outsider = as_user(world.outsider)
    assert outsider.get(url(world, year=2025)).status_code == 404
    other = reverse("pupil-attendance", args=[world.school.id, world.other_pupil.id])
    assert outsider.get(other).status_code == 404


def test_the_view_takes_the_same_queries_however_many_marks(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    placement = at_provider(world.pupil, world.school)
    client = as_user(world.staff["dsl"])
    client.get(url(world, year=2025))
    # 16: +3 the read-audit row (its INSERT, in a savepoint under the test's transaction), +1 whether the
    # user is a provider's staff (the role matrix's allowed(), for the page's buttons).
    with django_assert_max_num_queries(16) as few:
        client.get(url(world, year=2025))
    day = MONDAY
    for _ in range(10):
        do_record_mark(pupil=world.pupil, arrangement=placement, day=day, session="am", source="provider", actor=None)
        day += dt.timedelta(days=1 if day.weekday() < 4 else 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(world, year=2025)).content.decode()
    assert body.count('data-code="B"') == 10


def test_a_pupil_with_no_marks_shows_every_session_as_not_recorded(world: Any, as_user: Any) -> None:
    pupil = make_pupil(world.school, "New", "Starter")
    body = as_user(world.staff["dsl"]).get(url(world, pupil, year=2025)).content.decode()
    assert body.count('data-code="–"') == school_sessions(world, 2025)
