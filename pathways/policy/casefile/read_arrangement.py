"""The arrangement and what happened under it: the `arrangement` (with its timetable), `events`,
`sessions` and `expect` sections of a case file, read for parse_case (read.py)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pathways.policy.casefile.model import (
    Arrangement,
    DaySlots,
    Event,
    Expect,
    Session,
    Step,
    Timetable,
)
from pathways.policy.casefile.reader import _MISSING, _kind, _Reader, _show
from pathways.policy.casefile.vocabulary import (
    ABSENCE_REASONS,
    ARRANGEMENT_KINDS,
    CASE_ONLY_EVENT_FIELDS,
    END_OUTCOMES,
    EVENT_FIELDS,
    EVENT_TYPES,
    MEDICAL_EVIDENCE_SOURCES,
    REASONS,
    REQUESTED_BY,
    REVIEW_OUTCOMES,
    SESSIONS,
    WEEKDAYS,
    WELFARE_CHECK_KINDS,
    WHERE,
)


def read_timetable(r: _Reader, value: Any, path: str) -> Timetable:
    if value is None:
        return Timetable()
    m = r.mapping(value, path, WEEKDAYS)
    if m is None:
        return Timetable()
    days: dict[str, DaySlots] = {}
    for day, slots in m.items():
        if slots is None:
            continue
        s = r.mapping(slots, f"{path}.{day}", SESSIONS)
        if s is None:
            continue
        got = {k: r.choice(v, f"{path}.{day}.{k}", WHERE) for k, v in s.items()}
        days[day] = DaySlots(am=got.get("am"), pm=got.get("pm"))
    return Timetable(**days)


def read_arrangement(r: _Reader, value: Any) -> Arrangement | None:
    keys = (
        "kind",
        "reason",
        "start",
        "end",
        "timetable",
        "steps",
        "suspension_days",
        "year11_exams_finished",
    )
    m = r.mapping(value, "arrangement", keys, required=("kind", "start"))
    if m is None:
        return None
    kind = r.choice(m["kind"], "arrangement.kind", ARRANGEMENT_KINDS) if "kind" in m else None
    start = r.date(m["start"], "arrangement.start") if "start" in m else None
    end = r.optional_date(m["end"], "arrangement.end") if "end" in m else None
    if start is not None and end is not None and end < start:
        r.error("arrangement.end", f"before the start ({start.isoformat()}): {end.isoformat()}")

    def step(v: Any, p: str) -> Step | None:
        s = r.mapping(v, p, ("from", "hours_in_school"), required=("from", "hours_in_school"))
        if s is None:
            return None
        d = r.date(s["from"], f"{p}.from") if "from" in s else None
        h = r.number(s["hours_in_school"], f"{p}.hours_in_school") if "hours_in_school" in s else None
        return None if d is None or h is None else Step(d, h)

    steps = r.items(m["steps"], "arrangement.steps", step) if m.get("steps") is not None else ()
    for i in range(1, len(steps)):
        if steps[i].from_ < steps[i - 1].from_:
            r.error(f"arrangement.steps[{i}].from", "steps must be in date order")
    days = (
        r.items(m["suspension_days"], "arrangement.suspension_days", r.date)
        if m.get("suspension_days") is not None
        else ()
    )
    for i in range(1, len(days)):
        if days[i] <= days[i - 1]:
            r.error(f"arrangement.suspension_days[{i}]", "suspension days must be in order, each once")
    y11 = False
    if "year11_exams_finished" in m:
        y11 = bool(r.boolean(m["year11_exams_finished"], "arrangement.year11_exams_finished"))
    if kind is None or start is None:
        return None
    return Arrangement(
        kind=kind,
        start=start,
        reason=r.choice(m["reason"], "arrangement.reason", REASONS) if m.get("reason") is not None else None,
        end=end,
        timetable=read_timetable(r, m.get("timetable"), "arrangement.timetable"),
        steps=steps,
        suspension_days=days,
        year11_exams_finished=y11,
    )


def read_event(r: _Reader, value: Any, path: str) -> Event | None:
    if not isinstance(value, dict):
        r.error(path, f"must be a mapping of keys, not {_kind(value)}")
        return None
    raw_type = value.get("type", _MISSING)
    kind = None
    if raw_type is _MISSING:
        r.error(f"{path}.type", "required key missing")
    else:
        kind = r.choice(raw_type, f"{path}.type", EVENT_TYPES)
    extra = (*EVENT_FIELDS.get(kind, ()), *CASE_ONLY_EVENT_FIELDS.get(kind, ())) if kind else ()
    allowed = ("date", "type", *extra) if kind else tuple(k for k in value if isinstance(k, str))
    m = r.mapping(value, path, allowed, required=("date",))
    if m is None or kind is None:
        return None
    date = r.date(m["date"], f"{path}.date") if "date" in m else None
    fields: dict[str, Any] = {}
    if "written" in extra:
        fields["written"] = r.boolean(m["written"], f"{path}.written") if "written" in m else True
    if "by" in m:
        fields["by"] = r.choice(m["by"], f"{path}.by", REQUESTED_BY)
    if "outcome" in m:
        fields["outcome"] = r.choice(
            m["outcome"], f"{path}.outcome", REVIEW_OUTCOMES if kind == "review" else END_OUTCOMES
        )
    if "parent_attended" in m:
        fields["parent_attended"] = r.boolean(m["parent_attended"], f"{path}.parent_attended")
    if "source" in m:
        fields["source"] = r.choice(m["source"], f"{path}.source", MEDICAL_EVIDENCE_SOURCES)
    if "kind" in m:
        fields["kind"] = r.choice(m["kind"], f"{path}.kind", WELFARE_CHECK_KINDS)
    if "all_parents" in m:
        fields["all_parents"] = r.boolean(m["all_parents"], f"{path}.all_parents")
    if "slt_informed" in m:
        fields["slt_informed"] = r.date(m["slt_informed"], f"{path}.slt_informed")
    if date is None:
        return None
    return Event(date=date, type=kind, **fields)


def read_session(r: _Reader, value: Any, path: str) -> Session | None:
    keys = ("date", "session", "attended", "arrived", "reason", "where", "recorded", "provider_reported_at")
    m = r.mapping(value, path, keys, required=("date", "session"))
    if m is None:
        return None
    date = r.date(m["date"], f"{path}.date") if "date" in m else None
    session = r.choice(m["session"], f"{path}.session", SESSIONS) if "session" in m else None
    attended = True
    if "attended" in m:
        attended = r.boolean(m["attended"], f"{path}.attended") is not False
    arrived = r.time(m["arrived"], f"{path}.arrived") if m.get("arrived") is not None else None
    reason = r.choice(m["reason"], f"{path}.reason", ABSENCE_REASONS) if m.get("reason") is not None else None
    where = r.choice(m["where"], f"{path}.where", WHERE) if m.get("where") is not None else None
    recorded = None
    if m.get("recorded") is not None:
        recorded = r.text(m["recorded"], f"{path}.recorded")
        if recorded is not None and not recorded.strip():
            r.error(f"{path}.recorded", "an empty code")
    reported = (
        r.time(m["provider_reported_at"], f"{path}.provider_reported_at")
        if m.get("provider_reported_at") is not None
        else None
    )
    if date is None or session is None:
        return None
    return Session(
        date=date,
        session=session,
        attended=attended,
        arrived=arrived,
        reason=reason,
        where=where,
        recorded=recorded,
        provider_reported_at=reported,
    )


def read_expect(r: _Reader, value: Any) -> Expect | None:
    m = r.mapping(value, "expect", ("unmet", "met", "late", "due", "no_duty", "codes"))
    if m is None:
        return None
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("unmet", "met", "late", "no_duty"):
        if key in m and m[key] is not None:
            lists[key] = r.items(m[key], f"expect.{key}", r.text)
    due: tuple[tuple[str, _dt.date], ...] = ()
    if m.get("due") is not None:
        if not isinstance(m["due"], dict):
            r.error("expect.due", f"must be a mapping of requirement id to date, not {_kind(m['due'])}")
        else:
            pairs: list[tuple[str, _dt.date]] = []
            for k, v in m["due"].items():
                if not isinstance(k, str):
                    r.error("expect.due", f"keys must be requirement ids, not {_kind(k)}: {_show(k)}")
                    continue
                d = r.date(v, f"expect.due.{k}")
                if d is not None:
                    pairs.append((k, d))
            due = tuple(pairs)
    codes: tuple[str | None, ...] | None = None
    if m.get("codes") is not None:
        items = r.listing(m["codes"], "expect.codes")
        if items is not None:
            got: list[str | None] = []
            for i, v in enumerate(items):
                if v is None or isinstance(v, str):
                    got.append(v)
                else:
                    r.error(f"expect.codes[{i}]", f"not a register code: {_show(v)}")
            codes = tuple(got)
    if not due and not codes and not any(lists.values()):
        r.error("expect", "an empty expectation: name at least one requirement id or the expected codes")
        return None
    return Expect(due=due, codes=codes, **lists)
