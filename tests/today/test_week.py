"""The DSL's week (journey 9): pupils not in full-time school by vulnerability, last seen by school staff
against the school's interval, and one pupil's whole chronology, with the outsiders refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.pupils.actions import do_update_pupil
from pathways.register.actions import do_record_mark
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.conftest import make_pupil, make_staff, sign_in
from tests.test_isolation import sister_credential

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 10, 0, tzinfo=dt.UTC)  # Wednesday of the arrangements' second week
HOME_MWF = week(mon=("home", "home"), wed=("home", "home"), fri=("home", "home"))
ALL_HOME = week(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("home", "home")))


def story(world: Any) -> dict[str, Any]:
    """High: a part-time timetable, seen in school on Tuesday. Medium: remote learning at home, seen in person
    on 13 January, phoned since (a phone call is not seeing the pupil). Low: a placement, never seen since it
    began on 12 January."""
    high = do_update_pupil(pupil=world.pupil, actor=None, social_worker=True)
    medium = make_pupil(world.school, "Mia", "Medium", send="ehcp")
    low = make_pupil(world.school, "Leo", "Low")
    with time_machine.travel(NOW, tick=False):
        ptt = make_arrangement(high, kind="part_time_timetable", reason="mental_health", status=Status.ACTIVE,
                               end=dt.date(2026, 3, 27), slots=HOME_MWF)
        remote = make_arrangement(medium, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                  end=dt.date(2026, 3, 27), slots=ALL_HOME)
        placement = make_arrangement(low, status=Status.ACTIVE, end=dt.date(2026, 3, 27),
                                     provider=make_provider(world.school),
                                     slots=week(**dict.fromkeys(("mon", "tue", "wed"), ("provider", "provider"))))
        do_record_mark(pupil=high, arrangement=ptt, day=dt.date(2026, 1, 20), session="am", attended=True,
                       source="school", actor=None)
        do_record_event(arrangement=remote, type="welfare_check", date=dt.date(2026, 1, 13), actor=None,
                        fields={"kind": "in_person"}, note="Seen at home with mum.")
        do_record_event(arrangement=remote, type="welfare_check", date=dt.date(2026, 1, 19), actor=None,
                        fields={"kind": "phone"}, note="Spoke to mum.")
        do_record_event(arrangement=remote, type="parent_information", date=dt.date(2026, 1, 12), actor=None)
    return {"high": high, "medium": medium, "low": low, "ptt": ptt, "remote": remote, "placement": placement}


def get(client: Any, url: str, data: Any = None) -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.get(url, data or {})


def test_the_week_lists_every_pupil_not_in_full_time_school_by_vulnerability(world: Any, client: Any) -> None:
    story(world)
    body = get(sign_in(client, world.staff["dsl"]), reverse("dsl-week", args=(world.school.id,))).content.decode()
    high, medium, low = (body.index(f'data-testid="week-{level}"') for level in ("high", "medium", "low"))
    assert high < body.index("Ourpupil") < medium < body.index("Mia Medium") < low < body.index("Leo Low")
    assert "Part-time timetable" in body and "Remote learning" in body and "Alternative provision" in body
    # Wednesday: the part-time pupil and the remote learner at home, the placement at the provider.
    assert body.count("At home") >= 4 and body.count("At the provider") == 2
    # The next duty is Today's first item for the pupil (an overdue one, for a placement with nothing recorded).
    assert body.count('data-testid="week-duty"') == 3 and "Overdue" in body


def test_last_seen_puts_the_overdue_first_and_counts_school_days(world: Any, client: Any) -> None:
    story(world)
    body = get(sign_in(client, world.staff["headteacher"]),
               reverse("dsl-week-last-seen", args=(world.school.id,))).content.decode()
    rows = body.split('data-testid="seen-row"')[1:]
    assert [("Medium" in r, "Ourpupil" in r, "Low" in r) for r in rows] == [
        (True, False, False), (False, True, False), (False, False, True)]
    # Medium: seen in person on 13 Jan (the phone call of 19 Jan does not count), 5 school days: due 20 Jan.
    assert "Tue 13 Jan 2026" in rows[0] and "Welfare check in person" in rows[0] and "Overdue" in rows[0]
    assert "Tue 20 Jan" in rows[0]
    # High: in school on Tuesday's register, 2 school days: due Thursday, not overdue.
    assert "Tue 20 Jan 2026" in rows[1] and "In school (register)" in rows[1] and "Overdue" not in rows[1]
    assert "Thu 22 Jan" in rows[1]
    # Low: never seen since the placement began on Monday 12 Jan, 10 school days: due Monday 26 Jan.
    assert "Not seen since the arrangement began" in rows[2] and "Mon 26 Jan" in rows[2]
    assert 'data-testid="overdue-count">1 overdue' in body
    assert "product defaults" in body  # the parameter's source


def test_the_interval_is_the_schools_own_setting(world: Any, client: Any) -> None:
    story(world)
    do_update_school(school=world.school, actor=None,
                     policy_settings={"last_seen_interval_school_days": {"medium": 10}})
    body = get(sign_in(client, world.staff["dsl"]),
               reverse("dsl-week-last-seen", args=(world.school.id,))).content.decode()
    assert 'data-testid="overdue-count"' not in body
    assert "the school&#x27;s own setting" in body


def test_a_pupils_chronology_merges_every_arrangement_in_date_order_and_filters_by_type(
    world: Any, client: Any
) -> None:
    s = story(world)
    pupil = s["medium"]
    with time_machine.travel(NOW, tick=False):
        other = make_arrangement(pupil, kind="part_time_timetable", reason="medical", status=Status.ENDED,
                                 start=dt.date(2025, 11, 3), end=dt.date(2025, 12, 12), slots=HOME_MWF)
        do_record_event(arrangement=other, type="review", date=dt.date(2025, 11, 28), actor=None,
                        fields={"outcome": "satisfactory"})
    dsl = sign_in(client, world.staff["dsl"])
    url = reverse("pupil-chronology", args=(world.school.id, pupil.id))
    before = AuditEvent.objects.filter(kind="read", pupil_id=pupil.id).count()
    body = get(dsl, url).content.decode()
    assert AuditEvent.objects.filter(kind="read", pupil_id=pupil.id).count() == before + 1
    order = [body.index(t) for t in ("28 Nov 2025", "12 Jan 2026", "13 Jan 2026", "19 Jan 2026")]
    assert order == sorted(order)
    assert "Review" in body and "Welfare check (in person)" in body and "Parent information" in body
    only = get(dsl, url, {"type": "welfare_checks"}).content.decode()
    assert only.count('data-testid="chronology-entry"') == 2
    assert "Parent information" not in only and "Seen at home with mum." in only
    assert 'value="welfare_checks" checked' in only
    # Linked from the pupil page, for those who may open it.
    page = get(dsl, reverse("pupil-detail", args=(world.school.id, pupil.id))).content.decode()
    assert url in page
    teacher_page = get(sign_in(client, world.staff["teacher"]),
                       reverse("pupil-detail", args=(world.school.id, pupil.id))).content.decode()
    assert url not in teacher_page


def test_the_lists_write_a_read_row_for_each_pupil_they_name(world: Any, client: Any) -> None:
    s = story(world)
    dsl = sign_in(client, world.staff["dsl"])
    for name, what in (("dsl-week", "opened the DSL's week"),
                       ("dsl-week-last-seen", "opened last seen by school staff")):
        get(dsl, reverse(name, args=(world.school.id,)))
        assert set(AuditEvent.objects.filter(kind="read", action=what).values_list("pupil_id", flat=True)) == {
            s["high"].id, s["medium"].id, s["low"].id}


def test_todays_page_links_the_dsl_and_the_headteacher_to_their_week(world: Any, client: Any) -> None:
    link = reverse("dsl-week", args=(world.school.id,))
    for role in (Role.DSL, Role.HEADTEACHER):
        today = get(sign_in(client, world.staff[role]), reverse("today", args=(world.school.id,)))
        assert link in today.content.decode()
    assert link not in get(sign_in(client, world.staff[Role.TEACHER]),
                           reverse("today", args=(world.school.id,))).content.decode()


def test_the_outsiders_get_nothing(world: Any, client: Any) -> None:
    s = story(world)
    ours = [reverse("dsl-week", args=(world.school.id,)), reverse("dsl-week-last-seen", args=(world.school.id,)),
            reverse("pupil-chronology", args=(world.school.id, s["medium"].id))]
    theirs = [reverse("dsl-week", args=(world.other.id,)), reverse("dsl-week-last-seen", args=(world.other.id,)),
              reverse("pupil-chronology", args=(world.other.id, world.other_pupil.id))]
    provider_staff = sister_credential(world)[0]
    another_school = make_staff(world.other, Role.HEADTEACHER, "other-head")
    for who, expected in ((world.outsider, 404), (another_school, 404), (world.sister_dsl, 404),
                          (provider_staff, 404), (world.staff[Role.GOVERNOR], 403), (world.staff[Role.TEACHER], 403),
                          (world.staff[Role.AP_LEAD], 403), (world.trust_lead, 403)):
        c = sign_in(client, who)
        for url in ours:
            response = get(c, url)
            assert response.status_code == expected, (who.username, url, response.status_code)
            assert b"Mia" not in response.content and b"Ourpupil" not in response.content
    dsl = sign_in(client, world.staff[Role.DSL])
    for url in theirs:  # our own DSL cannot reach another school's week or pupil
        assert get(dsl, url).status_code == 404
    assert not AuditEvent.objects.filter(kind="read", pupil_id=s["medium"].id).exclude(
        actor=world.staff[Role.DSL]).exists()


def test_nobody_on_an_arrangement_is_an_empty_week(world: Any, client: Any) -> None:
    dsl = sign_in(client, world.staff[Role.DSL])
    body = get(dsl, reverse("dsl-week", args=(world.school.id,))).content.decode()
    assert "0 pupils on an arrangement" in body
    seen = get(dsl, reverse("dsl-week-last-seen", args=(world.school.id,)))
    assert "No pupil is on an arrangement" in seen.content.decode()
