"""Unique pupil numbers (UPN): the DfE check-letter algorithm, permanent and temporary forms.

A UPN has 13 characters: a check letter, a 3-digit local authority number, a 4-digit establishment
number, a 2-digit year of allocation and a 3-digit serial. A permanent UPN ends in a digit; a
temporary UPN ends in a letter from the check-letter table (so never I, O or S).

The check letter (DfE, "Unique Pupil Numbers (UPN): guidance for schools and local authorities",
check-letter calculation): multiply characters 2 to 13 by the weights 2 to 13, a letter in
position 13 counting as its place in the table (A=0 … Z=22); the sum modulo 23, looked up in
"ABCDEFGHJKLMNPQRTUVWXYZ", is the check letter.

A UPN is judged exactly as written (case-file.md, "Either/or"): lower case is invalid, and the check
letter is None when the characters after the first are malformed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(LETTERS)}
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class UpnCheck:
    upn: str
    valid: bool
    temporary: bool
    check_letter: str | None
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "upn": self.upn,
            "valid": self.valid,
            "temporary": self.temporary,
            "check_letter": self.check_letter,
            "error": self.error,
        }


def check_letter(upn: str) -> str | None:
    """The check letter that characters 2-13 of `upn` call for, or None when they are malformed."""
    if len(upn) != 13:
        return None
    total = 0
    for weight, ch in enumerate(upn[1:12], start=2):
        if ch not in _DIGITS:
            return None
        total += weight * (ord(ch) - 48)
    last = upn[12]
    if last in _DIGITS:
        total += 13 * (ord(last) - 48)
    elif last in _VALUE:
        total += 13 * _VALUE[last]
    else:
        return None
    return LETTERS[total % 23]


def check_upn(upn: str) -> UpnCheck:
    """Judge a UPN as written. `error` says in plain words what is wrong, or is None when valid."""
    temporary = len(upn) == 13 and upn[12] not in _DIGITS
    letter = check_letter(upn)
    error: str | None = None
    if len(upn) != 13:
        error = f"a UPN has 13 characters, this has {len(upn)}"
    elif any(ch not in _DIGITS for ch in upn[1:12]):
        error = "characters 2 to 12 must be digits (LA, establishment, year and serial numbers)"
    elif letter is None:
        if upn[12].upper() in ("I", "O", "S"):
            error = "a temporary UPN cannot end in I, O or S"
        elif upn[12].islower():
            error = "UPNs are written in capital letters"
        else:
            error = f"the last character must be a digit or one of the letters {LETTERS}"
    elif upn[0] != letter:
        if upn[0].isalpha() and upn[0].upper() == letter:
            error = "UPNs are written in capital letters"
        else:
            error = f"wrong check letter: it should be {letter}"
    return UpnCheck(upn=upn, valid=error is None, temporary=temporary, check_letter=letter, error=error)
