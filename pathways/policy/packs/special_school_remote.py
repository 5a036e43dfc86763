"""The special-school-remote pack: 003_29c0046e967bce47.txt, a special school's remote learning policy (2022).

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). See
docs/policy-engine.md for how to write one.
"""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, rule  # noqa: F401
