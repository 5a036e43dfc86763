"""The register: recorded attendance codes against the code set in force and the codes the engine
derives (SI 2024/208; WTISA Aug 2024)."""

from __future__ import annotations

from pathways.policy.codes import CODES_2006, CODES_2024, PRESENT, code_set_on
from pathways.policy.engine import Context, Outcome, fmt, met, rule, unmet
from pathways.policy.packs.national._common import _judged, _verdicts, _when


@rule("NAT-CODE-SET", title="Recorded codes are in the code set in force on the session's date")
def code_set(ctx: Context) -> list[Outcome] | None:
    """Duty: "A recorded code must be in the code set in force on the session's date. From 2024-08-19 that
    is / \\ L B D J1 K P V W C C1 C2 E G I M N O Q R S T U X Y1-Y7 Z #; H, J, Y and F are no longer
    valid. Before 2024-08-19 the 2006 set applies (including H, J, Y)." (SI 2024/208 reg 10; WTISA
    2024 paras 283-407.) A register code is judged by its session's date (case-file.md, Dated switches).
    Applies when the case lists sessions; with none recorded it is met."""
    if not ctx.sessions:
        return None
    recorded = [s for s in ctx.sessions if s.recorded is not None]
    if not recorded:
        return [met("No register codes are recorded in the listed sessions.")]
    out: list[Outcome] = []
    for s in recorded:
        codes, code = code_set_on(s.date), s.recorded or ""
        if not codes.valid_on(code, s.date):
            withdrawn = f" (withdrawn on {fmt(CODES_2024.start)})" if codes is CODES_2024 and code in CODES_2006 else ""
            gone = codes.withdrawn.get(code)
            if gone is not None:
                withdrawn = f" (withdrawn on {fmt(gone)})"
            out.append(unmet(f"{code} recorded for {_when(s)} is not in the {codes.name}{withdrawn}."))
    if not out:
        out.append(met(f"Every recorded code is in the code set in force on its date ({len(recorded)} checked)."))
    return out


@rule("NAT-CODE-PRESENT-ON-SITE", title="Present codes (/ \\ L) only when the pupil is physically in school")
def code_present_on_site(ctx: Context) -> list[Outcome] | None:
    """Duty: "Present codes only when the pupil is physically at the school when the register is taken (L if
    arrived after the register opened but before it closed; U if after it closed)." (SI 2024/208 reg
    10 Table 1; 001 Attendance coding: "Attendance can only be coded as present if a child is
    physically in school".) Applies to sessions whose recorded or derived code is / \\ or L."""
    sessions = [s for s in _judged(ctx) if s.code in PRESENT or s.recorded in PRESENT]
    wrong = [s for s in sessions if s.recorded in PRESENT and s.recorded != s.code]
    return _verdicts(sessions, wrong, "Present codes only where the pupil was in school")


@rule(
    "NAT-CODE-B",
    title="B only for school-approved, supervised provision away from school; never home or online",
)
def code_b(ctx: Context) -> list[Outcome] | None:
    """Duty: "B only for an approved educational activity arranged by the school, at a place other than the
    school, supervised by someone the school authorised; never for home, for work set for home, or for
    any remote or online provision (even a DfE-accredited online school)." (WTISA 2024; Providing
    remote education (Aug 2024); 000 Annex A.) Applies to sessions recorded or derived B."""
    sessions = [s for s in _judged(ctx) if s.code == "B" or s.recorded == "B"]
    wrong = [s for s in sessions if s.recorded == "B" and s.code != "B"]
    return _verdicts(sessions, wrong, "B only for school-arranged provision away from school")


