"""Validation of a school's own policy: the packs it has adopted and its parameter overrides.

They are what a case file's `policies` and `settings` say, so the policy engine's reader judges them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from pathways.policy import parameters
from pathways.policy.casefile import PACKS

# `national` is always in force; a school chooses among the others.
OPTIONAL_PACKS = tuple(p for p in PACKS if p != "national")


def validate_policy_packs(value: Any) -> None:
    if not isinstance(value, list):
        raise ValidationError("Policy packs must be a list.")
    unknown = [p for p in value if p not in OPTIONAL_PACKS]
    if unknown:
        raise ValidationError(
            f"Unknown policy pack: {', '.join(map(str, unknown))}. Choose from {', '.join(OPTIONAL_PACKS)}."
        )
    if len(set(value)) != len(value):
        raise ValidationError("Each policy pack may be listed once.")


def validate_policy_settings(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Policy settings must be a mapping of setting name to value.")
    problems = []
    for key, raw in value.items():
        got = parameters.validate_override(str(key), raw)
        if isinstance(got, parameters.Invalid):
            problems.append(f"{key}{got.subpath}: {got.message}")
    if problems:
        raise ValidationError("; ".join(problems))
