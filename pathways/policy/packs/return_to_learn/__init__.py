"""The return-to-learn pack: 001_39a9971d4272ef3e.txt, a school's online learning policy and Return to
Learn protocol (2025).

The seed's sections, cited in each rule: "Practice" (recordings of lessons and conversations), "Use of
Technology for Remote Learning" (opt-in consent for joining a group lesson off site), "Implementation"
(medical evidence, the Inclusion Support Service referral, attendance coding) and "Return to learn
protocol" (the ten steps from six weeks of failed support to the pupil's return to class).

Each requirement id of this pack in requirements.yaml is one function, registered with `@rule("ID")`;
its docstring quotes the duty and cites the source (file and section). Interpretations are also listed
in docs/policy-engine.md, "Interpretations". One module per stage or subject:

- `start`: before the start (the threshold, the Inclusion Support Service consulted);
- `meetings`: while it runs (planning meetings, fortnightly reports, the timetable's review and
  phased increase);
- `health`: medical evidence and the Inclusion Support Service referral;
- `online`: attendance codes, group-lesson consent, recordings;
- `outcome`: the end.
"""

from pathways.policy.packs.return_to_learn import (  # noqa: F401  (registers the rules)
    health,
    meetings,
    online,
    outcome,
    start,
)
from pathways.policy.packs.return_to_learn.meetings import phased_increase

__all__ = ["phased_increase"]