@rule("NAT-CODE-K", title="K only for provision the local authority arranged; school-arranged provision is B")
def code_k(ctx: Context) -> list[Outcome] | None:
    """Duty: "K only when the local authority arranged the provision (s19(1) EA 1996, s42(2)/s61(1) CFA
    2014); school-arranged provision is B." (SI 2024/208 reg 10 Table 2.) Applies to sessions at a
    provider, and to any session recorded K."""
    sessions = [s for s in _judged(ctx) if s.where == "provider" or s.recorded == "K" or s.code == "K"]
    wrong = [s for s in sessions if (s.recorded == "K" and s.code != "K") or (s.recorded == "B" and s.code == "K")]
    return _verdicts(sessions, wrong, "K and B used as the provision was arranged")


@rule("NAT-CODE-REMOTE-ABSENT", title="Online and home sessions are absence codes, never present or B")
def code_remote_absent(ctx: Context) -> list[Outcome] | None:
    """Duty: "The code is an absence (or not-required) code, never present or approved educational activity.
    Part-time timetable of a compulsory-age pupil -> C2; flexi-schooling -> C; a pupil below or above
    compulsory school age not expected -> X; illness -> I." (Providing remote education (Aug 2024);
    WTISA 2024; 004 §5.2(5).) Applies to sessions whose slot is `online` or `home`; a recorded code
    other than the derived one is a breach."""
    sessions = [s for s in _judged(ctx) if s.where in ("online", "home")]
    wrong = [s for s in sessions if s.recorded is not None and s.recorded != s.code]
    return _verdicts(sessions, wrong, "Online and home sessions coded as absence, never present or B")


@rule("NAT-CODE-C2", title="C2 only for a compulsory-age pupil on an agreed temporary part-time timetable")
def code_c2(ctx: Context) -> list[Outcome] | None:
    """Duty: "C2 only for a compulsory-school-age pupil on a temporary part-time timetable agreed with a
    parent the pupil lives with (times and dates agreed)." (SI 2024/208 reg 11(6); 004 §4.2(3) says
    "X or C2": the product follows the 2024 regulations, X being only for pupils not of compulsory
    school age.)

    Interpretation: a session recorded C2 where C2 is not the right code is a breach; and C2 also
    needs the parent's agreement, so C2 recorded for a session with no parent_consent on or before its
    date is a breach (reg 11(6)(c)). A session whose C2 is only derived has no recorded code to fault
    (the missing agreement is NAT-PTT-AGREEMENT's breach).
    """
    sessions = [s for s in _judged(ctx) if s.code == "C2" or s.recorded == "C2"]
    if not sessions:
        return None
    out: list[Outcome] = []
    consents = ctx.events("parent_consent")
    for s in sessions:
        if s.recorded != "C2":
            continue
        # Two conditions, each named when missing: C2 is the right code for the session, and a
        # parent agreed to the timetable by then.
        missing: list[str] = []
        if s.code != "C2":
            missing.append(s.problems[-1])
        if not any(e.date <= s.date for e in consents):
            missing.append(
                "C2 needs a part-time timetable agreed with a parent the pupil lives with, and no parent "
                "agreement is recorded by then"
            )
        if missing:
            out.append(unmet(f"C2 recorded for {_when(s)}: {'; and '.join(missing)}."))
    if not out:
        out.append(met(f"C2 used only for the agreed part-time timetable ({len(sessions)} sessions)."))
    return out


@rule("NAT-CODE-SUSPENSION", title="E only on days of suspension without alternative provision")
def code_suspension(ctx: Context) -> list[Outcome] | None:
    """Duty: "E only while no alternative provision is made; once provision is made the session takes the
    code of that provision (B school-arranged, D another school where dual registered, K LA-arranged)
    or an absence code." (WTISA 2024 code E; SI 2007/1870.) Applies to suspensions; a recorded code
    on a day of suspension other than the derived one is a breach."""
    if ctx.kind != "suspension":
        return None
    sessions = [s for s in _judged(ctx) if s.suspension_day]
    wrong = [s for s in sessions if s.recorded is not None and s.recorded != s.code]
    out = _verdicts(sessions, wrong, "E only on days of suspension without provision")
    return out or [met("No listed session of the suspension is coded against its provision.")]
