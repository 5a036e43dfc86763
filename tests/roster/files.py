"""Roster files for the tests, written as an MIS writes them (CTF XML to the DfE structure; the pupil-list
CSV's column names)."""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape

from pathways.policy.upn import check_letter


def upn(n: int) -> str:
    body = f"{n:012d}"
    return f"{check_letter('A' + body)}{body}"


def pupil(n: int, **extra: Any) -> dict[str, Any]:
    p: dict[str, Any] = {
        "upn": upn(n), "surname": f"Pupil{n}", "forename": "Sam", "dob": "2011-03-14", "gender": "F",
        "year": "10", "sen": "N", "in_care": "false", "fsm": False, "pref_surname": "", "pref_forename": "",
        "paon": "12", "street": "Mill Lane", "town": "Anytown", "postcode": "AB1 2CD", "phone": "01234 567890",
        "email": "", "contacts": [{"order": 1, "forename": "Jo", "surname": f"Pupil{n}", "rel": "PAM",
                                   "resp": "true", "phone": "07700 900001", "email": "jo@example.org"}],
    }
    p.update(extra)
    return p


def _e(value: Any) -> str:
    return escape(str(value))


def ctf(pupils: list[dict[str, Any]], qualifier: str = "full", when: str = "2026-11-02T09:15:00",
        namespace: str = "") -> bytes:
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<CTfile{namespace and f" xmlns={chr(34)}{namespace}{chr(34)}"}>',
           "<Header><DocumentName>Common Transfer File</DocumentName><CTFversion>21.0</CTFversion>",
           f"<DateTime>{when}</DateTime><DocumentQualifier>{qualifier}</DocumentQualifier>",
           "<SupplierID>Test MIS</SupplierID><SourceSchool><LEA>123</LEA><Estab>4567</Estab><URN>100001</URN>"
           "<SchoolName>Test</SchoolName><AcademicYear>2026</AcademicYear></SourceSchool><SuppInfo/></Header>",
           "<CTFpupilData>"]
    for p in pupils:
        contacts = "".join(
            f"<Contact><Order>{c['order']}</Order><Title>Ms</Title><Surname>{_e(c['surname'])}</Surname>"
            f"<Forename>{_e(c['forename'])}</Forename><Relationship>{c['rel']}</Relationship>"
            f"<Responsibility>{c['resp']}</Responsibility><Phones><Phone><TelephoneType>M</TelephoneType>"
            f"<PhoneNo>{c['phone']}</PhoneNo></Phone></Phones><Email>{_e(c['email'])}</Email></Contact>"
            for c in p["contacts"]
        )
        fsm = ("<FSMhistory><FSMinstance><FSMstartDate>2023-01-09</FSMstartDate><FSMendDate/>"
               "<UKcountry>ENG</UKcountry></FSMinstance></FSMhistory>") if p["fsm"] else ""
        out.append(
            f"<Pupil><UPN>{p['upn']}</UPN><UniqueLearnerNumber/><Surname>{_e(p['surname'])}</Surname>"
            f"<Forename>{_e(p['forename'])}</Forename><DOB>{p['dob']}</DOB><Gender>{p['gender']}</Gender>"
            f"<BasicDetails><PreferredSurname>{_e(p['pref_surname'])}</PreferredSurname>"
            f"<PreferredForename>{_e(p['pref_forename'])}</PreferredForename><NCyearActual>{p['year']}</NCyearActual>"
            f"<MedicalFlag>false</MedicalFlag><EnrolStatus>C</EnrolStatus><SENprovision>{p['sen']}</SENprovision>"
            f"</BasicDetails><LookedAfter><InCare>{p['in_care']}</InCare></LookedAfter>{fsm}"
            f"<Address><BS7666Address><PAON>{_e(p['paon'])}</PAON><Street>{_e(p['street'])}</Street>"
            f"<Town>{_e(p['town'])}</Town></BS7666Address><Postcode>{p['postcode']}</Postcode></Address>"
            f"<Phones><Phone><TelephoneType>H</TelephoneType><PhoneNo>{p['phone']}</PhoneNo></Phone></Phones>"
            f"<Email>{_e(p['email'])}</Email><Contacts>{contacts}</Contacts><Attendance/></Pupil>"
        )
    out.append("</CTFpupilData></CTfile>")
    return "\n".join(out).encode("utf-8")


CSV_HEADER = [
    "UPN", "Legal Surname", "Legal Forename", "Preferred Surname", "Preferred Forename", "Date of Birth", "Gender",
    "Year Group", "Reg Group", "SEN Status", "FSM Eligible", "In Care", "Address Line 1", "Address Line 2", "Town",
    "Postcode", "Home Telephone", "Pupil Email", "Contact 1 Name", "Contact 1 Relationship",
    "Contact 1 Parental Responsibility", "Contact 1 Phone", "Contact 1 Email", "Contact 2 Name",
    "Contact 2 Relationship", "Contact 2 Parental Responsibility", "Contact 2 Phone", "Contact 2 Email",
]


def csv_row(n: int, **extra: str) -> dict[str, str]:
    row = dict.fromkeys(CSV_HEADER, "")
    row.update({
        "UPN": upn(n), "Legal Surname": f"Pupil{n}", "Legal Forename": "Sam", "Date of Birth": "14/03/2011",
        "Gender": "F", "Year Group": "Year 10", "Reg Group": "10B", "SEN Status": "N", "FSM Eligible": "No",
        "In Care": "No", "Address Line 1": "12 Mill Lane", "Town": "Anytown", "Postcode": "AB1 2CD",
        "Home Telephone": "01234 567890", "Contact 1 Name": "Jo Pupil", "Contact 1 Relationship": "Mother",
        "Contact 1 Parental Responsibility": "Yes", "Contact 1 Phone": "07700 900001",
    })
    row.update(extra)
    return row


def csv_file(rows: list[dict[str, str]], header: list[str] | None = None, encoding: str = "utf-8",
             bom: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header or CSV_HEADER, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data
