import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from pathways.arrangements.access import arrangement_for, arrangements_for
from pathways.arrangements.actions import (
    do_add_step,
    do_approve,
    do_correct_event,
    do_create_arrangement,
    do_end_arrangement,
    do_record_event,
    do_set_timetable,
    do_submit_for_approval,
)
from pathways.arrangements.models import Event, Status, TimetableVersion, timetable_in_force
from pathways.audit.models import AuditEvent
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a consent form\n"


@pytest.fixture(autouse=True)
def uploads(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def audit_rows(arrangement: Any) -> list[str]:
    return list(AuditEvent.objects.filter(school=arrangement.school).order_by("id").values_list("action", flat=True))


def test_staff_of_the_school_open_its_arrangements_and_the_outsider_gets_404(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    assert arrangement_for(world.staff["teacher"], world.school.id, arrangement.id) == arrangement
    assert list(arrangements_for(world.staff["dsl"], world.school.id)) == [arrangement]
    with pytest.raises(PermissionDenied):  # governors see the school's counts, no named child
        list(arrangements_for(world.staff["governor"], world.school.id))
    with pytest.raises(Http404):
        arrangement_for(world.outsider, world.other.id, arrangement.id)
    with pytest.raises(Http404):
        arrangement_for(world.outsider, world.school.id, arrangement.id)


def test_a_sister_schools_dsl_cannot_open_our_arrangement_by_naming_their_own_school(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    with pytest.raises(Http404):
        arrangement_for(world.sister_dsl, world.sister.id, arrangement.id)
    with pytest.raises(Http404):
        arrangement_for(world.sister_dsl, world.school.id, arrangement.id)


def test_a_new_arrangement_is_a_draft_with_its_usual_week_and_one_audit_row(world: Any) -> None:
    before = AuditEvent.objects.count()
    arrangement = do_create_arrangement(
        pupil=world.pupil, actor=world.staff["ap_lead"], kind="part_time_timetable", reason="mental_health",
        start=MONDAY, end=dt.date(2026, 2, 13), slots=week(fri=("home", "home")),
    )
    assert arrangement.status == Status.DRAFT
    assert arrangement.school == world.school
    assert arrangement.timetables.get().slots == {"fri": {"am": "home", "pm": "home"}}
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "create arrangement"


def test_an_arrangement_cannot_use_another_trusts_provider(world: Any) -> None:
    theirs = make_provider(world.other, "Riverside Tutors", kind="tuition")
    with pytest.raises(ValidationError) as error:
        make_arrangement(world.pupil, provider=theirs)
    assert "not one your school can use" in str(error.value)


def test_an_arrangement_that_ends_before_it_starts_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_arrangement(world.pupil, end=MONDAY - dt.timedelta(days=1))
    assert "on or after the start" in str(error.value)


def test_kind_and_reason_use_the_case_file_words(world: Any) -> None:
    with pytest.raises(ValidationError):
        make_arrangement(world.pupil, kind="holiday")
    with pytest.raises(ValidationError):
        make_arrangement(world.pupil, reason="boredom")


def test_suspension_days_are_dates_in_order_and_only_for_a_suspension(world: Any) -> None:
    ok = make_arrangement(world.pupil, kind="suspension", reason="suspension",
                          suspension_days=[MONDAY, MONDAY + dt.timedelta(days=1)])
    assert ok.suspension_dates == [MONDAY, MONDAY + dt.timedelta(days=1)]
    with pytest.raises(ValidationError):
        make_arrangement(world.pupil, kind="suspension", suspension_days=[MONDAY, MONDAY])
    with pytest.raises(ValidationError):
        make_arrangement(world.pupil, kind="part_time_timetable", suspension_days=[MONDAY])


def test_a_timetable_names_weekdays_sessions_and_places_the_case_file_knows(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    for bad, words in [
        ({"sat": {"am": "home"}}, "not a school weekday"),
        ({"mon": {"eve": "home"}}, "not a session"),
        ({"mon": {"am": "beach"}}, "'beach' is not one of"),
    ]:
        with pytest.raises(ValidationError) as error:
            do_set_timetable(arrangement=arrangement, slots=bad, effective_from=MONDAY, actor=None)
        assert words in str(error.value)
    assert not TimetableVersion.objects.exists()


def test_a_timetable_change_takes_effect_from_its_date_and_the_earlier_week_is_kept(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, slots=week(mon=("provider", "provider")))
    later = MONDAY + dt.timedelta(days=14)
    do_set_timetable(arrangement=arrangement, slots=week(mon=("provider", "provider"), tue=("provider", "school")),
                     effective_from=later, actor=world.staff["ap_lead"])
    versions = list(arrangement.timetables.all())
    assert len(versions) == 2
    assert timetable_in_force(versions, later - dt.timedelta(days=1)).slots == week(mon=("provider", "provider"))
    assert "tue" in timetable_in_force(versions, later).slots
    assert timetable_in_force(versions, MONDAY - dt.timedelta(days=7)).effective_from == MONDAY
    assert audit_rows(arrangement)[-1] == "set timetable"


def test_steps_back_to_full_time_are_one_per_date(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health")
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=12, actor=None)
    do_add_step(arrangement=arrangement, from_date=MONDAY + dt.timedelta(days=14), hours_in_school=18, actor=None)
    with pytest.raises(ValidationError) as error:
        do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=15, actor=None)
    assert "already a step from 12 January 2026" in str(error.value)
    assert [float(s.hours_in_school) for s in arrangement.steps.all()] == [12.0, 18.0]


def test_an_event_carries_only_the_details_of_its_type(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    review = do_record_event(arrangement=arrangement, type="review", date=MONDAY, actor=world.staff["ap_lead"],
                             fields={"outcome": "satisfactory", "parent_attended": True}, note="Going well")
    assert review.fields == {"outcome": "satisfactory", "parent_attended": True}
    for type_, fields, words in [
        ("review", {"outcome": "great"}, "'great' is not one of satisfactory, unsatisfactory"),
        ("visit", {"outcome": "satisfactory"}, "not a detail of a visit event"),
        ("welfare_check", {"kind": "carrier_pigeon"}, "is not one of phone, home_visit, in_person"),
        ("parent_consent", {"written": "yes"}, "written: must be yes or no"),
        ("medical_evidence", {"source": "horoscope"}, "is not one of consultant"),
    ]:
        with pytest.raises(ValidationError) as error:
            do_record_event(arrangement=arrangement, type=type_, date=MONDAY, actor=None, fields=fields)
        assert words in str(error.value)
    with pytest.raises(ValidationError):
        do_record_event(arrangement=arrangement, type="party", date=MONDAY, actor=None)


def test_parental_consent_is_written_unless_recorded_as_verbal(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    written = do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None)
    verbal = do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None,
                             fields={"written": False})
    assert written.fields == {"written": True}
    assert verbal.fields == {"written": False}


def test_a_pdf_consent_form_can_be_attached_to_an_event(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    event = do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None,
                            attachment=SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf"))
    assert event.attachment.name.endswith(".pdf")
    assert event.attachment.read() == PDF


@pytest.mark.parametrize(("name", "content", "words"), [
    ("notes.exe", b"MZ", "Attach a PDF, Word (.docx), JPEG or PNG file"),
    ("photo.png", PDF, "named .png but is not a PNG file"),
    ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "attach a file of 10 MB or less"),
])
def test_an_attachment_must_be_a_small_pdf_word_or_image_file(
    world: Any, name: str, content: bytes, words: str
) -> None:
    arrangement = make_arrangement(world.pupil)
    with pytest.raises(ValidationError) as error:
        do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None,
                        attachment=SimpleUploadedFile(name, content))
    assert words in str(error.value)
    assert not Event.objects.exists()


def test_a_correction_supersedes_the_entry_and_keeps_it_with_the_reason(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    wrong = do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None, note="Saw Ava")
    right = do_correct_event(event=wrong, actor=world.staff["dsl"], reason="The visit was on Tuesday",
                             date=MONDAY + dt.timedelta(days=1))
    assert right.supersedes == wrong and right.note == "Saw Ava"
    assert right.correction_reason == "The visit was on Tuesday"
    assert list(Event.current.filter(arrangement=arrangement)) == [right]
    assert Event.objects.filter(arrangement=arrangement).count() == 2
    wrong.refresh_from_db()
    assert wrong.date == MONDAY and wrong.is_superseded
    assert audit_rows(arrangement)[-1] == "correct event"


def test_a_correction_needs_a_reason_and_an_entry_is_corrected_once(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    event = do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None)
    with pytest.raises(ValidationError):
        do_correct_event(event=event, actor=None, reason="  ")
    do_correct_event(event=event, actor=None, reason="Wrong date", date=MONDAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        do_correct_event(event=event, actor=None, reason="Again")
    assert "already been corrected" in str(error.value)


def test_approval_and_ending_are_recorded_through_their_own_actions(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    for type_ in ("headteacher_approval", "end"):
        with pytest.raises(ValidationError):
            do_record_event(arrangement=arrangement, type=type_, date=MONDAY, actor=None)


def test_the_headteacher_approves_a_submitted_arrangement_and_the_chronology_shows_it(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    with pytest.raises(ValidationError):
        do_approve(arrangement=arrangement, actor=world.staff["headteacher"], on=MONDAY)
    do_submit_for_approval(arrangement=arrangement, actor=world.staff["ap_lead"])
    assert arrangement.status == Status.AWAITING_APPROVAL
    do_approve(arrangement=arrangement, actor=world.staff["headteacher"], on=MONDAY, note="Agreed with the DSL")
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ACTIVE
    approval = Event.current.get(arrangement=arrangement)
    assert (approval.type, approval.date, approval.recorded_by) == (
        "headteacher_approval", MONDAY, world.staff["headteacher"])
    assert audit_rows(arrangement)[-2:] == ["submit arrangement for approval", "approve arrangement"]


@pytest.mark.parametrize("role", ["dsl", "ap_lead", "teacher", "governor"])
def test_only_the_headteacher_can_approve(world: Any, role: str) -> None:
    arrangement = make_arrangement(world.pupil, status=Status.AWAITING_APPROVAL)
    with pytest.raises(PermissionDenied):
        do_approve(arrangement=arrangement, actor=world.staff[role], on=MONDAY)
    arrangement.refresh_from_db()
    assert arrangement.status == Status.AWAITING_APPROVAL
    assert not Event.objects.exists()


def test_another_schools_headteacher_cannot_approve(world: Any) -> None:
    from tests.conftest import make_staff

    their_head = make_staff(world.other, "headteacher", "head-other")
    arrangement = make_arrangement(world.pupil, status=Status.AWAITING_APPROVAL)
    with pytest.raises(PermissionDenied):
        do_approve(arrangement=arrangement, actor=their_head, on=MONDAY)


def test_ending_an_arrangement_records_the_last_day_and_the_outcome(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, status=Status.ACTIVE, end=dt.date(2026, 7, 17))
    last_day = dt.date(2026, 3, 27)
    do_end_arrangement(arrangement=arrangement, actor=world.staff["ap_lead"], on=last_day,
                       outcome="full_time_school")
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.end, arrangement.outcome) == ("ended", last_day, "full_time_school")
    end = Event.current.get(arrangement=arrangement, type="end")
    assert (end.date, end.fields) == (last_day, {"outcome": "full_time_school"})
    change = AuditEvent.objects.filter(action="end arrangement").get()
    assert change.changes["end"] == ["2026-07-17", "2026-03-27"]
    with pytest.raises(ValidationError):
        do_set_timetable(arrangement=arrangement, slots={}, effective_from=last_day, actor=None)


def test_an_arrangement_cannot_end_before_it_started_or_twice(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        do_end_arrangement(arrangement=arrangement, actor=None, on=MONDAY - dt.timedelta(days=1), outcome="other")
    do_end_arrangement(arrangement=arrangement, actor=None, on=MONDAY, outcome="other")
    with pytest.raises(ValidationError):
        do_end_arrangement(arrangement=arrangement, actor=None, on=MONDAY, outcome="other")
    assert Event.objects.filter(type="end").count() == 1


def test_each_action_writes_exactly_one_audit_row(world: Any) -> None:
    head = world.staff["headteacher"]
    other_pupil = make_pupil(world.school, "Ben", "Second")
    steps = [
        lambda: do_create_arrangement(pupil=other_pupil, actor=head, kind="part_time_timetable", start=MONDAY,
                                      reason="medical", slots=week(fri=("home", "home"))),
    ]
    arrangement = steps[0]()
    before = AuditEvent.objects.count()
    do_set_timetable(arrangement=arrangement, slots=week(thu=("home", "home")), effective_from=MONDAY, actor=head)
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=24, actor=head)
    event = do_record_event(arrangement=arrangement, type="la_notified", date=MONDAY, actor=head)
    do_correct_event(event=event, actor=head, reason="Date", date=MONDAY + dt.timedelta(days=1))
    do_submit_for_approval(arrangement=arrangement, actor=head)
    do_approve(arrangement=arrangement, actor=head, on=MONDAY)
    do_end_arrangement(arrangement=arrangement, actor=head, on=MONDAY + dt.timedelta(days=20), outcome="other")
    assert AuditEvent.objects.count() == before + 7


def test_an_entry_of_the_chronology_cannot_be_changed_or_deleted_in_place(world: Any) -> None:
    arrangement = make_arrangement(world.pupil)
    event = do_record_event(arrangement=arrangement, type="visit", date=MONDAY, actor=None, note="Saw Ava")
    event.note = "Did not see Ava"
    with pytest.raises(ValidationError) as error:
        event.save()
    assert "record a correction instead" in str(error.value)
    with pytest.raises(ValidationError):
        event.delete()
    assert Event.objects.get().note == "Saw Ava"
