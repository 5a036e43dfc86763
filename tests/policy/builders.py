"""Small builders for case-file dicts in tests."""

from __future__ import annotations

import copy
from typing import Any

CALENDAR_2025_26 = {
    "half_terms": [
        {"name": "Autumn 1", "start": "2025-09-03", "end": "2025-10-24"},
        {"name": "Autumn 2", "start": "2025-11-03", "end": "2025-12-19"},
        {"name": "Spring 1", "start": "2026-01-05", "end": "2026-02-13"},
        {"name": "Spring 2", "start": "2026-02-23", "end": "2026-03-27"},
        {"name": "Summer 1", "start": "2026-04-13", "end": "2026-05-22"},
        {"name": "Summer 2", "start": "2026-06-01", "end": "2026-07-21"},
    ],
    "closures": ["2026-05-04"],
}


def case_dict(**overrides: Any) -> dict[str, Any]:
    """A minimal valid case file: a Year 9 pupil on a part-time timetable from Mon 10 Nov 2025."""
    data: dict[str, Any] = {
        "format": "pathways-case/1",
        "as_of": "2025-11-20",
        "calendar": copy.deepcopy(CALENDAR_2025_26),
        "pupil": {"date_of_birth": "2012-02-14"},
        "arrangement": {
            "kind": "part_time_timetable",
            "reason": "medical",
            "start": "2025-11-10",
            "end": "2026-02-13",
        },
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
