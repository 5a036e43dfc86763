"""Reading a DfE Common Transfer File (CTF XML, section 4 of the specification) into raw records.

Parsed safely: a first pass by expat with defusedxml's guards refuses any document type declaration, entity
declaration or external reference (the "billion laughs", external entities), so the file has no entities
to expand; then the C ElementTree parser builds the tree (ten times faster than defusedxml's pure-Python
tree builder, which matters at 25,000 pupils). Element names are the specification's; their order, a
default namespace and elements this import does not use are all tolerated.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from pathways.roster.records import FIELDS, RawContact, RawRecord, RosterFile, RosterFileError

LABELS = {
    "upn": "UPN", "mis_id": "ApplicationReference", "former_upn": "FormerUPN", "last_name": "Surname",
    "first_name": "Forename", "preferred_last_name": "PreferredSurname", "preferred_first_name": "PreferredForename",
    "date_of_birth": "DOB", "gender": "Gender", "year_group": "NCyearActual", "reg_group": "RegGroup",
    "sen": "SENprovision", "fsm": "FSMhistory", "in_care": "InCare", "address_line_1": "Address",
    "address_line_2": "Address", "town": "Town", "postcode": "Postcode", "home_phone": "Phones", "email": "Email",
    "contact": "Contact",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strip_namespaces(root: Any) -> None:
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = _local(el.tag)


def _text(el: Any, path: str) -> str:
    """The stripped text at `path` ("A" or "A/B": C-speed finds, no ElementPath), "" when absent."""
    if el is None:
        return ""
    if "/" in path:
        for part in path.split("/")[:-1]:
            el = el.find(part)
            if el is None:
                return ""
        path = path.rsplit("/", 1)[1]
    text = el.findtext(path)
    return text.strip() if text else ""


def _refuse_entities(data: bytes) -> None:
    """defusedxml's guards on expat, with no per-element handler: raises on a DOCTYPE, an entity declaration
    or an external reference, and on XML that is not well-formed."""
    parser = expat.ParserCreate()

    def doctype(name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
        raise DTDForbidden(name, sysid, pubid)

    def entity(name: str, is_parameter: bool, value: str | None, base: str | None, sysid: str | None,
               pubid: str | None, notation: str | None) -> None:
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.Parse(data, True)


def parse_ctf(data: bytes) -> RosterFile:
    try:
        _refuse_entities(data)
        root = ET.fromstring(data)
    except DefusedXmlException:
        raise RosterFileError(
            "the XML declares a document type or entities, which a CTF never does: refused (entity expansion)"
        ) from None
    except (expat.ExpatError, ET.ParseError) as exc:
        raise RosterFileError(f"the file is not well-formed XML: {exc}") from None
    if root.tag.startswith("{"):
        _strip_namespaces(root)
    if root.tag != "CTfile":
        raise RosterFileError(
            f"the file is XML but not a Common Transfer File (its root is <{root.tag}>, not <CTfile>)")
    header = root.find("Header")
    qualifier = _text(header, "DocumentQualifier").lower()
    if qualifier not in ("full", "partial"):
        raise RosterFileError(
            f"Header/DocumentQualifier must be full or partial, not {qualifier!r}" if qualifier
            else "the CTF has no Header/DocumentQualifier (full or partial)"
        )
    file_date = _text(header, "DateTime")[:10]
    on = _date_or_none(file_date) or dt.date.today()
    data_el = root.find("CTFpupilData")
    pupils = data_el.findall("Pupil") if data_el is not None else []
    records = [_record(p, n, on) for n, p in enumerate(pupils, start=1)]
    return RosterFile(format="CTF", full=qualifier == "full", file_date=file_date, records=records, labels=LABELS,
                      present={*FIELDS, "contacts"})


def _date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _record(p: Any, n: int, on: dt.date) -> RawRecord:
    basic = p.find("BasicDetails")
    upn = _text(p, "UPN")
    where = f"pupil {n}" + (f" (UPN {upn})" if upn else "")
    values = {
        "upn": upn,
        "mis_id": _text(p, "ApplicationReference") or _text(p, "MISid"),
        "former_upn": _text(basic, "FormerUPN"),
        "last_name": _text(p, "Surname"),
        "first_name": _text(p, "Forename"),
        "preferred_last_name": _text(basic, "PreferredSurname"),
        "preferred_first_name": _text(basic, "PreferredForename"),
        "date_of_birth": _text(p, "DOB"),
        "gender": _text(p, "Gender"),
        "year_group": _text(basic, "NCyearActual"),
        "reg_group": _text(basic, "RegGroup") or _text(p, "RegGroup"),
        "sen": _sen(p, basic),
        "fsm": _fsm(p.find("FSMhistory"), on),
        "in_care": _text(p, "LookedAfter/InCare"),
        "email": _text(p, "Email"),
        "home_phone": _home_phone(p.find("Phones")),
    }
    values.update(_address(p.find("Address")))
    contacts = [_contact(c, i) for i, c in enumerate(_children(p, "Contacts", "Contact"), start=1)]
    contacts.sort(key=lambda c: c.priority)
    return RawRecord(where=where, values=values, contacts=contacts)


def _children(el: Any, parent: str, tag: str) -> list[Any]:
    found = el.find(parent)
    return found.findall(tag) if found is not None else []


def _sen(p: Any, basic: Any) -> str:
    """BasicDetails/SENprovision when given, else the latest SENhistory/SEN by start date."""
    current = _text(basic, "SENprovision")
    if current:
        return current
    history = sorted(
        ((_text(s, "StartDate"), _text(s, "SENprovision")) for s in _children(p, "SENhistory", "SEN")),
        key=lambda pair: pair[0],
    )
    return history[-1][1] if history else ""


def _fsm(history: Any, on: dt.date) -> str:
    """"true" when an FSMinstance started on or before the file's date and has not ended by it."""
    if history is None:
        return ""
    for inst in history.findall("FSMinstance"):
        start = _date_or_none(_text(inst, "FSMstartDate"))
        end_text = _text(inst, "FSMendDate")
        end = _date_or_none(end_text)
        if start is not None and start <= on and (not end_text or (end is not None and end > on)):
            return "true"
    return "false"


