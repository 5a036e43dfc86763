import datetime as dt
import html
from typing import Any

import pytest
from django.urls import reverse

from pathways.schools.actions import do_grant_role
from pathways.schools.models import Closure, HalfTerm, Role

pytestmark = pytest.mark.django_db


def test_the_trust_lead_sees_every_school_of_the_trust_and_none_of_another(world: Any, as_user: Any) -> None:
    client = as_user(world.trust_lead)
    assert client.get(reverse("home")).url == reverse("trust", args=[world.trust.id])
    page = html.unescape(client.get(reverse("trust", args=[world.trust.id])).content.decode())
    assert world.school.name in page and world.sister.name in page
    assert world.other.name not in page
    assert client.get(reverse("pupil-list", args=[world.sister.id])).status_code == 200
    assert client.get(reverse("trust", args=[world.other.trust_id])).status_code == 404


def test_a_dsl_cannot_open_the_trust_page(world: Any, as_user: Any) -> None:
    assert as_user(world.staff["dsl"]).get(reverse("trust", args=[world.trust.id])).status_code == 404


def test_staff_of_two_schools_get_a_switcher_that_moves_between_them(world: Any, as_user: Any) -> None:
    ap_lead = world.staff["ap_lead"]
    do_grant_role(user=ap_lead, school=world.sister, role=Role.AP_LEAD, actor=None)
    client = as_user(ap_lead)
    page = client.get(reverse("pupil-list", args=[world.school.id])).content.decode()
    assert 'name="school"' in page and "Switch" in page
    response = client.get(reverse("switch-school"), {"school": world.sister.id})
    assert response.url == reverse("school-home", args=[world.sister.id])
    assert client.get(reverse("switch-school"), {"school": "not-a-number"}).status_code == 404


def test_staff_of_one_school_see_no_switcher(world: Any, as_user: Any) -> None:
    page = as_user(world.staff["teacher"]).get(reverse("pupil-list", args=[world.school.id])).content.decode()
    assert 'name="school"' not in page


def test_the_attendance_officer_moves_a_half_term_and_adds_an_inset_day(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["attendance_officer"])
    autumn2 = HalfTerm.objects.get(school=world.school, school_year=2025, number=2)
    response = client.post(reverse("half-term-edit", args=[world.school.id, autumn2.id]),
                           {"name": "Autumn 2", "start": "2025-11-04", "end": "2025-12-19"})
    assert response.status_code == 302
    autumn2.refresh_from_db()
    assert autumn2.start == dt.date(2025, 11, 4)
    response = client.post(reverse("closure-add", args=[world.school.id]), {"date": "2025-11-28", "reason": "INSET"})
    assert response.status_code == 302
    assert Closure.objects.filter(school=world.school, date=dt.date(2025, 11, 28), reason="INSET").exists()


def test_a_bad_half_term_date_is_shown_against_the_field(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["attendance_officer"])
    autumn2 = HalfTerm.objects.get(school=world.school, school_year=2025, number=2)
    response = client.post(reverse("half-term-edit", args=[world.school.id, autumn2.id]),
                           {"name": "Autumn 2", "start": "2025-02-30", "end": "2025-12-19"})
    assert response.status_code == 400
    assert "First day: Enter a valid date." in response.content.decode()


def test_a_governor_reads_the_calendar_but_cannot_change_it(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["governor"])
    page = client.get(reverse("calendar", args=[world.school.id]))
    assert page.status_code == 200 and "Add a closure day" not in page.content.decode()
    response = client.post(reverse("closure-add", args=[world.school.id]), {"date": "2025-11-28", "reason": "x"})
    assert response.status_code == 403
    assert not Closure.objects.filter(school=world.school, date=dt.date(2025, 11, 28)).exists()


def test_the_calendar_names_each_school_year_by_both_its_years(world: Any, as_user: Any) -> None:
    page = as_user(world.staff["teacher"]).get(reverse("calendar", args=[world.school.id])).content.decode()
    assert "2025-26" in page and "2026-27" in page


def test_the_trust_page_links_to_the_providers_used_across_the_trust(world: Any, as_user: Any) -> None:
    page = as_user(world.trust_lead).get(reverse("trust", args=[world.trust.id])).content.decode()
    assert reverse("trust-providers", args=[world.trust.id]) in page


def test_the_trust_page_links_to_today_across_the_trust(world: Any, as_user: Any) -> None:
    page = as_user(world.trust_lead).get(reverse("trust", args=[world.trust.id])).content.decode()
    assert reverse("trust-today", args=[world.trust.id]) in page


def test_every_member_of_staff_finds_the_calendar_feed_in_the_header(world: Any, as_user: Any) -> None:
    page = as_user(world.staff["teacher"]).get(reverse("pupil-list", args=[world.school.id])).content.decode()
    assert reverse("calendar-feed") in page
