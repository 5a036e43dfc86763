"""The alternative-pathways pack: 004_cfdf22cfedd26194.txt, a trust's Alternative Education Pathways
policy (2024): alternative provision, part-time timetables, flexi-schooling.

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). See
docs/policy-engine.md for how to write one.
"""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, rule  # noqa: F401
