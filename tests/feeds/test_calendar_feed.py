"""The calendar feed: a secret, revocable iCalendar URL of the dates a member of staff looks after."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from pathways.arrangements.actions import do_add_step
from pathways.arrangements.models import Status
from pathways.feeds.models import CalendarFeed
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement, week
from tests.conftest import make_pupil, sign_in
from tests.safeguarding.helpers import completed

TODAY = dt.date.today()
PAGE = "/account/calendar/"


def _made(pupil: Any, slots: Any) -> Any:
    return make_arrangement(pupil, kind="part_time_timetable", reason="mental_health", status=Status.ACTIVE,
                            start=TODAY - dt.timedelta(days=14), end=TODAY + dt.timedelta(days=60), slots=slots)


def feed_url_for(client: Client) -> str:
    """Make a feed on the page, as a user would, and read the address it shows once."""
    response = client.post(PAGE, {"action": "create"}, follow=True)
    match = re.search(r'id="feed-url"[^>]*>(https?://[^<]+\.ics)<', response.content.decode())
    assert match, "the page shows the new feed's address"
    return match.group(1).replace("http://testserver", "")


def events_of(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def busy(world: Any) -> Any:
    arrangement = _made(world.pupil, week(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("school", "home"))))
    do_add_step(arrangement=arrangement, from_date=TODAY + dt.timedelta(days=21), hours_in_school=20, actor=None)
    completed(arrangement, on=TODAY - dt.timedelta(days=14), next_review_due=TODAY + dt.timedelta(days=28))
    theirs = _made(world.other_pupil, week(mon=("school", "home")))
    return arrangement, theirs


def test_the_headteachers_feed_lists_the_end_step_up_risk_review_and_reviews_due_as_all_day_events(
    world: Any, as_user: Any, busy: Any
) -> None:
    arrangement, _ = busy
    client = as_user(world.staff[Role.HEADTEACHER])
    url = feed_url_for(client)
    client.logout()  # a calendar app cannot sign in
    events = events_of(Client(), url)
    summaries = " | ".join(str(e["SUMMARY"]) for e in events.values())
    assert f"arrangement-end-{arrangement.pk}@testserver" in events
    end = events[f"arrangement-end-{arrangement.pk}@testserver"]
    assert end.decoded("DTSTART") == arrangement.end  # all-day: a date, not a time
    assert str(end["SUMMARY"]) == "Part-time timetable ends: Ava O. (St Bede's Catholic High School)"
    assert str(end["URL"]).endswith(f"/schools/{world.school.id}/arrangements/{arrangement.pk}/")
    assert "Phased return: 20 hours a week in school: Ava O." in summaries
    assert "Risk assessment review: Ava O." in summaries
    assert any(uid.startswith("requirement-") for uid in events), summaries
    assert "Ourpupil" not in summaries  # first name and last initial only


def test_each_event_says_what_to_do_and_links_the_page_that_does_it(world: Any, as_user: Any, busy: Any) -> None:
    arrangement, _ = busy
    events = events_of(Client(), feed_url_for(as_user(world.staff[Role.HEADTEACHER])))
    school, pk = world.school.id, arrangement.pk
    end = str(events[f"arrangement-end-{pk}@testserver"]["DESCRIPTION"])
    assert end.startswith("This arrangement (Part-time timetable) is planned to end on this day")
    assert end.endswith(f"http://testserver/schools/{school}/arrangements/{pk}/")
    step = next(str(e["DESCRIPTION"]) for uid, e in events.items() if uid.startswith("step-"))
    assert "20 hours a week in school" in step and step.endswith(f"/schools/{school}/arrangements/{pk}/timetable/")
    review = next(str(e["DESCRIPTION"]) for uid, e in events.items() if uid.startswith("risk-assessment-review-"))
    assert review.startswith("Review the risk assessment") and "/review/" in review
    duties = [e for uid, e in events.items() if uid.startswith("requirement-")]
    assert duties and all(" by " in str(e["DESCRIPTION"]) and "http://testserver/" in str(e["DESCRIPTION"])
                          for e in duties)
    assert all(not str(e["DESCRIPTION"]).startswith(("NAT-", "PTT-", "AP-")) for e in duties)


def test_uids_name_the_installation_so_two_installations_never_share_one(
    world: Any, as_user: Any, busy: Any, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "pathways.northern.example", "pathways.southern.example"]
    url = feed_url_for(as_user(world.staff[Role.DSL]))
    here = set(Client(HTTP_HOST="pathways.northern.example").get(url).content.decode().split("\r\n"))
    there = set(Client(HTTP_HOST="pathways.southern.example:8443").get(url).content.decode().split("\r\n"))
    uids_here = {line for line in here if line.startswith("UID:")}
    uids_there = {line for line in there if line.startswith("UID:")}
    assert uids_here and all(u.endswith("@pathways.northern.example") for u in uids_here)
    assert all(u.endswith("@pathways.southern.example") for u in uids_there)
    assert not uids_here & uids_there


def test_the_same_event_keeps_its_uid_from_one_fetch_to_the_next(world: Any, as_user: Any, busy: Any) -> None:
    url = feed_url_for(as_user(world.staff[Role.DSL]))
    assert set(events_of(Client(), url)) == set(events_of(Client(), url))


def test_a_feed_never_shows_another_schools_pupils(world: Any, as_user: Any, busy: Any) -> None:
    _, theirs = busy
    ours = events_of(Client(), feed_url_for(as_user(world.staff[Role.HEADTEACHER])))
    assert ours and not any("Zed" in str(e["SUMMARY"]) for e in ours.values())
    outsiders = events_of(Client(), feed_url_for(sign_in(Client(), world.outsider)))
    assert f"arrangement-end-{theirs.pk}@testserver" in outsiders
    assert not any("Ava" in str(e["SUMMARY"]) for e in outsiders.values())


def test_a_teacher_who_leads_none_of_the_arrangements_sees_none_of_their_dates(
    world: Any, as_user: Any, busy: Any
) -> None:
    events = events_of(Client(), feed_url_for(as_user(world.staff[Role.TEACHER])))
    assert events == {}


def test_a_revoked_feed_answers_404_at_once_and_a_new_one_works(world: Any, as_user: Any, busy: Any) -> None:
    client = as_user(world.staff[Role.HEADTEACHER])
    old = feed_url_for(client)
    response = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert "Its address no longer works" in response.content.decode()
    assert Client().get(old).status_code == 404
    new = feed_url_for(client)
    assert new != old and Client().get(new).status_code == 200


def test_making_a_new_address_turns_the_old_one_off(world: Any, as_user: Any) -> None:
    client = as_user(world.staff[Role.DSL])
    old = feed_url_for(client)
    feed_url_for(client)
    assert Client().get(old).status_code == 404
    assert CalendarFeed.objects.filter(user=world.staff[Role.DSL], revoked_at__isnull=True).count() == 1


def test_an_unknown_token_is_404(db: Any) -> None:
    assert Client().get("/feeds/not-a-real-token.ics").status_code == 404


def test_the_secret_is_not_stored_in_clear_and_is_shown_only_once(world: Any, as_user: Any) -> None:
    client = as_user(world.staff[Role.HEADTEACHER])
    url = feed_url_for(client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    again = client.get(PAGE).content.decode()
    assert token not in again
    assert "Not yet" in again


def test_the_page_shows_when_the_feed_was_last_fetched(world: Any, as_user: Any) -> None:
    client = as_user(world.staff[Role.ATTENDANCE_OFFICER])
    Client().get(feed_url_for(client))
    page = client.get(PAGE).content.decode()
    assert "Last fetched" in page and "Not yet" not in page


@pytest.mark.parametrize("role", Role.values)
def test_every_member_of_staff_can_open_the_feed_page(world: Any, as_user: Any, role: str) -> None:
    response = as_user(world.staff[role]).get(PAGE)
    assert response.status_code == 200
    assert "Make a calendar feed" in response.content.decode()


def test_the_trust_lead_can_open_the_page_too(world: Any, as_user: Any) -> None:
    assert as_user(world.trust_lead).get(PAGE).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(db: Any) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_feed_makes_the_same_number_of_queries_whatever_the_number_of_arrangements(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    url = feed_url_for(as_user(world.staff[Role.HEADTEACHER]))
    slots = week(mon=("school", "home"))
    arrangement = _made(world.pupil, slots)
    do_add_step(arrangement=arrangement, from_date=TODAY + dt.timedelta(days=7), hours_in_school=10, actor=None)
    with django_assert_max_num_queries(40) as one:
        events_of(Client(), url)
    for i in range(6):
        a = _made(make_pupil(world.school, f"Pupil{i}", "Many"), slots)
        do_add_step(arrangement=a, from_date=TODAY + dt.timedelta(days=7), hours_in_school=10, actor=None)
        completed(a, on=TODAY, next_review_due=TODAY + dt.timedelta(days=30))
    with django_assert_max_num_queries(len(one.captured_queries)):
        events_of(Client(), url)


def test_a_providers_member_of_staff_is_offered_no_calendar_feed_they_could_not_open(
    world: Any, as_user: Any
) -> None:
    from tests.arrangements.helpers import make_provider
    from tests.providers.portal_helpers import placed_pupil, staff_of

    farm = make_provider(world.school, "Willow Farm")
    placed_pupil(world.school, farm)
    provider_user = staff_of(farm, world.school)
    provider_user.set_password("a-long-provider-password")
    provider_user.save()
    client = sign_in(Client(), provider_user)
    home = client.get("/provider/", follow=True)
    assert home.status_code == 200
    assert PAGE not in home.content.decode() and "Calendar feed" not in home.content.decode()
    assert client.get(PAGE).status_code == 404
    staff_page = as_user(world.staff[Role.TEACHER]).get(f"/schools/{world.school.id}/", follow=True).content.decode()
    assert f'href="{PAGE}"' in staff_page
