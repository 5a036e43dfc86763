"""The daily digest: each member of staff's Today list by email, once a school day.

One email per person covering every school they hold a role in: what is overdue, due today and due
this week (with a count of what is coming up later), each line with its urgency, what is needed, the
pupil (first name and last initial only: an email travels further than Pathways) and a link to the
page that resolves it. A trust lead gets each school's counts, linking to that school's Today page,
as the trust's Today page shows them. Nobody with nothing due, overdue or alerted gets an email, and
provider staff never do.

`send_digests(now)` sends them (the `digest` command, and the worker's daily job at the configured time:
pathways.notifications.jobs). `DigestSent` records each one with the email, so a restart never sends a second.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pathways.notifications.actions import do_send_digest
from pathways.notifications.models import DigestSent
from pathways.policy.calendar import SchoolCalendar
from pathways.schools.access import TRUST_LEAD, access_for, forget_access
from pathways.schools.calendar import school_calendars
from pathways.schools.models import School, User
from pathways.today.item import LATER, OVERDUE, TODAY, URGENCIES, WEEK, Item, counts
from pathways.today.items import today_items

SENT_NOW = (OVERDUE, TODAY, WEEK)
URGENCY_NAMES = dict(URGENCIES)


def pupil_initials(pupil: Any) -> str:
    """"Ava O.": the first name and the last initial, all an email needs to say who."""
    if pupil is None:
        return ""
    last = (pupil.last_name or "").strip()
    return f"{pupil.first_name} {last[:1]}." if last else str(pupil.first_name)


@dataclass(frozen=True)
class Line:
    urgency: str
    urgency_name: str
    what: str
    pupil: str
    about: str
    due: dt.date | None
    action: str
    url: str


@dataclass
class SchoolPart:
    school: School
    today_url: str
    counts: dict[str, int]
    lines: list[Line] = field(default_factory=list)  # empty for a trust lead's counts
    counts_only: bool = False

    @property
    def pressing(self) -> int:
        return sum(self.counts[u] for u in SENT_NOW)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(u, URGENCY_NAMES[u], self.counts[u]) for u in SENT_NOW]

    @property
    def groups(self) -> list[tuple[str, str, list[Line]]]:
        out = [(u, URGENCY_NAMES[u], [line for line in self.lines if line.urgency == u]) for u in SENT_NOW]
        return [g for g in out if g[2]]


@dataclass
class Digest:
    user: Any
    day: dt.date
    parts: list[SchoolPart]

    @property
    def counts(self) -> dict[str, int]:
        return {u: sum(p.counts[u] for p in self.parts) for u, _ in URGENCIES}

    @property
    def pressing(self) -> int:
        return sum(p.pressing for p in self.parts)

    @property
    def subject(self) -> str:
        c = self.counts
        said = [f"{c[u]} {URGENCY_NAMES[u].lower()}" for u in SENT_NOW if c[u]]
        return f"Pathways today, {self.day:%a} {self.day.day} {self.day:%b}: {', '.join(said)}"


def _absolute(base_url: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{base_url}{url}"


def _lines(items: Iterable[Item], base_url: str) -> list[Line]:
    return [Line(i.urgency, URGENCY_NAMES[i.urgency], i.what, pupil_initials(i.pupil),
                 "" if i.pupil is None and i.what.startswith(i.about) else i.about,  # a provider's own check
                 i.due, i.action, _absolute(base_url, i.url)) for i in items if i.urgency in SENT_NOW]


def recipients(usernames: Iterable[str] | None = None) -> QuerySet[User]:
    """Active staff with an email address and a role in a school or a trust; never a provider's staff."""
    users = (User.objects.filter(is_active=True).exclude(email="")
             .filter(Q(staff_roles__isnull=False) | Q(trust_roles__isnull=False))
             .exclude(provider_staff__isnull=False).distinct().order_by("username"))
    if usernames is not None:
        users = users.filter(username__in=list(usernames))
    return users



