"""Each arrangement's findings for Today (the engine's due and unmet requirements, a written review request
still owed a meeting, a missed step-up), judged once and kept until something they read changes.

    findings_for(arrangements, shells, as_of) -> {arrangement id: [Finding]}

`shells` are the arrangements' cases as of `as_of` built without their events and sessions
(`cases_on(..., events=False, register=NO_SESSIONS)`), with the arrangements read `with_stamps`. The key
of an arrangement's findings is a hash of:

- its shell, whole: the pupil, the arrangement with its usual week and steps, the provider with its
  checks and the count of its other full-time pupils, the school's policy packs, settings and type,
  its half-terms and closures, and the day;
- its chronology's and its pupil's register stamps (pathways.today.models), raised by the database on
  every write to an event or a mark, and (the pupil's) to a contact of the family's log or a live session
  the pupil took part in (migration 0003), which the case reads too;
- the engine itself: the source of the policy package, the packs' parameters, the words of "cannot be
  judged" (pathways.cases.judging) and this module (`ENGINE_VERSION`), and the number of rules
  it holds, so new rules judge again after an upgrade.

So the findings are those the engine gives now, exactly: only the events and sessions go unread when
nothing changed, and the stamps say whether they did. The kept findings are read in one query; the
arrangements whose key has changed (or that were never judged, or were judged another day) are built
whole, judged, and kept again in one more. The first Today of a day judges every arrangement in scope
afresh (the day is in the key); the digest, sent before school, does that for most of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from pathways.arrangements.models import Arrangement
from pathways.cases import judging
from pathways.cases.casefiles import MISSED_SESSIONS, fill_cases
from pathways.policy import casefile as cf
from pathways.policy.calendar import SchoolCalendar
from pathways.policy.engine import REGISTRY, Context, Outcome
from pathways.policy.packs.return_to_learn import phased_increase
from pathways.today.models import ChronologyStamp, Judgement, RegisterStamp

# The kinds for which the law makes answering a written review request a duty (NAT-DIRECTION-REVIEW-REQUEST).
REVIEW_REQUEST_DUTY_KINDS = frozenset({"alternative_provision", "off_site_direction"})
REVIEW_REQUEST_SCHOOL_DAYS = 10
RETURN_TO_LEARN = "return-to-learn"  # the pack whose RTL-PHASED-INCREASE judges phased steps
_Arrangements = TypeVar("_Arrangements", bound=QuerySet[Arrangement])
REQUIREMENT, REVIEW_REQUEST, STEP_UP = "requirement", "review_request", "step_up"
CANNOT_JUDGE = "cannot_judge"  # the engine cannot judge the case (pathways.cases.judging)


def _engine_version() -> str:
    here = Path(__file__).resolve()
    package = here.parent.parent
    files = sorted((package / "policy").rglob("*.py")) + sorted((package / "policy").rglob("*.yaml"))
    files += [package / "cases" / "casefiles.py", package / "cases" / "judging.py", here]
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


ENGINE_VERSION = _engine_version()


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: str               # REQUIREMENT, REVIEW_REQUEST, STEP_UP or CANNOT_JUDGE
    status: str             # "unmet" (overdue) or "due"; "cannot" for CANNOT_JUDGE
    due: dt.date | None     # for CANNOT_JUDGE, the date the engine was asked about
    message: str
    source: str
    requirement: str = ""   # the requirement's id, for a REQUIREMENT
    cannot: judging.CannotJudge | None = None   # for CANNOT_JUDGE: why, and what fixes it

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "status": self.status, "due": self.due.isoformat() if self.due else None,
                "message": self.message, "source": self.source, "requirement": self.requirement,
                "cannot": self.cannot.as_json() if self.cannot else None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        cannot = data.get("cannot")
        return cls(data["kind"], data["status"], dt.date.fromisoformat(data["due"]) if data["due"] else None,
                   data["message"], data["source"], data.get("requirement", ""),
                   judging.CannotJudge.from_json(cannot) if cannot else None)


def with_stamps(arrangements: _Arrangements) -> _Arrangements:
    """The arrangements with their chronology's and pupil's register stamps (`chronology_stamp`,
    `register_stamp`; 0 before the first write), read in the same query as the arrangements and so
    before any of their events or marks."""
    return arrangements.annotate(
        chronology_stamp=Coalesce(Subquery(
            ChronologyStamp.objects.filter(arrangement_id=OuterRef("pk")).values("n")[:1]), 0),
        register_stamp=Coalesce(Subquery(
            RegisterStamp.objects.filter(pupil_id=OuterRef("pupil_id")).values("n")[:1]), 0),
    )


CASE_FIELDS = tuple(f.name for f in dataclasses.fields(cf.Case))
# The parts of a case that the cases of a school share (the same object, built once): written once.
SHARED_PARTS = frozenset({"calendar", "settings", "policies"})


def key_of(shell: cf.Case, chronology_stamp: int, register_stamp: int, written: dict[int, str] | None = None) -> str:
    """The key of an arrangement's findings: what they were judged from (see the module's docstring), every
    field of the case as built without events and sessions, and the stamps that stand for those.
    `written` keeps the text of the parts cases share, for the keys of one batch of cases."""
    parts = [ENGINE_VERSION, str(len(REGISTRY)), str(chronology_stamp), str(register_stamp)]
    for name in CASE_FIELDS:
        value = getattr(shell, name)
        if written is not None and name in SHARED_PARTS:
            text = written.get(id(value))
            if text is None:
                text = written[id(value)] = repr(value)
        else:
            text = repr(value)
        parts.append(text)
    return hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()


def findings_for(arrangements: Iterable[Arrangement], shells: Mapping[int, cf.Case],
                 as_of: dt.date) -> dict[int, list[Finding]]:
    """The findings of each arrangement (read `with_stamps`) as of `as_of`, kept ones where their key still
    holds, the others judged now and kept. Two queries when every one is kept; three more otherwise."""
    arrangements = list(arrangements)
    written: dict[int, str] = {}  # the shared parts' text, by the part (all alive in `shells` meanwhile)
    keys = {a.pk: key_of(shells[a.pk], a.chronology_stamp, a.register_stamp, written)  # type: ignore[attr-defined]
            for a in arrangements}
    out: dict[int, list[Finding]] = {}
    for pk, key, findings in Judgement.objects.filter(arrangement_id__in=list(keys), as_of=as_of).values_list(
        "arrangement_id", "key", "findings"
    ):
        if keys.get(pk) == key:
            out[pk] = [Finding.from_json(f) for f in findings]
    # in key order, so that two requests keeping the same findings take their rows' locks in one order
    stale = sorted((a for a in arrangements if a.pk not in out), key=lambda a: a.pk)
    if not stale:
        return out
    whole = fill_cases(stale, {as_of: {a.pk: shells[a.pk] for a in stale}}, register=MISSED_SESSIONS)[as_of]
    calendars: dict[int, SchoolCalendar | None] = {}
    fresh = []
    for a in stale:
        out[a.pk] = judge(whole[a.pk], calendars)
        fresh.append(Judgement(arrangement_id=a.pk, as_of=as_of, key=keys[a.pk],
                               findings=[f.as_json() for f in out[a.pk]]))
    Judgement.objects.bulk_create(fresh, update_conflicts=True, unique_fields=["arrangement_id"],
                                  update_fields=["as_of", "key", "findings"])
    return out


def judge(case: cf.Case, calendars: dict[int, SchoolCalendar | None] | None = None) -> list[Finding]:
    """What Today shows of one whole case: the engine's due and unmet requirements, each written review
    request with no review since (for the kinds the law does not cover: for alternative provision and an
    off-site direction NAT-DIRECTION-REVIEW-REQUEST is among the requirements), a missed step-up
    where the school does not follow the Return to Learn pack (whose RTL-PHASED-INCREASE reports it), and
    "cannot be judged" (with why and the fix) when the engine cannot judge the case."""
    out: list[Finding] = []
    judged = judging.judge(case)
    if judged.cannot is not None:
        out.append(cannot_finding(judged.cannot))
    if judged.result is not None:
        out += [Finding(REQUIREMENT, r.status, r.due, r.message, r.source, r.id)
                for r in judged.result.requirements if r.status in ("unmet", "due")]
    out += _review_requests(case, calendars if calendars is not None else {})
    step_up = _missed_step_up(case)
    if step_up is not None and not (step_up.kind == CANNOT_JUDGE and judged.cannot is not None):
        out.append(step_up)
    return out


def cannot_finding(cannot: judging.CannotJudge) -> Finding:
    """The engine cannot judge the case (or its phased steps): a finding of its own, shown once."""
    return Finding(CANNOT_JUDGE, "cannot", cannot.on, f"Cannot be judged: {cannot.reason}", judging.SOURCE,
                   cannot=cannot)


def _review_requests(case: cf.Case, calendars: dict[int, SchoolCalendar | None]) -> list[Finding]:
    """A written request for a review with no review held since: the meeting is still owed to whoever
    asked, ten school days from the request."""
    if case.arrangement.kind in REVIEW_REQUEST_DUTY_KINDS:
        return []
    reviews = [e.date for e in case.events if e.type == "review"]
    out = []
    for request in case.events:
        if request.type != "review_request" or request.written is False:
            continue
        if any(day >= request.date for day in reviews):
            continue
        calendar = _calendar(case, calendars)
        due = (calendar.school_days_after(request.date, REVIEW_REQUEST_SCHOOL_DAYS) if calendar is not None
               else request.date + dt.timedelta(days=14))
        by = "the local authority" if request.by == "la" else "the parents"
        out.append(Finding(REVIEW_REQUEST, "due", due,
                           f"A review meeting was requested in writing by {by} on {request.date:%-d %b %Y}; "
                           f"no meeting has been held since", "Review request"))
    return out


def _calendar(case: cf.Case, calendars: dict[int, SchoolCalendar | None]) -> SchoolCalendar | None:
    """The case's calendar if it has half-terms (built once for the cases sharing it)."""
    key = id(case.calendar)
    if key not in calendars:
        built = SchoolCalendar.from_case(case.calendar)
        calendars[key] = built if built.has_half_terms else None
    return calendars[key]


def _missed_step_up(case: cf.Case) -> Finding | None:
    """A phased step whose date has come while the usual week still gives fewer hours in school: the same
    judgement, in the same words, as RTL-PHASED-INCREASE, for schools that do not follow its pack."""
    if RETURN_TO_LEARN in case.policies or not case.arrangement.steps:
        return None
    outcome = judging.attempt(phased_increase, Context(case))
    if isinstance(outcome, judging.CannotJudge):
        return cannot_finding(outcome)
    if not isinstance(outcome, Outcome) or outcome.status != "unmet":
        return None
    return Finding(STEP_UP, "unmet", outcome.due, outcome.message, "Phased return (001 protocol; 004 §4.3(4))")
