"""GIAS establishments files for tests, written as GIAS writes them (its own column names, Windows-1252)."""

from __future__ import annotations

import csv
import io

COLUMNS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "PhaseOfEducation (name)", "Street", "Town",
    "Postcode", "Trusts (name)",
]
ROWS = [
    ["139001", "888", "Lancashire", "2101", "St Mary's Catholic Primary School", "Academy converter", "Academies",
     "Open", "Primary", "Church Lane", "Preston", "PR1 1AA", "Fylde Coast Trust"],
    ["139002", "888", "Lancashire", "4102", "Notre-Dame Sixth Form Académie", "Academy sponsor led", "Academies",
     "Open", "Secondary", "Garstang Road", "Preston", "PR2 2BB", "Fylde Coast Trust"],
    ["139003", "888", "Lancashire", "7103", "Brookfield Special School", "Community special school",
     "Special schools", "Open, but proposed to close", "Not applicable", "Brook Road", "Preston", "PR3 3CC", ""],
    ["139004", "888", "Lancashire", "1104", "Preston Pupil Referral Unit", "Pupil referral unit",
     "Local authority maintained schools", "Open", "Not applicable", "Mill Lane", "Preston", "PR4 4DD", ""],
    ["139005", "888", "Lancashire", "2105", "Old Mill Primary School", "Community school",
     "Local authority maintained schools", "Closed", "Primary", "Mill Street", "Preston", "PR5 5EE", ""],
    ["139006", "888", "Lancashire", "4106", "Fellside Free School", "Free schools", "Free Schools",
     "Proposed to open", "Secondary", "Fell Road", "Preston", "PR6 6FF", ""],
]


def gias_csv(rows: list[list[str]] | None = None, *, columns: list[str] | None = None, encoding: str = "cp1252",
             bom: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns or COLUMNS)
    writer.writerows(ROWS if rows is None else rows)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data
