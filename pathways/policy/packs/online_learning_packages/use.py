"""When online learning is used: a permitted reason, medical evidence, a healthcare or SEND plan, a
behaviour direction, notice by the sixth day, and a full-time package. Each rule's docstring cites
its section of 000."""

from __future__ import annotations

from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, fmt, met, rule, unmet
from pathways.policy.packs.online_learning_packages._common import (
    ADEQUATE_MEDICAL_EVIDENCE,
    CONSULTANT_LEVEL,
    NOT_EDUCATED,
    PERMITTED_REASONS,
    TAUGHT_ELSEWHERE,
    _applies,
)


@rule("OLP-PERMITTED-USE")
def permitted_use(ctx: Context) -> Outcome | None:
    """Duty: "reason is medical, injury, behaviour or suspension; anything else is not a permitted use".
    000 §3 "When is it appropriate to use Online Learning?" lists (1) medical cases: a health need
    pending consultant-level evidence, or "a short term injury/ recuperation period"; (2) "for the
    purposes of improving behaviour"; (3) "Day 6 provision following a fixed term exclusion" (Annex F
    repeats the list). Unmet whenever the reason is anything else.

    Interpretation: an arrangement that gives no reason is not shown to be a permitted use, so it is
    unmet too; the duty holds from the day the arrangement is planned (no deadline), as
    NAT-PTT-NOT-BEHAVIOUR does.
    """
    if not _applies(ctx):
        return None
    reason = ctx.arrangement.reason
    allowed = "a medical need, a short-term injury, improving behaviour or the sixth day of a suspension"
    if reason is None:
        return unmet(f"No reason is recorded for the online learning: it may be used only for {allowed}.")
    return ctx.whenever(
        reason in PERMITTED_REASONS,
        met_message=f"Online learning is used for a permitted reason: {PERMITTED_REASONS.get(reason, '')}.",
        unmet_message=f"Online learning may be used only for {allowed}; this arrangement's reason is "
        f"{reason.replace('_', ' ')}.",
    )


@rule("OLP-MEDICAL-EVIDENCE")
def medical_evidence(ctx: Context) -> Outcome | None:
    """Duty: "evidence from a consultant-level medical professional, or confirmation that the pupil is on a
    waiting list; a GP note is not adequate"; unmet from start without medical_evidence whose source is
    consultant, community_paediatrician, camhs_psychiatrist or waiting_list. (000 §3(1): "online
    learning can be accessed as an interim measure pending suitable evidence from a medical
    professional at consultant level. The pupil MUST be on a waiting list for this to be appropriate.
    A GP note is not adequate evidence.") Applies to online learning for a medical reason.

    Evidence received after the start meets the duty late; a GP note, or evidence whose source is not
    given, never meets it.
    """
    if not _applies(ctx) or ctx.arrangement.reason != "medical":
        return None
    gp = ctx.first("medical_evidence", where=lambda e: e.source == "gp")
    gp_note = (
        f" Only a GP note is recorded ({fmt(gp.date)}), and a GP note is not adequate evidence."
        if gp is not None
        else " A GP note is not adequate evidence."
    )
    return ctx.before_start(
        "medical_evidence",
        where=lambda e: e.source in ADEQUATE_MEDICAL_EVIDENCE,
        what="consultant-level medical evidence or waiting-list confirmation",
        met_message="Adequate medical evidence (consultant level or waiting-list confirmation) received on {done}.",
        due_message="Consultant-level medical evidence, or confirmation that the pupil is on a waiting "
        "list, is needed before the online learning starts on {deadline}." + gp_note,
        unmet_message="No consultant-level medical evidence or waiting-list confirmation before the online "
        "learning started on {deadline}." + gp_note,
    )


@rule("OLP-HEALTHCARE-PLAN")
def healthcare_plan(ctx: Context) -> Outcome | None:
    """Duty: "an individual healthcare plan shows how the medical needs are met (Annex B)"; unmet from start
    without healthcare_plan. (000 §3(1): "Any child accessing online learning in the above way MUST
    have a medical plan produced by school to show how the medical needs are being addressed (Annex
    B)".) Applies to online learning for a medical reason or an injury."""
    if not _applies(ctx) or ctx.arrangement.reason not in ("medical", "injury"):
        return None
    return ctx.before_start(
        "healthcare_plan",
        what="individual healthcare plan",
        met_message="Individual healthcare plan agreed on {done}.",
        due_message="An individual healthcare plan showing how the medical needs are met is needed before "
        "the online learning starts on {deadline}.",
        unmet_message="No individual healthcare plan before the online learning started on {deadline}.",
    )


@rule("OLP-SEND-PLAN")
def send_plan(ctx: Context) -> Outcome | None:
    """Duty: "the SEND plan says how the pupil's needs are met through the online provision"; unmet from
    start without send_plan_updated. (000 §3(1) N.B.: "For any pupils with a diagnosed SEND need then
    the SEND plan should indicate how the child's specific existing needs can be met through the
    online learning provision.") Applies when the pupil has SEN support or an EHC plan."""
    if not _applies(ctx) or ctx.pupil.send not in ("sen_support", "ehcp"):
        return None
    return ctx.before_start(
        "send_plan_updated",
        what="SEND plan showing how the online provision meets the pupil's needs",
        met_message="The SEND plan was updated on {done} to say how the online provision meets the pupil's needs.",
        due_message="The SEND plan must say how the online provision meets the pupil's needs before it "
        "starts on {deadline}.",
        unmet_message="The SEND plan did not say how the online provision meets the pupil's needs before "
        "it started on {deadline}.",
    )


