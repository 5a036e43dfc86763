"""The engine's timing primitives, combining results, evaluate and the result document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.policy.casefile import parse_case
from pathways.policy.engine import (
    REGISTRY,
    Context,
    Outcome,
    combine,
    due,
    evaluate,
    met,
    not_applicable,
    result_to_json,
    rules,
    unmet,
)
from tests.policy.builders import case_dict

D = dt.date


def context(as_of: str, events: list[dict[str, Any]] | None = None, **arrangement: Any) -> Context:
    data = case_dict(as_of=as_of, events=events or None)
    data["arrangement"].update(arrangement)
    return Context(parse_case(data))


def visits(*dates: str) -> list[dict[str, Any]]:
    return [{"date": d, "type": "visit"} for d in dates]


# ------------------------------------------------------------------ one-off duties


def test_a_one_off_duty_done_before_its_deadline_is_met():
    got = context("2025-11-20", visits("2025-11-05")).before_start("visit", what="visit")
    assert (got.status, got.late) == ("met", False)


def test_a_one_off_duty_done_after_its_deadline_is_met_late():
    got = context("2025-11-20", visits("2025-11-12")).before_start("visit", what="visit")
    assert (got.status, got.late) == ("met", True)
    assert "after it was due by 10 Nov 2025" in got.message


def test_a_one_off_duty_not_done_is_due_until_its_deadline_and_unmet_after():
    assert context("2025-11-10").before_start("visit", what="visit") == Outcome(
        "due", "Visit is due by 10 Nov 2025.", D(2025, 11, 10)
    )
    got = context("2025-11-11").before_start("visit", what="visit")
    assert (got.status, got.due, got.message) == ("unmet", D(2025, 11, 10), "No visit by 10 Nov 2025.")


def test_an_event_dated_after_as_of_does_not_exist_yet():
    got = context("2025-11-11", visits("2025-11-12")).before_start("visit", what="visit")
    assert got.status == "unmet"


def test_n_school_days_after_the_start_counts_school_days():
    ctx = context("2025-11-17")
    got = ctx.school_days_after_start(5, "la_notified", what="notice")
    assert (got.status, got.due) == ("due", D(2025, 11, 17))
    assert context("2025-11-18").school_days_after_start(5, "la_notified", what="notice").status == "unmet"


def test_whenever_holds_or_breaks():
    ctx = context("2025-11-20")
    assert ctx.whenever(True, met_message="ok", unmet_message="no").status == "met"
    assert ctx.whenever(False, met_message="ok", unmet_message="no").status == "unmet"
    assert ctx.whenever(False, met_message="ok", unmet_message="no", deadline=D(2025, 12, 1)).status == "due"


# ------------------------------------------------------------------ half-termly and termly


def test_the_first_half_term_window_is_the_first_that_starts_after_the_start():
    # Starts inside Autumn 2, so Spring 1 is the first window; it is due on its last day.
    got = context("2026-01-21").half_termly([], what="review")
    assert (got.status, got.due) == ("due", D(2026, 2, 13))


def test_a_half_term_that_ended_without_the_event_is_unmet():
    got = context("2026-02-16").half_termly([], what="review")
    assert (got.status, got.due) == ("unmet", D(2026, 2, 13))
    assert "Spring 1" in got.message


def test_an_event_in_the_current_half_term_meets_it():
    assert context("2026-01-21").half_termly([D(2026, 1, 12)], what="review").status == "met"


def test_an_event_in_a_holiday_counts_for_no_window_but_cures_an_earlier_miss():
    got = context("2026-02-20").half_termly(
        [D(2026, 2, 18)],
        what="review",
    )
    assert (got.status, got.late) == ("met", True)


def test_a_half_term_ending_after_the_arrangement_is_not_a_window():
    got = context("2026-03-10", end="2026-02-13").half_termly([D(2026, 1, 12)], what="review")
    assert got.status == "met"
    got = context("2026-03-10", end=None).half_termly([D(2026, 1, 12)], what="review")
    assert (got.status, got.due) == ("due", D(2026, 3, 27))


def test_on_a_day_between_half_terms_nothing_is_due():
    got = context("2026-02-18", end=None).half_termly([D(2026, 1, 12)], what="review")
    assert got.status == "met"


def test_termly_windows_are_pairs_of_half_terms():
    ctx = context("2026-02-05", start="2025-09-10", end=None)
    got = ctx.termly([], what="risk assessment")
    assert (got.status, got.due) == ("due", D(2026, 3, 27))
    assert ctx.termly([D(2026, 2, 4)], what="risk assessment").status == "met"


def test_without_a_calendar_a_half_termly_duty_cannot_be_judged():
    data = case_dict(calendar=None)
    got = Context(parse_case(data)).half_termly([], what="review")
    assert got.status == "not_applicable"


# ------------------------------------------------------------------ every N days


def test_an_every_n_days_duty_is_due_while_the_arrangement_runs():
    got = context("2025-12-10").every(14, [D(2025, 11, 20), D(2025, 12, 3)], what="report")
    assert (got.status, got.due) == ("due", D(2025, 12, 17))


def test_an_every_n_days_duty_is_unmet_once_a_window_passes_without_the_event():
    got = context("2025-12-18").every(14, [D(2025, 11, 20), D(2025, 12, 3)], what="report")
    assert (got.status, got.due) == ("unmet", D(2025, 12, 17))


def test_a_late_event_cures_the_breach_and_opens_a_new_window():
    got = context("2025-12-22").every(14, [D(2025, 11, 20), D(2025, 12, 20)], what="report")
    assert (got.status, got.due) == ("due", D(2026, 1, 3))


def test_an_every_n_days_duty_is_met_after_the_end_if_the_last_window_was_kept():
    got = context("2025-12-20", end="2025-12-12").every(14, [D(2025, 11, 20), D(2025, 12, 3)], what="report")
    assert (got.status, got.late) == ("met", False)
    got = context("2025-12-20", end="2025-12-12").every(14, [D(2025, 12, 3)], what="report")
    assert (got.status, got.late) == ("met", True)


def test_the_first_window_runs_from_the_start():
    assert context("2025-11-24").every(14, [], what="report").status == "due"
    got = context("2025-11-25").every(14, [], what="report")
    assert (got.status, got.due) == ("unmet", D(2025, 11, 24))


def test_intervals_in_school_days_skip_weekends_and_holidays():
    got = context("2025-12-19").every(2, [D(2025, 12, 19)], what="welfare check", school_days=True)
    assert (got.status, got.due) == ("due", D(2026, 1, 6))


# ------------------------------------------------------------------ combining


def test_the_worst_result_wins():
    got = combine([met("a"), due(D(2026, 1, 2), "b"), unmet("c", due=D(2025, 1, 1)), due(D(2026, 1, 1), "d")])
    assert (got.status, got.due, got.message) == ("unmet", D(2025, 1, 1), "c")
    got = combine([met("a"), due(D(2026, 1, 2), "b"), due(D(2026, 1, 1), "d")])
    assert (got.status, got.due) == ("due", D(2026, 1, 1))


def test_not_applicable_occurrences_are_left_out_when_some_apply():
    assert combine([not_applicable("x"), met("y")]).status == "met"
    assert combine([not_applicable("x"), not_applicable("z")]).status == "not_applicable"
    assert combine([]) is None


def test_a_late_occurrence_makes_a_met_result_late():
    assert combine([met("a"), met("b", late=True)]).late
    assert not combine([met("a", late=True), unmet("b")]).late


# ------------------------------------------------------------------ evaluate and the document


def test_every_national_requirement_id_is_implemented():
    from pathways.policy.engine import CATALOGUE

    national = {rid for rid, entry in CATALOGUE.items() if entry["pack"] == "national"}
    assert len(national) == 23
    assert national <= {r.id for r in rules()}
    assert all(REGISTRY[rid].doc and REGISTRY[rid].source for rid in national)


def test_rules_list_in_catalogue_order_with_their_pack():
    listed = rules(["national"])
    assert [r.id for r in listed][:3] == ["NAT-CODE-SET", "NAT-CODE-PRESENT-ON-SITE", "NAT-CODE-B"]
    assert {r.pack for r in listed} == {"national"}


def test_only_the_packs_a_case_names_are_judged():
    result = evaluate(parse_case(case_dict()))
    assert {r.pack for r in result.requirements} == {"national"}


def test_evaluate_can_judge_on_another_date():
    case = parse_case(case_dict(as_of="2025-11-05"))
    assert evaluate(case).status("NAT-PTT-AGREEMENT") == "due"
    later = evaluate(case, as_of=D(2025, 11, 11))
    assert later.as_of == D(2025, 11, 11)
    assert later.status("NAT-PTT-AGREEMENT") == "unmet"


def test_the_result_document_is_pathways_result_version_one():
    data = case_dict(sessions=[{"date": "2025-11-18", "session": "am", "recorded": "B"}])
    doc = result_to_json(evaluate(parse_case(data)))
    assert list(doc) == ["format", "as_of", "requirements", "sessions"]
    assert doc["format"] == "pathways-result/1"
    assert doc["as_of"] == "2025-11-20"
    agreement = next(r for r in doc["requirements"] if r["id"] == "NAT-PTT-AGREEMENT")
    assert agreement == {
        "id": "NAT-PTT-AGREEMENT",
        "status": "unmet",
        "due": "2025-11-10",
        "message": "No written parental agreement before the part-time timetable started on 10 Nov 2025.",
        "source": "SI 2024/208 reg 11(6)(b)-(c); 004 §4.2(1)",
    }
    assert doc["sessions"] == [
        {
            "date": "2025-11-18",
            "session": "am",
            "code": "/",
            "category": "present",
            "recorded_valid": False,
            "problems": ["B does not match what happened (the pupil was in school); the code should be /"],
        }
    ]


@pytest.mark.parametrize("status", ["met", "unmet", "due", "not_applicable"])
def test_statuses_are_the_four_of_the_contract(status):
    assert Outcome(status, "x").status in ("met", "unmet", "due", "not_applicable")


def test_a_health_and_safety_check_without_expiry_lapses_a_year_on_and_others_never():
    data = case_dict()
    data["provider"] = {
        "name": "Riverside",
        "kind": "alternative_provision",
        "checks": [
            {"type": "health_and_safety", "date": "2024-11-20"},
            {"type": "safeguarding_policy", "date": "2020-11-20"},
            {"type": "health_and_safety", "date": "2020-02-29", "expires": "2030-01-01"},
        ],
    }
    ctx = Context(parse_case(data))
    first = ctx.checks("health_and_safety")[1]
    assert first.lapses == dt.date(2025, 11, 20)
    assert first.in_force_on(dt.date(2025, 11, 19)) and not first.in_force_on(dt.date(2025, 11, 20))
    assert ctx.checks("health_and_safety")[0].lapses == dt.date(2030, 1, 1)  # its own expiry wins
    assert ctx.checks("safeguarding_policy")[0].lapses is None
    assert ctx.check_in_force("safeguarding_policy", on=dt.date(2035, 1, 1)) is not None
