"""Generate a trust at full scale for the Today benchmark, into the database DATABASE_URL names.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pathways_scale_bench \\
        .venv/bin/python bench/generate_trust.py                 # 36 schools, 25,000 pupils, ...
    .venv/bin/python bench/generate_trust.py --scale 0.1          # a tenth of the pupils, arrangements, events, marks

At scale 1: one trust of 36 schools (each with its calendars for 2024-25 and 2025-26, a headteacher, a DSL, an
attendance officer and four teachers who lead arrangements), a trust lead, 25,000 pupils, 60 providers of the
trust with their due-diligence checks (some expired, some expiring within 30 days), 1,500 active arrangements of
every kind (and 300 ended ones), with their usual weeks, phased steps, 60,000 chronology events (some written
review requests still awaiting a meeting), a year of register marks for every pupil on an arrangement (about
570,000, both sessions of every school day of the year before TODAY), absence follow-ups and risk assessments.
The number of schools stays 36 at every scale (`--schools` changes it). The register of TODAY is left part
written: some provider sessions unreported past their deadline, some absences reported late.

Everything is written with bulk_create in batches (COPY for the marks on PostgreSQL); the database is migrated
first and must be empty. Deterministic for a seed. `generate(...)` is importable (tests build tiny trusts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
TODAY = dt.date(2026, 7, 15)   # a Wednesday near the end of the summer term
NOW = dt.datetime(2026, 7, 15, 10, 30)   # local (Europe/London) time on TODAY; made aware in generate()
PUPILS, ARRANGEMENTS, ENDED, EVENTS, PROVIDERS = 25_000, 1_500, 300, 60_000, 60
BATCH = 5_000

# A realistic mix: part-time timetables and alternative provision most, the rest less often.
KINDS = [
    ("part_time_timetable", 30), ("alternative_provision", 25), ("return_to_learn", 8), ("online_learning", 8),
    ("flexi_schooling", 5), ("off_site_direction", 6), ("health_needs", 6), ("remote_learning", 4),
    ("suspension", 8),
]
REASONS = {
    "part_time_timetable": ["mental_health", "ebsa", "medical", "reintegration"],
    "alternative_provision": ["exclusion_risk", "behaviour", "reintegration", "other"],
    "return_to_learn": ["ebsa", "mental_health", "medical"],
    "online_learning": ["medical", "injury", "behaviour"],
    "flexi_schooling": ["parental_request"],
    "off_site_direction": ["behaviour", "exclusion_risk"],
    "health_needs": ["medical", "mental_health"],
    "remote_learning": ["medical"],
    "suspension": ["suspension"],
}
WHERE = {
    "part_time_timetable": "home", "alternative_provision": "provider", "return_to_learn": "home",
    "online_learning": "online", "flexi_schooling": "home", "off_site_direction": "provider",
    "health_needs": "home", "remote_learning": "online", "suspension": "not_required",
}
SET_UP = {  # events recorded when the arrangement is set up
    "part_time_timetable": ["parent_consent", "plan_agreed", "reintegration_plan", "la_notified"],
    "alternative_provision": ["parent_information", "plan_agreed", "risk_assessment", "trust_consulted",
                              "provider_information_shared", "reintegration_plan"],
    "return_to_learn": ["support_strategies_started", "slt_decision", "iss_consulted", "planning_meeting"],
    "online_learning": ["medical_evidence", "healthcare_plan", "student_checklist", "induction",
                        "attendance_officer_informed", "equipment_agreement"],
    "flexi_schooling": ["parent_request", "written_agreement", "headteacher_approval"],
    "off_site_direction": ["direction_notice", "parent_information", "plan_agreed"],
    "health_needs": ["medical_evidence", "healthcare_plan", "la_notified"],
    "remote_learning": ["risk_assessment", "send_plan_updated"],
    "suspension": ["parent_information"],
}
RECURRING = {  # events that come back through the arrangement's life
    "part_time_timetable": ["review", "welfare_check", "progress_report", "pupil_views"],
    "alternative_provision": ["visit", "provider_report", "review", "progress_report", "welfare_check"],
    "return_to_learn": ["timetable_review", "provider_report", "planning_meeting", "welfare_check"],
    "online_learning": ["welfare_check", "progress_report", "review", "provider_report"],
    "flexi_schooling": ["review", "progress_report"],
    "off_site_direction": ["review", "visit", "provider_report", "progress_report"],
    "health_needs": ["review", "welfare_check", "progress_report"],
    "remote_learning": ["welfare_check", "progress_report"],
    "suspension": ["welfare_check"],
}
FIELDS: dict[str, dict[str, Any]] = {
    "parent_consent": {"written": True}, "parent_request": {"written": True},
    "review": {"outcome": "satisfactory", "parent_attended": True}, "welfare_check": {"kind": "phone"},
    "medical_evidence": {"source": "consultant"},
}
CHECKS = ["registration_checked", "staff_checks_confirmed", "safeguarding_policy", "child_protection_policy_shared",
          "health_and_safety", "initial_visit"]
PACKS = [["alternative-pathways", "return-to-learn"], ["alternative-pathways"], ["return-to-learn"], []]
FIRST = ["Amelia", "Noah", "Olivia", "Leo", "Isla", "Oscar", "Ava", "Arthur", "Mia", "Muhammad", "Ivy", "Harry",
         "Freya", "Jack", "Lily", "George", "Grace", "Theo", "Sophia", "Finley"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke"]


@dataclass
class Generated:
    trust: Any
    schools: list[Any]
    trust_lead: Any
    headteachers: dict[int, Any]     # school id -> the school's headteacher
    now: dt.datetime
    counts: dict[str, int]


def _n(full: int, scale: float) -> int:
    return max(1, round(full * scale))


def _school_days(half_terms: list[Any], closures: set[dt.date], first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    for h in half_terms:
        day = max(h.start, first)
        while day <= min(h.end, last):
            if day.weekday() < 5 and day not in closures:
                days.append(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def _week(kind: str, rng: random.Random) -> dict[str, dict[str, str]]:
    """The usual week: some sessions away from school (where the kind puts the pupil), the rest in school."""
    where = WHERE[kind]
    away = {"suspension": 10, "remote_learning": 10, "online_learning": rng.choice([6, 8, 10]),
            "health_needs": rng.choice([6, 8, 10])}.get(kind, rng.choice([2, 4, 6]))
    slots: dict[str, dict[str, str]] = {}
    order = [(d, s) for d in ("mon", "tue", "wed", "thu", "fri") for s in ("am", "pm")]
    rng.shuffle(order)
    for i, (day, session) in enumerate(order):
        slots.setdefault(day, {})[session] = where if i < away else "school"
    return slots


def _hours_in_school(slots: dict[str, dict[str, str]]) -> int:
    return 3 * sum(1 for day in slots.values() for where in day.values() if where == "school")


def _bulk(model: Any, objs: list[Any]) -> list[Any]:
    return model.objects.bulk_create(objs, batch_size=BATCH)


def generate(scale: float = 1.0, schools: int = 36, seed: int = SEED, today: dt.date = TODAY,
             with_marks: bool = True, log: Any = None) -> Generated:
    """Write the trust into the default database (migrated, empty of schools) and say what was made."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pathways.arrangements.models import Arrangement, Event, Status, Step, TimetableVersion
    from pathways.attendance.models import FollowUp, Mark
    from pathways.providers.models import Provider, ProviderCheck
    from pathways.pupils.models import Pupil
    from pathways.safeguarding.models import RiskAssessment
    from pathways.schools.actions import do_create_school, do_create_trust
    from pathways.schools.models import Closure, HalfTerm, Role, StaffRole, TrustRole, User

    say = log or (lambda _text: None)
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    now = timezone.make_aware(dt.datetime.combine(today, NOW.time()), tz)
    year_ago = today - dt.timedelta(days=365)
    n_pupils, n_active = _n(PUPILS, scale), _n(ARRANGEMENTS, scale)
    n_ended, n_events, n_providers = round(ENDED * scale), _n(EVENTS, scale), _n(PROVIDERS, min(1.0, scale * 4))
    counts: dict[str, int] = {}
    started = time.perf_counter()

    with transaction.atomic():
        trust = do_create_trust(name=f"Northshire Schools Partnership {seed}", actor=None)
        made = []
        for i in range(schools):
            made.append(do_create_school(
                actor=None, with_calendar_for=[2024, 2025], trust=trust, name=f"School {i + 1:02d} Academy",
                urn=f"{150000 + i + seed % 1000 * 100:06d}", laestab=f"{8010000 + i + seed % 1000 * 100:07d}",
                school_type="academy", phase="secondary" if i % 3 else "primary", local_authority="Northshire",
                policy_packs=PACKS[i % len(PACKS)],
            ))
        half_terms: dict[int, list[Any]] = {s.id: [] for s in made}
        for h in HalfTerm.objects.filter(school__in=made).order_by("start"):
            half_terms[h.school_id].append(h)
        closures: dict[int, set[dt.date]] = {s.id: set() for s in made}
        for school_id, day in Closure.objects.filter(school__in=made).values_list("school_id", "date"):
            closures[school_id].add(day)
        school_days = {s.id: _school_days(half_terms[s.id], closures[s.id], year_ago, today) for s in made}
        say(f"{schools} schools with calendars: {time.perf_counter() - started:.1f}s")

        # Staff: per school a headteacher, a DSL, an attendance officer and four teachers who lead arrangements.
        users = []
        for s in made:
            for role in ("headteacher", "dsl", "attendance_officer", "teacher1", "teacher2", "teacher3", "teacher4"):
                users.append(User(username=f"{role}-{s.urn}", first_name=role.title(), last_name=f"Of {s.urn}",
                                  email=f"{role}-{s.urn}@example.org", password="!"))
        lead = User(username=f"trustlead-{seed}-{schools}", first_name="Trust", last_name="Lead",
                    email="trustlead@example.org", password="!")
        users.append(lead)
        _bulk(User, users)
        by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
        roles, leads, heads = [], {}, {}
        for s in made:
            for role in ("headteacher", "dsl", "attendance_officer"):
                roles.append(StaffRole(user=by_name[f"{role}-{s.urn}"], school=s, role=role))
            leads[s.id] = [by_name[f"teacher{n}-{s.urn}"] for n in (1, 2, 3, 4)]
            for teacher in leads[s.id]:
                roles.append(StaffRole(user=teacher, school=s, role=Role.TEACHER))
            heads[s.id] = by_name[f"headteacher-{s.urn}"]
        _bulk(StaffRole, roles)
        trust_lead = by_name[lead.username]
        TrustRole.objects.create(user=trust_lead, trust=trust)

        # Pupils, spread evenly over the schools.
        pupils = []
        for n in range(n_pupils):
            school = made[n % schools]
            year = 7 + n % 5 if school.phase == "secondary" else 1 + n % 6
            born = dt.date(2025 - year - 5, 1 + n % 12, 1 + n % 28)
            pupils.append(Pupil(
                school=school, first_name=FIRST[n % len(FIRST)], last_name=f"{LAST[(n // 20) % len(LAST)]}{n}",
                date_of_birth=born, year_group=year,
                send=("ehcp" if n % 23 == 0 else "sen_support" if n % 7 == 0 else "none"),
                looked_after=n % 61 == 0, social_worker=n % 29 == 0, medical_condition=n % 17 == 0,
            ))
        _bulk(Pupil, pupils)
        pupils_of: dict[int, list[Any]] = {s.id: [] for s in made}
        for p in Pupil.objects.filter(school__in=made).order_by("id"):
            pupils_of[p.school_id].append(p)
        counts["pupils"] = n_pupils
        say(f"{n_pupils:,} pupils: {time.perf_counter() - started:.1f}s")

        # Providers of the trust, each with its checks: most current, some expiring soon, a few expired.
        providers = _bulk(Provider, [
            Provider(trust=trust, school=made[n % schools], name=f"Provider {n + 1:03d}", kind="alternative_provision",
                     registration="unregistered" if n % 3 else "registered_school",
                     urn="" if n % 3 else f"{160000 + n:06d}")
            for n in range(n_providers)
        ])
        providers = list(Provider.objects.filter(trust=trust).order_by("id"))
        checks = []
        for n, p in enumerate(providers):
            for c, check in enumerate(CHECKS):
                done = today - dt.timedelta(days=rng.randint(20, 300))
                expires = None
                if check in ("staff_checks_confirmed", "health_and_safety", "safeguarding_policy"):
                    left = rng.choice([-5, 12, 25, 45, 90, 200, 300]) if (n + c) % 4 == 0 else 200 + c
                    expires = max(today + dt.timedelta(days=left), done + dt.timedelta(days=1))
                checks.append(ProviderCheck(provider=p, type=check, date=done, expires=expires))
        _bulk(ProviderCheck, checks)
        counts["providers"], counts["provider checks"] = len(providers), len(checks)

        # Arrangements: active ones first, then some ended; at most one a pupil.
        kinds = [k for k, w in KINDS for _ in range(w)]
        has_lead = any(f.name == "lead" for f in Arrangement._meta.get_fields())
        arrangements, chosen = [], []
        for n in range(n_active + n_ended):
            school = made[n % schools]
            pool = pupils_of[school.id]
            pupil = pool[(n // schools * 7) % len(pool)]
            kind = kinds[rng.randrange(len(kinds))]
            ended = n >= n_active
            start = today - dt.timedelta(days=rng.randint(7, 330))
            if kind == "suspension":
                start = today - dt.timedelta(days=rng.randint(1, 6))
            end = (today - dt.timedelta(days=rng.randint(1, 60)) if ended
                   else today + dt.timedelta(days=rng.randint(10, 120)))
            if ended and end <= start:
                start = end - dt.timedelta(days=30)
            provider = providers[rng.randrange(len(providers))] if WHERE[kind] == "provider" else None
            sus = ([d for d in school_days[school.id] if start <= d <= (end or today)][:5] if kind == "suspension"
                   else [])
            arrangements.append(Arrangement(
                pupil=pupil, school=school, kind=kind, reason=rng.choice(REASONS[kind]), start=start, end=end,
                provider=provider, status=Status.ENDED if ended else Status.ACTIVE,
                outcome="full_time_school" if ended else "", suspension_days=[d.isoformat() for d in sus],
                created_by=leads[school.id][n % 4], **({"lead": leads[school.id][n % 4]} if has_lead else {}),
            ))
            chosen.append(pupil)
        _bulk(Arrangement, arrangements)
        arrangements = list(Arrangement.objects.filter(school__in=made).select_related("pupil").order_by("id"))
        counts["active arrangements"], counts["ended arrangements"] = n_active, n_ended
        say(f"{len(arrangements):,} arrangements: {time.perf_counter() - started:.1f}s")

        # Usual weeks (a second version for a third of them) and phased steps, some missed.
        versions, steps, weeks = [], [], {}
        for a in arrangements:
            slots = _week(a.kind, rng)
            versions.append(TimetableVersion(arrangement=a, effective_from=a.start, slots=slots))
            weeks[a.id] = [(a.start, slots)]
            phased = a.kind == "return_to_learn" or (a.kind == "part_time_timetable" and a.id % 2 == 0)
            if phased:
                hours = _hours_in_school(slots)
                for k in (1, 2, 3):
                    steps.append(Step(arrangement=a, from_date=a.start + dt.timedelta(days=14 * k),
                                      hours_in_school=Decimal(min(30, hours + 3 * k))))
                # Two in three keep up with their steps; the rest miss a step-up.
                if a.id % 3 and a.start + dt.timedelta(days=14) < today:
                    more = {d: dict(s) for d, s in slots.items()}
                    for day in ("mon", "tue", "wed", "thu", "fri"):
                        more[day] = {"am": "school", "pm": "school"}
                    on = a.start + dt.timedelta(days=14)
                    versions.append(TimetableVersion(arrangement=a, effective_from=on, slots=more))
                    weeks[a.id].append((on, more))
            elif a.id % 3 == 0 and a.start + dt.timedelta(days=40) < today:
                on = a.start + dt.timedelta(days=40)
                later = _week(a.kind, rng)
                versions.append(TimetableVersion(arrangement=a, effective_from=on, slots=later))
                weeks[a.id].append((on, later))
        _bulk(TimetableVersion, versions)
        _bulk(Step, steps)
        counts["timetable versions"], counts["steps"] = len(versions), len(steps)

        # Events: the set-up ones on the start date, then recurring ones, to n_events in all; a written review
        # request with no meeting since for one arrangement in twenty of the kinds that must answer it.
        events: list[Any] = []
        for a in arrangements:
            for t in SET_UP[a.kind]:
                events.append(Event(arrangement=a, date=a.start, type=t, fields=FIELDS.get(t, {})))
            if a.kind in ("alternative_provision", "off_site_direction") and a.id % 20 == 0 and a.status == "active":
                events.append(Event(arrangement=a, date=today - dt.timedelta(days=rng.randint(3, 30)),
                                    type="review_request", fields={"written": True, "by": "parent"}))
        recurring = max(0, n_events - len(events))
        for _ in range(recurring):
            a = arrangements[rng.randrange(len(arrangements))]
            last = min(a.end or today, today)
            span = max(0, (last - a.start).days)
            t = rng.choice(RECURRING[a.kind])
            if t == "review" and any(e.arrangement_id == a.id and e.type == "review_request" for e in events[-50:]):
                t = "progress_report"
            events.append(Event(arrangement=a, date=a.start + dt.timedelta(days=rng.randint(0, span)), type=t,
                                fields=FIELDS.get(t, {})))
        # A review request is only answered by a review after it: drop reviews dated on or after the request.
        asked = {e.arrangement_id: e.date for e in events if e.type == "review_request"}
        events = [e for e in events if not (e.type == "review" and e.arrangement_id in asked
                                            and e.date >= asked[e.arrangement_id])]
        _bulk(Event, events)
        counts["events"] = len(events)
        say(f"{len(events):,} events: {time.perf_counter() - started:.1f}s")

        # Risk assessments: one completed for each placement at a provider; a few reviews due soon.
        assessments = []
        for a in arrangements:
            if a.provider_id is None or a.status != "active":
                continue
            done = a.start
            due = today + dt.timedelta(days=rng.choice([-3, 2, 5, 20, 40, 60, 90]))
            if due <= done:
                due = done + dt.timedelta(days=30)
            assessments.append(RiskAssessment(
                school_id=a.school_id, arrangement=a, template="alternative_provision",
                title=f"Placement at the provider ({a.pupil.first_name})", status="completed",
                completed_on=done, next_review_due=due, approved_by="Headteacher",
            ))
        _bulk(RiskAssessment, assessments)
        counts["risk assessments"] = len(assessments)

        # A year of marks for every pupil on an arrangement, and today's register part written.
        n_marks, follow_ups = 0, []
        if with_marks:
            n_marks, follow_ups = _marks(arrangements, weeks, school_days, today, now, rng, connection, Mark)
        counts["marks"] = n_marks
        say(f"{n_marks:,} marks: {time.perf_counter() - started:.1f}s")
        if follow_ups:
            marks = {
                (m.pupil_id, m.date, m.session): m.id
                for m in Mark.objects.filter(school__in=made, attended=False, arrangement__isnull=False,
                                             date__gte=today - dt.timedelta(days=40)).only("id", "pupil_id", "date",
                                                                                           "session")
            }
            rows = []
            for a, day, session in follow_ups:
                mark_id = marks.get((a.pupil_id, day, session))
                if mark_id is None:
                    continue
                open_ = day >= today - dt.timedelta(days=7)
                rows.append(FollowUp(school_id=a.school_id, mark_id=mark_id, pupil_id=a.pupil_id, arrangement=a,
                                     kind="phone", vulnerability="medium", due=day + dt.timedelta(days=1),
                                     status="open" if open_ else "done"))
            _bulk(FollowUp, rows)
            counts["follow-ups"] = len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics, as autovacuum would gather them in time
            cursor.execute("ANALYZE")
    say(f"done: {time.perf_counter() - started:.1f}s")
    return Generated(trust, made, trust_lead, heads, now, counts)


MARK_COLUMNS = ("school_id", "pupil_id", "arrangement_id", "date", "session", "expected", "code", "attended",
                "absence_reason", "comment", "source", "recorded_at", "reported_at")
CODE_AT = {"school": "/", "provider": "B", "online": "K", "home": "C2", "not_required": "E", "another_school": "D"}


def _marks(arrangements: list[Any], weeks: dict[int, list[tuple[dt.date, dict[str, Any]]]],
           school_days: dict[int, list[dt.date]], today: dt.date, now: dt.datetime, rng: random.Random,
           connection: Any, Mark: Any) -> tuple[int, list[tuple[Any, dt.date, str]]]:
    """Both sessions of every school day of the year for each pupil on an arrangement, up to yesterday;
    today's morning for most. Absences from provider sessions are reported by the provider, some late."""
    from django.utils import timezone

    rows: list[tuple[Any, ...]] = []
    follow_ups: list[tuple[Any, dt.date, str]] = []
    seen: set[int] = set()
    names = ("mon", "tue", "wed", "thu", "fri")
    for a in arrangements:
        if a.pupil_id in seen:
            continue
        seen.add(a.pupil_id)
        versions = weeks[a.id]
        last = min(a.end or today, today)
        for day in school_days[a.school_id]:
            if day > last and day > a.start:
                break
            on = a.start <= day <= last
            slots = [s for f, s in versions if f <= day]
            week = (slots[-1] if slots else versions[0][1]) if on else {}
            for session in ("am", "pm"):
                if day == today and (session == "pm" or a.id % 5 == 0):
                    continue  # today's afternoon is still to come; some providers have not reported the morning
                where = week.get(names[day.weekday()], {}).get(session, "school") if on else "school"
                absent = rng.random() < 0.06
                code = "O" if absent else CODE_AT[where]
                if not absent and where == "school" and session == "pm":
                    code = "\\"
                source = "provider" if where == "provider" else "school"
                reported = None
                if source == "provider":
                    hour = 11 if (absent and a.id % 4 == 0) else 9
                    reported = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 5)))
                if absent and where in ("provider", "online") and on and day >= today - dt.timedelta(days=40):
                    follow_ups.append((a, day, session))
                rows.append((a.school_id, a.pupil_id, a.id if on else None, day, session, where, code,
                             not absent, "unknown" if absent else "", "", source, now, reported))
    table = Mark._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(MARK_COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(MARK_COLUMNS))
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 20_000):
                cursor.executemany(f"INSERT INTO {table} ({', '.join(MARK_COLUMNS)}) VALUES ({marks})",
                                   rows[i:i + 20_000])
    return len(rows), follow_ups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="a fraction of the full trust's data (0.1: a tenth)")
    parser.add_argument("--schools", type=int, default=36)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench._db import setup_django

    setup_django()
    from django.db import connection

    got = generate(scale=args.scale, schools=args.schools, seed=args.seed, log=lambda t: print(t, flush=True))
    print(f"[{connection.vendor}] trust {got.trust.id} ({got.trust.name}): "
          + ", ".join(f"{v:,} {k}" for k, v in got.counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
