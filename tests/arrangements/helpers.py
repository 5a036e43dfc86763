"""Builders for arrangements and providers, made through the actions as real data is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.actions import do_create_arrangement
from pathways.arrangements.models import Arrangement, Status
from pathways.pupils.models import Pupil
from tests.providers.helpers import make_provider

__all__ = ["MONDAY", "at_provider", "make_arrangement", "make_provider", "week"]

MONDAY = dt.date(2026, 1, 12)  # in Spring 1 of the default calendar


def week(**days: tuple[str, str]) -> dict[str, dict[str, str]]:
    """week(mon=("provider", "provider")) -> {"mon": {"am": "provider", "pm": "provider"}}."""
    return {day: {"am": am, "pm": pm} for day, (am, pm) in days.items()}


def at_provider(sessions: int) -> dict[str, dict[str, str]]:
    """A usual week with this many sessions at the provider, Monday morning onwards."""
    slots: dict[str, dict[str, str]] = {}
    for i in range(sessions):
        day = ("mon", "tue", "wed", "thu", "fri")[i // 2]
        slots.setdefault(day, {})["am" if i % 2 == 0 else "pm"] = "provider"
    return slots


def make_arrangement(
    pupil: Pupil, *, kind: str = "alternative_provision", start: dt.date = MONDAY, status: str = Status.DRAFT,
    **extra: Any,
) -> Arrangement:
    extra.setdefault("reason", "exclusion_risk")
    arrangement = do_create_arrangement(pupil=pupil, actor=None, kind=kind, start=start, **extra)
    if status != Status.DRAFT:
        # Tests about reading arrangements need them in a given state without the approval journey.
        Arrangement.objects.filter(pk=arrangement.pk).update(status=status)
        arrangement.refresh_from_db()
    return arrangement


def unjudgeable(world: Any, lead: Any = None) -> Arrangement:
    """An arrangement the policy engine cannot judge: remote learning from 10 Jan 2022 at a school following
    the special school's remote learning policy, whose contact interval Pathways holds only from 1 Mar 2022
    (MIL-CONTACT-LOG asks for it on the start). The school's own value for it is the fix."""
    from pathways.schools.actions import do_update_school

    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=dt.date(2022, 1, 10))
    if lead is not None:
        Arrangement.objects.filter(pk=arrangement.pk).update(created_by=lead, lead=lead)
        arrangement.refresh_from_db()
    return arrangement


def record_trust_forms(arrangement: Arrangement, world: Any, day: dt.date, note: str = "") -> None:
    """The forms the trust approves on (seeds/004 §3, Appendix 1a/1b & 2), as the school completes them and
    the rules count them: the consideration form with every answer, the risk assessment started from its
    template and signed off, and the initial visit with its Appendix 1b report."""
    from pathways.arrangements.actions_records import do_record_check_with_form, do_record_with_form
    from pathways.demo.arrangements.forms import demo_answers, demo_visit_report
    from pathways.safeguarding.actions import do_complete_risk_assessment, do_start_risk_assessment
    from pathways.safeguarding.templates_data import template_for_kind

    lead, head = world.staff["ap_lead"], world.staff["headteacher"]
    answers = demo_answers(arrangement, "consideration_form", day, note, {"lead": lead, "head": head})
    do_record_with_form(arrangement=arrangement, type="consideration_form", date=day, actor=lead, note=note,
                        answers=answers)
    draft = do_start_risk_assessment(arrangement=arrangement, template=template_for_kind(arrangement.kind),
                                     actor=world.staff["dsl"])
    do_complete_risk_assessment(risk_assessment=draft, on=day, actor=world.staff["dsl"],
                                approved_by="Hana Head, Headteacher", next_review_due=day + dt.timedelta(days=42))
    if arrangement.provider is not None:
        do_record_check_with_form(provider=arrangement.provider, school=arrangement.school, type="initial_visit",
                                  date=day, answers=demo_visit_report(arrangement.provider, lead), actor=lead)
