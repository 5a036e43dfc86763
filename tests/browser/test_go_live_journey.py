"""Going live, in a real browser, as one journey: the trust lead invites a headteacher, who opens the e-mailed
link, chooses a password, sets up two-factor sign-in from the secret shown, lands on their school, uploads the
roster from the MIS (a CTF), sees what it would do (a rejected record among them), confirms it, and opens a
pupil with contacts, where they record a "no contact" order on the contacts page."""

from __future__ import annotations

import re
import shutil
from base64 import b32decode
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import totp

from pathways.pupils.models import Pupil, PupilContact
from pathways.schools.models import Role, StaffRole, User
from tests.browser.conftest import screenshot, sign_in
from tests.roster.files import ctf, pupil, upn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "bluebells-in-the-quad-7"


def _code(secret_text: str) -> str:
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key):06d}"


def _shot(page: Any, name: str) -> None:
    path = screenshot(page, f"setup-{name}")
    shutil.copy(path, f"/tmp/setup-{name}.png")


def test_the_trust_lead_invites_a_headteacher_who_sets_up_imports_the_roster_and_opens_a_pupil_with_contacts(
        world: Any, live_server: Any, browser: Any, page: Any, tmp_path: Any) -> None:
    school = world.school
    sign_in(page, live_server, world.trust_lead)
    page.goto(f"{live_server.url}/schools/{school.id}/staff/")
    _shot(page, "staff-list")
    page.get_by_test_id("invite-staff").click()
    page.get_by_label("First name").fill("Niamh")
    page.get_by_label("Last name").fill("O'Connor")
    page.get_by_label("E-mail address").fill("niamh.oconnor@stbedes.example")
    page.get_by_label("Headteacher").check()
    _shot(page, "invite")
    page.get_by_role("button", name="Send the invitation").click()
    assert "is invited" in page.content()
    _shot(page, "invited")

    head = User.objects.get(email="niamh.oconnor@stbedes.example")
    assert StaffRole.objects.filter(user=head, school=school, role=Role.HEADTEACHER).exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    path = link[link.index("/accounts/"):]

    # The headteacher, in their own browser.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    theirs = context.new_page()
    theirs.goto(f"{live_server.url}{path}")
    assert "Headteacher at St Bede" in theirs.get_by_test_id("invited-roles").inner_text()
    _shot(theirs, "invitation")
    theirs.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    theirs.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    theirs.get_by_role("button", name="Save my password").click()

    assert "/accounts/two-factor/set-up/" in theirs.url
    _shot(theirs, "two-factor")
    theirs.get_by_text("I cannot scan the QR code").click()
    theirs.get_by_label("Code").fill(_code(theirs.get_by_test_id("totp-secret").inner_text()))
    theirs.get_by_role("button", name="Confirm and continue").click()
    assert f"/schools/{school.id}/" in theirs.url
    assert theirs.get_by_test_id("current-school").inner_text() == school.name
    assert "Staff" in theirs.get_by_role("navigation", name="Sections").inner_text()
    _shot(theirs, "landed")

    # The roster from the MIS: a CTF of three pupils, one with an SEN code the CTF does not have.
    siân = pupil(1, surname="O'Brien-Smith", forename="Siân", sen="K", contacts=[
        {"order": 1, "forename": "Zoë", "surname": "O'Brien", "rel": "PAM", "resp": "true",
         "phone": "07700 900001", "email": "zoe@example.org"},
        {"order": 2, "forename": "Pat", "surname": "Smith", "rel": "PAF", "resp": "true",
         "phone": "07700 900002", "email": ""}])
    roster = tmp_path / "roster.xml"
    roster.write_bytes(ctf([siân, pupil(2), pupil(3, sen="Q")], qualifier="partial"))
    theirs.goto(f"{live_server.url}/schools/{school.id}/roster/")
    theirs.get_by_label("The roster file from your MIS").set_input_files(str(roster))
    theirs.get_by_label("Import the valid records even if some are rejected").check()
    _shot(theirs, "roster-upload")
    theirs.get_by_role("button", name="Check the file").click()
    assert theirs.get_by_role("heading", level=1).inner_text() == "What this file would do"
    assert "SENprovision: 'Q' is not an SEN provision code" in theirs.get_by_test_id("roster-rejected").inner_text()
    assert not Pupil.objects.filter(upn=upn(1)).exists()
    _shot(theirs, "roster-preview")
    theirs.get_by_test_id("roster-confirm").click()
    assert theirs.get_by_role("heading", level=1).inner_text() == "Imported"
    assert not Pupil.objects.filter(upn=upn(3)).exists()
    _shot(theirs, "roster-imported")

    # The pupil, with the contacts to ring in order; the headteacher records the father's "no contact" order.
    record = Pupil.objects.get(upn=upn(1))
    theirs.goto(f"{live_server.url}/schools/{school.id}/pupils/{record.id}/")
    contacts = theirs.get_by_test_id("pupil-contacts").inner_text()
    assert contacts.index("Zoë O'Brien") < contacts.index("Pat Smith")
    assert "12 Mill Lane" in theirs.get_by_test_id("pupil-address").inner_text()
    theirs.get_by_test_id("edit-contacts").click()
    father = theirs.get_by_test_id("contact-2")
    father.get_by_label("Contact restriction").select_option("no_contact")
    father.get_by_label("About the restriction").fill("Court order of 3 March 2026, copy in the DSL's file")
    _shot(theirs, "contacts-edit")
    theirs.get_by_test_id("contacts-save").click()
    contacts = theirs.get_by_test_id("pupil-contacts").inner_text()
    assert "No contact (court order): Court order of 3 March 2026" in contacts and "07700 900002" not in contacts
    assert PupilContact.objects.get(pupil=record, priority=2).restriction == "no_contact"
    _shot(theirs, "pupil-with-contacts")

    # The link was for once only.
    theirs.goto(f"{live_server.url}{path}")
    assert "already used" in theirs.get_by_test_id("invitation-problem").inner_text()
    context.close()
