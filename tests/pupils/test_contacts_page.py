"""The contacts page on the pupil record: add, change, reorder and remove contacts, set restrictions, edit the
social worker; one audit row a save; a stale save refused; a roster import keeps a restriction entered here;
refused to a teacher and a governor, a 404 to the outsiders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.audit.versions import version_of
from pathways.pupils.contact_actions import do_save_contacts
from pathways.pupils.models import PupilContact
from pathways.roster.run import import_roster
from tests.pupils.contacts_helpers import with_contacts
from tests.roster.files import ctf, upn
from tests.roster.files import pupil as ctf_pupil

pytestmark = pytest.mark.django_db

FIELDS = ("id", "order", "name", "relationship", "parental_responsibility", "lives_with_pupil", "phone",
          "phone_2", "email", "restriction", "restriction_note", "remove")


def post_data(rows: list[dict[str, Any]], version: str, **sw: str) -> dict[str, Any]:
    data: dict[str, Any] = {"contact-TOTAL_FORMS": str(len(rows)),
                            "contact-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
                            "contact-MIN_NUM_FORMS": "0", "contact-MAX_NUM_FORMS": "30", "version": version}
    for i, row in enumerate(rows):
        for name in FIELDS:
            value = row.get(name)
            if value in (None, False):
                continue
            data[f"contact-{i}-{name}"] = "on" if value is True else str(value)
    data.update({f"sw-{k}": v for k, v in sw.items()})
    return data


def rows_of(contacts: Any) -> list[dict[str, Any]]:
    return [{"id": c.id, "order": c.priority, "name": c.name, "relationship": c.relationship,
             "parental_responsibility": c.parental_responsibility, "lives_with_pupil": c.lives_with_pupil,
             "phone": c.phone, "phone_2": c.phone_2, "email": c.email, "restriction": c.restriction,
             "restriction_note": c.restriction_note} for c in contacts]


def url(world: Any) -> str:
    return reverse("pupil-contacts-edit", args=[world.school.id, world.pupil.id])


@pytest.mark.parametrize("role", ["headteacher", "dsl", "attendance_officer", "ap_lead", "senco"])
def test_reorder_restrict_remove_add_and_the_social_worker_in_one_save(world: Any, as_user: Any, role: str) -> None:
    c = with_contacts(world.pupil)
    client = as_user(world.staff[role])
    page = client.get(url(world))
    assert page.status_code == 200 and "Contacts and social worker" in page.content.decode()
    rows = rows_of([c.mum, c.dad, c.gran, c.aunt])
    rows[2]["order"], rows[0]["order"] = 1, 2  # the grandmother first, then the mother
    rows[0].update(restriction="supervised", restriction_note="Agreed with the DSL on 2 Dec")
    rows[3]["remove"] = True  # the aunt
    rows.append({"name": "Kim Carer", "relationship": "Carer", "phone": "07700 900505", "order": 5})
    response = client.post(url(world), post_data(rows, version_of(world.pupil), social_worker="on",
                                                 social_worker_name="Dana Worker", social_worker_team="North team",
                                                 social_worker_phone="01632 960 999"))
    assert response.status_code == 302, response.content.decode()[:2000]
    after = list(PupilContact.objects.filter(pupil=world.pupil).order_by("priority"))
    assert [(x.priority, x.name) for x in after] == [(1, "Edna Gran"), (2, "Jo Mum"), (3, "Rick Dad"),
                                                    (4, "Kim Carer")]
    assert (after[1].restriction, after[2].restriction) == ("supervised", "no_contact")
    world.pupil.refresh_from_db()
    assert (world.pupil.social_worker, world.pupil.social_worker_name) == (True, "Dana Worker")
    event = AuditEvent.objects.get(action="update contacts")
    assert event.pupil_id == world.pupil.id and event.changes["removed"] == ["Sue Aunt"]
    assert event.changes["social_worker_name"] == ["", "Dana Worker"]
    # The contacts are shown on the pupil's record in the new order, with the restrictions.
    text = client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id])).content.decode()
    assert text.index("Edna Gran") < text.index("Jo Mum") < text.index("Kim Carer")
    assert "Contact only as agreed with the DSL: Agreed with the DSL on 2 Dec" in text


def test_errors_name_the_contact_and_the_field_and_nothing_is_written(world: Any, as_user: Any) -> None:
    c = with_contacts(world.pupil)
    client = as_user(world.staff["dsl"])
    rows = rows_of([c.mum, c.dad])
    rows[0].update(restriction="no_contact", restriction_note="")
    rows[1].update(name="", email="not-an-address")
    response = client.post(url(world), post_data(rows, version_of(world.pupil)))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Jo Mum, about the restriction: Say what the restriction is" in text
    assert "Rick Dad, name: Enter the contact&#x27;s name." in text and "Rick Dad, e-mail:" in text
    assert 'href="#id_contact-1-name"' in text
    assert not AuditEvent.objects.filter(action="update contacts").exists()
    assert PupilContact.objects.filter(pupil=world.pupil).count() == 4


def test_a_stale_save_is_refused_and_what_was_typed_is_kept(world: Any, as_user: Any) -> None:
    c = with_contacts(world.pupil)
    client = as_user(world.staff["headteacher"])
    seen = version_of(world.pupil)
    # Meanwhile the DSL records a restriction on the mother.
    do_save_contacts(pupil=world.pupil, actor=world.staff["dsl"], social_worker={},
                     contacts=[{**r, "restriction": "no_information", "restriction_note": "See the file"}
                               if r["name"] == "Jo Mum" else r for r in rows_of([c.mum, c.dad, c.gran, c.aunt])])
    rows = rows_of([c.mum, c.dad, c.gran, c.aunt])
    rows[3]["phone"] = "07700 900999"
    response = client.post(url(world), post_data(rows, seen))
    assert response.status_code == 400 and "changed this pupil" in response.content.decode()
    assert "07700 900999" in response.content.decode()
    assert PupilContact.objects.get(pk=c.mum.pk).restriction == "no_information"
    assert PupilContact.objects.get(pk=c.aunt.pk).phone == "07700 900404"


def test_a_roster_import_keeps_a_restriction_entered_on_the_page(world: Any) -> None:
    world.pupil.upn = upn(7)
    world.pupil.save()
    data = ctf([ctf_pupil(7, surname=world.pupil.last_name, forename=world.pupil.first_name, contacts=[
        {"order": 1, "forename": "Jo", "surname": "Mum", "rel": "PAM", "resp": "true", "phone": "07700 900101",
         "email": ""},
        {"order": 2, "forename": "Rick", "surname": "Dad", "rel": "PAF", "resp": "true", "phone": "07700 900202",
         "email": ""}])], qualifier="partial")
    import_roster(data, school=world.school, actor=None, source="first.xml")
    contacts = list(PupilContact.objects.filter(pupil=world.pupil).order_by("priority"))
    rows = rows_of(contacts)
    rows[1].update(restriction="no_contact", restriction_note="Court order of 3 March")
    do_save_contacts(pupil=world.pupil, contacts=rows, social_worker={}, actor=world.staff["dsl"])
    # The MIS changes the father's phone: the import replaces the contacts, the restriction stays.
    import_roster(data.replace(b"07700 900202", b"07700 900222"), school=world.school, actor=None,
                  source="second.xml")
    dad = PupilContact.objects.get(pupil=world.pupil, name="Ms Rick Dad")
    assert (dad.phone, dad.restriction, dad.restriction_note) == ("07700 900222", "no_contact",
                                                                  "Court order of 3 March")


@pytest.mark.parametrize("who", ["teacher", "governor"])
def test_a_teacher_and_a_governor_are_refused(world: Any, as_user: Any, who: str) -> None:
    c = with_contacts(world.pupil)
    client = as_user(world.staff[who])
    assert client.get(url(world)).status_code == 403
    rows = rows_of([c.mum])
    assert client.post(url(world), post_data(rows, version_of(world.pupil))).status_code == 403
    assert PupilContact.objects.filter(pupil=world.pupil).count() == 4


def test_outsiders_get_nothing(world: Any, client: Any) -> None:
    from tests.conftest import sign_in
    from tests.test_isolation import _provider_staff_of_ours, sister_credential

    c = with_contacts(world.pupil)
    people = [world.outsider, world.sister_dsl, _provider_staff_of_ours(world), sister_credential(world)[0]]
    mixed = reverse("pupil-contacts-edit", args=[world.other.id, world.pupil.id])
    for person in people:
        client.logout()
        sign_in(client, person)
        for address in (url(world), mixed):
            assert client.get(address).status_code == 404, person
            assert client.post(address, post_data(rows_of([c.mum]), version_of(world.pupil))).status_code == 404
    assert PupilContact.objects.filter(pupil=world.pupil).count() == 4
    assert not AuditEvent.objects.filter(action="update contacts").exists()


def test_a_restricted_contact_the_mis_no_longer_lists_is_kept_and_flagged_not_wiped(world: Any) -> None:
    world.pupil.upn = upn(8)
    world.pupil.save()
    mum = {"order": 1, "forename": "Jo", "surname": "Mum", "rel": "PAM", "resp": "true", "phone": "07700 900101",
           "email": ""}
    dad = {"order": 2, "forename": "Rick", "surname": "Dad", "rel": "PAF", "resp": "true", "phone": "07700 900202",
           "email": ""}

    def file(*contacts: dict[str, Any]) -> bytes:
        return ctf([ctf_pupil(8, surname=world.pupil.last_name, forename=world.pupil.first_name,
                              contacts=list(contacts))], qualifier="partial", when="2026-11-02T09:00:00")

    import_roster(file(mum, dad), school=world.school, actor=None, source="first.xml")
    rows = rows_of(PupilContact.objects.filter(pupil=world.pupil).order_by("priority"))
    rows[1].update(restriction="no_contact", restriction_note="Court order of 3 March")
    do_save_contacts(pupil=world.pupil, contacts=rows, social_worker={}, actor=world.staff["dsl"])
    # The MIS drops the father: the import keeps him, with his restriction, flagged, and says so in the audit.
    outcome = import_roster(file(mum), school=world.school, actor=None, source="second.xml", today=dt.date(2026, 11, 9))
    assert outcome.updated == 1
    dad_row = PupilContact.objects.get(pupil=world.pupil, name="Ms Rick Dad")
    assert (dad_row.restriction, dad_row.not_in_mis_since, dad_row.priority) == ("no_contact", dt.date(2026, 11, 9), 2)
    event = AuditEvent.objects.filter(action="update pupil", pupil_id=world.pupil.id).latest("id")
    assert event.changes["restricted_contacts_kept"] == ["Ms Rick Dad (no_contact): not in the MIS's file, kept"]
    # The same file again: nothing to change (the kept contact is Pathways' own, not the MIS's to compare).
    again = import_roster(file(mum), school=world.school, actor=None, source="third.xml", today=dt.date(2026, 11, 16))
    assert (again.updated, again.unchanged) == (0, 1)
    assert PupilContact.objects.get(pk=dad_row.pk).not_in_mis_since == dt.date(2026, 11, 9)
    # Back in the MIS: one contact, the restriction on it, no longer flagged.
    import_roster(file(mum, dad), school=world.school, actor=None, source="fourth.xml", today=dt.date(2026, 11, 23))
    dads = PupilContact.objects.filter(pupil=world.pupil, name="Ms Rick Dad")
    assert [(d.restriction, d.not_in_mis_since) for d in dads] == [("no_contact", None)]
