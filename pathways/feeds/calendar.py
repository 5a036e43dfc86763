"""The events of one member of staff's calendar feed, as iCalendar text.

Which arrangements: in each school the user holds a role in, a headteacher, DSL or trust lead sees
every arrangement that is active or awaiting approval; anyone else sees those they lead
(`Arrangement.lead`). Each event is all-day, has a UID that stays the same while the
thing it describes does (so a calendar app updates it rather than adding a copy) and names this
installation by its host (`step-12@pathways.trust.example`), so two installations never share one;
it names the pupil by first name and last initial only, links back to the arrangement's page, and its
description says what to do and gives the link to the page that does it. An arrangement the policy
engine cannot judge is an event on today's date, "Cannot be judged: <the action that fixes it>", every day
until the school fixes it (pathways.cases.judging): never left out of the feed.

The queries are fixed whatever the number of arrangements: the arrangements, the bulk case files,
their steps and their risk assessments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar, Event

from pathways.arrangements.models import ARRANGEMENT_KIND_LABELS, Arrangement, Status, Step
from pathways.arrangements.requirement_links import targets_for
from pathways.cases.casefiles import cases_for
from pathways.cases.judging import judge
from pathways.policy.engine import rules
from pathways.safeguarding.models import RiskAssessment
from pathways.safeguarding.models import Status as RiskStatus
from pathways.schools.access import TRUST_LEAD, access_for

SHOWN_STATUSES = (Status.ACTIVE, Status.AWAITING_APPROVAL)
WHOLE_SCHOOL_ROLES = frozenset({"headteacher", "dsl", TRUST_LEAD})


@dataclass(frozen=True)
class FeedEvent:
    uid: str                      # unique within this installation; ical_text adds the host
    day: dt.date
    summary: str
    arrangement: Arrangement
    todo: str = ""                # the description's first line: what to do
    path: str = ""                # the page that does it (the arrangement's page when empty)

    def link(self) -> str:
        return self.path or reverse("arrangement-detail", args=[self.arrangement.school_id, self.arrangement.pk])


def arrangements_in_feed(user: Any) -> list[Arrangement]:
    access = access_for(user)
    whole = [s for s in access.school_ids if access.roles_in(s) & WHOLE_SCHOOL_ROLES]
    own = [s for s in access.school_ids if s not in whole]
    if not access.school_ids:
        return []
    scope = Q(school_id__in=whole) | Q(school_id__in=own, lead=user)
    return list(Arrangement.objects.filter(scope, status__in=SHOWN_STATUSES)
                .select_related("pupil", "school").order_by("id"))


def short_name(arrangement: Arrangement) -> str:
    pupil = arrangement.pupil
    initial = (pupil.last_name[:1] + ".") if pupil.last_name else ""
    return f"{pupil.first_name} {initial}".strip()


def feed_events(user: Any, today: dt.date) -> list[FeedEvent]:
    arrangements = arrangements_in_feed(user)
    if not arrangements:
        return []
    by_id = {a.pk: a for a in arrangements}
    titles = {r.id: r.title for r in rules()}
    events: list[FeedEvent] = []

    def add(uid: str, day: dt.date | None, what: str, a: Arrangement, todo: str, path: str = "") -> None:
        if day is not None:
            events.append(FeedEvent(uid, day, f"{what}: {short_name(a)} ({a.school.name})", a, todo, path))

    for pk, case in cases_for(Arrangement.objects.filter(pk__in=by_id), as_of=today).items():
        judged = judge(case)
        if judged.cannot is not None:  # shown, never dropped: on today, until the school fixes it
            add(f"cannot-be-judged-{pk}", today, f"Cannot be judged: {judged.cannot.action}", by_id[pk],
                f"Pathways cannot judge this arrangement until the school {judged.cannot.action[:1].lower()}"
                f"{judged.cannot.action[1:]}.")
        result = judged.result
        for r in result.requirements if result is not None else ():
            if r.due is not None and r.status in ("due", "unmet"):
                title = titles.get(r.id, r.id)
                targets = targets_for(r.id, by_id[pk], r.message)
                todo = f"{targets[0].label} by {r.due:%-d %b %Y}." if targets else f"Due by {r.due:%-d %b %Y}."
                add(f"requirement-{r.id}-{pk}", r.due, title, by_id[pk], todo, targets[0].url if targets else "")
    for step in Step.objects.filter(arrangement_id__in=by_id).order_by("from_date"):
        hours = f"{step.hours_in_school.normalize():f}"
        a = by_id[step.arrangement_id]
        add(f"step-{step.pk}", step.from_date, f"Phased return: {hours} hours a week in school", a,
            f"From this day the timetable gives {hours} hours a week in school: check the pupil's timetable "
            "and tell the staff who teach them.",
            _reverse_or_empty("timetable-edit", a.school_id, a.pk))
    for ra in RiskAssessment.objects.filter(arrangement_id__in=by_id, status=RiskStatus.COMPLETED,
                                            next_version__isnull=True, next_review_due__isnull=False):
        a = by_id[ra.arrangement_id]
        add(f"risk-assessment-review-{ra.pk}", ra.next_review_due, "Risk assessment review", a,
            "Review the risk assessment: open it, check each risk and record the review.",
            _reverse_or_empty("risk-assessment-review", a.school_id, ra.pk))
    for a in arrangements:
        kind = ARRANGEMENT_KIND_LABELS.get(a.kind, a.kind)
        add(f"arrangement-end-{a.pk}", a.end, f"{kind.capitalize()} ends", a,
            f"This arrangement ({kind}) is planned to end on this day: end it, or extend it after a review, "
            "on its page.")
    return sorted(events, key=lambda e: (e.day, e.uid))


def _reverse_or_empty(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def ical_text(user: Any, today: dt.date, link: Callable[[str], str], host: str) -> bytes:
    """`link` turns a site path into an absolute URL; `host` (this installation's host name) makes each
    UID unique across installations, as RFC 5545 recommends."""
    domain = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    cal = Calendar()
    cal.add("prodid", "-//Pathways//Calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Pathways")
    stamp = dt.datetime.now(dt.UTC)
    for e in feed_events(user, today):
        ev = Event()
        ev.add("uid", f"{e.uid}@{domain}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + dt.timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("description", f"{e.todo}\n{link(e.link())}" if e.todo else link(e.link()))
        ev.add("url", link(e.link()))
        cal.add_component(ev)
    return bytes(cal.to_ical())
