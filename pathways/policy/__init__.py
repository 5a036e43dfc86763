"""Pathways' policy engine: pure Python (no Django), from a case file to requirement results and
register codes. See docs/policy-engine.md.

    from pathways.policy import load_case, evaluate, result_to_json
    case = load_case(text)                  # or read_case(path), parse_case(mapping)
    result = evaluate(case)                 # or evaluate(case, as_of=date(...))
    document = result_to_json(result)       # the pathways-result/1 dict
    dump_case(case)                         # the canonical case-file dict
"""

from pathways.policy.calendar import SchoolCalendar
from pathways.policy.casefile import Case, CaseFileError, dump_case, load_case, parse_case, read_case
from pathways.policy.engine import Result, evaluate, result_to_json
from pathways.policy.errors import CodeSetError, ParameterError, PolicyError
from pathways.policy.expect import check_expectations
from pathways.policy.upn import check_upn

__all__ = [
    "Case",
    "CaseFileError",
    "CodeSetError",
    "ParameterError",
    "PolicyError",
    "Result",
    "SchoolCalendar",
    "check_expectations",
    "check_upn",
    "dump_case",
    "evaluate",
    "load_case",
    "parse_case",
    "read_case",
    "result_to_json",
]
