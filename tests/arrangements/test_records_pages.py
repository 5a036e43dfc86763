"""The pages of an arrangement's records: the weekly timetable, phased steps, the chronology with its
corrections and attachments, and case-file export and import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_record_event, do_set_timetable
from pathways.arrangements.models import Arrangement, Event, Step, TimetableVersion, timetable_in_force
from pathways.audit.models import AuditEvent
from pathways.pupils.models import Pupil
from tests.arrangements.helpers import MONDAY, make_arrangement, week

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parents[1] / "policy" / "examples"
PDF = b"%PDF-1.4\n% a visit report\n"


@pytest.fixture
def arrangement(world: Any) -> Arrangement:
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                            slots=week(fri=("home", "home")))


def url(name: str, arrangement: Arrangement, *more: int) -> str:
    return reverse(name, args=[arrangement.school_id, arrangement.id, *more])


def grid(**days: tuple[str, str]) -> dict[str, str]:
    """The timetable form's fields: every session in school unless given."""
    data = {f"{d}_{s}": "school" for d in ("mon", "tue", "wed", "thu", "fri") for s in ("am", "pm")}
    for day, (am, pm) in days.items():
        data[f"{day}_am"], data[f"{day}_pm"] = am, pm
    return data


# ----------------------------------------------------------------------------- the weekly timetable


