"""Reading the establishments file that GIAS (Get Information About Schools) publishes.

The "edubasealldata" extract is a CSV with one row an establishment, read here by its own column
names (`URN`, `LA (code)`, `LA (name)`, `EstablishmentNumber`, `EstablishmentName`,
`TypeOfEstablishment (name)`, `EstablishmentTypeGroup (name)`, `EstablishmentStatus (name)`,
`PhaseOfEducation (name)`, ...). GIAS writes it in Windows-1252; a copy saved again by Excel may be
UTF-8 with a byte-order mark. Both are read. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

from pathways.schools.models import Phase, SchoolType

REQUIRED_COLUMNS = (
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)", "PhaseOfEducation (name)",
)
# Kept with each establishment when present: not needed to set a school up, useful to show.
OPTIONAL_COLUMNS = ("Street", "Town", "Postcode", "Trusts (name)")
# The statuses of an establishment a school may be set up for.
OPEN_STATUSES = frozenset({"Open", "Open, but proposed to close"})


class GiasError(ValueError):
    """The file cannot be read as a GIAS establishments file, or asks for something it does not hold."""


@dataclass(frozen=True)
class Establishment:
    urn: str
    name: str
    la_code: str
    la_name: str
    establishment_number: str
    type_name: str
    type_group: str
    status: str
    phase_name: str
    street: str = ""
    town: str = ""
    postcode: str = ""
    trust_name: str = ""

    @property
    def laestab(self) -> str:
        return f"{self.la_code}{self.establishment_number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def school_type(self) -> str:
        return school_type_for(self.type_name, self.type_group)

    @property
    def phase(self) -> str:
        return phase_for(self.phase_name, self.type_group)


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) when it is valid UTF-8, otherwise Windows-1252, GIAS's own."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise GiasError(
            f"The file is neither UTF-8 nor Windows-1252 text (byte {error.start + 1} cannot be read): "
            "download the establishments CSV from GIAS again."
        ) from None


def read_establishments(data: bytes) -> dict[str, Establishment]:
    """Every establishment in the file, by URN. Raises GiasError naming what is wrong with the file."""
    if b"\x00" in data[:4096]:
        raise GiasError("The file is not a CSV (it holds binary data): download the establishments CSV from GIAS.")
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise GiasError(
            "This is not a GIAS establishments file: it has no column " + ", ".join(f"“{c}”" for c in missing)
            + ". Download “Establishment fields” (edubasealldata) from Get Information About Schools."
        )
    reader.fieldnames = columns
    out: dict[str, Establishment] = {}
    try:
        for line, row in enumerate(reader, start=2):
            out_row = _establishment(row, line)
            if out_row is not None:
                out[out_row.urn] = out_row
    except csv.Error as error:
        raise GiasError(f"The file is not a readable CSV: {error}.") from None
    if not out:
        raise GiasError("The file has the GIAS columns but no establishments in it.")
    return out


def _establishment(row: dict[str, str | None], line: int) -> Establishment | None:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    urn = cell("URN")
    if not urn:
        return None
    if not urn.isdigit() or len(urn) > 6:
        raise GiasError(f"Line {line}: the URN “{urn}” is not a URN (six digits).")
    return Establishment(
        urn=urn.zfill(6), name=cell("EstablishmentName"), la_code=cell("LA (code)").zfill(3),
        la_name=cell("LA (name)"), establishment_number=cell("EstablishmentNumber").zfill(4),
        type_name=cell("TypeOfEstablishment (name)"), type_group=cell("EstablishmentTypeGroup (name)"),
        status=cell("EstablishmentStatus (name)"), phase_name=cell("PhaseOfEducation (name)"),
        street=cell("Street"), town=cell("Town"), postcode=cell("Postcode"), trust_name=cell("Trusts (name)"),
    )


def establishment_from_dict(data: dict[str, str]) -> Establishment:
    return Establishment(**data)


def school_type_for(type_name: str, type_group: str) -> str:
    """GIAS's type of establishment in the School model's words."""
    name, group = type_name.lower(), type_group.lower()
    if "pupil referral" in name or "alternative provision" in name:
        return SchoolType.PRU
    if "special" in name or group == "special schools":
        return SchoolType.SPECIAL
    if "academ" in name or "free school" in name or group in ("academies", "free schools"):
        return SchoolType.ACADEMY
    return SchoolType.MAINTAINED


def phase_for(phase_name: str, type_group: str) -> str:
    """GIAS's phase of education in the School model's words. Special schools and PRUs are often
    "Not applicable": they teach every age they take, so all-through."""
    phase = phase_name.lower()
    if phase == "nursery":
        return Phase.NURSERY
    if phase in ("primary", "middle deemed primary"):
        return Phase.PRIMARY
    if phase in ("secondary", "middle deemed secondary"):
        return Phase.SECONDARY
    if phase == "16 plus":
        return Phase.SIXTEEN_PLUS
    return Phase.ALL_THROUGH
