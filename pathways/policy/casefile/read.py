"""parse_case: a loaded YAML/JSON mapping -> Case, section by section. Every problem is
collected by the reader (reader.py) and raised together as one CaseFileError."""

from __future__ import annotations

from typing import Any

from pathways.policy import parameters as _parameters
from pathways.policy.casefile.model import (
    Calendar,
    Case,
    Contact,
    FullTimePupils,
    HalfTerm,
    LiveLessons,
    Provider,
    ProviderCheck,
    Pupil,
    Recording,
    Register,
    School,
)
from pathways.policy.casefile.read_arrangement import read_arrangement, read_event, read_expect, read_session
from pathways.policy.casefile.reader import _MISSING, CaseFileError, _Reader, _show
from pathways.policy.casefile.vocabulary import (
    ARRANGED_BY,
    CHECK_TYPES,
    CONTACT_CHANNELS,
    DEFAULT_REGISTER,
    FORMAT,
    PACKS,
    PROVIDER_KINDS,
    REGISTRATIONS,
    SCHOOL_TYPES,
    SEND,
    SESSIONS,
    VULNERABILITY,
)
from pathways.policy.clock import Time
from pathways.policy.upn import check_upn

_TOP = (
    "format",
    "as_of",
    "policies",
    "settings",
    "school",
    "calendar",
    "pupil",
    "provider",
    "arrangement",
    "events",
    "sessions",
    "expect",
    "contacts",
)


def parse_case(data: Any) -> Case:
    """Read a loaded YAML/JSON document into a Case. Raises CaseFileError naming every bad path."""
    try:
        return _parse(data)
    except CaseFileError:
        raise
    except RecursionError:
        raise CaseFileError(["(root): the case file is nested too deeply"]) from None
    except Exception as exc:  # a reader bug must still surface as a CaseFileError
        raise CaseFileError([f"(root): the case file could not be read ({type(exc).__name__}: {exc})"]) from None


def _parse(data: Any) -> Case:
    r = _Reader()
    top = r.mapping(data, "", _TOP, required=("format", "as_of", "pupil", "arrangement"))
    if top is None:
        raise CaseFileError(r.errors)
    fmt = top.get("format", _MISSING)
    if fmt is not _MISSING and fmt != FORMAT:
        r.error("format", f"must be {FORMAT!r}, not {_show(fmt)}")
    as_of = r.date(top["as_of"], "as_of") if "as_of" in top else None
    policies: tuple[str, ...] = ()
    if "policies" in top:
        policies = r.items(top["policies"], "policies", lambda v, p: r.choice(v, p, PACKS))
    settings = _read_settings(r, top["settings"]) if "settings" in top else {}
    school = _read_school(r, top["school"]) if "school" in top else School()
    calendar = _read_calendar(r, top["calendar"]) if "calendar" in top else None
    pupil = _read_pupil(r, top["pupil"]) if "pupil" in top else None
    provider = _read_provider(r, top["provider"]) if "provider" in top and top["provider"] is not None else None
    arrangement = read_arrangement(r, top["arrangement"]) if "arrangement" in top else None
    events = r.items(top["events"], "events", lambda v, p: read_event(r, v, p)) if "events" in top else ()
    sessions = r.items(top["sessions"], "sessions", lambda v, p: read_session(r, v, p)) if "sessions" in top else ()
    expect = read_expect(r, top["expect"]) if "expect" in top else None
    contacts = r.items(top["contacts"], "contacts", lambda v, p: _read_contact(r, v, p)) if "contacts" in top else ()
    if r.errors or as_of is None or pupil is None or arrangement is None:
        raise CaseFileError(r.errors)
    return Case(
        as_of=as_of,
        pupil=pupil,
        arrangement=arrangement,
        policies=policies,
        settings=settings,
        school=school,
        calendar=calendar,
        provider=provider,
        events=events,
        sessions=sessions,
        expect=expect,
        contacts=contacts,
    )


def _read_contact(r: _Reader, value: Any, path: str) -> Contact | None:
    m = r.mapping(value, path, ("date", "channel"), required=("date", "channel"))
    if m is None:
        return None
    date = r.date(m["date"], f"{path}.date") if "date" in m else None
    channel = r.choice(m["channel"], f"{path}.channel", CONTACT_CHANNELS) if "channel" in m else None
    if date is None or channel is None:
        return None
    return Contact(date=date, channel=channel)


