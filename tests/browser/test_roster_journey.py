"""The attendance officer uploads the MIS roster, previews it, confirms it and opens a pupil with contacts."""

from __future__ import annotations

from typing import Any

import pytest

from pathways.pupils.models import Pupil, PupilContact
from tests.browser.conftest import sign_in
from tests.roster.files import ctf, pupil, upn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm_and_the_pupil_with_contacts(
    world: Any, live_server: Any, page: Any, tmp_path: Any
) -> None:
    siân = pupil(1, surname="O'Brien-Smith", forename="Siân", sen="K", contacts=[
        {"order": 1, "forename": "Zoë", "surname": "O'Brien", "rel": "PAM", "resp": "true",
         "phone": "07700 900001", "email": "zoe@example.org"},
        {"order": 2, "forename": "Pat", "surname": "Smith", "rel": "PAF", "resp": "true",
         "phone": "07700 900002", "email": ""}])
    path = tmp_path / "roster.xml"
    path.write_bytes(ctf([siân, pupil(2), pupil(3, sen="Q")], qualifier="partial"))
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/roster/")
    page.screenshot(path="/tmp/roster-upload.png", full_page=True)
    page.get_by_label("The roster file from your MIS").set_input_files(str(path))
    page.get_by_label("Import the valid records even if some are rejected").check()
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_role("heading", level=1).inner_text() == "What this file would do"
    assert "SENprovision: 'Q' is not an SEN provision code" in page.get_by_test_id("roster-rejected").inner_text()
    assert not Pupil.objects.filter(upn=upn(1)).exists()
    page.screenshot(path="/tmp/roster-preview.png", full_page=True)
    page.get_by_test_id("roster-confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Imported"
    page.screenshot(path="/tmp/roster-imported.png", full_page=True)
    pupil_row = Pupil.objects.get(upn=upn(1))
    PupilContact.objects.filter(pupil=pupil_row, priority=2).update(restriction="no_contact",
                                                                     restriction_note="Court order of 3 March 2026")
    page.goto(f"{live_server.url}/schools/{world.school.id}/pupils/{pupil_row.id}/")
    contacts = page.get_by_test_id("pupil-contacts").inner_text()
    assert contacts.index("Zoë O'Brien") < contacts.index("Pat Smith")
    assert "No contact (court order)" in contacts and "07700 900002" not in contacts
    assert "12 Mill Lane" in page.get_by_test_id("pupil-address").inner_text()
    page.screenshot(path="/tmp/roster-pupil.png", full_page=True)


def test_a_long_file_shows_its_count_and_the_page_refreshes_itself_until_imported(
    world: Any, live_server: Any, page: Any, tmp_path: Any, settings: Any
) -> None:
    from pathways.pupils.models import RosterImport
    from pathways.roster.jobs import Reporter, import_roster_file

    settings.ROSTER_BACKGROUND_PUPILS = 2  # a longer file than that runs as a job of the worker
    path = tmp_path / "roster.xml"
    path.write_bytes(ctf([pupil(n) for n in range(1, 4)], qualifier="partial"))
    sign_in(page, live_server, world.staff["attendance_officer"])
    page.goto(f"{live_server.url}/schools/{world.school.id}/roster/")
    page.get_by_label("The roster file from your MIS").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_test_id("roster-confirm").click()
    assert "Waiting to start: 3 records to check" in page.get_by_test_id("roster-progress").inner_text()
    imp = RosterImport.objects.get()
    RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.RUNNING)
    reporter = Reporter(imp.pk)  # what the worker's import writes as it goes
    reporter("checking", 2, 3)
    reporter.close()
    # no JavaScript: the page reloads itself (meta refresh) and shows the count
    page.get_by_text("Checking records: 2 of 3").wait_for(timeout=10_000)
    assert page.locator("progress#roster-progress-bar").get_attribute("value") == "2"
    page.screenshot(path="/tmp/roster-progress.png", full_page=True)
    RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.QUEUED)
    import_roster_file.call(imp.id)  # the worker runs it
    page.get_by_role("heading", level=1, name="Imported").wait_for(timeout=10_000)
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert Pupil.objects.filter(upn=upn(3)).exists()
