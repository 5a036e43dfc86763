"""The column-mapping page: a CSV of another shape is kept, its columns mapped to Pathways fields (the file's
first rows as examples), the mapping saved for the school, then the preview; errors name the field; the
outsiders (another school's staff, a governor, a teacher, provider staff, a provider credential of the sister
school) get nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.pupils.models import Pupil, PupilContact, RosterImport, RosterMapping
from tests.roster.files import upn

pytestmark = pytest.mark.django_db

HEADER = ["Pupil UPN", "Surname", "Forename", "Birth Date", "NC Year", "Main Contact", "Main Contact Mobile",
          "Notes"]


def other_shape(*numbers: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for n in numbers:
        w.writerow([upn(n), f"Pupil{n}", "Sam", "14/03/2011", "10", f"Jo Pupil{n}", f"07700 90000{n}", "n/a"])
    return buf.getvalue().encode("utf-8")


GOOD = {"column_0": "upn", "column_1": "last_name", "column_2": "first_name", "column_3": "date_of_birth",
        "column_4": "year_group", "column_5": "contact 1 name", "column_6": "contact 1 phone", "column_7": ""}


def upload(client: Any, world: Any, data: bytes) -> Any:
    return client.post(reverse("roster-upload", args=[world.school.id]),
                       {"file": SimpleUploadedFile("arbor.csv", data)})


@pytest.mark.parametrize("role", ["headteacher", "dsl", "attendance_officer"])
def test_columns_not_recognised_are_mapped_saved_for_the_school_then_previewed(
        world: Any, as_user: Any, role: str) -> None:
    client = as_user(world.staff[role])
    response = upload(client, world, other_shape(1, 2))
    imp = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("roster-columns", args=[world.school.id, imp.id])
    assert not Pupil.objects.filter(upn__in=[upn(1), upn(2)]).exists()
    # The preview's address leads to the columns while they are not mapped; confirming is refused.
    assert client.get(reverse("roster-import", args=[world.school.id, imp.id])).url == response.url
    page = client.get(response.url)
    text = page.content.decode()
    assert page.status_code == 200 and "What each column of the file holds" in text
    assert "“Pupil1”, “Pupil2”" in text and 'aria-describedby="id_column_3-hint"' in text
    assert 'id="id_column_3-hint"' in text
    response = client.post(response.url, GOOD)
    assert response.status_code == 302 and response.url == reverse("roster-import", args=[world.school.id, imp.id])
    mapping = RosterMapping.objects.get(school=world.school).columns
    assert mapping == {"upn": "Pupil UPN", "last_name": "Surname", "first_name": "Forename",
                       "date_of_birth": "Birth Date", "year_group": "NC Year", "contact 1 name": "Main Contact",
                       "contact 1 phone": "Main Contact Mobile"}
    assert AuditEvent.objects.filter(action="save roster column mapping").count() == 1
    imp.refresh_from_db()
    assert imp.preview["created"] == 2 and imp.preview["format"] == "CSV"
    assert not Pupil.objects.filter(upn__in=[upn(1), upn(2)]).exists()
    client.post(reverse("roster-import", args=[world.school.id, imp.id]))
    sam = Pupil.objects.get(upn=upn(1))
    assert (sam.last_name, sam.year_group) == ("Pupil1", 10)
    assert list(PupilContact.objects.filter(pupil=sam).values_list("name", "phone")) == [("Jo Pupil1", "07700 900001")]
    # The next file of this shape is read with the saved mapping: straight to the preview.
    response = upload(client, world, other_shape(1, 3))
    assert response.url == reverse("roster-import", args=[world.school.id, RosterImport.objects.first().id])


def test_confirming_before_the_columns_are_mapped_writes_nothing(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["headteacher"])
    upload(client, world, other_shape(1))
    imp = RosterImport.objects.get()
    from pathways.roster.actions import do_confirm_roster

    with pytest.raises(ValueError, match="columns"):
        do_confirm_roster(roster_import=imp, actor=world.staff["headteacher"])
    assert not Pupil.objects.filter(upn=upn(1)).exists()


def test_errors_name_the_field(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["headteacher"])
    upload(client, world, other_shape(1))
    url = reverse("roster-columns", args=[world.school.id, RosterImport.objects.get().id])
    response = client.post(url, dict(GOOD, column_3="", column_4="last_name"))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choose the column that holds “Date of birth”: every pupil needs it." in text
    assert "Legal surname is already chosen for the column “Surname”: choose it for one column only." in text
    assert 'href="#id_column_4"' in text  # the error summary links to the column's select
    assert not RosterMapping.objects.exists()


def test_columns_are_offered_as_recognised_or_as_saved(world: Any, as_user: Any) -> None:
    RosterMapping.objects.create(school=world.school, columns={"mis_id": "Notes"})
    client = as_user(world.staff["dsl"])
    data = other_shape(1).replace(b"Surname", b"Legal Surname")
    upload(client, world, data)
    page = client.get(reverse("roster-columns", args=[world.school.id, RosterImport.objects.get().id]))
    form = page.context["form"]
    assert form["column_1"].initial == "last_name"  # the MIS report's own name, recognised
    assert form["column_7"].initial == "mis_id"  # the school's saved mapping


@pytest.mark.parametrize("who", ["teacher", "governor", "ap_lead", "senco"])
def test_roles_without_the_roster_import_are_refused(world: Any, as_user: Any, who: str) -> None:
    imp = RosterImport.objects.create(school=world.school, filename="ours.csv", data=other_shape(1),
                                      preview={"columns": HEADER, "problem": "no column"})
    client = as_user(world.staff[who])
    url = reverse("roster-columns", args=[world.school.id, imp.id])
    assert client.get(url).status_code == 403
    assert client.post(url, GOOD).status_code == 403
    assert not RosterMapping.objects.exists()


def test_outsiders_get_nothing(world: Any, as_user: Any, client: Any) -> None:
    from tests.conftest import sign_in
    from tests.test_isolation import _provider_staff_of_ours, sister_credential

    imp = RosterImport.objects.create(school=world.school, filename="ours.csv", data=other_shape(1),
                                      preview={"columns": HEADER, "problem": "no column"})
    url = reverse("roster-columns", args=[world.school.id, imp.id])
    people = [world.outsider, world.sister_dsl, _provider_staff_of_ours(world), sister_credential(world)[0]]
    for person in people:
        client.logout()
        sign_in(client, person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, GOOD).status_code == 404, person
    client.logout()
    sign_in(client, world.outsider)
    assert client.get(reverse("roster-columns", args=[world.other.id, imp.id])).status_code == 404
    assert not RosterMapping.objects.exists()
