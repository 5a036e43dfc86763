"""The Today page: what each member of staff has to do, most urgent first, with the action that does it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.models import Arrangement, Status
from pathways.providers.actions import do_record_provider_check
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 19, 9, 0, tzinfo=dt.UTC)  # a Monday morning, a week into the arrangement


def ptt(pupil: Any, lead: Any = None, **extra: Any) -> Arrangement:
    extra.setdefault("reason", "mental_health")
    extra.setdefault("end", dt.date(2026, 3, 27))
    extra.setdefault("slots", week(mon=("home", "home"), wed=("home", "home"), fri=("home", "home")))
    arrangement = make_arrangement(pupil, kind="part_time_timetable", status=Status.ACTIVE, **extra)
    if lead is not None:
        Arrangement.objects.filter(pk=arrangement.pk).update(created_by=lead, lead=lead)
    return arrangement


def page(client: Any, school_id: int) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("today", args=(school_id,)))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dsl_sees_every_arrangement_of_the_school_with_its_overdue_duties_first(world: Any, as_user: Any) -> None:
    ptt(world.pupil)
    body = page(as_user(world.staff["dsl"]), world.school.id)
    assert "Everything due across the school" in body
    assert "Ourpupil" in body
    assert 'data-testid="today-overdue"' in body


def test_each_duty_links_to_the_one_form_that_meets_it(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    body = page(as_user(world.staff["dsl"]), world.school.id)
    assert reverse("event-record", args=(world.school.id, arrangement.id)) + "?type=" in body


def test_a_teacher_sees_only_the_arrangements_they_lead(world: Any, as_user: Any) -> None:
    teacher = world.staff["teacher"]
    ptt(world.pupil, lead=teacher)
    ptt(make_pupil(world.school, "Ben", "Someoneelses"), lead=world.staff["senco"])
    body = page(as_user(teacher), world.school.id)
    assert "arrangements you lead" in body
    assert "Ourpupil" in body and "Someoneelses" not in body


def test_a_teacher_who_leads_nothing_is_told_nothing_is_due(world: Any, as_user: Any) -> None:
    ptt(world.pupil, lead=world.staff["senco"])
    body = page(as_user(world.staff["teacher"]), world.school.id)
    assert 'data-testid="today-empty"' in body


def test_a_provider_check_expiring_within_30_days_asks_for_the_renewed_check(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    do_record_provider_check(provider=provider, school=world.school, type="health_and_safety",
                             date=dt.date(2025, 2, 1), expires=dt.date(2026, 2, 1), actor=None)
    ptt(world.pupil, provider=provider, slots=week(tue=("provider", "provider")))
    body = page(as_user(world.staff["headteacher"]), world.school.id)
    assert "Willow Farm Rural Skills" in body and "expires in 13 days" in body
    assert reverse("provider-check-add", args=(world.school.id, provider.id)) + "?type=health_and_safety" in body


def test_a_schools_home_is_its_today_page(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["teacher"]).get(reverse("school-home", args=(world.school.id,)))
    assert response.status_code == 302 and response["Location"] == reverse("today", args=(world.school.id,))


def test_staff_of_another_school_cannot_open_this_schools_today_page(world: Any, as_user: Any) -> None:
    response = as_user(world.outsider).get(reverse("today", args=(world.school.id,)))
    assert response.status_code == 404


def test_the_trust_lead_sees_every_school_with_counts_and_can_open_each(world: Any, as_user: Any) -> None:
    ptt(world.pupil)
    client = as_user(world.trust_lead)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("trust-today", args=(world.trust.id,))).content.decode()
    ours, sisters = reverse("today", args=(world.school.id,)), reverse("today", args=(world.sister.id,))
    assert ours in body and sisters in body
    assert body.index(ours) < body.index(sisters)  # the school with overdue duties comes first
    assert "Riverside" not in body
    assert "Back to the trust" in page(client, world.school.id)


def test_no_one_outside_the_trust_sees_its_today_page(world: Any, as_user: Any) -> None:
    assert as_user(world.outsider).get(reverse("trust-today", args=(world.trust.id,))).status_code == 404
    assert as_user(world.staff["dsl"]).get(reverse("trust-today", args=(world.trust.id,))).status_code == 404


def test_the_page_asks_the_same_number_of_queries_for_2_or_12_arrangements(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff["dsl"])

    def add(n: int) -> None:
        for i in range(n):
            pupil = make_pupil(world.school, f"P{i}", f"Pupil{Arrangement.objects.count()}")
            make_arrangement(pupil, provider=provider, status=Status.ACTIVE, start=MONDAY,
                             slots=week(mon=("provider", "provider")))

    def count() -> int:
        with django_assert_max_num_queries(60) as captured, time_machine.travel(NOW, tick=False):
            assert client.get(reverse("today", args=(world.school.id,))).status_code == 200
        return len(captured)

    add(2)
    two = count()
    add(10)
    assert count() == two


def test_the_attendance_officer_sees_fridays_unreported_provider_sessions_on_monday_morning(
    world: Any, as_user: Any
) -> None:
    provider = make_provider(world.school)
    make_arrangement(world.pupil, provider=provider, status=Status.ACTIVE,
                     slots=week(fri=("provider", "provider")))
    body = page(as_user(world.staff["attendance_officer"]), world.school.id)
    assert "Willow Farm Rural Skills has not reported the morning and afternoon sessions" in body
    assert reverse("register-day", args=(world.school.id,)) + "?date=2026-01-16" in body
    assert "Willow Farm" not in page(as_user(world.staff["teacher"]), world.school.id)


def test_an_open_absence_follow_up_is_first_with_its_welfare_check_one_click_away(world: Any, as_user: Any) -> None:
    from pathways.attendance.models import FollowUp
    from pathways.register.actions import do_record_mark
    from tests.attendance.helpers import at_provider

    placement = at_provider(world.pupil, world.school)
    do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="am", attended=False,
                   reason="unknown", source="provider", actor=None)
    follow_up = FollowUp.objects.get()
    body = page(as_user(world.staff["attendance_officer"]), world.school.id)
    # A child's safety comes before everything else on the page (pathways/today/items.py HARMS).
    overdue = body[body.index('data-testid="today-safety"'):]
    assert body.index('data-testid="today-safety"') < body.index('data-testid="today-item"') + 200
    assert "Phone call about the unexplained absence on Mon 12 Jan" in overdue
    assert reverse("followup-check", args=(world.school.id, follow_up.id)) in overdue
    assert "Record the welfare check" in overdue


def test_a_risk_assessment_review_due_this_week_links_to_its_review(world: Any, as_user: Any) -> None:
    from pathways.safeguarding.actions import do_complete_risk_assessment, do_start_risk_assessment

    provider = make_provider(world.school)
    placement = make_arrangement(world.pupil, provider=provider, status=Status.ACTIVE,
                                 slots=week(tue=("provider", "provider")))
    draft = do_start_risk_assessment(arrangement=placement, template="alternative_provision", actor=None)
    assessment = do_complete_risk_assessment(risk_assessment=draft, on=dt.date(2026, 1, 12),
                                             next_review_due=dt.date(2026, 1, 22), actor=None, approved_by="Head")
    body = page(as_user(world.staff["dsl"]), world.school.id)
    week_section = body[body.index('data-testid="today-week"'):]
    assert "Review the risk assessment" in week_section
    assert reverse("risk-assessment-review", args=(world.school.id, assessment.id)) in week_section


def section(body: str, urgency: str) -> str:
    """The table of one urgency on the page."""
    start = body.index(f'data-testid="today-{urgency}"')
    end = body.find("</table>", start)
    return body[start:end]


def test_a_written_review_request_for_a_placement_asks_for_the_review_meeting_with_its_deadline(
    world: Any, as_user: Any
) -> None:
    from pathways.arrangements.actions import do_record_event

    placement = make_arrangement(world.pupil, provider=make_provider(world.school), status=Status.ACTIVE,
                                 slots=week(tue=("provider", "provider")))
    do_record_event(arrangement=placement, type="review_request", date=dt.date(2026, 1, 14), actor=None,
                    fields={"written": True, "by": "parent"})
    body = page(as_user(world.staff["dsl"]), world.school.id)
    assert "A review meeting was requested in writing on 14 Jan 2026; hold it by" in body
    assert reverse("event-record", args=(world.school.id, placement.id)) + "?type=review" in body


def test_a_written_review_request_of_a_part_time_timetable_stays_until_a_meeting_is_held(
    world: Any, as_user: Any
) -> None:
    from pathways.arrangements.actions import do_record_event

    arrangement = ptt(world.pupil)
    do_record_event(arrangement=arrangement, type="review_request", date=dt.date(2026, 1, 13), actor=None,
                    fields={"written": True, "by": "parent"})
    client = as_user(world.staff["dsl"])
    body = page(client, world.school.id)
    assert ("A review meeting was requested in writing by the parents on 13 Jan 2026; no meeting has been "
            "held since") in body
    assert reverse("event-record", args=(world.school.id, arrangement.id)) + "?type=review" in body
    assert "Record the review meeting" in body
    do_record_event(arrangement=arrangement, type="review", date=dt.date(2026, 1, 16), actor=None,
                    fields={"outcome": "satisfactory"})
    assert "no meeting has been held since" not in page(client, world.school.id)


def test_a_review_request_not_in_writing_asks_for_nothing(world: Any, as_user: Any) -> None:
    from pathways.arrangements.actions import do_record_event

    arrangement = ptt(world.pupil)
    do_record_event(arrangement=arrangement, type="review_request", date=dt.date(2026, 1, 13), actor=None,
                    fields={"written": False, "by": "parent"})
    assert "A review meeting was requested" not in page(as_user(world.staff["dsl"]), world.school.id)


def test_a_missed_step_up_is_overdue_and_links_to_the_usual_week(world: Any, as_user: Any) -> None:
    from pathways.arrangements.actions import do_add_step

    arrangement = ptt(world.pupil, start=dt.date(2026, 1, 5))  # three days a week at home: 12 hours in school
    do_add_step(arrangement=arrangement, from_date=dt.date(2026, 1, 12), hours_in_school=18, actor=None)
    body = page(as_user(world.staff["dsl"]), world.school.id)
    overdue = section(body, "overdue")
    assert "The plan steps up to 18 hours a week in school from 12 Jan 2026" in overdue
    assert "a missed step-up" in overdue
    assert reverse("timetable-edit", args=(world.school.id, arrangement.id)) in overdue


def test_a_provider_check_expiring_in_four_weeks_is_already_shown(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    do_record_provider_check(provider=provider, school=world.school, type="staff_checks_confirmed",
                             date=dt.date(2025, 2, 1), expires=dt.date(2026, 2, 16), actor=None)
    ptt(world.pupil, provider=provider, slots=week(tue=("provider", "provider")))
    body = page(as_user(world.staff["headteacher"]), world.school.id)
    assert "Willow Farm Rural Skills: staff safeguarding checks confirmed in writing expires in 28 days" in body


def test_the_trust_dashboard_counts_what_each_schools_today_page_lists(world: Any, as_user: Any) -> None:
    from pathways.arrangements.actions import do_record_event

    ptt(world.pupil)
    sisters = ptt(make_pupil(world.sister, "Sam", "Sisterpupil"))
    do_record_event(arrangement=sisters, type="review_request", date=dt.date(2026, 1, 13), actor=None,
                    fields={"written": True, "by": "parent"})
    client = as_user(world.trust_lead)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("trust-today", args=(world.trust.id,))).content.decode()
    for school in (world.school, world.sister):
        listed = page(client, school.id).count('data-testid="today-item"')
        assert listed > 0
        row = body[body.index(reverse("today", args=(school.id,))):]
        row = row[:row.index("</tr>")].replace("</strong>", "")
        cells = [int(cell.split(">")[-1]) for cell in row.split("</td>")[:-1]]
        assert sum(cells) == listed


def test_a_school_following_return_to_learn_sees_a_missed_step_up_once(world: Any, as_user: Any) -> None:
    from pathways.arrangements.actions import do_add_step
    from pathways.schools.models import School

    School.objects.filter(pk=world.school.pk).update(policy_packs=["return-to-learn"])
    arrangement = ptt(world.pupil, start=dt.date(2026, 1, 5))
    do_add_step(arrangement=arrangement, from_date=dt.date(2026, 1, 12), hours_in_school=18, actor=None)
    assert page(as_user(world.staff["dsl"]), world.school.id).count("a missed step-up") == 1
