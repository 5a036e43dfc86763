"""Today keeps each arrangement's findings between requests (pathways.today.judgements) and judges again
only what changed. The promise that makes that safe: what Today shows from kept findings is exactly what
it shows judging everything afresh, after any change to anything the findings read. Each test here makes
one change that alters the findings, through the product's own actions or straight through the ORM
(as a data fix or the admin shell would), and checks the kept page against a fresh one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_correct_event, do_record_event, do_set_timetable
from pathways.arrangements.models import Arrangement, Event
from pathways.attendance.models import Mark, Source
from pathways.providers.actions import do_record_provider_check
from pathways.pupils.actions import do_update_pupil
from pathways.register.actions import do_record_mark
from pathways.schools.actions import do_add_closure, do_update_school
from pathways.schools.models import Role
from pathways.today import judgements
from pathways.today.item import Item
from pathways.today.items import today_items
from pathways.today.models import ChronologyStamp, Judgement, RegisterStamp
from tests.arrangements.helpers import MONDAY, make_provider
from tests.attendance.helpers import every_day, ptt_at_home, running
from tests.conftest import make_pupil, sign_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)  # Wednesday of the arrangements' second week


def shown(world: Any, now: dt.datetime = NOW) -> list[tuple[Any, ...]]:
    """What the DSL's Today page lists, as plain values."""
    items: list[Item] = today_items(world.school, world.staff["dsl"], {Role.DSL}, now)
    return [(i.urgency, i.due, i.what, i.source, i.action, i.url, i.pupil.pk if i.pupil else None) for i in items]


