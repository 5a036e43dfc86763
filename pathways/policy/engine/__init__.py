"""The rule engine: a registry of requirement rules, the context they read a case through, the
timing primitives every duty shares, and `evaluate`.

A rule is one function per requirement id (spec/requirements.yaml, copied as requirements.yaml
beside this package), registered with `@rule("ID")`. It receives a `Context` and returns an
`Outcome`, several Outcomes (one per occurrence, e.g. per session or per request), or None when
the requirement does not apply to the case at all. How to write one: docs/policy-engine.md.

Status semantics are case-file.md "Semantics" to the letter:

* one-off duties: met if the event exists dated on or before as_of (late if after the deadline);
  due (with the deadline) if not and as_of is on or before the deadline; unmet after it.
* recurring duties (half-termly, termly, every N days or school days): unmet if a deadline passed
  with no event in its window and none since; else due if the window containing as_of has no event
  yet; else met. A late event cures a breach (the result is met with late: true).
* several results for one id: the worst (unmet, then due, then met); not_applicable occurrences are
  left out when some apply.

    result = evaluate(case)                  # or evaluate(case, as_of=date(...))
    result_to_json(result)                   # the pathways-result/1 dict

One module per part, every name importable from here (`from pathways.policy.engine import Context,
Outcome, rule, met, unmet, due, not_applicable, fmt`):

    outcomes     Outcome, met/unmet/due/not_applicable, combine, fmt
    registry     the catalogue, @rule, rules()
    context      Context: what a rule reads a case through
    timing       the timing primitives (one-off, before start, N school days after start, half-termly,
                 termly, every N days, whenever), Context's methods
    evaluation   evaluate, Result, RequirementResult, result_to_json
"""

from pathways.policy.engine.context import (
    Context,
    EventFilter,
)
from pathways.policy.engine.evaluation import (
    RESULT_FORMAT,
    RequirementResult,
    Result,
    evaluate,
    result_to_json,
)
from pathways.policy.engine.outcomes import (
    SEVERITY,
    STATUSES,
    Outcome,
    RuleReturn,
    combine,
    due,
    fmt,
    met,
    not_applicable,
    unmet,
)
from pathways.policy.engine.registry import (
    CATALOGUE,
    REGISTRY,
    Rule,
    RuleFunction,
    at_the_end,
    breaches,
    is_breach,
    kinds_at_the_end,
    rule,
    rules,
)

__all__ = [
    "CATALOGUE",
    "REGISTRY",
    "RESULT_FORMAT",
    "SEVERITY",
    "STATUSES",
    "Context",
    "EventFilter",
    "Outcome",
    "RequirementResult",
    "Result",
    "Rule",
    "RuleFunction",
    "RuleReturn",
    "at_the_end",
    "breaches",
    "combine",
    "due",
    "evaluate",
    "fmt",
    "is_breach",
    "kinds_at_the_end",
    "met",
    "not_applicable",
    "result_to_json",
    "rule",
    "rules",
    "unmet",
]