def _read_settings(r: _Reader, value: Any) -> dict[str, Any]:
    known = _parameters.names()
    m = r.mapping(value, "settings", known)
    if m is None:
        return {}
    out: dict[str, Any] = {}
    for key, item in m.items():
        got = _parameters.validate_override(key, item)
        if isinstance(got, _parameters.Invalid):
            r.error(f"settings.{key}{got.subpath}", got.message)
        else:
            out[key] = got
    return out


def _read_school(r: _Reader, value: Any) -> School:
    allowed = (
        "type",
        "register",
        "remote_education_lead",
        "device_survey",
        "remote_audits",
        "live_lessons",
        "recordings",
    )
    m = r.mapping(value, "school", allowed)
    if m is None:
        return School()
    kind = r.choice(m["type"], "school.type", SCHOOL_TYPES) if "type" in m else "academy"
    register, given = _read_register(r, m["register"]) if "register" in m else (Register(), ())
    lead = r.text(m["remote_education_lead"], "school.remote_education_lead") if "remote_education_lead" in m else None
    survey = r.date(m["device_survey"], "school.device_survey") if "device_survey" in m else None
    audits = r.items(m["remote_audits"], "school.remote_audits", r.date) if "remote_audits" in m else ()
    live = _read_live_lessons(r, m["live_lessons"]) if "live_lessons" in m else None
    recordings: tuple[Recording, ...] = ()
    if "recordings" in m:
        recordings = r.items(m["recordings"], "school.recordings", lambda v, p: _read_recording(r, v, p))
    return School(
        type=kind or "academy",
        register=register,
        register_given=given,
        remote_education_lead=lead,
        device_survey=survey,
        remote_audits=audits,
        live_lessons=live,
        recordings=recordings,
    )


def _read_register(r: _Reader, value: Any) -> tuple[Register, tuple[str, ...]]:
    """The school's register times, and which of them the file gave (the rest are defaults)."""
    reg = r.mapping(value, "school.register", DEFAULT_REGISTER)
    if reg is None:
        return Register(), ()
    times: dict[str, Time] = {}
    for key in DEFAULT_REGISTER:
        if key in reg:
            t = r.time(reg[key], f"school.register.{key}")
            if t is not None:
                times[key] = t
    register = Register(**times)
    for s in SESSIONS:
        o, c, e = register.opens(s), register.closes(s), register.ends(s)
        if not (o.minutes <= c.minutes <= e.minutes):
            r.error("school.register", f"the {s} register must open, then close, then end ({o}, {c}, {e})")
    return register, tuple(k for k in DEFAULT_REGISTER if k in times)


def _read_live_lessons(r: _Reader, value: Any) -> LiveLessons | None:
    keys = ("written_consent", "group_only", "recorded", "call_log")
    ll = r.mapping(value, "school.live_lessons", keys)
    if ll is None:
        return None
    return LiveLessons(**{k: r.boolean(ll[k], f"school.live_lessons.{k}") for k in keys if k in ll})


def _read_recording(r: _Reader, value: Any, p: str) -> Recording | None:
    rec = r.mapping(value, p, ("date", "deleted", "pre_recorded", "first_names_only"), required=("date",))
    if rec is None:
        return None
    made = r.date(rec["date"], f"{p}.date") if "date" in rec else None
    deleted = r.optional_date(rec["deleted"], f"{p}.deleted") if "deleted" in rec else None
    pre = r.boolean(rec["pre_recorded"], f"{p}.pre_recorded") if "pre_recorded" in rec else False
    names = r.boolean(rec["first_names_only"], f"{p}.first_names_only") if "first_names_only" in rec else None
    if made is None:
        return None
    return Recording(made, deleted, bool(pre), names)


def _read_calendar(r: _Reader, value: Any) -> Calendar | None:
    m = r.mapping(value, "calendar", ("half_terms", "closures"))
    if m is None:
        return None

    def half_term(v: Any, p: str) -> HalfTerm | None:
        ht = r.mapping(v, p, ("name", "start", "end"), required=("start", "end"))
        if ht is None:
            return None
        name = r.text(ht["name"], f"{p}.name") if "name" in ht else None
        start = r.date(ht["start"], f"{p}.start") if "start" in ht else None
        end = r.date(ht["end"], f"{p}.end") if "end" in ht else None
        if start is None or end is None:
            return None
        if end < start:
            r.error(f"{p}.end", f"before the start ({start.isoformat()}): {end.isoformat()}")
            return None
        return HalfTerm(name, start, end)

    half_terms = r.items(m["half_terms"], "calendar.half_terms", half_term) if "half_terms" in m else ()
    for i in range(1, len(half_terms)):
        if half_terms[i].start <= half_terms[i - 1].end:
            r.error(
                f"calendar.half_terms[{i}].start",
                f"must come after the end of the half-term before it ({half_terms[i - 1].end.isoformat()})",
            )
    closures = r.items(m["closures"], "calendar.closures", r.date) if "closures" in m else ()
    return Calendar(half_terms=half_terms, closures=closures)


