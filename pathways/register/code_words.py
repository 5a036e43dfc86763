"""A register code in the school's words, and one line on why a session carries a code staff would not
expect. The DfE code letters are for the staff who record the register (the role matrix's take_register);
everyone else reads the words.

Why-lines follow the code set's own meaning (Working together to improve school attendance, Aug 2024,
paras 283-407) and how Pathways derives a code (pathways.policy.codes.derive_code)."""

from __future__ import annotations

import datetime as dt

from pathways.policy.codes import code_set_on
from pathways.policy.errors import CodeSetError

# (code, kind of arrangement, where the pupil is) -> why; "" for any kind or place.
WHY = {
    ("C2", "return_to_learn", ""): "Why C2: a remote Return to Learn lesson is not attendance at school; the pupil "
                                   "is on a part-time timetable, so the session is authorised leave (C2).",
    ("C2", "part_time_timetable", ""): "Why C2: the pupil is on a part-time timetable and not expected in school "
                                       "this session, so it is authorised leave (C2).",
    ("C", "flexi_schooling", ""): "Why C: on flexi-schooling the parents educate the pupil at home this session, "
                                  "so it is leave of absence the school authorises (C), not attendance.",
    ("C", "remote_learning", ""): "Why C: remote education at home is not attendance at school, so the session "
                                  "is leave of absence the school authorises (C).",
    ("B", "", "provider"): "Why B: off-site education the school approved, supervised by the provider, counts "
                           "as attendance (B).",
    ("K", "", "provider"): "Why K: education arranged by the local authority counts as attendance (K).",
}


def in_words(code: str | None, day: dt.date) -> str:
    """"C2" -> "Leave of absence for a compulsory school age pupil subject to a part-time timetable", from
    the code set in force on `day`; "" for no code or one the set does not hold."""
    if not code:
        return ""
    try:
        found = code_set_on(day).codes.get(code)
    except CodeSetError:
        return ""
    if found is None:
        return ""
    return found.meaning[:1].upper() + found.meaning[1:]


def why(code: str | None, kind: str, where: str) -> str:
    """The one-line reason for a code that surprises staff, or "" where the code speaks for itself."""
    if not code:
        return ""
    return WHY.get((code, kind, ""), "") or WHY.get((code, "", where), "")
