"""Every CSV the product writes is safe to open in a spreadsheet (OWASP's CSV injection advice).

Each CSV-producing URL is opened with a formula-leading value in a cell that people write (a comment, a
name, an uploaded cell) and must come out with a leading quote. A source scan makes sure no CSV is
written except through pathways/spreadsheet.py, so a new export cannot skip the helper.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.register.actions import do_record_mark
from pathways.spreadsheet import safe_cell, safe_row
from tests.attendance.helpers import MONDAY, ptt_at_home
from tests.attendance.test_mis import HEADER, with_upn
from tests.reports.helpers import TODAY, on, part_time

pytestmark = pytest.mark.django_db

PATHWAYS = Path(__file__).resolve().parents[1] / "pathways"
FORMULAS = ("=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd")

# The CSV-producing URL names this file tests; the source scan below finds the views that make CSV.
# The write-back's CSV keying list (tests/writeback/test_routes.py) and the census return
# (tests/reports/test_census.py) test their own formula cells.
CSV_URL_NAMES = {"register-export", "register-import-rejected", "report-la-return", "mis-download", "report-census"}
CSV_VIEW_FILES = {"register/views_mis.py", "reports/views.py", "writeback/actions.py", "reports/views_census.py"}


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def test_the_helper_prefixes_every_formula_start_and_keeps_numbers_and_plain_text() -> None:
    assert [safe_cell(v) for v in FORMULAS] == ["'" + v for v in FORMULAS]
    assert safe_row(["Smith", "", -1, 2.5, None, "O'Neill", " =x"]) == ["Smith", "", -1, 2.5, None, "O'Neill", " =x"]


def test_no_csv_is_written_except_through_the_one_helper() -> None:
    writers = []
    makers = set()
    for path in PATHWAYS.rglob("*.py"):
        rel = path.relative_to(PATHWAYS).as_posix()
        text = path.read_text()
        if rel != "spreadsheet.py" and re.search(r"csv\.(writer|DictWriter)\(", text):
            writers.append(rel)
        if "text/csv" in text:
            makers.add(rel)
    assert writers == [], f"write CSV through pathways.spreadsheet.writer: {writers}"
    assert makers == CSV_VIEW_FILES, "a new CSV response: add its URL to CSV_URL_NAMES and a test below"
    for name in CSV_URL_NAMES:
        reverse(name, args=[1, 1] if name == "register-import-rejected" else [1])


def test_the_mis_export_neutralises_a_formula_comment(world: Any, as_user: Any) -> None:
    pupil = with_upn(world.pupil, 1)
    ptt_at_home(pupil)
    for session, comment in (("am", "=1+1"), ("pm", "-2+3")):
        do_record_mark(pupil=pupil, arrangement=None, day=MONDAY, session=session, comment=comment,
                       source="school", actor=None)
    response = as_user(world.staff["attendance_officer"]).get(
        reverse("register-export", args=[world.school.id]), {"start": "2026-01-12", "end": "2026-01-12"})
    rows = rows_of(b"".join(response.streaming_content))
    assert [r[4] for r in rows[1:]] == ["'=1+1", "'-2+3"]


def test_the_rejected_rows_csv_neutralises_the_uploaded_formula_cells(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["attendance_officer"])
    text = HEADER + '"=HYPERLINK(""http://evil"",""x"")",@SUM(A1),+AM,-1,,\n'
    response = client.post(reverse("register-import", args=[world.school.id]), {
        "file": SimpleUploadedFile("marks.csv", text.encode(), content_type="text/csv"), "mode": "all"})
    import_id = int(response["Location"].rstrip("/").split("/")[-1])
    csv_response = client.get(reverse("register-import-rejected", args=[world.school.id, import_id]))
    rows = rows_of(b"".join(csv_response.streaming_content))
    assert rows[1][1:5] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(A1)", "'+AM", "'-1"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_the_la_return_neutralises_a_formula_name(world: Any, as_user: Any) -> None:
    part_time(world, first="@SUM(A1)", last="=HYPERLINK(\"http://evil\")")
    with on(TODAY):
        response = as_user(world.staff["attendance_officer"]).get(
            reverse("report-la-return", args=[world.school.id]),
            {"start": "2026-01-05", "end": "2026-02-13", "format": "csv"})
    row = dict(zip(*rows_of(response.content)[:2], strict=True))
    assert (row["Surname"], row["Forename"]) == ("'=HYPERLINK(\"http://evil\")", "'@SUM(A1)")
    assert row["Year group"] == "9"   # a number stays a number