@rule("OLP-BEHAVIOUR-DIRECTION")
def behaviour_direction(ctx: Context) -> Outcome | None:
    """Duty: "a direction with objectives that say how the provision improves behaviour, evidenced in the
    behaviour plan"; unmet from start without direction_notice and behaviour_plan_updated. (000 §3(2):
    "A direction would be required. The objectives on the direction must identify how this provision
    will improve the child's behaviour"; "This is most likely to be evidenced within the Student's
    individual behaviour plan.") Applies to online learning to improve behaviour. Both records are
    needed; each is judged as a one-off duty due by the start."""
    if not _applies(ctx) or ctx.arrangement.reason != "behaviour":
        return None
    return all_of(
        ctx.before_start(
            "direction_notice",
            what="written direction",
            met_message="Written direction given on {done}.",
            due_message="A written direction, with objectives saying how the online learning improves "
            "behaviour, is needed before it starts on {deadline}.",
            unmet_message="No written direction before the online learning for behaviour started on {deadline}.",
        ),
        ctx.before_start(
            "behaviour_plan_updated",
            what="behaviour plan showing how the online learning improves behaviour",
            met_message="The behaviour plan was updated on {done} to show how the online learning improves behaviour.",
            due_message="The behaviour plan must show how the online learning improves behaviour before "
            "it starts on {deadline}.",
            unmet_message="The behaviour plan did not show how the online learning improves behaviour "
            "before it started on {deadline}.",
        ),
    )


@rule("OLP-DAY6-NOTICE")
def day6_notice(ctx: Context) -> Outcome | None:
    """Duty: "a notice to attend elsewhere (direction_notice) and full-time provision"; unmet from start
    without direction_notice. (000 §3(3), Day 6 provision following a fixed term exclusion: "A notice
    to attend elsewhere is required"; "The provision offered must be full time (online may be simply
    part of a full time package)".) Applies to online learning for a suspension.

    Interpretation: this id judges the notice, as its timing says; whether the provision is full time
    is judged by OLP-FULL-TIME-PACKAGE (and NAT-SUSPENSION-DAY6), so one gap is not reported twice.
    """
    if not _applies(ctx) or ctx.arrangement.reason != "suspension":
        return None
    return ctx.before_start(
        "direction_notice",
        what="notice to attend the provision",
        met_message="Notice to attend the provision given on {done}.",
        due_message="A written notice to attend the provision is needed before it starts on {deadline}.",
        unmet_message="No written notice to attend the provision before it started on {deadline}.",
    )


@rule("OLP-FULL-TIME-PACKAGE")
def full_time_package(ctx: Context) -> Outcome | None:
    """Duty: "online learning is part of a full-time package, never the whole of it; the timetable has
    sessions at school or a provider besides online ones, unless the pupil has an EHCP or
    consultant-level medical evidence for part-time"; unmet from start. (000 §3: "The package must be
    part of a full time programme"; 000 Annex C(2): "Online learning cannot offer a full time
    solution"; "where education is not full time it must be evidenced through EHCP or medical
    evidence (consultant level)".)

    Interpretation: the usual week is full time when every session is online, at school, at a provider
    or at another school, and at least one is not online; a `home` or `not_required` session makes it
    part time. Consultant-level evidence is medical_evidence from a consultant, community
    paediatrician or CAMHS psychiatrist (a waiting-list confirmation or a GP note is not evidence for
    part time); evidence received after the start meets the duty late.
    """
    if not _applies(ctx):
        return None
    timetable = ctx.arrangement.timetable
    online = timetable.count("online")
    elsewhere = sum(timetable.count(w) for w in TAUGHT_ELSEWHERE)
    gaps = sum(timetable.count(w) for w in NOT_EDUCATED)
    if elsewhere > 0 and gaps == 0:
        return met(
            f"Online learning is part of a full-time week: {online} online session"
            f"{'s' if online != 1 else ''} and {elsewhere} at school or a provider."
        )
    if elsewhere == 0:
        problem = (
            f"Online learning is the whole of the pupil's week ({online} online session"
            f"{'s' if online != 1 else ''}, none at school or a provider)"
        )
    else:
        problem = (
            f"The pupil's week is not full time ({gaps} session{'s' if gaps != 1 else ''} at home or not required)"
        )
    if ctx.pupil.ehcp:
        return met(f"{problem}; part-time provision is supported by the pupil's EHC plan.")
    evidence = ctx.first("medical_evidence", where=lambda e: e.source in CONSULTANT_LEVEL)
    return ctx.one_off(
        ctx.start,
        evidence.date if evidence is not None else None,
        what="consultant-level medical evidence for part-time provision",
        met_message=f"{problem}; consultant-level medical evidence for part-time provision received on {{done}}.",
        due_message=f"{problem}. It must be part of a full-time package from the start on {{deadline}}, "
        "unless an EHC plan or consultant-level medical evidence supports part-time provision.",
        unmet_message=f"{problem}. It must be part of a full-time package, and no EHC plan or "
        "consultant-level medical evidence supports part-time provision (start {deadline}).",
    )
