"""What Today keeps between requests: each arrangement's findings as last judged, and the stamps that say
whether they still hold.

Today judges every arrangement in scope, and each judgement reads the arrangement's chronology and the
pupil's register for the school year: for a trust, a year of marks on every request. The findings are
kept (`Judgement`) under a key of everything the judgement read (`pathways.today.judgements`): the case
as built without its events and sessions, which is cheap to read and is hashed whole, and two stamps that
stand for the rest, so that neither the chronology nor the register need be read to know they have not
changed:

- `ChronologyStamp`: a number the database raises whenever an event of the arrangement is added,
  changed or deleted;
- `RegisterStamp`: likewise for any register mark of the pupil.

The database raises them itself, by triggers (migration 0001), so no way of writing an event or a mark
can forget to: not the ORM, the bulk MIS import's COPY, a data migration or the admin shell. A stamp
only goes up, and is read before the events and marks are, so findings are never kept under a stamp
older than what they judged. A rolled-back write takes its stamp and any findings judged in the same
transaction with it.

Neither table has keys the database checks: a stamp outlives nothing it matters to, and a mark of a
pupil about to be deleted must still be able to raise one.
"""

from __future__ import annotations

from django.db import models


class RegisterStamp(models.Model):
    pupil_id = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"register of pupil {self.pupil_id}: {self.n}"


class ChronologyStamp(models.Model):
    arrangement_id = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"chronology of arrangement {self.arrangement_id}: {self.n}"


class Judgement(models.Model):
    """An arrangement's findings for Today as judged on `as_of`, under the key of what was judged."""

    arrangement_id = models.BigIntegerField(primary_key=True)
    as_of = models.DateField()
    key = models.CharField(max_length=64)
    findings = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"arrangement {self.arrangement_id} as of {self.as_of}"
