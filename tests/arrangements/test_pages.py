"""The arrangement pages: the school's list, the guided set-up, the arrangement page and its lifecycle,
and recording an entry of the chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_record_event, do_submit_for_approval
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.audit.models import AuditEvent
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)  # a Wednesday in Spring 1, nine days after MONDAY


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def ptt(pupil: Any, **extra: Any) -> Arrangement:
    extra.setdefault("reason", "mental_health")
    extra.setdefault("end", dt.date(2026, 3, 27))
    extra.setdefault("slots", week(mon=("home", "home"), wed=("home", "home"), fri=("home", "home")))
    return make_arrangement(pupil, kind="part_time_timetable", **extra)


# ----------------------------------------------------------------------------- the list


def test_the_list_shows_each_arrangement_with_what_the_rules_say(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, start=MONDAY)
    response = as_user(world.staff["teacher"]).get(url("arrangement-list", world.school.id))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ourpupil, Ava" in body and "Part-time timetable" in body and "Draft" in body
    # No written consent before the start: at least NAT-PTT-AGREEMENT is unmet.
    assert "unmet" in body.split(f'data-testid="summary-{arrangement.id}"')[1].split("</td>")[0]
    assert "Secretoutsider" not in body


def test_the_list_filters_by_kind_and_status(world: Any, as_user: Any) -> None:
    ptt(world.pupil)
    other = make_pupil(world.school, "Ben", "Second")
    make_arrangement(other, provider=make_provider(world.school), status=Status.ACTIVE)
    client = as_user(world.staff["ap_lead"])
    body = client.get(url("arrangement-list", world.school.id), {"kind": "part_time_timetable"}).content.decode()
    assert "Ourpupil, Ava" in body and "Second, Ben" not in body
    body = client.get(url("arrangement-list", world.school.id), {"status": "active"}).content.decode()
    assert "Second, Ben" in body and "Ourpupil, Ava" not in body


def test_the_list_asks_the_same_number_of_queries_for_one_arrangement_or_many(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff["dsl"])

    def count() -> int:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url("arrangement-list", world.school.id)).status_code == 200
        return len(captured)

    ptt(world.pupil, provider=provider)
    one = count()
    for i in range(6):
        pupil = make_pupil(world.school, f"P{i}", f"Pupil{i}")
        arrangement = make_arrangement(pupil, provider=provider, slots=week(tue=("provider", "provider")))
        do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None)
    assert count() == one


def test_another_schools_staff_get_not_found_for_the_list(world: Any, as_user: Any) -> None:
    assert as_user(world.outsider).get(url("arrangement-list", world.school.id)).status_code == 404


def test_a_governor_sees_the_list_without_the_set_up_button(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["governor"]).get(url("arrangement-list", world.school.id)).content.decode()
    assert "Set up an arrangement" not in body


# ----------------------------------------------------------------------------- guided set-up


def plan(world: Any, kind: str, pupil: Any = None, **data: Any) -> dict[str, Any]:
    base = {"step": "plan", "pupil_id": (pupil or world.pupil).id, "kind": kind, "start": "2026-01-26"}
    for day in ("mon", "tue", "wed", "thu", "fri"):
        for session in ("am", "pm"):
            base[f"{day}_{session}"] = "school"
    base.update(data)
    return base


def test_step_one_asks_for_the_pupil_and_kind_and_step_two_only_what_the_kind_needs(
    world: Any, as_user: Any
) -> None:
    client = as_user(world.staff["ap_lead"])
    body = client.get(url("arrangement-create", world.school.id), {"pupil": world.pupil.id}).content.decode()
    assert "What kind of arrangement?" in body and "Ourpupil" in body and "Secretoutsider" not in body
    body = client.get(url("arrangement-create", world.school.id),
                      {"pupil": world.pupil.id, "kind": "part_time_timetable"}).content.decode()
    assert "Proposed end date" in body and "Monday morning" in body and "Step 1: from" in body
    assert "Choose the provider" not in body and 'name="provider"' not in body
    assert "suspension" not in body.lower().split("<main")[1]
    body = client.get(url("arrangement-create", world.school.id),
                      {"pupil": world.pupil.id, "kind": "alternative_provision"}).content.decode()
    assert 'name="provider"' in body


def test_a_part_time_timetable_to_manage_behaviour_is_refused(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("arrangement-create", world.school.id),
        plan(world, "part_time_timetable", reason="behaviour", end="2026-03-27"),
    )
    assert response.status_code == 400
    assert "must not be used to manage behaviour" in response.content.decode()
    assert not Arrangement.objects.exists()


def test_a_part_time_timetable_without_an_end_date_is_refused(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("arrangement-create", world.school.id), plan(world, "part_time_timetable", reason="mental_health"),
    )
    assert response.status_code == 400
    assert "Enter the proposed end date" in response.content.decode()
    assert not Arrangement.objects.exists()


def test_a_part_time_timetable_is_set_up_with_its_week_and_steps_in_one_audited_action(
    world: Any, as_user: Any
) -> None:
    client = as_user(world.staff["ap_lead"])  # signing in is audited too: count after it
    audit_rows = AuditEvent.objects.count()
    data = plan(world, "part_time_timetable", reason="mental_health", end="2026-03-27", step_1_from="2026-02-09",
                step_1_hours="12", step_2_from="2026-02-23", step_2_hours="18")
    data.update({f"{d}_{s}": "home" for d in ("mon", "wed", "fri") for s in ("am", "pm")})
    data.update({"tue_pm": "home", "thu_pm": "home"})
    response = client.post(url("arrangement-create", world.school.id), data)
    arrangement = Arrangement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("arrangement-detail", world.school.id, arrangement.id)
    assert (arrangement.kind, arrangement.reason) == ("part_time_timetable", "mental_health")
    assert arrangement.status == Status.DRAFT
    slots = arrangement.timetables.get().slots
    assert slots["tue"] == {"am": "school", "pm": "home"} and slots["mon"] == {"am": "home", "pm": "home"}
    assert [(s.from_date.isoformat(), float(s.hours_in_school)) for s in arrangement.steps.all()] == [
        ("2026-02-09", 12.0), ("2026-02-23", 18.0)]
    assert AuditEvent.objects.count() == audit_rows + 1


def test_a_step_without_its_hours_names_the_step(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("arrangement-create", world.school.id),
        plan(world, "part_time_timetable", reason="mental_health", end="2026-03-27", step_2_from="2026-02-09"),
    )
    assert response.status_code == 400
    assert "Step 2: hours a week in school: Enter the hours a week in school." in response.content.decode()


def test_alternative_provision_needs_a_provider(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("arrangement-create", world.school.id), plan(world, "alternative_provision", reason="exclusion_risk"),
    )
    assert response.status_code == 400
    assert "Choose the provider." in response.content.decode()


def test_an_ehcp_pupil_at_an_unregistered_provider_needs_the_local_authoritys_approval(
    world: Any, as_user: Any
) -> None:
    pupil = make_pupil(world.school, "Cara", "Ehcp", send="ehcp")
    provider = make_provider(world.school, registration="unregistered")
    client = as_user(world.staff["ap_lead"])
    page = client.get(url("arrangement-create", world.school.id),
                      {"pupil": pupil.id, "kind": "alternative_provision"}).content.decode()
    assert "has an EHC plan" in page
    data = plan(world, "alternative_provision", pupil=pupil, reason="exclusion_risk", provider=provider.id)
    response = client.post(url("arrangement-create", world.school.id), data)
    assert response.status_code == 400
    assert "enter the date the local authority approved the placement" in response.content.decode()
    assert not Arrangement.objects.exists()
    response = client.post(url("arrangement-create", world.school.id), {**data, "la_approval_date": "2026-01-20"})
    arrangement = Arrangement.objects.get()
    assert response.status_code == 302
    assert list(arrangement.events.values_list("type", "date")) == [("la_approval", dt.date(2026, 1, 20))]


def test_a_suspension_counts_its_school_days_and_asks_nothing_else(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["ap_lead"])
    page = client.get(url("arrangement-create", world.school.id),
                      {"pupil": world.pupil.id, "kind": "suspension"}).content.decode()
    assert "Monday morning" not in page and "Year 11" not in page
    response = client.post(url("arrangement-create", world.school.id),
                           {"step": "plan", "pupil_id": world.pupil.id, "kind": "suspension",
                            "start": "2026-01-22", "suspension_school_days": "3"})
    arrangement = Arrangement.objects.get()
    assert response.status_code == 302
    assert arrangement.suspension_days == ["2026-01-22", "2026-01-23", "2026-01-26"]
    assert arrangement.reason == "suspension"


def test_the_year_11_exams_question_is_only_for_year_11(world: Any, as_user: Any) -> None:
    pupil = make_pupil(world.school, "Dan", "Eleven", date_of_birth=dt.date(2010, 3, 1), year_group=11)
    page = as_user(world.staff["ap_lead"]).get(url("arrangement-create", world.school.id),
                                               {"pupil": pupil.id, "kind": "suspension"}).content.decode()
    assert "Year 11 exams have finished" in page


def test_a_governor_cannot_set_up_an_arrangement(world: Any, as_user: Any) -> None:
    assert as_user(world.staff["governor"]).get(url("arrangement-create", world.school.id)).status_code == 403


def test_another_schools_pupil_cannot_be_given_an_arrangement(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("arrangement-create", world.school.id),
        plan(world, "part_time_timetable", pupil=world.other_pupil, reason="medical", end="2026-03-27"),
    )
    assert response.status_code == 404
    assert as_user(world.outsider).get(url("arrangement-create", world.school.id)).status_code == 404
    assert not Arrangement.objects.exists()


# ----------------------------------------------------------------------------- the arrangement page


def test_the_arrangement_page_shows_the_pupil_the_week_and_the_steps(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, slots=week(mon=("home", "home")))
    from pathways.arrangements.actions import do_add_step

    do_add_step(arrangement=arrangement, from_date=dt.date(2026, 2, 9), hours_in_school=24, actor=None)
    page = as_user(world.staff["teacher"]).get(url("arrangement-detail", world.school.id, arrangement.id))
    body = page.content.decode()
    assert "Ava Ourpupil" in body and "Mental health" in body and "27 March 2026" in body
    assert "At home" in body and "In school" in body
    assert "From 9 Feb 2026: 24 hours a week in school" in body
    assert "Send for the headteacher&#x27;s approval" in body or "Send for the headteacher's approval" in body


def test_the_arrangement_page_asks_the_same_number_of_queries_however_long_the_chronology(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    arrangement = ptt(world.pupil)
    client = as_user(world.staff["dsl"])

    def count() -> int:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url("arrangement-detail", world.school.id, arrangement.id)).status_code == 200
        return len(captured)

    few = count()
    for i in range(12):
        do_record_event(arrangement=arrangement, type="welfare_check", date=MONDAY + dt.timedelta(days=i % 8),
                        actor=None, fields={"kind": "phone"})
    assert count() == few


def test_another_schools_staff_get_not_found_for_the_arrangement(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    assert as_user(world.outsider).get(url("arrangement-detail", world.school.id, arrangement.id)).status_code == 404
    assert as_user(world.sister_dsl).get(url("arrangement-detail", world.school.id, arrangement.id)).status_code == 404


def test_the_lead_sends_it_for_approval_and_only_the_headteacher_approves(
    world: Any, as_user: Any, client: Any
) -> None:
    arrangement = ptt(world.pupil)
    response = as_user(world.staff["ap_lead"]).post(url("arrangement-submit", world.school.id, arrangement.id))
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.status == Status.AWAITING_APPROVAL
    page = client.get(url("arrangement-detail", world.school.id, arrangement.id)).content.decode()
    assert "Waiting for the headteacher" in page
    assert client.post(url("arrangement-approve", world.school.id, arrangement.id),
                       {"on": "2026-01-21"}).status_code == 403
    client.logout()
    head = as_user(world.staff["headteacher"])
    assert 'href="' + url("arrangement-approve", world.school.id, arrangement.id) in head.get(
        url("arrangement-detail", world.school.id, arrangement.id)).content.decode()
    response = head.post(url("arrangement-approve", world.school.id, arrangement.id), {"on": "2026-01-21"}, follow=True)
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ACTIVE
    assert "Approved: the arrangement is active." in response.content.decode()
    assert arrangement.events.filter(type="headteacher_approval").exists()


def test_an_approval_dated_in_the_future_is_refused(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    do_submit_for_approval(arrangement=arrangement, actor=None)
    response = as_user(world.staff["headteacher"]).post(
        url("arrangement-approve", world.school.id, arrangement.id), {"on": "2026-02-01"})
    assert response.status_code == 400
    assert "The date of approval is in the future." in response.content.decode()
    arrangement.refresh_from_db()
    assert arrangement.status == Status.AWAITING_APPROVAL


def test_an_active_arrangement_is_ended_with_its_outcome(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil, status=Status.ACTIVE)
    client = as_user(world.staff["ap_lead"])
    response = client.post(url("arrangement-end", world.school.id, arrangement.id), {"on": "2026-01-20"})
    assert response.status_code == 400
    assert "Choose how the arrangement ended." in response.content.decode()
    response = client.post(url("arrangement-end", world.school.id, arrangement.id),
                           {"on": "2026-01-20", "outcome": "full_time_school"})
    arrangement.refresh_from_db()
    assert response.status_code == 302
    assert (arrangement.status, arrangement.outcome, arrangement.end) == (
        Status.ENDED, "full_time_school", dt.date(2026, 1, 20))


def test_a_governor_cannot_move_an_arrangement_on(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    response = as_user(world.staff["governor"]).post(url("arrangement-submit", world.school.id, arrangement.id))
    assert response.status_code == 403
    arrangement.refresh_from_db()
    assert arrangement.status == Status.DRAFT


# ----------------------------------------------------------------------------- recording an entry


def test_recording_written_consent_returns_to_the_arrangement_with_a_banner(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    client = as_user(world.staff["ap_lead"])
    form = client.get(url("event-record", world.school.id, arrangement.id), {"type": "parent_consent"}).content.decode()
    assert "Was it in writing?" in form and "Outcome" not in form and "Who gave the evidence" not in form
    response = client.post(url("event-record", world.school.id, arrangement.id) + "?type=parent_consent",
                           {"type": "parent_consent", "date": "2026-01-09", "written": "yes", "note": "Signed."},
                           follow=True)
    event = Event.objects.get(arrangement=arrangement)
    assert (event.type, event.date, event.fields, event.note) == ("parent_consent", dt.date(2026, 1, 9),
                                                                  {"written": True}, "Signed.")
    assert response.redirect_chain[-1][0] == url("arrangement-detail", world.school.id, arrangement.id)
    assert "Parent consent recorded on 9 January 2026." in response.content.decode()


def test_an_entry_dated_in_the_future_is_refused_and_nothing_is_written(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    response = as_user(world.staff["ap_lead"]).post(
        url("event-record", world.school.id, arrangement.id), {"type": "visit", "date": "2026-01-22"})
    assert response.status_code == 400
    assert "The date is in the future" in response.content.decode()
    assert not Event.objects.exists()


def test_a_review_asks_for_its_outcome_and_whether_a_parent_attended(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    client = as_user(world.staff["ap_lead"])
    response = client.post(url("event-record", world.school.id, arrangement.id),
                           {"type": "review", "date": "2026-01-20", "outcome": "unsatisfactory",
                            "parent_attended": "no"})
    assert response.status_code == 302
    assert Event.objects.get().fields == {"outcome": "unsatisfactory", "parent_attended": False}


def test_a_renamed_file_is_refused_with_a_message_on_the_attachment(world: Any, as_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    arrangement = ptt(world.pupil)
    fake = SimpleUploadedFile("consent.pdf", b"not a pdf at all", content_type="application/pdf")
    response = as_user(world.staff["ap_lead"]).post(
        url("event-record", world.school.id, arrangement.id),
        {"type": "parent_consent", "date": "2026-01-09", "written": "yes", "attachment": fake})
    assert response.status_code == 400
    assert "is not a PDF file" in response.content.decode()
    assert not Event.objects.exists()


def test_without_a_type_the_page_asks_what_to_record(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    body = as_user(world.staff["teacher"]).get(url("event-record", world.school.id, arrangement.id)).content.decode()
    assert "What do you want to record?" in body and "Welfare check" in body
    assert 'value="end"' not in body and 'value="headteacher_approval"' not in body


def test_a_governor_cannot_record_an_entry_and_an_outsider_gets_not_found(
    world: Any, as_user: Any, client: Any
) -> None:
    arrangement = ptt(world.pupil)
    data = {"type": "visit", "date": "2026-01-20"}
    assert as_user(world.staff["governor"]).post(url("event-record", world.school.id, arrangement.id),
                                                 data).status_code == 403
    client.logout()
    assert as_user(world.outsider).post(url("event-record", world.school.id, arrangement.id), data).status_code == 404
    assert not Event.objects.exists()


def test_an_entry_keeps_its_attached_scan(world: Any, as_user: Any, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    arrangement = ptt(world.pupil)
    scan = SimpleUploadedFile("consent.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = as_user(world.staff["ap_lead"]).post(
        url("event-record", world.school.id, arrangement.id),
        {"type": "parent_consent", "date": "2026-01-09", "written": "yes", "attachment": scan})
    assert response.status_code == 302
    assert Event.objects.get().attachment.name.endswith(".png")


def test_consent_that_was_not_in_writing_leaves_the_agreement_unmet(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    client = as_user(world.staff["ap_lead"])
    client.post(url("event-record", world.school.id, arrangement.id),
                {"type": "parent_consent", "date": "2026-01-09", "written": "no"})
    assert Event.objects.get().fields == {"written": False}
    body = client.get(url("arrangement-detail", world.school.id, arrangement.id)).content.decode()
    assert 'data-testid="requirement-NAT-PTT-AGREEMENT" data-status="unmet"' in body
