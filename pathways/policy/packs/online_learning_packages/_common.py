"""What the online-learning-packages pack's modules share: the kind it applies to, the uses the
guidance allows, adequate medical evidence, and the helpers for the provider's records."""

from __future__ import annotations

import dataclasses

from pathways.policy.codes import CodedSession
from pathways.policy.engine import Context, Outcome, fmt, unmet

KIND = "online_learning"

# 000 §3: the only uses the guidance allows, and what each is in plain words.
PERMITTED_REASONS = {
    "medical": "a health need, pending consultant-level evidence",
    "injury": "a short-term injury or recuperation",
    "behaviour": "improving behaviour",
    "suspension": "provision from the sixth day of a suspension",
}

# 000 §3(1): "suitable evidence from a medical professional at consultant level" and "the pupil MUST
# be on a waiting list"; "A GP note is not adequate evidence".
CONSULTANT_LEVEL = ("consultant", "community_paediatrician", "camhs_psychiatrist")
ADEQUATE_MEDICAL_EVIDENCE = (*CONSULTANT_LEVEL, "waiting_list")

# Slots that are education at school or a provider besides the online lessons (000 Annex C(2)).
TAUGHT_ELSEWHERE = ("school", "provider", "another_school")
NOT_EDUCATED = ("home", "not_required")


def _applies(ctx: Context) -> bool:
    return ctx.kind == KIND


def _provider_name(ctx: Context) -> str:
    if ctx.provider is not None and ctx.provider.name:
        return ctx.provider.name
    return "the online provider"


def _provider_name_first(ctx: Context) -> str:
    """The provider's name at the start of a sentence."""
    name = _provider_name(ctx)
    return name[:1].upper() + name[1:]


def _with_message(outcome: Outcome, message: str) -> Outcome:
    return dataclasses.replace(outcome, message=message)


def _when(s: CodedSession) -> str:
    return f"{fmt(s.date)} {s.session.session.upper()}"


def _missed_online(ctx: Context) -> list[CodedSession]:
    """Listed sessions up to as_of in an online slot that the pupil did not attend."""
    return [s for s in ctx.sessions if s.where == "online" and not s.session.attended and s.date <= ctx.as_of]


def _provider_check(
    ctx: Context,
    check_type: str,
    *,
    what: str,
    met_message: str,
    due_message: str,
    unmet_message: str,
) -> Outcome:
    """A provider record of `check_type` needed by the start ("unmet from start"), met late when
    first recorded after it. A record with an expiry date stops counting on that day; expiry is
    judged on as_of, or on the arrangement's end when it ended earlier (the reading of NAT-AP-STAFF-
    CHECKS)."""
    records = [c for c in ctx.checks(check_type) if c.date <= ctx.as_of]
    outcome = ctx.one_off(
        ctx.start,
        records[0].date if records else None,
        what=what,
        met_message=met_message,
        due_message=due_message,
        unmet_message=unmet_message,
    )
    if outcome.status != "met":
        return outcome
    judge_day = ctx.as_of if ctx.end is None else min(ctx.as_of, ctx.end)
    if ctx.check_in_force(check_type, on=judge_day) is None:
        expired = [c.expires for c in records if c.expires is not None and c.expires <= judge_day]
        if expired:
            last = max(expired)
            return unmet(f"The record of {what} expired on {fmt(last)}.", due=last)
    return outcome