def kept_and_fresh(world: Any, now: dt.datetime = NOW) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Today from the kept findings, then judged afresh with none kept."""
    kept = shown(world, now)
    Judgement.objects.all().delete()
    return kept, shown(world, now)


def check_change(world: Any, change: Callable[[], Any], now: dt.datetime = NOW) -> None:
    """`change` alters what Today shows, and the page from kept findings shows it."""
    before = shown(world, now)
    assert Judgement.objects.exists()
    assert shown(world, now) == before  # judged once, kept: the same again
    change()
    kept, fresh = kept_and_fresh(world, now)
    assert fresh != before, "the change should alter what Today shows"
    assert kept == fresh


def register_stamp(pupil: Any) -> int:
    return RegisterStamp.objects.filter(pupil_id=pupil.pk).values_list("n", flat=True).first() or 0


def chronology_stamp(arrangement: Any) -> int:
    return ChronologyStamp.objects.filter(arrangement_id=arrangement.pk).values_list("n", flat=True).first() or 0


# ------------------------------------------------------------------ the stamps


def test_every_way_of_writing_a_mark_raises_the_pupils_register_stamp(world: Any) -> None:
    ava, ben = world.pupil, make_pupil(world.school, "Ben", "Other")
    seen = [register_stamp(ava)]

    def raised() -> None:
        seen.append(register_stamp(ava))
        assert seen[-1] > seen[-2], seen

    mark = Mark.objects.create(school=world.school, pupil=ava, date=MONDAY, session="am", code="/", attended=True)
    raised()
    mark.comment = "on time"
    mark.save()
    raised()
    Mark.objects.filter(pk=mark.pk).update(code="L")
    raised()
    Mark.objects.bulk_create([
        Mark(school=world.school, pupil=ava, date=MONDAY, session="pm", code="/", attended=True),
        Mark(school=world.school, pupil=ava, date=MONDAY + dt.timedelta(days=1), session="am", code="/"),
    ])
    raised()
    ben_before = register_stamp(ben)
    Mark.objects.filter(pk=mark.pk).update(pupil=ben)  # moved to another pupil: both registers changed
    raised()
    assert register_stamp(ben) > ben_before
    Mark.objects.filter(pupil=ava).delete()
    raised()


def test_every_way_of_writing_an_event_raises_the_arrangements_chronology_stamp(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    seen = [chronology_stamp(arrangement)]

    def raised() -> None:
        seen.append(chronology_stamp(arrangement))
        assert seen[-1] > seen[-2], seen

    event = do_record_event(arrangement=arrangement, type="parent_information", date=MONDAY, actor=None)
    raised()
    do_correct_event(event=event, actor=None, reason="the wrong day", date=MONDAY + dt.timedelta(days=1))
    raised()
    Event.objects.filter(arrangement=arrangement).update(note="checked")
    raised()
    Event.objects.bulk_create([Event(arrangement=arrangement, date=MONDAY, type="welfare_check", fields={})])
    raised()
    Event.objects.filter(arrangement=arrangement, type="welfare_check").delete()
    raised()


def test_a_write_rolled_back_takes_its_stamp_and_findings_judged_meanwhile_with_it(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    before, stamp = shown(world), chronology_stamp(arrangement)
    with pytest.raises(RuntimeError), transaction.atomic():
        do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None)
        assert shown(world) != before  # judged inside the transaction, with the agreement
        raise RuntimeError("the request failed")
    assert chronology_stamp(arrangement) == stamp
    assert shown(world) == before


# ------------------------------------------------------------------ kept findings are fresh findings


def test_an_event_recorded_meets_its_duty_at_once(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    check_change(world, lambda: do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY,
                                                actor=None))


def test_an_event_corrected_or_changed_in_the_database_is_judged_again(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    event = do_record_event(arrangement=arrangement, type="parent_consent", date=MONDAY, actor=None)
    # the form was information for the parents, not their agreement: the agreement is overdue again
    check_change(world, lambda: do_correct_event(event=event, actor=None, reason="the wrong form",
                                                 type="parent_information"))
    check_change(world, lambda: Event.objects.filter(arrangement=arrangement, type="parent_information").update(
        type="parent_consent"))


def test_a_change_to_the_pupil_is_judged_again(world: Any) -> None:
    ptt_at_home(world.pupil)
    check_change(world, lambda: do_update_pupil(pupil=world.pupil, actor=None, social_worker=True))


def test_a_step_and_a_new_usual_week_are_judged_again(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    check_change(world, lambda: do_add_step(arrangement=arrangement, from_date=MONDAY + dt.timedelta(days=7),
                                            hours_in_school=25, actor=None))
    check_change(world, lambda: do_set_timetable(arrangement=arrangement, slots=every_day("school", "school"),
                                                 effective_from=MONDAY + dt.timedelta(days=8), actor=None))


def test_a_closure_day_the_schools_packs_and_its_settings_are_judged_again(world: Any) -> None:
    ptt_at_home(world.pupil)
    ap = running(make_pupil(world.school, "Rev", "Request"), "alternative_provision", every_day("provider", "provider"),
                 provider=make_provider(world.school, "Oak"))
    do_record_event(arrangement=ap, type="review_request", date=MONDAY + dt.timedelta(days=2),
                    fields={"by": "parent", "written": True}, actor=None)
    # the reintegration plan's deadline, 20 school days after the start, moves a day
    check_change(world, lambda: do_add_closure(school=world.school, date=dt.date(2026, 1, 29), reason="Boiler",
                                               actor=None))
    check_change(world, lambda: do_update_school(school=world.school, actor=None,
                                                 policy_packs=["alternative-pathways"]))
    # the review meeting's deadline, so many school days after the request
    check_change(world, lambda: do_update_school(school=world.school, actor=None,
                                                 policy_settings={"review_request_response_school_days": 5}))


def test_the_next_day_is_judged_afresh(world: Any) -> None:
    ptt_at_home(world.pupil)
    on_the_day, after = dt.datetime(2026, 2, 9, 10, tzinfo=dt.UTC), dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC)
    shown(world, on_the_day)
    kept, fresh = kept_and_fresh(world, after)
    assert kept == fresh
    assert any(row[2].startswith("No plan to return the pupil to full-time school by 9 Feb 2026") for row in fresh)


def test_a_provider_check_and_the_providers_other_pupils_are_judged_again(world: Any) -> None:
    provider = make_provider(world.school, "Willow Farm")
    running(world.pupil, "alternative_provision", every_day("provider", "provider"), provider=provider)
    check_change(world, lambda: do_record_provider_check(
        provider=provider, school=world.school, actor=None, type="staff_checks_confirmed", date=MONDAY))
    # a looked-after pupil of the sister school placed there full time makes the unregistered provider a breach
    looked_after = make_pupil(world.sister, "Lia", "Sister", looked_after=True)
    check_change(world, lambda: running(looked_after, "alternative_provision", every_day("provider", "provider"),
                                        provider=provider))


def ten_days_absent(world: Any) -> tuple[Arrangement, list[dt.date]]:
    """A pupil placed at a provider, absent without reason from every session of the first nine school
    days; the tenth makes ten days' unauthorised absence (NAT-TEN-DAY-ABSENCE)."""
    arrangement = running(world.pupil, "alternative_provision", every_day("provider", "provider"),
                          provider=make_provider(world.school, "Willow Farm"))
    days = [MONDAY + dt.timedelta(days=i) for i in range(12) if (MONDAY + dt.timedelta(days=i)).weekday() < 5]
    Mark.objects.bulk_create([
        Mark(school=world.school, pupil=world.pupil, arrangement=arrangement, date=day, session=half, code="O",
             attended=False, expected="provider")
        for day in days[:9] for half in ("am", "pm")
    ])
    return arrangement, days


LATER = dt.datetime(2026, 2, 4, 10, 0, tzinfo=dt.UTC)


def test_a_mark_recorded_on_the_register_is_judged_again(world: Any) -> None:
    arrangement, days = ten_days_absent(world)

    def tenth_day() -> None:
        for half in ("am", "pm"):
            do_record_mark(pupil=world.pupil, arrangement=arrangement, day=days[9], session=half, attended=False,
                           source=Source.SCHOOL, actor=None)

    check_change(world, tenth_day, LATER)
    assert any("absent without authority for 10 consecutive school days" in row[2] for row in shown(world, LATER))


