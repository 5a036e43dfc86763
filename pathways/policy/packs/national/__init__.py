"""The national pack: current statutory rules and DfE guidance, always in force.

Sources: the Education (Pupil Registration) (England) Regulations 2024 (SI 2024/208); Working
together to improve school attendance (Aug 2024) (WTISA); Providing remote education (Aug 2024);
Arranging alternative provision (2025); Keeping children safe in education (KCSIE); the Education
(Educational Provision for Improving Behaviour) Regulations 2010 (SI 2010/1156) and their 2012
amendment (SI 2012/2532); Education Act 1996 s19 and s463; SI 2007/1870 and SI 2014/3216 (provision
from the sixth day of suspension); Arranging education for children who cannot attend school because
of health needs (Dec 2023). The seeds quote several of them: 000 Annex A, 004 §3 and §4.

One module per subject of the duties:

- `codes`: the register, recorded codes against the code set and the derived codes (NAT-CODE-*);
- `absence`: ten days of unexplained absence, fifteen days of illness (NAT-TEN-DAY-ABSENCE, NAT-HEALTH-15-DAYS);
- `part_time_timetables`: agreement, end date, not for behaviour, professionals (NAT-PTT-*);
- `directions`: off-site direction notice and review requests (NAT-DIRECTION-*);
- `alternative_provision`: parents' information, plan, reintegration, provider checks and
  registration, EHCP (NAT-AP-*, NAT-PROVIDER-*);
- `suspension`: provision from the sixth day (NAT-SUSPENSION-DAY6);
- `remote`: remote education as a time-limited part of a plan (NAT-REMOTE-*).

Each requirement id is one function, registered with `@rule("ID")`; its docstring quotes the duty.
Every number and date a duty depends on is a parameter (parameters/national.yaml), read with ctx.param.
"""

from pathways.policy.packs.national import (  # noqa: F401  (registers the rules)
    absence,
    alternative_provision,
    codes,
    directions,
    part_time_timetables,
    remote,
    suspension,
)
