"""The alternative-pathways pack: 004_cfdf22cfedd26194.txt, a trust's Alternative Education Pathways
policy (Our Lady of Lourdes CMAT, issued 19 Jul 2023, updated 20 Nov 2024), one module per part:

- `alternative_provision`: §3 and Appendices 1a-6 (the AP-* ids);
- `part_time_timetables`: §4 and Appendix 7 (the PTT-* ids);
- `flexi_schooling`: §5 and Appendix 8 (the FLX-* ids).

Each requirement id of this pack in requirements.yaml is one function, registered with `@rule("ID")`;
its docstring quotes the duty and cites the source (file and section). Where the catalogue gives no
timing, the docstring says which reading the rule follows; each reading is also listed under
"Interpretations" in docs/policy-engine.md. The pack's parameters are in
parameters/alternative-pathways.yaml.
"""

from pathways.policy.packs.alternative_pathways import (  # noqa: F401  (registers the rules)
    alternative_provision,
    flexi_schooling,
    part_time_timetables,
)
