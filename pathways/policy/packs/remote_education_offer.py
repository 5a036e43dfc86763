"""The remote-education-offer pack: 002_c7c503eced1a63bd.txt, a schools trust's remote learning pack
for leaders (2020-21); school-level duties.

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). See
docs/policy-engine.md for how to write one.
"""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, rule  # noqa: F401
