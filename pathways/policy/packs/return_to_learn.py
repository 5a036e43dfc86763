"""The return-to-learn pack: 001_39a9971d4272ef3e.txt, a school's online learning policy and Return to
Learn protocol (2025).

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). See
docs/policy-engine.md for how to write one.
"""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, rule  # noqa: F401
