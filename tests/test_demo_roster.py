"""The demo's pupils come through the roster import, from the CTF and CSVs under pathways/demo/, their dates
moved on to the school year the demo is loaded in."""

import datetime as dt

import pytest

from pathways.audit.models import AuditEvent
from pathways.demo import pupils as demo_pupils
from pathways.demo.trust import create_demo_trust
from pathways.pupils.models import Pupil, PupilContact, RosterMapping
from pathways.roster.csvfile import parse_csv
from pathways.roster.ctf import parse_ctf
from pathways.roster.run import import_roster

pytestmark = pytest.mark.django_db


def test_dates_move_on_by_whole_years_and_29_february_becomes_the_28th() -> None:
    assert demo_pupils.years_to_shift(dt.date(2025, 9, 1)) == 0
    assert demo_pupils.years_to_shift(dt.date(2026, 8, 31)) == 0
    assert demo_pupils.years_to_shift(dt.date(2027, 3, 10)) == 1
    assert demo_pupils.years_to_shift(dt.date(2024, 10, 1)) == -1
    assert demo_pupils.shift_date(dt.date(2016, 2, 29), 1) == dt.date(2017, 2, 28)
    assert demo_pupils.shift_date(dt.date(2016, 2, 29), 4) == dt.date(2020, 2, 29)


def test_the_shifted_files_are_still_what_the_importer_reads_with_every_date_moved_on() -> None:
    _, base_ctf = demo_pupils.roster_file("holyfamily", dt.date(2025, 11, 3))
    _, later_ctf = demo_pupils.roster_file("holyfamily", dt.date(2027, 11, 3))
    before, after = parse_ctf(base_ctf), parse_ctf(later_ctf)
    assert before.full and after.full and len(before.records) == len(after.records) == 28
    assert before.file_date == "2025-09-01" and after.file_date == "2027-09-01"
    for b, a in zip(before.records, after.records, strict=True):
        assert a.values["upn"] == b.values["upn"] and a.values["year_group"] == b.values["year_group"]
        assert dt.date.fromisoformat(a.values["date_of_birth"]) == demo_pupils.shift_date(
            dt.date.fromisoformat(b.values["date_of_birth"]), 2)
        assert a.values["fsm"] == b.values["fsm"] and a.contacts == b.contacts
    _, base_csv = demo_pupils.roster_file("stbedes", dt.date(2025, 11, 3))
    _, later_csv = demo_pupils.roster_file("stbedes", dt.date(2026, 11, 3))
    rows = zip(parse_csv(base_csv).records, parse_csv(later_csv).records, strict=True)
    for b, a in rows:
        day, month, year = b.values["date_of_birth"].split("/")
        assert a.values["date_of_birth"] == f"{day}/{month}/{int(year) + 1}"


def test_the_demo_pupils_are_imported_from_the_schools_files_with_addresses_contacts_and_social_workers() -> None:
    demo = create_demo_trust(today=dt.date(2026, 11, 23))
    counts = {key: Pupil.objects.filter(school=school).count() for key, school in demo.schools.items()}
    assert counts == {"stbedes": 20, "holyfamily": 28, "oakfield": 12}
    sources = set(AuditEvent.objects.filter(action="create pupil").values_list("changes__source", flat=True))
    assert sources == {"roster import: st_bedes_pupils.csv", "roster import: holy_family_ctf.xml",
                       "roster import: oakfield_pupils.csv"}
    # Oakfield's report of another shape is read through the school's saved column mapping.
    assert RosterMapping.objects.get(school=demo.schools["oakfield"]).columns["upn"] == "Pupil UPN"
    pupils = Pupil.objects.filter(school__trust=demo.trust)
    assert all(p.address_line_1 and p.postcode and p.contacts.exists() for p in pupils)
    assert PupilContact.objects.filter(pupil__in=pupils, parental_responsibility=True).count() >= len(pupils)
    # Year groups follow the files; dates of birth the school year the demo is loaded in (2026 to 2027).
    chloe = Pupil.objects.get(upn="T935400110923")
    assert (chloe.full_name, chloe.year_group, chloe.date_of_birth, chloe.send, chloe.free_school_meals) == (
        "Chloe Taylor", 11, dt.date(2011, 2, 12), "sen_support", True)
    assert chloe.child_protection_plan  # recorded in Pathways, not in the MIS (pathways_records.csv)
    joshua = Pupil.objects.get(upn="J935200115586")
    assert joshua.social_worker and joshua.social_worker_name and joshua.social_worker_team
    # The demo's social-worker story: the pupil's social worker is named.
    ptt = demo.arrangements["hf_ptt_social_worker"].pupil
    assert ptt.social_worker and ptt.social_worker_name == "Dami Okonjo"
    assert {p.vulnerability for p in pupils} == {"low", "medium", "high"}
    # The same files again change nothing: the demo's roster is in step with its MIS.
    for key, school in demo.schools.items():
        name, data = demo_pupils.roster_file(key, dt.date(2026, 11, 23))
        outcome = import_roster(data, school=school, actor=None, source=name, dry_run=True,
                                today=dt.date(2026, 11, 23))
        assert (outcome.created, outcome.updated, outcome.left, outcome.rejected) == (0, 0, 0, []), outcome.lines