def _address(addr: Any) -> dict[str, str]:
    if addr is None:
        return {}
    bs = addr.find("BS7666Address")
    if bs is not None:
        house = " ".join(x for x in (_text(bs, "SAON"), _text(bs, "PAON")) if x)
        line1 = " ".join(x for x in (house, _text(bs, "Street")) if x)
        line2 = _text(bs, "Locality")
        town = _text(bs, "Town") or _text(bs, "PostTown")
    else:
        lines = [_text(addr, f"AddressLines/AddressLine{i}") for i in range(1, 6)]
        lines = [x for x in lines if x]
        line1 = lines[0] if lines else ""
        town = lines[-1] if len(lines) > 1 else ""
        line2 = ", ".join(lines[1:-1])
    return {"address_line_1": line1, "address_line_2": line2, "town": town, "postcode": _text(addr, "Postcode")}


def _phones(phones: Any) -> list[tuple[str, str]]:
    if phones is None:
        return []
    pairs = [(_text(ph, "TelephoneType"), _text(ph, "PhoneNo")) for ph in phones.findall("Phone")]
    return [(kind, no) for kind, no in pairs if no]


def _home_phone(phones: Any) -> str:
    numbers = _phones(phones)
    home = [no for kind, no in numbers if kind == "H"]
    return (home or [no for _, no in numbers] or [""])[0]


def _contact(c: Any, n: int) -> RawContact:
    order = _text(c, "Order")
    name = " ".join(x for x in (_text(c, "Title"), _text(c, "Forename"), _text(c, "Surname")) if x)
    phones = [no for _, no in _phones(c.find("Phones"))]
    return RawContact(
        priority=int(order) if order.isdigit() else 100 + n,
        name=name,
        relationship=_text(c, "Relationship"),
        parental_responsibility=_text(c, "Responsibility"),
        lives_with_pupil="",
        phone=phones[0] if phones else "",
        phone_2=phones[1] if len(phones) > 1 else "",
        email=_text(c, "Email"),
    )
