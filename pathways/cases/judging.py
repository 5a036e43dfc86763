"""Judging a case: the one place the web app asks the policy engine and hears that it cannot judge.

    judge(case, as_of=None)   -> Judged: the engine's Result, or a CannotJudge finding
    attempt(ask, *args)       -> what `ask` returns, or a CannotJudge finding (a parameter, a code set, a
                                 rule asked on its own: the register's deadlines, an MIS row's code set)

The engine raises `PolicyError` when the law and policies it holds say nothing for a date a case asks
about: a parameter asked for before its first value (a session before the school's pack was issued), a
school's own setting that leaves a level out, a register date before the first code set. Pathways never
guesses a default and never leaves such an arrangement out: it is a finding of its own, "cannot be
judged", which says why in the school's words, what fixes it and on which page. Today shows it to the
arrangement's lead and the whole-school roles with that action; the calendar feed, the digest, the
compliance chart, the governors' report and the arrangement page all count and show it the same way
(docs/policy-engine.md, "Judging a case from the web app"; docs/reports.md).

The engine's errors carry what this needs (`subject`, `name`, `description`, `on`, `first`:
pathways.policy.errors), so nothing here reads their messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pathways.policy import casefile as cf
from pathways.policy import evaluate, parameters
from pathways.policy.engine import Result, fmt
from pathways.policy.errors import CODE_SET, PARAMETER, PolicyError

_T = TypeVar("_T")

# The pages that fix it (URL names): the school policy page and the register take the school's id, the
# arrangement's page the school's and the arrangement's.
SCHOOL_POLICY, REGISTER, ARRANGEMENT = "school-policy", "register-day", "arrangement-detail"
LEADERS_ONLY = frozenset({SCHOOL_POLICY})  # pages only the headteacher and the DSL open
SOURCE = "The law and the school's policies as Pathways holds them"


@dataclass(frozen=True)
class CannotJudge:
    """Why the engine cannot judge a case, and what fixes it."""

    reason: str        # why, in the school's words (a sentence without its full stop)
    action: str        # the one action that fixes it
    page: str          # the URL name of the page where that is done (it takes the school's id)
    on: dt.date | None = None   # the date the engine was asked about
    query: str = ""    # added to the page's URL (e.g. "?date=2005-07-01")

    @property
    def leaders_only(self) -> bool:
        """Whether only the headteacher and the DSL can open the page that fixes it."""
        return self.page in LEADERS_ONLY

    def ask(self) -> str:
        """The action for someone who cannot do it themselves: ask those who can."""
        return f"Ask the headteacher or DSL to {self.action[:1].lower()}{self.action[1:]}"

    @property
    def text(self) -> str:
        """"Cannot be judged: <reason>. <Action>." for a page or an email."""
        return f"Cannot be judged: {self.reason}. {self.action}."

    def url(self, school_id: int, arrangement_id: int | None = None) -> str:
        """The page that fixes it (the arrangement's page needs the arrangement's id)."""
        from django.urls import reverse

        args = (school_id, arrangement_id) if self.page == ARRANGEMENT else (school_id,)
        return reverse(self.page, args=args) + self.query

    def as_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "action": self.action, "page": self.page,
                "on": self.on.isoformat() if self.on else None, "query": self.query}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CannotJudge:
        return cls(data["reason"], data["action"], data["page"],
                   dt.date.fromisoformat(data["on"]) if data.get("on") else None, data.get("query", ""))


@dataclass(frozen=True)
class Judged:
    """The engine's result for a case, or why it has none."""

    result: Result | None
    cannot: CannotJudge | None = None


def judge(case: cf.Case, as_of: dt.date | None = None) -> Judged:
    """The case judged by the engine (as of `as_of`, else the case's own day)."""
    got = attempt(evaluate, case, as_of=as_of) if as_of is not None else attempt(evaluate, case)
    if isinstance(got, CannotJudge):
        return Judged(None, got)
    return Judged(got)


def attempt(ask: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | CannotJudge:
    """What `ask(*args, **kwargs)` gives, or why the engine cannot say (see the module docstring)."""
    try:
        return ask(*args, **kwargs)
    except PolicyError as error:
        return cannot_judge(error)


def cannot_judge(error: PolicyError) -> CannotJudge:
    """The engine's error in the school's words, with the action and the page that fix it."""
    on = error.on
    what = _setting(error)
    held = parameters.PARAMETERS.get(error.name) if error.subject == PARAMETER else None
    if held is not None and not held.overridable and on is not None:
        if error.first is not None and on < error.first:  # the law as Pathways holds it starts later
            return CannotJudge(
                f"the law as Pathways holds it gives {what} only from {fmt(error.first)}, and this arrangement "
                f"needs it for {fmt(on)}", "Check the dates recorded for the arrangement", ARRANGEMENT, on)
        return CannotJudge(  # a school's setting for a value the law sets (kept from before it was refused)
            f"the school's settings give their own {what}, which the law sets and no school can change",
            f"Remove the school's own {what} on the school policy page", SCHOOL_POLICY, on)
    if error.subject == PARAMETER and on is not None and error.first is not None and on < error.first:
        return CannotJudge(
            f"the policies Pathways holds give {what} only from {fmt(error.first)}, "
            f"and this arrangement needs it for {fmt(on)}",
            f"Give the school's own {what} on the school policy page", SCHOOL_POLICY, on)
    if error.subject == PARAMETER and on is not None:
        return CannotJudge(
            f"the school's own {what} leaves a level out, and no value held for {fmt(on)} gives it",
            f"Give every level of the school's own {what} on the school policy page", SCHOOL_POLICY, on)
    if error.subject == CODE_SET and on is not None:
        first = f" (the earliest starts on {fmt(error.first)})" if error.first else ""
        return CannotJudge(
            f"no register code set is held for {fmt(on)}{first}, so its sessions cannot be coded",
            "Correct the date on the register", REGISTER, on, f"?date={on.isoformat()}")
    return CannotJudge(f"the policies Pathways holds do not cover it ({error})",
                       "Check the school's policy packs and settings on the school policy page", SCHOOL_POLICY, on)


def _setting(error: PolicyError) -> str:
    """The parameter as the school policy page names it: its description, without the full stop or the
    explanation in brackets."""
    text = (error.description or error.name.replace("_", " ")).split(" (")[0].strip().rstrip(".")
    return f"“{text[:1].lower()}{text[1:]}”" if text else "a setting"
