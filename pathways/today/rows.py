"""The arrangements the trust dashboard counts, read as plain values rather than model instances.

The dashboard shows each school's counts, not its lines, so it needs of each arrangement only what its
case reads and what the counting reads: about 1,900 arrangements with their pupils for a trust of 36
schools on every request. Read as model instances (with the pupil's forty columns) they cost more CPU
than the rows themselves; read as values into the two small classes below, only the columns the case and
the counts read. A school's Today page, which shows each line with its pupil and its action, keeps the
model instances.

The cases built from these are the same, field for field, as those built from the model instances, so
their findings' keys (pathways.today.judgements) are the same, and the dashboard and the Today pages keep
one set of findings (tests/today/test_dashboard_rows.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from pathways.arrangements.models import Arrangement
from pathways.cases.casefiles import PUPIL_FIELDS  # what a case reads of the pupil

ARRANGEMENT_FIELDS = ("id", "school_id", "pupil_id", "provider_id", "kind", "reason", "start", "end", "status",
                      "suspension_days", "year11_exams_finished")
# Read with the arrangements, in the same query (today.items, today.judgements.with_stamps).
ANNOTATIONS = ("in_scope", "chronology_stamp", "register_stamp")


class PlainPupil:
    """A pupil as the dashboard's cases read it."""

    __slots__ = ("id", *PUPIL_FIELDS)
    id: int

    def __init__(self, pupil_id: int, values: tuple[Any, ...]) -> None:
        self.id = pupil_id
        for name, value in zip(PUPIL_FIELDS, values, strict=True):
            setattr(self, name, value)

    @property
    def pk(self) -> int:
        return self.id


class PlainArrangement:
    """An arrangement as the dashboard's cases and counts read it; `school` and `provider` are set by the
    reader, `case_timetables` and `case_steps` by `casefiles.read_usual_weeks`."""

    __slots__ = (*ARRANGEMENT_FIELDS, *ANNOTATIONS, "pupil", "school", "provider", "case_timetables", "case_steps",
                 "awaits_trust")
    id: int
    pupil_id: int
    suspension_days: list[str]
    pupil: PlainPupil
    school: Any
    provider: Any

    def __init__(self, values: tuple[Any, ...]) -> None:
        arrangement = values[:len(ARRANGEMENT_FIELDS)]
        for name, value in zip(ARRANGEMENT_FIELDS, arrangement, strict=True):
            setattr(self, name, value)
        rest = values[len(ARRANGEMENT_FIELDS):]
        self.pupil = PlainPupil(self.pupil_id, rest[:len(PUPIL_FIELDS)])
        for name, value in zip(ANNOTATIONS, rest[len(PUPIL_FIELDS):], strict=True):
            setattr(self, name, value)
        self.school = self.provider = None
        self.awaits_trust = False

    @property
    def pk(self) -> int:
        return self.id

    @property
    def suspension_dates(self) -> list[dt.date]:  # as Arrangement.suspension_dates
        return [dt.date.fromisoformat(d) for d in self.suspension_days]


def plain_rows(arrangements: QuerySet[Arrangement]) -> list[Any]:
    """The arrangements (annotated with ANNOTATIONS, in their order) as PlainArrangement, with their pupils:
    one query, as the queryset with `select_related("pupil")` would be."""
    fields = (*ARRANGEMENT_FIELDS, *(f"pupil__{name}" for name in PUPIL_FIELDS), *ANNOTATIONS)
    return [PlainArrangement(values) for values in arrangements.values_list(*fields)]
