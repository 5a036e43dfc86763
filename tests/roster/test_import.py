"""The roster import from the command line: CTF (full and partial) and CSV, every check, what is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.cli import main
from pathways.pupils.models import Pupil, PupilContact, RosterMapping
from tests.arrangements.helpers import make_arrangement
from tests.conftest import make_pupil
from tests.roster.files import csv_file, csv_row, ctf, pupil, upn

pytestmark = pytest.mark.django_db


def run(
    world: Any, tmp_path: Path, capsys: Any, data: bytes, *flags: str, name: str = "roster.xml"
) -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_bytes(data)
    capsys.readouterr()
    code = main(["roster", "import", str(path), "--school", world.school.urn, *flags])
    captured = capsys.readouterr()
    return code, captured.out.strip().splitlines() + captured.err.strip().splitlines()


def out_lines(capsys: Any) -> list[str]:
    return capsys.readouterr().out.strip().splitlines()


def test_a_full_ctf_creates_pupils_with_contacts_address_and_needs(world: Any, tmp_path: Path, capsys: Any) -> None:
    p = pupil(1, surname="O'Brien-Smith", forename="Siân", sen="K", in_care="true", fsm=True, year="R",
              contacts=[{"order": 2, "forename": "Pat", "surname": "Dad", "rel": "PAF", "resp": "false",
                         "phone": "07700 900002", "email": ""},
                        {"order": 1, "forename": "Zoë", "surname": "O'Brien", "rel": "PAM", "resp": "true",
                         "phone": "07700 900001", "email": "zoe@example.org"}])
    path = tmp_path / "f.xml"
    path.write_bytes(ctf([p, pupil(2, sen="E")]))
    assert main(["roster", "import", str(path), "--school", world.school.urn]) == 0
    lines = out_lines(capsys)
    # world.pupil (no UPN, not in the full file, no arrangement) has left the roll
    assert lines[-1] == "created 2, updated 0, unchanged 0, left 1, rejected 0"
    siân = Pupil.objects.get(upn=upn(1))
    assert (siân.first_name, siân.last_name, siân.year_group) == ("Siân", "O'Brien-Smith", 0)
    assert siân.send == "sen_support" and siân.looked_after and siân.free_school_meals
    assert siân.vulnerability == "high"  # looked after
    assert siân.address_lines == ["12 Mill Lane", "Anytown", "AB1 2CD"] and siân.home_phone == "01234 567890"
    contacts = list(siân.contacts.all())
    assert [(c.priority, c.name, c.relationship_display, c.parental_responsibility) for c in contacts] == [
        (1, "Ms Zoë O'Brien", "Mother", True), (2, "Ms Pat Dad", "Father", False)]
    assert Pupil.objects.get(upn=upn(2)).send == "ehcp"
    world.pupil.refresh_from_db()
    assert world.pupil.left_on == dt.date.today()
    assert AuditEvent.objects.filter(action="create pupil", changes__source="roster import: f.xml").count() == 2
    assert AuditEvent.objects.filter(action="pupil left", object_id=str(world.pupil.pk)).count() == 1


def test_a_partial_ctf_updates_only_its_pupils(world: Any, tmp_path: Path, capsys: Any) -> None:
    make_pupil(world.school, "Kept", "Pupil", upn=upn(7))
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1)], qualifier="partial"))
    assert code == 0 and lines[-1] == "created 1, updated 0, unchanged 0, left 0, rejected 0"
    assert Pupil.objects.filter(school=world.school, left_on__isnull=True).count() == 3


def test_a_default_namespace_and_unknown_elements_are_tolerated(world: Any, tmp_path: Path, capsys: Any) -> None:
    data = ctf([pupil(1)], qualifier="partial", namespace="http://www.example.org/ctf")
    code, lines = run(world, tmp_path, capsys, data)
    assert code == 0 and lines[-1].startswith("created 1,")


def test_the_csv_report_with_a_byte_order_mark(world: Any, tmp_path: Path, capsys: Any) -> None:
    rows = [csv_row(1, **{"Legal Forename": "Siân", "SEN Status": "K", "FSM Eligible": "Y", "In Care": "True",
                         "Year Group": "Y10", "Contact 2 Name": "Pat Dad", "Contact 2 Parental Responsibility": "0"}),
            csv_row(2, **{"Year Group": "R", "FSM Eligible": "1", "In Care": "false"})]
    code, lines = run(world, tmp_path, capsys, csv_file(rows, bom=True), name="list.csv")
    assert code == 0, lines
    assert lines[-1] == "created 2, updated 0, unchanged 0, left 1, rejected 0"
    siân = Pupil.objects.get(upn=upn(1))
    assert (siân.first_name, siân.year_group, siân.send, siân.free_school_meals, siân.looked_after) == (
        "Siân", 10, "sen_support", True, True)
    assert [c.name for c in siân.contacts.all()] == ["Jo Pupil", "Pat Dad"]
    assert Pupil.objects.get(upn=upn(2)).year_group == 0


def test_a_windows_1252_csv_keeps_its_accents(world: Any, tmp_path: Path, capsys: Any) -> None:
    rows = [csv_row(1, **{"Legal Surname": "Ní Bhriain", "Legal Forename": "Zoë", "Contact 1 Name": "Seán O'Neill"})]
    code, lines = run(world, tmp_path, capsys, csv_file(rows, encoding="cp1252"), name="list.csv")
    assert code == 0, lines
    p = Pupil.objects.get(upn=upn(1))
    assert (p.first_name, p.last_name, p.contacts.get().name) == ("Zoë", "Ní Bhriain", "Seán O'Neill")


def test_a_saved_mapping_reads_another_shape(world: Any, tmp_path: Path, capsys: Any) -> None:
    RosterMapping.objects.create(school=world.school, columns={
        "upn": "Pupil UPN", "last_name": "Surname", "first_name": "Forename", "date_of_birth": "DOB",
        "contact 1 name": "Main contact"})
    header = ["Pupil UPN", "Surname", "Forename", "DOB", "Main contact"]
    data = csv_file([{"Pupil UPN": upn(1), "Surname": "Khan", "Forename": "Amir", "DOB": "01/09/2012",
                      "Main contact": "Mrs Khan"}], header=header)
    code, lines = run(world, tmp_path, capsys, data, name="other.csv")
    assert code == 0, lines
    p = Pupil.objects.get(upn=upn(1))
    assert (p.last_name, p.date_of_birth, p.contacts.get().name) == ("Khan", dt.date(2012, 9, 1), "Mrs Khan")


@pytest.mark.parametrize(("extra", "reason"), [
    ({"UPN": "A12345678901Z"}, "UPN: A12345678901Z is not a valid UPN"),
    ({"UPN": ""}, "UPN: missing"),
    ({"Date of Birth": "31/02/2012"}, "Date of Birth: '31/02/2012' is not a date (DD/MM/YYYY)"),
    ({"Date of Birth": "2012-14-01"}, "Date of Birth: '2012-14-01' is not a date"),
    ({"Date of Birth": "01/01/1960"}, "Date of Birth: 01/01/1960 is not a school pupil's date of birth"),
    ({"Year Group": "Year 15"}, "Year Group: 'Year 15' is not a year group"),
    ({"SEN Status": "Q"}, "SEN Status: 'Q' is not an SEN provision code (N, K or E)"),
    ({"FSM Eligible": "maybe"}, "FSM Eligible: 'maybe' is not yes or no"),
    ({"In Care": "perhaps"}, "In Care: 'perhaps' is not yes or no"),
    ({"Gender": "Q"}, "Gender: 'Q' is not M, F or U"),
    ({"Legal Surname": ""}, "Legal Surname: missing"),
    ({"Legal Forename": ""}, "Legal Forename: missing"),
    ({"Pupil Email": "not-an-address"}, "Pupil Email: 'not-an-address' is not an e-mail address"),
    ({"Contact 1 Parental Responsibility": "sometimes"},
     "Contact 1 Parental Responsibility: 'sometimes' is not yes or no"),
    ({"Contact 1 Email": "x@"}, "Contact 1 Email: 'x@' is not an e-mail address"),
    ({"Contact 1 Name": "", "Contact 1 Phone": "0123"}, "Contact 1 Name: missing"),
])
def test_every_rejection_names_its_field_and_nothing_is_written(
    world: Any, tmp_path: Path, capsys: Any, extra: dict[str, str], reason: str
) -> None:
    before = Pupil.objects.count(), AuditEvent.objects.count()
    code, lines = run(world, tmp_path, capsys, csv_file([csv_row(1), csv_row(2, **extra)]), name="r.csv")
    assert code == 1
    assert any(line.startswith("rejected row 3") and reason in line for line in lines), lines
    assert lines[-1] == "created 1, updated 0, unchanged 0, left 1, rejected 1"
    assert (Pupil.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_upns_in_the_file_reject_both_records(world: Any, tmp_path: Path, capsys: Any) -> None:
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1), pupil(1, forename="Other"), pupil(2)]))
    assert code == 1
    assert sum(f"UPN: {upn(1)} appears 2 times in the file" in line for line in lines) == 2
    assert lines[-1] == "created 1, updated 0, unchanged 0, left 1, rejected 2"


def test_valid_rows_only_writes_the_valid_ones(world: Any, tmp_path: Path, capsys: Any) -> None:
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1), pupil(2, sen="Z")]), "--valid-rows-only")
    assert code == 1 and lines[-1] == "created 1, updated 0, unchanged 0, left 1, rejected 1"
    assert Pupil.objects.filter(upn=upn(1)).exists() and not Pupil.objects.filter(upn=upn(2)).exists()


def test_a_pupil_whose_record_is_rejected_has_not_left(world: Any, tmp_path: Path, capsys: Any) -> None:
    make_pupil(world.school, "Already", "Here", upn=upn(2))
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1), pupil(2, sen="Z")]), "--valid-rows-only")
    assert code == 1 and lines[-1] == "created 1, updated 0, unchanged 0, left 1, rejected 1"
    assert Pupil.objects.get(upn=upn(2)).left_on is None


def test_a_dry_run_writes_nothing(world: Any, tmp_path: Path, capsys: Any) -> None:
    before = Pupil.objects.count(), AuditEvent.objects.count()
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1)]), "--dry-run")
    assert code == 0 and "dry run: nothing was written" in lines
    assert lines[-1] == "created 1, updated 0, unchanged 0, left 1, rejected 0"
    assert (Pupil.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("data", "says"), [
    (b"", "the file is empty"),
    (b"<CTfile><Header>", "not well-formed XML"),
    (b"<Other/>", "not a Common Transfer File"),
    (b"<CTfile><Header/></CTfile>", "DocumentQualifier"),
    (b"Name,Age\r\nA,1\r\n", "the CSV has no column 'UPN'"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
     b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>\n<CTfile><Header><DocumentQualifier>full</DocumentQualifier>'
     b"</Header><CTFpupilData><Pupil><Surname>&lol3;</Surname></Pupil></CTFpupilData></CTfile>",
     "refused (entity expansion)"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CTfile>&xxe;</CTfile>',
     "refused (entity expansion)"),
])
def test_an_unreadable_file_exits_2_with_the_reason(
    world: Any, tmp_path: Path, capsys: Any, data: bytes, says: str
) -> None:
    before = Pupil.objects.count()
    code, lines = run(world, tmp_path, capsys, data)
    assert code == 2 and any(says in line for line in lines), lines
    assert Pupil.objects.count() == before


def test_an_unknown_school_or_a_missing_file_exits_2(world: Any, tmp_path: Path, capsys: Any) -> None:
    assert main(["roster", "import", str(tmp_path / "none.xml"), "--school", world.school.urn]) == 2
    assert main(["roster", "import", str(tmp_path / "none.xml"), "--school", "999999"]) == 2


def test_a_leaver_with_an_open_arrangement_is_flagged_not_left(world: Any, tmp_path: Path, capsys: Any) -> None:
    make_arrangement(world.pupil, status=Status.ACTIVE)
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1)]))
    assert code == 0 and lines[-1] == "created 1, updated 0, unchanged 0, left 0, rejected 0"
    assert any(line.startswith("flagged: Ava Ourpupil") for line in lines)
    world.pupil.refresh_from_db()
    assert world.pupil.left_on is None and world.pupil.missing_from_roster_on == dt.date.today()
    # back in the next file: the flag clears
    run(world, tmp_path, capsys, ctf([pupil(1)], qualifier="partial"))
    Pupil.objects.filter(pk=world.pupil.pk).update(upn=upn(5))
    code, lines = run(world, tmp_path, capsys, ctf([pupil(1), pupil(5, forename="Ava", surname="Ourpupil")]))
    world.pupil.refresh_from_db()
    assert world.pupil.missing_from_roster_on is None


def test_a_second_ctf_a_month_later_reports_exactly_what_it_did(world: Any, tmp_path: Path, capsys: Any) -> None:
    first = [pupil(n) for n in range(1, 6)]
    run(world, tmp_path, capsys, ctf(first))
    later = [pupil(1), pupil(2, surname="Changed"), pupil(3, sen="E"), pupil(6), pupil(7)]
    later[0]["contacts"] = [dict(later[0]["contacts"][0], phone="07700 900777")]
    code, lines = run(world, tmp_path, capsys, ctf(later, when="2026-12-02T09:00:00"))
    assert code == 0 and lines[-1] == "created 2, updated 3, unchanged 0, left 2, rejected 0"
    assert Pupil.objects.get(upn=upn(2)).last_name == "Changed"
    change = AuditEvent.objects.get(action="update pupil", object_id=str(Pupil.objects.get(upn=upn(2)).pk))
    assert change.changes["last_name"] == ["Pupil2", "Changed"]
    assert Pupil.objects.get(upn=upn(3)).send == "ehcp"
    assert PupilContact.objects.get(pupil__upn=upn(1)).phone == "07700 900777"
    assert set(Pupil.objects.filter(left_on__isnull=False).exclude(upn="").values_list("upn", flat=True)) == {
        upn(4), upn(5)}
    # the same file again changes nothing
    code, lines = run(world, tmp_path, capsys, ctf(later, when="2026-12-02T09:00:00"))
    assert lines[-1] == "created 0, updated 0, unchanged 5, left 0, rejected 0"


def test_a_restriction_recorded_in_pathways_survives_a_new_file(world: Any, tmp_path: Path, capsys: Any) -> None:
    run(world, tmp_path, capsys, ctf([pupil(1)]))
    PupilContact.objects.filter(pupil__upn=upn(1)).update(restriction="no_contact", restriction_note="Court order")
    changed = pupil(1)
    changed["contacts"] = [dict(changed["contacts"][0], phone="07700 900555")]
    run(world, tmp_path, capsys, ctf([changed]))
    contact = PupilContact.objects.get(pupil__upn=upn(1))
    assert (contact.phone, contact.restriction, contact.may_be_contacted) == ("07700 900555", "no_contact", False)


def test_a_change_of_sen_re_judges_the_pupils_arrangements(world: Any, tmp_path: Path, capsys: Any) -> None:
    from pathways.arrangements.models import Arrangement
    from pathways.cases.casefiles import cases_for
    from pathways.today.judgements import key_of, with_stamps

    run(world, tmp_path, capsys, ctf([pupil(1)]))
    arrangement = make_arrangement(Pupil.objects.get(upn=upn(1)), status=Status.ACTIVE)

    def key() -> str:
        a = with_stamps(Arrangement.objects.filter(pk=arrangement.pk)).get()
        return key_of(cases_for([a], dt.date.today())[a.pk], a.chronology_stamp, a.register_stamp)

    before = key()
    run(world, tmp_path, capsys, ctf([pupil(1, sen="E")]))
    assert key() != before


def test_the_mapping_is_saved_from_the_command_line_and_audited(world: Any, tmp_path: Path, capsys: Any) -> None:
    assert main(["roster", "mapping", "--school", world.school.urn, "upn=Pupil UPN", "last_name=Surname",
                 "contact 1 name=Main contact"]) == 0
    assert RosterMapping.objects.get(school=world.school).columns == {
        "upn": "Pupil UPN", "last_name": "Surname", "contact 1 name": "Main contact"}
    assert AuditEvent.objects.filter(action="save roster column mapping").count() == 1
    assert main(["roster", "mapping", "--school", world.school.urn, "shoe_size=Shoes"]) == 2
