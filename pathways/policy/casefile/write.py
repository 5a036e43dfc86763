"""dump_case: Case -> the canonical case-file dict (dump -> parse -> dump is identical)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from pathways.policy.casefile.model import (
    Arrangement,
    Case,
    DaySlots,
    Event,
    Expect,
    Provider,
    Pupil,
    Recording,
    School,
    Session,
)
from pathways.policy.casefile.vocabulary import FORMAT, WEEKDAYS
from pathways.policy.clock import Time


def _iso(d: _dt.date) -> str:
    return d.isoformat()


def dump_case(case: Case) -> dict[str, Any]:
    """The canonical dict of a case: keys in the order of case-file.md, dates as "YYYY-MM-DD",
    times as "HH:MM", values equal to their default left out. parse_case(dump_case(c)) == c for
    any case read from a file, so export -> import -> export is identical."""
    out: dict[str, Any] = {"format": FORMAT, "as_of": _iso(case.as_of)}
    if case.policies:
        out["policies"] = list(case.policies)
    if case.settings:
        out["settings"] = {k: _plain(v) for k, v in case.settings.items()}
    school = _dump_school(case.school)
    if school:
        out["school"] = school
    if case.calendar is not None:
        cal: dict[str, Any] = {}
        if case.calendar.half_terms:
            cal["half_terms"] = [
                {
                    **({"name": h.name} if h.name is not None else {}),
                    "start": _iso(h.start),
                    "end": _iso(h.end),
                }
                for h in case.calendar.half_terms
            ]
        if case.calendar.closures:
            cal["closures"] = [_iso(d) for d in case.calendar.closures]
        out["calendar"] = cal
    out["pupil"] = _dump_pupil(case.pupil)
    if case.provider is not None:
        out["provider"] = _dump_provider(case.provider)
    out["arrangement"] = _dump_arrangement(case.arrangement)
    if case.events:
        out["events"] = [_dump_event(e) for e in case.events]
    if case.sessions:
        out["sessions"] = [_dump_session(s) for s in case.sessions]
    if case.expect is not None:
        out["expect"] = _dump_expect(case.expect)
    if case.contacts:
        out["contacts"] = [{"date": _iso(c.date), "channel": c.channel} for c in case.contacts]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Time):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _dump_school(school: School) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if school.type != "academy":
        out["type"] = school.type
    if school.register_given:
        out["register"] = {k: str(getattr(school.register, k)) for k in school.register_given}
    if school.remote_education_lead is not None:
        out["remote_education_lead"] = school.remote_education_lead
    if school.device_survey is not None:
        out["device_survey"] = _iso(school.device_survey)
    if school.remote_audits:
        out["remote_audits"] = [_iso(d) for d in school.remote_audits]
    if school.live_lessons is not None:
        ll = school.live_lessons
        out["live_lessons"] = {
            k: getattr(ll, k)
            for k in ("written_consent", "group_only", "recorded", "call_log")
            if getattr(ll, k) is not None
        }
    if school.recordings:
        out["recordings"] = [_dump_recording(rec) for rec in school.recordings]
    return out


def _dump_recording(rec: Recording) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(rec.date)}
    if rec.deleted is not None:
        out["deleted"] = _iso(rec.deleted)
    if rec.pre_recorded:
        out["pre_recorded"] = True
    if rec.first_names_only is not None:
        out["first_names_only"] = rec.first_names_only
    return out


def _dump_pupil(p: Pupil) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.upn is not None:
        out["upn"] = p.upn
    if p.date_of_birth is not None:
        out["date_of_birth"] = _iso(p.date_of_birth)
    if p.year_group is not None:
        out["year_group"] = p.year_group
    if p.send != "none":
        out["send"] = p.send
    for k in ("looked_after", "social_worker", "child_protection_plan", "medical_condition"):
        if getattr(p, k):
            out[k] = True
    if p.vulnerability is not None:
        out["vulnerability"] = p.vulnerability
    return out


def _dump_provider(p: Provider) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in ("name", "kind", "registration"):
        if getattr(p, k) is not None:
            out[k] = getattr(p, k)
    if p.arranged_by != "school":
        out["arranged_by"] = p.arranged_by
    if p.live_teaching is not None:
        out["live_teaching"] = p.live_teaching
    if p.full_time_pupils is not None:
        f = p.full_time_pupils
        out["full_time_pupils"] = {
            "compulsory_age": f.compulsory_age,
            "looked_after_or_ehcp": f.looked_after_or_ehcp,
            "sen": f.sen,
        }
    if p.checks:
        out["checks"] = [
            {"type": c.type, "date": _iso(c.date), **({"expires": _iso(c.expires)} if c.expires else {})}
            for c in p.checks
        ]
    return out


def _dump_arrangement(a: Arrangement) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": a.kind}
    if a.reason is not None:
        out["reason"] = a.reason
    out["start"] = _iso(a.start)
    out["end"] = _iso(a.end) if a.end is not None else None
    tt: dict[str, Any] = {}
    for day in WEEKDAYS:
        slots: DaySlots | None = getattr(a.timetable, day)
        if slots is not None:
            tt[day] = {k: v for k, v in (("am", slots.am), ("pm", slots.pm)) if v is not None}
    if tt:
        out["timetable"] = tt
    if a.steps:
        out["steps"] = [{"from": _iso(s.from_), "hours_in_school": s.hours_in_school} for s in a.steps]
    if a.suspension_days:
        out["suspension_days"] = [_iso(d) for d in a.suspension_days]
    if a.year11_exams_finished:
        out["year11_exams_finished"] = True
    return out


def _dump_event(e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(e.date), "type": e.type}
    if e.written is False:
        out["written"] = False
    for k in ("by", "outcome", "parent_attended", "source", "kind", "all_parents"):
        v = getattr(e, k)
        if v is not None:
            out[k] = v
    if e.slt_informed is not None:
        out["slt_informed"] = _iso(e.slt_informed)
    return out


def _dump_session(s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"date": _iso(s.date), "session": s.session}
    if not s.attended:
        out["attended"] = False
    if s.arrived is not None:
        out["arrived"] = str(s.arrived)
    for k in ("reason", "where", "recorded"):
        v = getattr(s, k)
        if v is not None:
            out[k] = v
    if s.provider_reported_at is not None:
        out["provider_reported_at"] = str(s.provider_reported_at)
    return out


def _dump_expect(x: Expect) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in ("unmet", "met", "late"):
        if getattr(x, k):
            out[k] = list(getattr(x, k))
    if x.due:
        out["due"] = {k: _iso(v) for k, v in x.due}
    if x.no_duty:
        out["no_duty"] = list(x.no_duty)
    if x.codes is not None:
        out["codes"] = list(x.codes)
    return out
