"""The audit trail in words: each change as staff read it ("Consent: no → yes", "Date: 6 Dec 2026",
"Recorded at: 6 Dec 2026, 10:25"), never a Python literal, an ISO timestamp or a dictionary.

An action records `{field: [old, new]}` for a change and `{field: value}` for what it set
(pathways.audit.record); both are shown here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from pathways.words import in_sentence, label

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")
_WORD = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_RECORD_KEYS = frozenset({"event", "mark", "provider", "check", "refusal", "school", "pupil", "arrangement",
                          "supersedes", "lead", "token", "user"})


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def words(value: Any, key: str = "") -> str:
    """One value as staff read it."""
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and key in _RECORD_KEYS:
        return f"no. {value}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{_date(local)}, {local:%H:%M}"
    if isinstance(value, dt.date):
        return _date(value)
    if isinstance(value, str):
        if _DATE.match(value):
            return _date(dt.date.fromisoformat(value))
        if _DATETIME.match(value):
            try:
                return words(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
            except ValueError:
                return value
        if _WORD.match(value):
            return in_sentence(value)
        return value
    if isinstance(value, dict):
        return "; ".join(f"{label(str(k))}: {words(v, str(k))}" for k, v in value.items()) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(words(v, key) for v in value) or "none"
    return str(value)


def changes_in_words(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """[(what, how)]: a change of value as "old → new", a value set as itself."""
    out = []
    for key, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2 and key not in ("answers", "ids"):
            how = f"{words(value[0], key)} → {words(value[1], key)}"
        else:
            how = words(value, key)
        out.append((label(key), how))
    return out
