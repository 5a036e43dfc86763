"""Routes that do not write marks themselves: a file the school loads into its MIS or keys from.

- SimsWriteFile: SIMS' partner attendance write, `SessionAttendance` records each with the person
  (by UPN), date, AM/PM, mark, comments and minutes late, as XML;
- CsvKeyingList: the CSV of the register's export (UPN, Date, Session, Code, Comment, MinutesLate),
  formula-safe, for any MIS: the fallback.

Neither reads the MIS, so neither can tell a different mark is there: the school keys or loads them
knowing that (docs/mis-writeback.md).
"""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree as ET

from pathways import spreadsheet
from pathways.writeback.connectors.base import Capabilities, MisCode, MisMark, Refused, SessionMark, Written

HEADER = ("UPN", "Date", "Session", "Code", "Comment", "MinutesLate")


class _FileRoute:
    name = "file"
    capabilities = Capabilities(write_marks=False, overwrite=True, read_marks=False, write_placements=False)

    def students_by_upn(self) -> dict[str, str]:
        return {}  # the file names each pupil by UPN

    def codes(self) -> list[MisCode]:
        return []  # the statutory code is written as it is

    def read_marks(self, day: dt.date) -> dict[tuple[str, str], MisMark]:
        raise Refused(f"The {self.name} cannot read the MIS.")

    def write_marks(self, marks: list[SessionMark]) -> Written:
        raise Refused(f"The {self.name} is downloaded and loaded by the school, not sent.")

    def render(self, marks: list[SessionMark]) -> bytes:
        raise NotImplementedError


class SimsWriteFile(_FileRoute):
    name = "SIMS attendance write file"

    def render(self, marks: list[SessionMark]) -> bytes:
        root = ET.Element("SessionAttendance")
        for mark in marks:
            record = ET.SubElement(root, "Record")
            for tag, value in (("PersonUPN", mark.upn), ("Date", mark.date.isoformat()), ("Session", mark.session),
                               ("Mark", mark.code_id or mark.code), ("Comments", mark.comment),
                               ("MinutesLate", "" if mark.minutes_late is None else str(mark.minutes_late))):
                ET.SubElement(record, tag).text = value
        ET.indent(root)
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


class CsvKeyingList(_FileRoute):
    name = "CSV keying list"

    def render(self, marks: list[SessionMark]) -> bytes:
        out = io.StringIO()
        writer = spreadsheet.writer(out)  # every cell made safe (formula injection)
        writer.writerow(HEADER)
        for mark in marks:
            writer.writerow([mark.upn, mark.date.isoformat(), mark.session, mark.code_id or mark.code, mark.comment,
                             "" if mark.minutes_late is None else str(mark.minutes_late)])
        return out.getvalue().encode("utf-8")
