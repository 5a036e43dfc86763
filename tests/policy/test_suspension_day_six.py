"""Before the sixth day of suspension, the duty is due (case-file.md); its message says whether the usual week
already provides full-time education that day, so staff know whether anything is left to do."""

from __future__ import annotations

from pathlib import Path

import yaml

from pathways.policy import evaluate, parse_case

CASE = Path(__file__).parent / "cases" / "national" / "suspension_day_six_still_to_come.yaml"


def _day_six(timetable: dict[str, dict[str, str]] | None) -> tuple[str, str]:
    data = yaml.safe_load(CASE.read_text())
    data.pop("expect")
    if timetable is not None:
        data["arrangement"]["timetable"] = timetable
    found = next(r for r in evaluate(parse_case(data)).requirements if r.id == "NAT-SUSPENSION-DAY6")
    return found.status, found.message


def test_the_due_message_says_the_usual_week_already_provides_it_on_the_sixth_day() -> None:
    status, message = _day_six({"mon": {"am": "provider", "pm": "another_school"}})
    assert status == "due"
    assert message.endswith("The usual week already provides it that day: nothing more is needed unless it changes.")


def test_the_due_message_says_when_the_usual_week_does_not_provide_it_yet() -> None:
    for timetable in (None, {"mon": {"am": "provider", "pm": "home"}}):
        status, message = _day_six(timetable)
        assert status == "due"
        assert message.endswith("The usual week does not provide it that day yet."), message
