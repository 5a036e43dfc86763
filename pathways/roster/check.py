"""Checking each raw record: the pupil's fields as Pathways keeps them, or the reasons the record is
rejected, each naming the field as the file names it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pathways.policy import check_upn
from pathways.roster.records import RawContact, RawRecord, RosterFile

TRUE = {"yes", "y", "true", "t", "1"}
FALSE = {"no", "n", "false", "f", "0", ""}
# SEN provision codes (CTF and MIS reports): N none, K SEN support, E EHC plan; the historic A/P (School
# Action / Plus) read as SEN support and S (statement) as an EHC plan.
SEN = {"N": "none", "K": "sen_support", "E": "ehcp", "A": "sen_support", "P": "sen_support", "S": "ehcp",
       "NONE": "none", "SEN SUPPORT": "sen_support", "EHC PLAN": "ehcp", "EHCP": "ehcp"}
GENDER = {"M": "M", "F": "F", "U": "U", "9": "U", "MALE": "M", "FEMALE": "F", "": ""}
_YEAR = re.compile(r"^(?:year|yr|y|nc)?\s*(\d{1,2})$", re.IGNORECASE)


@dataclass
class CheckedRecord:
    where: str
    fields: dict[str, Any]
    contacts: list[dict[str, Any]]


@dataclass
class Rejection:
    where: str
    upn: str
    reasons: list[str]


@dataclass
class Checked:
    records: list[CheckedRecord] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def year_group(text: str) -> int | None:
    """ "Year 10", "10", "Y10" -> 10; "R"/"Reception" -> 0; "N1"/"N2"/"Nursery" -> -1. ValueError otherwise."""
    t = text.strip()
    if t.upper() in ("R", "REC", "RECEPTION", "YR", "YEAR R"):
        return 0
    if t.upper() in ("N", "N1", "N2", "NURSERY"):
        return -1
    m = _YEAR.match(t)
    if m and 1 <= int(m.group(1)) <= 14:
        return int(m.group(1))
    raise ValueError(t)


def boolean(text: str) -> bool:
    t = text.strip().lower()
    if t in TRUE:
        return True
    if t in FALSE:
        return False
    raise ValueError(text)


def parse_date(text: str, fmt: str) -> dt.date:
    t = text.strip()
    if fmt == "CSV" and re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", t):
        return dt.datetime.strptime(t, "%d/%m/%Y").date()
    return dt.date.fromisoformat(t[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", t) else _bad_date(t)


def _bad_date(t: str) -> dt.date:
    raise ValueError(t)


def check_file(roster: RosterFile, today: dt.date, progress: Callable[[int], None] | None = None) -> Checked:
    """Every record checked; `progress(n)` told the count of records checked after each."""
    out = Checked()
    counts = Counter(r.values.get("upn", "") for r in roster.records)
    for n, raw in enumerate(roster.records, start=1):
        fields, contacts, reasons = check_record(raw, roster, today)
        upn = raw.values.get("upn", "")
        if upn and counts[upn] > 1:
            reasons.append(f"{roster.labels['upn']}: {upn} appears {counts[upn]} times in the file")
        if reasons:
            out.rejected.append(Rejection(where=raw.where, upn=upn, reasons=reasons))
        else:
            out.records.append(CheckedRecord(where=raw.where, fields=fields, contacts=contacts))
        if progress is not None:
            progress(n)
    return out


def check_record(
    raw: RawRecord, roster: RosterFile, today: dt.date
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """The pupil's fields and contacts, and every reason to reject the record (none when it is good)."""
    v, label, reasons = raw.values, roster.labels, []
    f: dict[str, Any] = {k: v.get(k, "") for k in (
        "mis_id", "last_name", "first_name", "preferred_last_name", "preferred_first_name", "reg_group",
        "address_line_1", "address_line_2", "town", "postcode", "home_phone", "email")}
    f["postcode"] = f["postcode"].upper()
    for name in ("last_name", "first_name"):
        if not f[name]:
            reasons.append(f"{label[name]}: missing")
    upn = v.get("upn", "")
    if not upn:
        reasons.append(f"{label['upn']}: missing")
    elif (err := check_upn(upn).error) is not None:
        reasons.append(f"{label['upn']}: {upn} is not a valid UPN ({err})")
    f["upn"] = upn
    f["date_of_birth"] = None
    try:
        dob = parse_date(v.get("date_of_birth", ""), roster.format)
        if not (today.replace(year=today.year - 30) <= dob <= today):
            reasons.append(f"{label['date_of_birth']}: {dob:%d/%m/%Y} is not a school pupil's date of birth")
        f["date_of_birth"] = dob
    except ValueError:
        shape = "DD/MM/YYYY" if roster.format == "CSV" else "YYYY-MM-DD"
        text = v.get("date_of_birth", "")
        reasons.append(f"{label['date_of_birth']}: {text!r} is not a date ({shape})" if text
                       else f"{label['date_of_birth']}: missing")
    try:
        f["year_group"] = year_group(v["year_group"]) if v.get("year_group") else None
    except ValueError:
        reasons.append(f"{label['year_group']}: {v['year_group']!r} is not a year group (R, N1, N2 or 1 to 14)")
    sen = v.get("sen", "").strip().upper() or "N"
    if sen in SEN:
        f["send"] = SEN[sen]
    else:
        reasons.append(f"{label['sen']}: {v['sen']!r} is not an SEN provision code (N, K or E)")
    gender = v.get("gender", "").strip().upper()
    if gender in GENDER:
        f["gender"] = GENDER[gender]
    else:
        reasons.append(f"{label['gender']}: {v['gender']!r} is not M, F or U")
    for ours, name in (("fsm", "free_school_meals"), ("in_care", "looked_after")):
        try:
            f[name] = boolean(v.get(ours, ""))
        except ValueError:
            reasons.append(f"{label[ours]}: {v[ours]!r} is not yes or no")
    if f["email"] and not _email_ok(f["email"]):
        reasons.append(f"{label['email']}: {f['email']!r} is not an e-mail address")
    contacts = [_contact(c, roster, reasons) for c in raw.contacts]
    return f, contacts, reasons


def _email_ok(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _contact(c: RawContact, roster: RosterFile, reasons: list[str]) -> dict[str, Any]:
    where = f"Contact {c.priority}" if roster.format == "CSV" else f"Contact (Order {c.priority})"
    out: dict[str, Any] = {"priority": c.priority, "name": c.name, "relationship": c.relationship,
                           "phone": c.phone, "phone_2": c.phone_2, "email": c.email}
    if not c.name:
        reasons.append(f"{where} Name: missing")
    for name, label in (("parental_responsibility", "Parental Responsibility"),
                        ("lives_with_pupil", "Lives With Pupil")):
        try:
            out[name] = boolean(getattr(c, name))
        except ValueError:
            reasons.append(f"{where} {label}: {getattr(c, name)!r} is not yes or no")
    if c.email and not _email_ok(c.email):
        reasons.append(f"{where} Email: {c.email!r} is not an e-mail address")
    return out