def test_marks_written_in_bulk_or_changed_in_the_database_are_judged_again(world: Any) -> None:
    arrangement, days = ten_days_absent(world)
    check_change(world, lambda: Mark.objects.bulk_create([
        Mark(school=world.school, pupil=world.pupil, arrangement=arrangement, date=days[9], session=half,
             code="O", attended=False, expected="provider") for half in ("am", "pm")
    ]), LATER)
    # the fifth day was illness after all: the run of unauthorised absence is broken
    check_change(world, lambda: Mark.objects.filter(pupil=world.pupil, date=days[4]).update(
        code="I", absence_reason="illness"), LATER)


def test_marks_imported_from_the_mis_are_judged_again(world: Any, as_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.attendance.test_mis import HEADER, with_upn

    _, days = ten_days_absent(world)
    pupil = with_upn(world.pupil, 7)
    client = as_user(world.staff["attendance_officer"])

    def imported(day: dt.date, code: str) -> Callable[[], None]:
        def run() -> None:
            rows = "".join(f"{pupil.upn},{day.isoformat()},{half.upper()},{code},,\n" for half in ("am", "pm"))
            with time_machine.travel(LATER, tick=False):
                response = client.post(reverse("register-import", args=[world.school.id]), {
                    "file": SimpleUploadedFile("marks.csv", (HEADER + rows).encode(), content_type="text/csv"),
                    "mode": "all"})
            assert response.status_code in (200, 302)
            assert list(Mark.objects.filter(pupil=world.pupil, date=day).values_list("code", flat=True)) == [code] * 2
        return run

    check_change(world, imported(days[9], "O"), LATER)  # new sessions: the tenth day
    check_change(world, imported(days[4], "I"), LATER)  # sessions already marked: the fifth day was illness


def test_an_arrangement_changed_in_the_database_is_judged_again(world: Any) -> None:
    arrangement = ptt_at_home(world.pupil)
    later_start = MONDAY + dt.timedelta(days=1)
    check_change(world, lambda: Arrangement.objects.filter(pk=arrangement.pk).update(start=later_start))


def test_a_new_engine_judges_everything_again(world: Any, monkeypatch: Any) -> None:
    ptt_at_home(world.pupil)
    shown(world)
    keys = set(Judgement.objects.values_list("key", flat=True))
    monkeypatch.setattr(judgements, "ENGINE_VERSION", "an upgrade")
    shown(world)
    assert not keys & set(Judgement.objects.values_list("key", flat=True))


def test_a_rule_added_while_running_judges_everything_again(world: Any, monkeypatch: Any) -> None:
    from pathways.policy.engine import REGISTRY

    ptt_at_home(world.pupil)
    shown(world)
    keys = set(Judgement.objects.values_list("key", flat=True))
    monkeypatch.setitem(REGISTRY, "TEST-ANOTHER-RULE", next(iter(REGISTRY.values())))
    shown(world)
    assert not keys & set(Judgement.objects.values_list("key", flat=True))


def test_the_trust_dashboard_counts_from_kept_findings_what_it_counts_afresh(world: Any) -> None:
    ptt_at_home(world.pupil)
    running(make_pupil(world.sister, "Sam", "Sister"), "part_time_timetable", every_day("school", "home"),
            reason="mental_health")
    client = sign_in(Client(), world.trust_lead)

    def dashboard() -> str:
        with time_machine.travel(NOW, tick=False):
            response = client.get(reverse("trust-today", args=(world.trust.id,)))
        assert response.status_code == 200
        return response.content.decode().split('data-testid="trust-today-school"', 1)[1]

    first = dashboard()
    assert Judgement.objects.count() == 2
    do_record_event(arrangement=Arrangement.objects.get(pupil=world.pupil), type="parent_consent", date=MONDAY,
                    actor=None)
    kept = dashboard()
    Judgement.objects.all().delete()
    assert kept == dashboard() != first


def test_after_the_mornings_digest_the_trust_dashboard_judges_nothing_again(world: Any, monkeypatch: Any) -> None:
    from pathways.notifications.digest import send_digests

    ptt_at_home(world.pupil)
    running(make_pupil(world.sister, "Sam", "Sister"), "part_time_timetable", every_day("school", "home"),
            reason="mental_health")
    morning = NOW.replace(hour=7)
    report = send_digests(morning)
    assert report.sent
    assert Judgement.objects.count() == 2

    def judged_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("judged again after the digest")

    monkeypatch.setattr(judgements, "judge", judged_again)
    client = sign_in(Client(), world.trust_lead)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("trust-today", args=(world.trust.id,)))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="trust-today-school"') == world.trust.schools.count()
