"""The online-learning-packages pack: 000_9aba48fecd4ef049.txt, a local authority's guidance to schools
on commercial online learning packages (June 2019), with Annexes A-F.

Each requirement id of this pack in requirements.yaml is one function, registered with `@rule("ID")`;
its docstring quotes the duty and cites the source (file and section). Every rule applies only to an
arrangement of kind `online_learning`. Where the wording needed interpreting, the docstring says how,
and docs/policy-engine.md ("Interpretations") lists the reading. One module per part:

- `use`: when online learning may be used and on what evidence and plans;
- `provider`: what the school checks and agrees with the provider;
- `pupil`: the pupil's own arrangements (checklist, induction, welfare, absence, reviews, governors).
"""

from pathways.policy.packs.online_learning_packages import (  # noqa: F401  (registers the rules)
    provider,
    pupil,
    use,
)
