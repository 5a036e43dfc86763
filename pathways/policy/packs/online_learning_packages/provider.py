"""The provider: the provider checklist, absence alerts, identity checks, commissioning, and its
child-protection policy. Each rule's docstring cites its section of 000."""

from __future__ import annotations

from pathways.policy.conditions import all_of
from pathways.policy.engine import Context, Outcome, met, rule, unmet
from pathways.policy.packs.online_learning_packages._common import (
    _applies,
    _missed_online,
    _provider_check,
    _provider_name,
    _provider_name_first,
    _when,
)


@rule("OLP-PROVIDER-CHECKLIST")
def provider_checklist(ctx: Context) -> Outcome | None:
    """Duty: "the provider checklist (Annex C: quality of education and safeguarding) completed and kept";
    unmet from start without provider check provider_checklist. (000 §4: "Annex C contains a checklist
    format that can be completed and retained as evidence of this process"; Annex C.) A record with
    an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name = _provider_name(ctx)
    return _provider_check(
        ctx,
        "provider_checklist",
        what=f"the provider checklist for {name}",
        met_message=f"The provider checklist (Annex C) for {name} was completed on {{done}}.",
        due_message=f"Complete the provider checklist (Annex C: quality of education and safeguarding) for "
        f"{name} before the online learning starts on {{deadline}}.",
        unmet_message=f"No provider checklist (Annex C) for {name} before the online learning started on {{deadline}}.",
    )


@rule("OLP-ABSENCE-ALERT")
def absence_alert(ctx: Context) -> Outcome | None:
    """Duty: "the provider alerts the school within the session when the pupil does not attend (check
    absence_alert_agreed); a session's absence reported after the session ended is a breach". (000 §4
    safeguarding: "How quickly is the school alerted to a student failing to attend a session? The
    provider should contact school within the session that the child has not attended"; Annex C
    safeguarding (3); Annex A, code B: "the provider of the alternative activity notifies the school of
    any absences".)

    Interpretation: the agreement is a provider check needed by the start (met late after it; a record
    with an expiry date stops counting on that day). Each missed online session (attended false in an
    `online` slot) up to as_of must have provider_reported_at no later than the end of that session,
    the school's register am_ends / pm_ends (12:00 and 15:30 by default, case-file.md Provider
    reporting); a report exactly at the end is in time, a later one or none is a breach.
    """
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    agreement = _provider_check(
        ctx,
        "absence_alert_agreed",
        what=f"the agreement that {name} alerts the school to absence within the session",
        met_message=f"{who} agreed on {{done}} to alert the school within the session when the pupil "
        "does not attend.",
        due_message=f"Agree with {name} that it alerts the school within the session when the pupil "
        "does not attend, before the online learning starts on {deadline}.",
        unmet_message=f"No agreement that {name} alerts the school within the session when the pupil "
        "does not attend, before the online learning started on {deadline}.",
    )
    out: list[Outcome] = []
    register = ctx.school.register
    for s in _missed_online(ctx):
        ends = register.ends(s.session.session)
        reported = s.session.provider_reported_at
        if reported is None:
            out.append(
                unmet(
                    f"{who} never told the school that the pupil missed the online session of {_when(s)}.",
                    due=s.date,
                )
            )
        elif reported > ends:
            out.append(
                unmet(
                    f"{who} told the school at {reported} that the pupil missed the online session of "
                    f"{_when(s)}, after the session ended at {ends}.",
                    due=s.date,
                )
            )
        else:
            out.append(
                met(f"{who} reported the missed online session of {_when(s)} at {reported}, within the session.")
            )
    return all_of(agreement, out)


@rule("OLP-IDENTITY")
def identity(ctx: Context) -> Outcome | None:
    """Duty: "the provider has a system to show it is this pupil who logged on, in the agreed location
    (check identity_checks)"; unmet from start. (000 §4 safeguarding: "How do we know that the child
    is in the agreed location and that it is that child who has logged on? E.g. IP address checks";
    Annex C safeguarding (4).) A record with an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    return _provider_check(
        ctx,
        "identity_checks",
        what=f"{name}'s checks that it is this pupil who logs on, in the agreed place",
        met_message=f"{who}'s system to check it is this pupil who logs on, in the agreed place, was "
        "confirmed on {done}.",
        due_message=f"Confirm how {name} checks it is this pupil who logs on, in the agreed place (e.g. IP "
        "address checks), before the online learning starts on {deadline}.",
        unmet_message=f"No record of how {name} checks it is this pupil who logs on, in the agreed place, "
        "before the online learning started on {deadline}.",
    )


@rule("OLP-COMMISSIONING")
def commissioning(ctx: Context) -> Outcome | None:
    """Duty: "a formal commissioning agreement, with initial and periodic (half-termly) reviews of the
    provider's quality and safeguarding (checks commissioning_agreement, quality_review)". (000 §5
    Quality of education: "There must be an initial and subsequently periodic reviews and checks of the
    online provider in terms of the quality of education and safeguarding through a formal
    commissioning agreement.")

    Interpretation: the commissioning agreement is the initial check, a provider check needed by the
    start (met late after it; a record with an expiry date stops counting on that day); the periodic
    reviews are quality_review provider checks, judged half-termly by their dates.
    """
    if not _applies(ctx):
        return None
    name = _provider_name(ctx)
    return all_of(
        _provider_check(
            ctx,
            "commissioning_agreement",
            what=f"the commissioning agreement with {name}",
            met_message=f"Formal commissioning agreement with {name} made on {{done}}.",
            due_message=f"A formal commissioning agreement with {name} is needed before the online learning "
            "starts on {deadline}.",
            unmet_message=f"No formal commissioning agreement with {name} before the online learning started "
            "on {deadline}.",
        ),
        ctx.half_termly(
            [c.date for c in ctx.checks("quality_review")],
            what=f"review of {name}'s quality of education and safeguarding",
        ),
    )


@rule("OLP-CP-POLICY")
def cp_policy(ctx: Context) -> Outcome | None:
    """Duty: "the provider was given the school's child protection policy and KCSIE part 1 (check
    child_protection_policy_shared)"; unmet from start. (000 §5 safeguarding: "Will the provider be
    issued with the schools CP policy/ KCSIE part 1"; Annex D(11): "Supply the provider with school CP
    policy and KCSIE part 1".) A record with an expiry date stops counting on that day."""
    if not _applies(ctx):
        return None
    name, who = _provider_name(ctx), _provider_name_first(ctx)
    return _provider_check(
        ctx,
        "child_protection_policy_shared",
        what=f"the school's child protection policy and KCSIE part 1 given to {name}",
        met_message=f"{who} was given the school's child protection policy and KCSIE part 1 on {{done}}.",
        due_message=f"Give {name} the school's child protection policy and KCSIE part 1 before the online "
        "learning starts on {deadline}.",
        unmet_message=f"{who} was not given the school's child protection policy and KCSIE part 1 before "
        "the online learning started on {deadline}.",
    )
