"""A pupil placed at a provider with a chronology and ten provider sessions, eight attended: the
figures the reports must show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import time_machine

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Arrangement, Event
from pathways.pdf import pdf_to_png_pages
from pathways.providers.actions import do_record_provider_check
from pathways.providers.models import Provider
from pathways.register.actions import do_record_mark
from tests.arrangements.helpers import make_arrangement
from tests.arrangements.record_helpers import record_with_form
from tests.attendance.helpers import every_day
from tests.providers.helpers import make_provider

TODAY = dt.date(2026, 2, 6)        # Spring 1 of the default calendar runs 5 Jan to 13 Feb 2026
START = dt.date(2026, 1, 12)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def on(day: dt.date, hour: int = 16) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0), tick=False)


@dataclass
class Placement:
    provider: Provider
    arrangement: Arrangement
    visit: Event


def place(world: Any, pupil: Any = None, *, provider: Provider | None = None, marks: bool = True) -> Placement:
    """The pupil at Willow Farm every day from 12 Jan 2026; 12-16 Jan recorded: 8 sessions attended, 2 ill."""
    pupil = pupil or world.pupil
    ap_lead = world.staff["ap_lead"]
    with on(START, 8):
        provider = provider or make_provider(world.school, "Willow Farm Rural Skills", contact_name="Tom Brierley",
                                             contact_phone="01632 960123")
        arrangement = make_arrangement(pupil, start=START, end=dt.date(2026, 3, 27), status="active",
                                       provider=provider, slots=every_day("provider", "provider"))
    with on(TODAY, 8):
        do_record_provider_check(provider=provider, school=world.school, actor=None, type="staff_checks_confirmed",
                                 date=dt.date(2025, 9, 1), expires=dt.date(2026, 8, 31))
        do_record_provider_check(provider=provider, school=world.school, actor=None, type="registration_checked",
                                 date=dt.date(2025, 9, 1))
        do_record_event(arrangement=arrangement, type="plan_agreed", date=START, actor=ap_lead,
                        note="Read for twenty minutes a day; complete the Level 1 construction unit.")
        do_record_event(arrangement=arrangement, type="reintegration_plan", date=START, actor=ap_lead,
                        note="Three days a week back at school after Easter.")
        record_with_form(arrangement=arrangement, type="progress_report", date=dt.date(2026, 1, 23), actor=ap_lead,
                        note="Finished the bricklaying module ahead of the group.")
        do_record_event(arrangement=arrangement, type="behaviour_plan_updated", date=dt.date(2026, 1, 19),
                        actor=ap_lead, note="Calm-down card agreed with the farm staff.")
        visit = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 21), actor=ap_lead,
                                note="Seen in the workshop; settled and proud of his wall.")
        if marks:
            day = START
            for n in range(5):
                for session in ("am", "pm"):
                    ill = (n == 2)     # Wednesday 14 Jan: ill all day
                    do_record_mark(pupil=pupil, arrangement=arrangement, day=day + dt.timedelta(days=n),
                                   session=session, attended=not ill, reason="illness" if ill else None,
                                   source="provider", actor=None)
    return Placement(provider, arrangement, visit)


def save_pages(pdf: bytes, name: str) -> list[Path]:
    """Each page of the PDF as a PNG under test-artifacts/reports/, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, png in enumerate(pdf_to_png_pages(pdf), start=1):
        path = ARTIFACTS / f"{name}-page{i}.png"
        path.write_bytes(png)
        paths.append(path)
    return paths


def part_time(world: Any, first: str = "Bo", last: str = "Parttime", *, start: dt.date = dt.date(2026, 1, 5),
              end: dt.date = dt.date(2026, 3, 20), compliant: bool = True, **pupil: Any) -> Arrangement:
    """A part-time timetable (mornings in school, afternoons at home); `compliant`: with the written
    parental agreement and the reintegration plan the national rules ask for."""
    from tests.conftest import make_pupil

    with on(start, 8):
        child = make_pupil(world.school, first, last, **pupil)
        arrangement = make_arrangement(child, kind="part_time_timetable", start=start, end=end, status="active",
                                       reason="mental_health", slots=every_day("school", "home"))
        if compliant:
            do_record_event(arrangement=arrangement, type="parent_consent", date=start - dt.timedelta(days=3),
                            fields={"written": True}, actor=None)
            do_record_event(arrangement=arrangement, type="reintegration_plan", date=start, actor=None,
                            note="A session more every fortnight.")
    return arrangement