def test_the_timetable_page_shows_the_week_in_force_and_its_hours_in_school(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    page = as_user(world.staff["teacher"]).get(url("timetable-edit", arrangement)).content.decode()
    assert "24 hours a week in school" in page  # 8 sessions in school, Friday at home
    assert 'name="fri_am"' in page and "At home" in page
    assert "From 12 January 2026" in page


def test_a_teacher_saves_a_tuesdays_and_thursdays_only_week_from_a_date_and_the_old_week_is_kept(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    data = grid(mon=("home", "home"), wed=("online", "online"), fri=("not_required", "not_required"))
    data["effective_from"] = "2026-02-02"
    response = as_user(world.staff["teacher"]).post(url("timetable-edit", arrangement), data, follow=True)
    page = response.content.decode()
    assert "Timetable saved from 2 February 2026: 12 hours a week in school." in page
    assert "From 12 January 2026 to 1 February 2026" in page and "From 2 February 2026" in page
    versions = list(TimetableVersion.objects.filter(arrangement=arrangement).order_by("effective_from"))
    assert len(versions) == 2
    assert versions[1].slots["tue"] == {"am": "school", "pm": "school"}
    assert versions[1].slots["mon"] == {"am": "home", "pm": "home"}


def test_the_week_in_force_on_a_past_date_is_unchanged_after_an_edit(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    before = timetable_in_force(list(arrangement.timetables.all()), dt.date(2026, 1, 20)).slots
    data = grid(mon=("provider", "provider"))
    data["effective_from"] = "2026-02-02"
    as_user(world.staff["dsl"]).post(url("timetable-edit", arrangement), data)
    versions = list(arrangement.timetables.all())
    assert len(versions) == 2
    assert timetable_in_force(versions, dt.date(2026, 1, 20)).slots == before
    assert timetable_in_force(versions, dt.date(2026, 2, 3)).slots["mon"] == {"am": "provider", "pm": "provider"}


def test_a_timetable_cannot_take_effect_before_the_arrangement_starts(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    data = grid()
    data["effective_from"] = "2026-01-05"
    response = as_user(world.staff["teacher"]).post(url("timetable-edit", arrangement), data)
    assert response.status_code == 400
    assert "The arrangement starts on 12 January 2026: the timetable cannot take effect before then." in (
        response.content.decode()
    )
    assert arrangement.timetables.count() == 1


def test_a_session_with_an_unknown_place_is_refused_naming_the_session(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    data = grid()
    data.update(effective_from="2026-02-02", wed_pm="the moon")
    response = as_user(world.staff["teacher"]).post(url("timetable-edit", arrangement), data)
    assert response.status_code == 400
    assert "Wednesday afternoon" in response.content.decode()
    assert arrangement.timetables.count() == 1


def test_the_timetable_of_an_ended_arrangement_cannot_change(world: Any, as_user: Any) -> None:
    ended = make_arrangement(world.pupil, status="ended", slots=week())
    client = as_user(world.staff["teacher"])
    assert "Save the timetable" not in client.get(url("timetable-edit", ended)).content.decode()
    data = grid(mon=("home", "home"))
    data["effective_from"] = "2026-02-02"
    response = client.post(url("timetable-edit", ended), data)
    assert response.status_code == 400
    assert "The arrangement has ended: its timetable can no longer change." in response.content.decode()
    assert ended.timetables.count() == 1


# ----------------------------------------------------------------------------- phased steps


def test_a_step_whose_hours_the_timetable_does_not_give_is_shown_as_missed(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    do_set_timetable(arrangement=arrangement, slots=week(mon=("home", "home"), tue=("home", "home"),
                                                         wed=("home", "home"), thu=("school", "home"),
                                                         fri=("school", "home")),
                     effective_from=MONDAY, actor=None)
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=6, actor=None)
    response = as_user(world.staff["teacher"]).post(
        url("steps-edit", arrangement), {"from_date": "2026-01-26", "hours_in_school": "9"}, follow=True
    )
    page = response.content.decode()
    assert "Step added: from 26 January 2026, 9 hours in school." in page
    assert "The timetable gives 6 hours in school; this step expected 9 from 26 Jan." in page
    assert Step.objects.filter(arrangement=arrangement).count() == 2


def test_a_second_step_on_the_same_day_is_refused(world: Any, as_user: Any, arrangement: Arrangement) -> None:
    do_add_step(arrangement=arrangement, from_date=MONDAY, hours_in_school=6, actor=None)
    response = as_user(world.staff["teacher"]).post(
        url("steps-edit", arrangement), {"from_date": MONDAY.isoformat(), "hours_in_school": "9"}
    )
    assert response.status_code == 400
    assert "There is already a step from 12 January 2026." in response.content.decode()


def test_hours_beyond_a_school_week_are_refused_naming_the_field(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    response = as_user(world.staff["teacher"]).post(
        url("steps-edit", arrangement), {"from_date": "2026-01-26", "hours_in_school": "45"}
    )
    assert response.status_code == 400
    assert "Hours a week in school: Ensure this value is less than or equal to 40" in response.content.decode()
    assert not Step.objects.exists()


# ----------------------------------------------------------------------------- the chronology


def test_the_chronology_reads_like_a_case_file(world: Any, as_user: Any, arrangement: Arrangement) -> None:
    lead = world.staff["ap_lead"]
    do_record_event(arrangement=arrangement, type="parent_consent", date=dt.date(2026, 1, 8), actor=lead,
                    fields={"written": True}, note="Mum signed the consent form at the meeting.")
    do_record_event(arrangement=arrangement, type="welfare_check", date=dt.date(2026, 1, 16), actor=lead,
                    fields={"kind": "home_visit"})
    page = as_user(world.staff["teacher"]).get(url("arrangement-chronology", arrangement)).content.decode()
    assert "Chronology: Ava Ourpupil" in page
    assert "St Bede&#x27;s Catholic High School" in page and "Part-time timetable" in page
    assert "From 12 January 2026" in page and "pw-print-case-file" in page
    assert page.index("Parent consent") < page.index("Welfare check")
    assert "Thursday 8 January 2026" in page and "Recorded by Aplead Tester" in page
    assert "In writing:</dt> <dd class=\"govuk-!-display-inline govuk-!-margin-left-0\">Yes" in page
    assert "Home visit" in page and "Mum signed the consent form" in page
    assert "Correct this entry" in page  # a teacher records (and corrects) what they see
    governor = as_user(world.staff["governor"]).get(url("arrangement-chronology", arrangement))
    assert governor.status_code == 403 and b"Ourpupil" not in governor.content  # counts only, no named child


def test_a_corrected_entry_is_struck_through_beside_its_correction_and_reason(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None,
                            note="Visited the provider.")
    client = as_user(world.staff["dsl"])
    assert "Correct this entry" in client.get(url("arrangement-chronology", arrangement)).content.decode()
    response = client.post(url("event-correct", arrangement, event.id), {
        "date": "2026-01-15", "type": "visit", "note": "Visited the provider on Thursday.",
        "reason": "The visit was on the Thursday, not the Wednesday.",
    }, follow=True)
    page = response.content.decode()
    assert "The visit entry of 14 January 2026 is corrected." in page
    assert "<del>Wednesday 14 January 2026: Visit</del>" in page
    assert "Reason: The visit was on the Thursday, not the Wednesday." in page
    assert "Corrects the entry of 14 January 2026 (visit)" in page
    assert Event.objects.count() == 2 and Event.current.get().date == dt.date(2026, 1, 15)
    assert Event.objects.get(pk=event.pk).note == "Visited the provider."


def test_a_correction_without_a_reason_is_refused_and_nothing_is_written(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    response = as_user(world.staff["teacher"]).post(url("event-correct", arrangement, event.id),
                                                    {"date": "2026-01-15", "type": "visit", "reason": " "})
    assert response.status_code == 400
    assert "Say why the entry is being corrected." in response.content.decode()
    assert Event.objects.count() == 1


def test_a_detail_the_type_does_not_take_is_refused_naming_it(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="review", date=dt.date(2026, 1, 14), actor=None,
                            fields={"outcome": "satisfactory"})
    client = as_user(world.staff["teacher"])
    response = client.post(url("event-correct", arrangement, event.id), {
        "date": "2026-01-14", "type": "review", "outcome": "full_time_school", "kind": "phone",
        "reason": "Wrong outcome recorded.",
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "A review outcome is one of: satisfactory, unsatisfactory." in page
    assert "Kind of welfare check: A review entry has no such detail" in page
    assert Event.objects.count() == 1
    client.post(url("event-correct", arrangement, event.id), {
        "date": "2026-01-14", "type": "review", "outcome": "unsatisfactory", "parent_attended": "yes",
        "reason": "Wrong outcome recorded.",
    })
    assert Event.current.get().fields == {"outcome": "unsatisfactory", "parent_attended": True}


def test_an_entry_already_corrected_cannot_be_corrected_again(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    client = as_user(world.staff["teacher"])
    data = {"date": "2026-01-15", "type": "visit", "reason": "Wrong day."}
    client.post(url("event-correct", arrangement, event.id), data)
    response = client.post(url("event-correct", arrangement, event.id), data)
    assert response.status_code == 400
    assert "already been corrected" in response.content.decode()
    assert Event.objects.count() == 2


def test_an_attachment_downloads_as_a_file_for_the_schools_staff_only(
    world: Any, as_user: Any, arrangement: Arrangement, settings: Any, tmp_path: Path, client: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None,
                            attachment=SimpleUploadedFile("visit-report.pdf", PDF))
    page = as_user(world.staff["teacher"]).get(url("arrangement-chronology", arrangement)).content.decode()
    assert "visit-report" in page and url("event-attachment", arrangement, event.id) in page
    response = client.get(url("event-attachment", arrangement, event.id))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.logout()
    as_user(world.staff["governor"])  # governors see the school's counts, no named child's records
    assert client.get(url("event-attachment", arrangement, event.id)).status_code == 403
    client.logout()
    as_user(world.outsider)
    assert client.get(url("event-attachment", arrangement, event.id)).status_code == 404


def test_an_entry_without_an_attachment_has_nothing_to_download(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    assert as_user(world.staff["dsl"]).get(url("event-attachment", arrangement, event.id)).status_code == 404


def test_an_entry_of_another_arrangement_is_not_found_through_this_one(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    second = make_arrangement(world.pupil, kind="online_learning", reason="medical")
    event = do_record_event(arrangement=second, type="visit", date=dt.date(2026, 1, 14), actor=None)
    assert as_user(world.staff["dsl"]).get(url("event-correct", arrangement, event.id)).status_code == 404


# ----------------------------------------------------------------------------- case files


def test_the_case_file_downloads_as_yaml_named_for_the_pupil_kind_and_day(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    response = as_user(world.staff["teacher"]).get(url("arrangement-export", arrangement))
    today = dt.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ourpupil-part-time-timetable-{today}.yaml"'
    text = response.content.decode()
    assert "format: pathways-case/1" in text and f"as_of: '{today}'" in text
    assert "kind: part_time_timetable" in text


def test_a_case_file_exported_and_imported_through_the_pages_exports_the_same(
    world: Any, as_user: Any
) -> None:
    client = as_user(world.staff["ap_lead"])
    imported = client.post(reverse("case-file-import", args=[world.school.id]), {
        "case_file": SimpleUploadedFile("case.yaml", (EXAMPLES / "01_part_time_timetable.yaml").read_bytes()),
    })
    assert imported.status_code == 302
    first = Arrangement.objects.get(school=world.school)
    exported = client.get(url("arrangement-export", first)).content
    # Into a school where the pupil is not on the roll yet: a fresh import of the exported file.
    before = Arrangement.objects.count()
    client.post(reverse("case-file-import", args=[world.school.id]),
                {"case_file": SimpleUploadedFile("again.yaml", exported)})
    second = Arrangement.objects.exclude(pk=first.pk).get()
    assert Arrangement.objects.count() == before + 1
    assert client.get(url("arrangement-export", second)).content == exported
    assert AuditEvent.objects.filter(action="import case file").count() == 2


def test_an_imported_case_file_shows_its_chronology(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["dsl"])
    response = client.post(reverse("case-file-import", args=[world.school.id]), {
        "case_file": SimpleUploadedFile("case.yaml", (EXAMPLES / "01_part_time_timetable.yaml").read_bytes()),
    })
    assert response.status_code == 302
    arrangement = Arrangement.objects.get(school=world.school)
    page = client.get(url("arrangement-chronology", arrangement)).content.decode()
    assert "Imported: part-time timetable for Imported pupil X926412017048 from 10 November 2025." in page
    assert "Trust consulted" in page
    # An imported approval is no entry of the chronology until the headteacher confirms it.
    assert "Headteacher approval" not in page
    detail = client.get(url("arrangement-detail", arrangement)).content.decode()
    assert "Headteacher approval on 2025-11-06: to be confirmed by the headteacher." in detail


def test_a_bad_case_file_is_refused_with_every_problem_and_nothing_is_written(world: Any, as_user: Any) -> None:
    text = (EXAMPLES / "01_part_time_timetable.yaml").read_text()
    text = text.replace("reason: mental_health", "reason: boredom")
    text = text.replace("{date: 2025-11-06, type: risk_assessment}", "{date: 2025-02-30, type: risk_assessment}")
    counts = (Pupil.objects.count(), Arrangement.objects.count(), Event.objects.count())
    response = as_user(world.staff["ap_lead"]).post(
        reverse("case-file-import", args=[world.school.id]),
        {"case_file": SimpleUploadedFile("bad.yaml", text.encode())},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The case file was not imported" in page and "Nothing was written." in page
    assert "arrangement.reason" in page
    assert "events[4].date: not a date: &#x27;2025-02-30&#x27;" in page
    assert (Pupil.objects.count(), Arrangement.objects.count(), Event.objects.count()) == counts


def test_a_case_file_over_1_mb_is_refused(world: Any, as_user: Any) -> None:
    big = b"# padding\n" * 110_000
    response = as_user(world.staff["ap_lead"]).post(
        reverse("case-file-import", args=[world.school.id]),
        {"case_file": SimpleUploadedFile("big.yaml", big)},
    )
    assert response.status_code == 400
    assert "a case file must be 1 MB or less" in response.content.decode()
    assert not Arrangement.objects.exists()


def test_a_file_that_is_not_text_is_refused(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        reverse("case-file-import", args=[world.school.id]),
        {"case_file": SimpleUploadedFile("case.yaml", b"\xff\xfe\x00garbage")},
    )
    assert response.status_code == 400
    assert "The file is not a text (UTF-8) case file." in response.content.decode()


# ----------------------------------------------------------------------------- who may do what


def _writes(arrangement: Arrangement, event: Event) -> list[tuple[str, dict[str, Any]]]:
    timetable = grid()
    timetable["effective_from"] = "2026-02-02"
    return [
        (url("timetable-edit", arrangement), timetable),
        (url("steps-edit", arrangement), {"from_date": "2026-01-26", "hours_in_school": "9"}),
        (url("event-correct", arrangement, event.id), {"date": "2026-01-15", "type": "visit", "reason": "Day."}),
        (reverse("case-file-import", args=[arrangement.school_id]),
         {"case_file": SimpleUploadedFile("case.yaml", (EXAMPLES / "01_part_time_timetable.yaml").read_bytes())}),
    ]


def test_a_governor_opens_no_named_record_and_every_change_is_forbidden(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    client = as_user(world.staff["governor"])
    for name in ("timetable-edit", "steps-edit", "arrangement-chronology", "arrangement-export"):
        response = client.get(url(name, arrangement))
        assert response.status_code == 403, name  # governors see the school's counts, no named child
        assert b"Ourpupil" not in response.content
    audit_rows = AuditEvent.objects.count()
    for target, data in _writes(arrangement, event):
        assert client.post(target, data).status_code == 403, target
    assert client.get(url("event-correct", arrangement, event.id)).status_code == 403
    assert client.get(reverse("case-file-import", args=[world.school.id])).status_code == 403
    assert AuditEvent.objects.count() == audit_rows
    assert TimetableVersion.objects.count() == 1 and Event.objects.count() == 1


def test_staff_of_another_school_find_none_of_the_records(
    world: Any, as_user: Any, arrangement: Arrangement
) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    client = as_user(world.outsider)
    for name in ("timetable-edit", "steps-edit", "arrangement-chronology", "arrangement-export"):
        assert client.get(url(name, arrangement)).status_code == 404, name
    assert client.get(url("event-attachment", arrangement, event.id)).status_code == 404
    for target, data in _writes(arrangement, event):
        assert client.post(target, data).status_code == 404, target
    assert TimetableVersion.objects.count() == 1 and Event.objects.count() == 1 and Step.objects.count() == 0


def test_the_dsl_and_a_teacher_both_reach_every_page(world: Any, as_user: Any, arrangement: Arrangement) -> None:
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    for role in ("dsl", "teacher"):
        client = as_user(world.staff[role])
        for target in (url("timetable-edit", arrangement), url("steps-edit", arrangement),
                       url("arrangement-chronology", arrangement), url("event-correct", arrangement, event.id),
                       url("arrangement-export", arrangement)):
            assert client.get(target).status_code == 200, (role, target)
        # Importing a case file is the headteacher's, the DSL's or the AP lead's (the role matrix).
        importing = client.get(reverse("case-file-import", args=[world.school.id])).status_code
        assert importing == (200 if role == "dsl" else 403), role
        client.logout()
