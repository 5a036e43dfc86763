"""The strict reader's checks: `_Reader` walks a loaded document, collecting one error per bad
value, each naming the value's path (``events[3].date: not a date: '2025-02-30'``); CaseFileError
carries them all."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pathways.policy.clock import Time


class CaseFileError(ValueError):
    """The case file could not be read. `errors` lists every problem, each starting with its path."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: list[str] = list(errors) or ["(root): the case file could not be read"]
        super().__init__("\n".join(self.errors))


_DATE_RE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_T = TypeVar("_T")
_MISSING: Any = object()


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Collects errors while walking the document; every check names the value's path."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path or '(root)'}: {message}")

    # --- shapes

    def mapping(
        self, value: Any, path: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of keys, not {_kind(value)}")
            return None
        allowed_set = set(allowed)
        required = tuple(required)
        ok: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                self.error(path, f"keys must be text, not {_kind(key)}: {_show(key)}")
            elif key not in allowed_set:
                self.error(_join(path, key), "unknown key")
            elif item is not None or key in required:
                ok[key] = item  # an optional key written as null means the same as leaving it out
        for key in required:
            if key not in value:
                self.error(_join(path, key), "required key missing")
        return ok

    def listing(self, value: Any, path: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(path, f"must be a list, not {_kind(value)}")
            return None
        return value

    def items(self, value: Any, path: str, read: Callable[[Any, str], _T | None]) -> tuple[_T, ...]:
        items = self.listing(value, path)
        if items is None:
            return ()
        out: list[_T] = []
        for i, item in enumerate(items):
            got = read(item, f"{path}[{i}]")
            if got is not None:
                out.append(got)
        return tuple(out)

    # --- scalars

    def date(self, value: Any, path: str) -> _dt.date | None:
        if isinstance(value, _dt.datetime):
            self.error(path, f"a date and time, not a date: {_show(str(value))} (write YYYY-MM-DD)")
            return None
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            match = _DATE_RE.match(value)
            if match:
                try:
                    return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                except ValueError:
                    pass
        self.error(path, f"not a date: {_show(value)}")
        return None

    def optional_date(self, value: Any, path: str) -> _dt.date | None:
        return None if value is None else self.date(value, path)

    def time(self, value: Any, path: str) -> Time | None:
        if isinstance(value, str):
            try:
                return Time.parse(value)
            except ValueError:
                self.error(path, f'not a time: {_show(value)} (write "HH:MM", 24-hour)')
                return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            hint = f'"{value // 60:02d}:{value % 60:02d}"'
            self.error(
                path,
                f"not a time: {value} (an unquoted time is read by YAML as a number of minutes; "
                f"write it in quotes: {hint})",
            )
            return None
        self.error(path, f'not a time: {_show(value)} (write "HH:MM" in quotes)')
        return None

    def boolean(self, value: Any, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(path, f"not true or false: {_show(value)}")
        return None

    def integer(self, value: Any, path: str, minimum: int | None = 0) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            if minimum is not None and value < minimum:
                self.error(path, f"must be at least {minimum}: {value}")
                return None
            return value
        self.error(path, f"not a whole number: {_show(value)}")
        return None

    def number(self, value: Any, path: str) -> float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            if value < 0 or value in (float("inf"), float("-inf")):
                self.error(path, f"must be a number of hours, 0 or more: {_show(value)}")
                return None
            return value
        self.error(path, f"not a number: {_show(value)}")
        return None

    def text(self, value: Any, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self.error(path, f"not text: {_show(value)}")
        return None

    def choice(self, value: Any, path: str, allowed: Sequence[str]) -> str | None:
        if isinstance(value, str) and value in allowed:
            return value
        self.error(path, f"not one of {', '.join(allowed)}: {_show(value)}")
        return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return "a date"
    return type(value).__name__
