"""The rule registry: the catalogue of requirements (requirements.yaml), `@rule("ID")` that registers
one function per requirement id, and `rules()` that lists them in catalogue order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import yaml

from pathways.policy.engine.outcomes import RuleReturn
from pathways.policy.errors import PolicyError

if TYPE_CHECKING:
    from pathways.policy.engine.context import Context

_CATALOGUE_PATH = Path(__file__).parent.parent / "requirements.yaml"


def _load_catalogue() -> dict[str, dict[str, Any]]:
    data = yaml.load(_CATALOGUE_PATH.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {entry["id"]: entry for entry in data["requirements"]}


CATALOGUE: dict[str, dict[str, Any]] = _load_catalogue()
_ORDER = {rid: i for i, rid in enumerate(CATALOGUE)}


RuleFunction: TypeAlias = Callable[["Context"], RuleReturn]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    title: str
    source: str
    duty: str
    function: RuleFunction
    params: tuple[str, ...] = ()  # the parameters it reads (tests/policy/test_rule_parameters.py checks)
    # A prohibition: while its verdict is not met (unmet, or due before the start), the arrangement itself
    # breaks the law (an unregistered school, a part-time timetable for behaviour), which no later entry of
    # the chronology puts right. Approval is refused, and pages show it as a breach, not as paperwork due.
    breach: bool = False
    # A duty the ending of the arrangement brings (due from its end: the provider's final report, the return
    # to class or the referral), with the kinds of arrangement it applies to. An arrangement ended in Pathways
    # stays on Today for these only, and only an arrangement of those kinds.
    at_the_end: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()


REGISTRY: dict[str, Rule] = {}


def _title(text: str) -> str:
    """A short title from the duty's text: its first clause, capitalised, at most about 90 characters."""
    text = " ".join(text.split())
    for stop in ("; ", ". ", " (", ": "):
        at = text.find(stop)
        if at >= 20:
            text = text[:at]
    if len(text) > 90:
        text = text[:88].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[:1].upper() + text[1:]


def rule(
    requirement_id: str,
    *,
    pack: str | None = None,
    title: str | None = None,
    source: str | None = None,
    params: Iterable[str] = (),
    breach: bool = False,
    at_the_end: Iterable[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a function as the rule for `requirement_id`. Pack, source and the duty's text come
    from the catalogue (requirements.yaml); pass them only for an id the catalogue lacks. `params`
    names every parameter the rule reads with ctx.param (`pathways rules --json` lists them). `breach`:
    the rule is a prohibition (see Rule.breach and `is_breach`). `at_the_end`: the kinds of arrangement whose
    end brings the duty (Rule.at_the_end)."""

    def register(function: RuleFunction) -> RuleFunction:
        entry = CATALOGUE.get(requirement_id, {})
        rule_pack = pack or entry.get("pack")
        rule_source = source or entry.get("source")
        if not rule_pack or not rule_source:
            raise PolicyError(f"{requirement_id}: not in the catalogue; give pack= and source=")
        if requirement_id in REGISTRY and REGISTRY[requirement_id].function is not function:
            raise PolicyError(f"{requirement_id}: registered twice")
        REGISTRY[requirement_id] = Rule(
            id=requirement_id,
            pack=rule_pack,
            title=title or _title(str(entry.get("rule", requirement_id))),
            source=str(rule_source),
            duty=str(entry.get("rule", "")),
            function=function,
            params=tuple(params),
            breach=breach,
            at_the_end=tuple(at_the_end),
        )
        return function

    return register


def is_breach(requirement_id: str, status: str | None) -> bool:
    """Whether a verdict is a breach of the law by the arrangement itself: a prohibition's verdict that is
    not met (unmet; or due, when the arrangement has not started: it would be a breach on its first day)."""
    found = REGISTRY.get(requirement_id)
    return found is not None and found.breach and status in ("unmet", "due")


def at_the_end(requirement_id: str) -> bool:
    """Whether the duty comes with the end of the arrangement (Rule.at_the_end)."""
    found = REGISTRY.get(requirement_id)
    return found is not None and bool(found.at_the_end)


def kinds_at_the_end() -> frozenset[str]:
    """The kinds of arrangement whose end brings a duty (Rule.at_the_end): those an ended one is judged for."""
    import_packs()
    return frozenset(kind for r in REGISTRY.values() for kind in r.at_the_end)


def breaches(requirements: Iterable[Any]) -> list[Any]:
    """The results (RequirementResult) among `requirements` that are breaches (`is_breach`)."""
    import_packs()
    return [r for r in requirements if is_breach(r.id, r.status)]


def rules(packs: Iterable[str] | None = None) -> list[Rule]:
    """Every registered rule (of `packs`, when given), in catalogue order."""
    import_packs()
    wanted = set(packs) if packs is not None else None
    found = [r for r in REGISTRY.values() if wanted is None or r.pack in wanted]
    return sorted(found, key=lambda r: (_ORDER.get(r.id, len(_ORDER)), r.id))


def import_packs() -> None:
    import pathways.policy.packs  # noqa: F401  (registers every pack's rules)
