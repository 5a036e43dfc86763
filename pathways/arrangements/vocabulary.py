"""The case file's words for arrangements, timetables and the chronology, with checks that name
the bad value. The vocabularies are the policy engine's, so the database and the rules agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from pathways.policy import casefile as cf
from pathways.policy import parameters
from pathways.words import in_sentence as in_sentence  # re-exported: the chronology's words
from pathways.words import label as label

WEEKDAYS = cf.WEEKDAYS
SESSIONS = cf.SESSIONS
WHERE = cf.WHERE
EVENT_FIELDS = cf.EVENT_FIELDS

WEEKDAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday"}
WHERE_LABELS = {
    "school": "In school",
    "provider": "At the provider",
    "online": "Online lessons",
    "home": "At home",
    "another_school": "At another school",
    "not_required": "Not required",
}
_FIELD_CHOICES = {
    "by": cf.REQUESTED_BY,
    "source": cf.MEDICAL_EVIDENCE_SOURCES,
    "kind": cf.WELFARE_CHECK_KINDS,
}
_BOOLEAN_FIELDS = ("written", "parent_attended", "all_parents")


def validate_slots(value: Any) -> None:
    """A usual week: {mon: {am: WHERE, pm: WHERE}, ...}, Monday to Friday. A session left out is school."""
    if not isinstance(value, dict):
        raise ValidationError("The timetable must be a mapping of weekday to sessions.")
    problems = []
    for day, sessions in value.items():
        if day not in WEEKDAYS:
            problems.append(f"{day}: not a school weekday (mon to fri)")
            continue
        if not isinstance(sessions, dict):
            problems.append(f"{day}: must give am and pm")
            continue
        for session, where in sessions.items():
            if session not in SESSIONS:
                problems.append(f"{day}.{session}: not a session (am or pm)")
            elif where not in WHERE:
                problems.append(f"{day}.{session}: {where!r} is not one of {', '.join(WHERE)}")
    if problems:
        raise ValidationError("; ".join(problems))


def slot(slots: dict[str, Any], day: str, session: str) -> str:
    return (slots.get(day) or {}).get(session) or "school"


def sessions_at(slots: dict[str, Any], where: str) -> int:
    return sum(1 for d in WEEKDAYS for s in SESSIONS if slot(slots, d, s) == where)


def hours_per_session(day: dt.date) -> int:
    """The hours a session counts as on `day`: the law's dated parameter `hours_per_session`
    (policy/parameters/national.yaml), never a second copy of its value."""
    hours: int = parameters.get("hours_per_session", day)
    return hours


# The extension keys of an event (cf.CASE_ONLY_EVENT_FIELDS) that an entry keeps too, each a date kept as
# ISO text: a home visit's `slt_informed`, recorded on the visit's own page (docs/contact-log.md).
STORED_DATES: dict[str, tuple[str, ...]] = dict(cf.CASE_ONLY_EVENT_FIELDS)


def validate_event_fields(event_type: str, fields: Any) -> None:
    """The optional fields an event of this type may carry (case-file.md, `events`), each checked."""
    if not isinstance(fields, dict):
        raise ValidationError({"fields": "Event details must be a mapping."})
    allowed = (*EVENT_FIELDS.get(event_type, ()), *STORED_DATES.get(event_type, ()))
    problems = []
    for key, value in fields.items():
        if key not in allowed:
            what = ", ".join(allowed) if allowed else "none"
            problems.append(f"{key}: not a detail of a {in_sentence(event_type)} event (allowed: {what})")
        elif key in STORED_DATES.get(event_type, ()):
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                problems.append(f"{key}: {value!r} is not a date (YYYY-MM-DD)")
        elif key in _BOOLEAN_FIELDS:
            if not isinstance(value, bool):
                problems.append(f"{key}: must be yes or no")
        elif key == "outcome":
            choices = cf.REVIEW_OUTCOMES if event_type == "review" else cf.END_OUTCOMES
            if value not in choices:
                problems.append(f"outcome: {value!r} is not one of {', '.join(choices)}")
        elif value not in _FIELD_CHOICES[key]:
            problems.append(f"{key}: {value!r} is not one of {', '.join(_FIELD_CHOICES[key])}")
    if problems:
        raise ValidationError({"fields": problems})


def event_fields(event_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An event's details as the reader gives them: `written` is true unless it says otherwise; a stored date
    (`STORED_DATES`) as a date."""
    out = {k: fields[k] for k in cf.EVENT_FIELDS.get(event_type, ()) if k in fields}
    if "written" in cf.EVENT_FIELDS.get(event_type, ()):
        out.setdefault("written", True)
    for key in STORED_DATES.get(event_type, ()):
        value = fields.get(key)
        if value is not None:
            out[key] = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return out


def stored_fields(event_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An event's details as an entry keeps them: the case file's, a stored date as ISO text, none left empty."""
    out = {k: v for k, v in event_fields(event_type, fields).items() if v is not None}
    for key in STORED_DATES.get(event_type, ()):
        if key in out:
            out[key] = out[key].isoformat()
    return out
