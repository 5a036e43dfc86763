"""The demo's pupils come in as a real school's do: through the roster import, from the files its MIS exports.

Under pathways/demo/ (all fictional):

- holy_family_ctf.xml: Holy Family's Common Transfer File (a full CTF, as the MIS writes it);
- st_bedes_pupils.csv: St Bede's pupil list report (CSV, the column names the MIS reports use, saved by Excel
  with a byte-order mark);
- oakfield_pupils.csv: Oakfield's report of another shape (Windows-1252), read through the school's saved column
  mapping (OAKFIELD_COLUMNS, what the column-mapping page saves);
- pathways_records.csv: what the schools record in Pathways and not in their MIS: the allocated social worker,
  a child protection plan, a medical condition.

The files are written for the school year BASE_SCHOOL_YEAR (September 2025 to July 2026). The demo is dated
around the day it is loaded, so every date in them (dates of birth, the file's date, free school meals and
SEN history) is moved on, in memory, by the years between that school year and the one the demo is loaded
in: a Year 6 pupil is in Year 6 whatever the year. The shifted files then go through import_roster, the
function the `roster import` command and the upload page use, so the demo exercises the import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from pathways.policy.calendar import school_year_of
from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil
from pathways.pupils.roster_actions import do_save_roster_mapping
from pathways.roster.csvfile import decode
from pathways.roster.run import import_roster
from pathways.schools.models import School

HERE = Path(__file__).parent
BASE_SCHOOL_YEAR = 2025
# Each school's roster file, in the order the schools are set up.
ROSTER_FILES = {
    "stbedes": "st_bedes_pupils.csv",
    "holyfamily": "holy_family_ctf.xml",
    "oakfield": "oakfield_pupils.csv",
}
PATHWAYS_RECORDS = "pathways_records.csv"
# Oakfield's MIS report names its columns its own way: the mapping its attendance officer saved.
OAKFIELD_COLUMNS = {
    "upn": "Pupil UPN", "last_name": "Surname", "first_name": "Forename", "preferred_first_name": "Known As",
    "date_of_birth": "DOB", "gender": "Sex", "year_group": "NC Year", "reg_group": "Class", "sen": "SEN Need",
    "fsm": "FSM", "in_care": "CLA", "address_line_1": "Street", "town": "Town/City", "postcode": "Post Code",
    "home_phone": "Home Phone",
    "contact 1 name": "Main Contact", "contact 1 relationship": "Main Contact Is",
    "contact 1 parental_responsibility": "Main Contact PR", "contact 1 phone": "Main Contact Mobile",
    "contact 1 email": "Main Contact Email",
    "contact 2 name": "Second Contact", "contact 2 relationship": "Second Contact Is",
    "contact 2 parental_responsibility": "Second Contact PR", "contact 2 phone": "Second Contact Mobile",
    "contact 2 email": "Second Contact Email",
}
MAPPINGS = {"oakfield": OAKFIELD_COLUMNS}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def years_to_shift(today: dt.date) -> int:
    """From the files' school year to the one `today` is in (negative for a demo dated earlier)."""
    return school_year_of(today) - BASE_SCHOOL_YEAR


def shift_date(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes the 28th in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shift_ctf(data: bytes, years: int) -> bytes:
    """Every date in the CTF (YYYY-MM-DD, with or without a time) moved on by `years`."""
    root = SafeET.fromstring(data)
    for element in root.iter():
        text = (element.text or "").strip()
        m = _ISO_DATE.match(text)
        if m:
            day = shift_date(dt.date(int(m[1]), int(m[2]), int(m[3])), years)
            element.text = day.isoformat() + text[10:]
    xml: str = SafeET.tostring(root, encoding="unicode")
    return b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml.encode("utf-8")


_UK_DATE_IN_TEXT = re.compile(r"(?<![0-9/])(\d{1,2})/(\d{1,2})/(\d{4})(?![0-9/])")


def shift_csv(data: bytes, years: int) -> bytes:
    """Every DD/MM/YYYY date in the CSV moved on by `years` (written back as UTF-8)."""
    def moved(m: re.Match[str]) -> str:
        return f"{shift_date(dt.date(int(m[3]), int(m[2]), int(m[1])), years):%d/%m/%Y}"

    # The text itself, not re-written through a CSV writer: the file reaches the import as the MIS wrote it.
    return _UK_DATE_IN_TEXT.sub(moved, decode(data)).encode("utf-8")


def roster_file(key: str, today: dt.date) -> tuple[str, bytes]:
    """The school's roster file as the demo imports it on `today`: its name and its dates moved on."""
    name = ROSTER_FILES[key]
    data = (HERE / name).read_bytes()
    years = years_to_shift(today)
    if years:
        data = shift_ctf(data, years) if name.endswith(".xml") else shift_csv(data, years)
    return name, data


def import_demo_roster(key: str, school: School, today: dt.date) -> None:
    """Import the school's roster file through the roster import; a rejected record is the demo's own bug."""
    if key in MAPPINGS:
        do_save_roster_mapping(school=school, columns=MAPPINGS[key], actor=None)
    name, data = roster_file(key, today)
    outcome = import_roster(data, school=school, actor=None, source=f"roster import: {name}", today=today)
    if outcome.rejected or not outcome.written:
        reasons = "; ".join(f"{r.where}: {', '.join(r.reasons)}" for r in outcome.rejected)
        raise ValueError(f"The demo's roster file {name} does not import: {reasons or outcome.summary}")


def apply_pathways_records(schools: dict[str, School]) -> None:
    """What the schools record in Pathways, not in their MIS, written as a member of staff would write it."""
    text = (HERE / PATHWAYS_RECORDS).read_text(encoding="utf-8")
    pupils = {p.upn: p for p in Pupil.objects.filter(school__in=list(schools.values()))}
    for row in csv.DictReader(io.StringIO(text)):
        pupil = pupils[row["UPN"]]
        fields: dict[str, Any] = {
            "child_protection_plan": row["Child protection plan"] == "Yes",
            "medical_condition": row["Medical condition"] == "Yes",
        }
        if row["Social worker"]:
            fields.update(social_worker=True, social_worker_name=row["Social worker"],
                          social_worker_team=row["Social worker's team"],
                          social_worker_phone=row["Social worker's phone"],
                          social_worker_email=row["Social worker's e-mail"])
        do_update_pupil(pupil=pupil, actor=None, **fields)
