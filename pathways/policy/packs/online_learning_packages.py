"""The online-learning-packages pack: 000_9aba48fecd4ef049.txt, a local authority's guidance to schools
on commercial online learning packages (June 2019).

Each requirement id of this pack in requirements.yaml is one function here, registered with
`@rule("ID")`; its docstring quotes the duty and cites the source (file and section). See
docs/policy-engine.md for how to write one.
"""

from __future__ import annotations

from pathways.policy.engine import Context, Outcome, rule  # noqa: F401