def _read_pupil(r: _Reader, value: Any) -> Pupil | None:
    keys = (
        "upn",
        "date_of_birth",
        "year_group",
        "send",
        "looked_after",
        "social_worker",
        "child_protection_plan",
        "medical_condition",
        "vulnerability",
    )
    m = r.mapping(value, "pupil", keys)
    if m is None:
        return None
    upn = None
    if "upn" in m:
        upn = r.text(m["upn"], "pupil.upn")
        if upn is not None:
            verdict = check_upn(upn)
            if not verdict.valid:
                r.error("pupil.upn", f"not a valid UPN: {verdict.error}: {_show(upn)}")
    dob = r.date(m["date_of_birth"], "pupil.date_of_birth") if "date_of_birth" in m else None
    year_group = None
    if "year_group" in m and m["year_group"] is not None:
        year_group = r.integer(m["year_group"], "pupil.year_group", minimum=None)
        if year_group is not None and not -3 <= year_group <= 14:
            r.error("pupil.year_group", f"not a school year group (0 is Reception, 1-13): {year_group}")
    flags = {
        k: r.boolean(m[k], f"pupil.{k}")
        for k in ("looked_after", "social_worker", "child_protection_plan", "medical_condition")
        if k in m
    }
    return Pupil(
        date_of_birth=dob,
        upn=upn,
        year_group=year_group,
        send=(r.choice(m["send"], "pupil.send", SEND) or "none") if "send" in m else "none",
        looked_after=bool(flags.get("looked_after")),
        social_worker=bool(flags.get("social_worker")),
        child_protection_plan=bool(flags.get("child_protection_plan")),
        medical_condition=bool(flags.get("medical_condition")),
        vulnerability=(
            r.choice(m["vulnerability"], "pupil.vulnerability", VULNERABILITY)
            if "vulnerability" in m and m["vulnerability"] is not None
            else None
        ),
    )


def _read_provider(r: _Reader, value: Any) -> Provider | None:
    keys = ("name", "kind", "registration", "arranged_by", "live_teaching", "full_time_pupils", "checks")
    m = r.mapping(value, "provider", keys)
    if m is None:
        return None
    ftp = None
    if "full_time_pupils" in m:
        f = r.mapping(
            m["full_time_pupils"],
            "provider.full_time_pupils",
            ("compulsory_age", "looked_after_or_ehcp", "sen"),
        )
        if f is not None:
            counts = {k: r.integer(f[k], f"provider.full_time_pupils.{k}") for k in f}
            ftp = FullTimePupils(**{k: v for k, v in counts.items() if v is not None})

    def check(v: Any, p: str) -> ProviderCheck | None:
        c = r.mapping(v, p, ("type", "date", "expires"), required=("type", "date"))
        if c is None:
            return None
        kind = r.choice(c["type"], f"{p}.type", CHECK_TYPES) if "type" in c else None
        date = r.date(c["date"], f"{p}.date") if "date" in c else None
        expires = r.optional_date(c["expires"], f"{p}.expires") if "expires" in c else None
        if kind is None or date is None:
            return None
        return ProviderCheck(kind, date, expires)

    return Provider(
        name=r.text(m["name"], "provider.name") if "name" in m else None,
        kind=r.choice(m["kind"], "provider.kind", PROVIDER_KINDS) if "kind" in m else None,
        registration=r.choice(m["registration"], "provider.registration", REGISTRATIONS)
        if "registration" in m
        else None,
        arranged_by=(r.choice(m["arranged_by"], "provider.arranged_by", ARRANGED_BY) or "school")
        if "arranged_by" in m
        else "school",
        live_teaching=r.boolean(m["live_teaching"], "provider.live_teaching") if "live_teaching" in m else None,
        full_time_pupils=ftp,
        checks=r.items(m["checks"], "provider.checks", check) if "checks" in m else (),
    )
