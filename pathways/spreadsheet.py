"""CSV the product writes, safe to open in a spreadsheet (OWASP's advice on CSV injection).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula, which can run commands or send the sheet's data elsewhere. Every text
cell that begins so is prefixed with a single quote, which spreadsheets show as text and drop from the
displayed value. Numbers the product itself writes (Python `int`, `float`, `Decimal`) are left as they
are: a negative minutes figure is a number, not a formula. Text that merely looks like a negative
number ("-2") is prefixed, because text reaches a CSV from people (a comment, a name, an uploaded cell)
and "-2+3" or "-1+cmd|..." is the attack OWASP describes.

Every CSV writer goes through `writer()` (or `safe_row()`), so a new export cannot forget it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that begins as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(cell) for cell in row]


class SafeWriter:
    """`csv.writer` whose every row is made safe first."""

    def __init__(self, out: _Writable, lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: _Writable, lineterminator: str = "\r\n") -> SafeWriter:
    return SafeWriter(out, lineterminator)
