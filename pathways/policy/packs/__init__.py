"""One module per policy pack; importing this package registers every pack's rules.

national is always in force; the others apply when a case lists them under `policies`.
"""

from pathways.policy.packs import (  # noqa: F401
    alternative_pathways,
    national,
    online_learning_packages,
    remote_education_offer,
    return_to_learn,
    special_school_remote,
)