def digest_for(user: Any, now: dt.datetime, *, base_url: str | None = None,
               calendars: dict[int, SchoolCalendar] | None = None) -> Digest | None:
    """The user's digest for the day of `now`, or None when nothing is overdue, due today or this week
    in any of their schools. With `calendars`, only the schools having a school day that day count."""
    base_url = base_url or settings.PATHWAYS_BASE_URL
    day = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    access = access_for(user)
    schools = School.objects.filter(id__in=access.school_ids).select_related("trust").order_by("name")
    parts: list[SchoolPart] = []
    for school in schools:
        if calendars is not None and not calendars[school.id].is_school_day(day):
            continue
        roles = access.roles_in(school.id)
        items = today_items(school, user, roles, now)
        today_url = _absolute(base_url, reverse("today", args=(school.id,)))
        counts_only = roles == frozenset({TRUST_LEAD})
        part = SchoolPart(school, today_url, counts(items), [] if counts_only else _lines(items, base_url),
                          counts_only)
        if part.pressing:
            parts.append(part)
    if not parts:
        return None
    parts.sort(key=lambda p: (p.counts_only, -p.counts[OVERDUE], -p.counts[TODAY], p.school.name))
    return Digest(user, day, parts)


def message_for(digest: Digest, *, base_url: str | None = None,
                connection: Any = None) -> EmailMultiAlternatives:
    base_url = base_url or settings.PATHWAYS_BASE_URL
    trust_ids = sorted(access_for(digest.user).trust_ids)
    context = {
        "digest": digest, "user": digest.user, "parts": digest.parts, "counts": digest.counts,
        "urgencies": [(u, URGENCY_NAMES[u]) for u in SENT_NOW], "later": LATER,
        "trust_urls": [_absolute(base_url, reverse("trust-today", args=(t,))) for t in trust_ids],
        "account_url": _absolute(base_url, reverse("home")),
    }
    text = render_to_string("notifications/digest.txt", context)
    html = render_to_string("notifications/digest.html", context)
    message = EmailMultiAlternatives(subject=digest.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[digest.user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    nothing: list[str] = field(default_factory=list)        # nothing due, overdue or alerted
    already: list[str] = field(default_factory=list)        # sent earlier that day
    failed: list[tuple[str, str]] = field(default_factory=list)
    would: list[tuple[str, str]] = field(default_factory=list)  # dry run: (username, subject)


def send_digests(
    now: dt.datetime, *, usernames: Iterable[str] | None = None, dry_run: bool = False, school_days_only: bool = False,
    base_url: str | None = None, progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Send each recipient their digest of the day of `now`, at most one a day. A failure to send to one
    person is reported and the others are still sent; nothing is recorded for that person, so the next
    run tries again."""
    day = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    users = list(recipients(usernames))
    done = set(DigestSent.objects.filter(date=day, user__in=users).values_list("user_id", flat=True))
    calendars = None
    if school_days_only:
        school_ids: set[int] = set()
        for user in users:
            school_ids |= access_for(user).school_ids
        calendars = school_calendars(school_ids)
    report = Report(already=[u.username for u in users if u.id in done])
    users = [u for u in users if u.id not in done]
    for n, user in enumerate(users, start=1):
        if progress is not None:
            progress(n, len(users))
        digest = digest_for(user, now, base_url=base_url, calendars=calendars)
        if digest is None:
            report.nothing.append(user.username)
            continue
        if dry_run:
            report.would.append((user.username, digest.subject))
            continue
        message = message_for(digest, base_url=base_url)
        try:
            do_send_digest(user=user, day=day, message=message, items=digest.pressing, now=now)
        except IntegrityError:
            report.already.append(user.username)  # another process sent it meanwhile
        except (smtplib.SMTPException, OSError) as error:
            report.failed.append((user.username, f"{type(error).__name__}: {error}"))
        else:
            report.sent.append(user.username)
        forget_access(user)
    return report


def is_due(now: dt.datetime, digest_time: str) -> bool:
    """From the configured time (local) on, Monday to Friday."""
    local = timezone.localtime(now) if timezone.is_aware(now) else now
    hours, minutes = (int(x) for x in digest_time.split(":"))
    return local.weekday() < 5 and (local.hour, local.minute) >= (hours, minutes)
