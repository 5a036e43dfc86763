"""The roster upload page (preview, then confirm), the pupil page's contacts and Today's flag, with the
outsiders: another school's staff, a governor, a teacher, provider staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.pupils.models import Pupil, PupilContact, RosterImport
from pathways.roster.jobs import import_roster_file
from tests.arrangements.helpers import make_arrangement
from tests.roster.files import ctf, pupil, upn

pytestmark = pytest.mark.django_db


def upload(client: Any, world: Any, data: bytes, name: str = "roster.xml", **extra: Any) -> Any:
    return client.post(reverse("roster-upload", args=[world.school.id]),
                       {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.parametrize("role", ["headteacher", "dsl", "attendance_officer"])
def test_preview_writes_nothing_then_confirm_imports(world: Any, as_user: Any, role: str) -> None:
    client = as_user(world.staff[role])
    assert client.get(reverse("roster-upload", args=[world.school.id])).status_code == 200
    response = upload(client, world, ctf([pupil(1), pupil(2)], qualifier="partial"))
    assert response.status_code == 302
    imp = RosterImport.objects.get()
    assert not Pupil.objects.filter(upn__in=[upn(1), upn(2)]).exists()
    page = client.get(response.url)
    assert page.status_code == 200 and b"What this file would do" in page.content
    assert b'data-testid="roster-confirm"' in page.content
    response = client.post(response.url)
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == "done" and imp.result["created"] == 2 and imp.data == b""
    assert Pupil.objects.filter(upn__in=[upn(1), upn(2)]).count() == 2
    assert AuditEvent.objects.filter(action="confirm roster import").count() == 1
    # confirming twice writes nothing more
    client.post(reverse("roster-import", args=[world.school.id, imp.id]))
    assert Pupil.objects.filter(upn__in=[upn(1), upn(2)]).count() == 2


def test_rejected_records_are_listed_and_block_the_import(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["headteacher"])
    response = upload(client, world, ctf([pupil(1), pupil(2, sen="Q")]))
    page = client.get(response.url)
    assert b"SENprovision: &#x27;Q&#x27; is not an SEN provision code" in page.content
    assert b'data-testid="roster-blocked"' in page.content and b'data-testid="roster-confirm"' not in page.content


def test_valid_rows_only_from_the_page(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["headteacher"])
    response = upload(client, world, ctf([pupil(1), pupil(2, sen="Q")], qualifier="partial"), valid_rows_only="on")
    client.post(response.url)
    assert Pupil.objects.filter(upn=upn(1)).exists() and not Pupil.objects.filter(upn=upn(2)).exists()


def test_an_unreadable_file_is_an_error_on_the_form(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["dsl"])
    response = upload(client, world, b"<CTfile><Header>")
    assert response.status_code == 400 and b"The file cannot be read" in response.content
    assert not RosterImport.objects.exists()


def test_a_long_file_runs_as_a_job(world: Any, as_user: Any, settings: Any) -> None:
    settings.ROSTER_BACKGROUND_PUPILS = 1
    client = as_user(world.staff["headteacher"])
    response = upload(client, world, ctf([pupil(1), pupil(2)], qualifier="partial"))
    client.post(response.url)
    imp = RosterImport.objects.get()
    assert imp.status == "queued"
    page = client.get(response.url)
    assert b'data-testid="roster-progress"' in page.content and b'http-equiv="refresh"' in page.content
    import_roster_file.call(imp.id)  # what the worker runs
    imp.refresh_from_db()
    assert imp.status == "done" and Pupil.objects.filter(upn=upn(2)).exists()


@pytest.mark.parametrize("who", ["teacher", "governor", "ap_lead", "senco"])
def test_other_roles_cannot_upload(world: Any, as_user: Any, who: str) -> None:
    client = as_user(world.staff[who])
    assert client.get(reverse("roster-upload", args=[world.school.id])).status_code == 403
    assert upload(client, world, ctf([pupil(1)])).status_code == 403
    assert not RosterImport.objects.exists()


def test_another_schools_staff_get_nothing(world: Any, as_user: Any) -> None:
    imp = RosterImport.objects.create(school=world.school, filename="ours.xml", data=ctf([pupil(1)]),
                                      preview={"created": 1})
    client = as_user(world.outsider)
    assert client.get(reverse("roster-upload", args=[world.school.id])).status_code == 404
    assert client.get(reverse("roster-import", args=[world.school.id, imp.id])).status_code == 404
    assert client.post(reverse("roster-import", args=[world.school.id, imp.id])).status_code == 404
    assert client.get(reverse("roster-import", args=[world.other.id, imp.id])).status_code == 404
    imp.refresh_from_db()
    assert imp.status == "previewed"


def test_the_pupil_page_shows_contacts_in_order_with_restrictions(world: Any, as_user: Any) -> None:
    p = world.pupil
    Pupil.objects.filter(pk=p.pk).update(address_line_1="4 Quay Street", town="Northby", postcode="NB1 1AA",
                                         social_worker=True, social_worker_name="Dee Worker",
                                         social_worker_team="Northby Children's Services")
    PupilContact.objects.create(pupil=p, priority=2, name="Pat Father", relationship="PAF",
                                phone="07700 900002", restriction="no_contact", restriction_note="Court order")
    PupilContact.objects.create(pupil=p, priority=1, name="Jo Mother", relationship="PAM",
                                parental_responsibility=True, phone="07700 900001")
    page = as_user(world.staff["teacher"]).get(reverse("pupil-detail", args=[world.school.id, p.id])).content
    text = page.decode()
    assert "4 Quay Street" in text and "Dee Worker" in text
    assert text.index("Jo Mother") < text.index("Pat Father")
    assert "No contact (court order)" in text and "07700 900002" not in text and "07700 900001" in text


def test_a_governor_sees_no_contacts(world: Any, as_user: Any) -> None:
    PupilContact.objects.create(pupil=world.pupil, priority=1, name="Jo Mother", phone="07700 900001")
    response = as_user(world.staff["governor"]).get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    assert response.status_code in (200, 403)
    assert b"07700 900001" not in response.content


def test_today_flags_a_missing_pupil_with_an_open_arrangement_to_the_headteacher(world: Any, as_user: Any) -> None:
    from pathways.roster.run import import_roster

    make_arrangement(world.pupil, status=Status.ACTIVE)
    import_roster(ctf([pupil(1)]), school=world.school, actor=None, source="test")
    page = as_user(world.staff["headteacher"]).get(reverse("today", args=[world.school.id])).content.decode()
    assert 'data-testid="today-missing-from-roster"' in page and "Ava Ourpupil" in page
