"""The list of reports, linked from the Today page, offers each member of staff the reports they may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def index(world):
    return reverse("report-index", args=[world.school.id])


def test_the_today_page_links_to_the_reports(world, as_user):
    page = as_user(world.staff["teacher"]).get(reverse("today", args=[world.school.id])).content.decode()
    assert index(world) in page


def test_a_governor_is_offered_the_governors_report_only(world, as_user):
    page = as_user(world.staff["governor"]).get(index(world)).content.decode()
    assert reverse("report-governors", args=[world.school.id]) in page
    assert reverse("report-la-return", args=[world.school.id]) not in page
    assert "Inspection evidence" not in page


def test_the_attendance_officer_is_offered_the_return_and_the_pupil_reports_not_the_governors(world, as_user):
    page = as_user(world.staff["attendance_officer"]).get(index(world)).content.decode()
    assert reverse("report-la-return", args=[world.school.id]) in page
    assert reverse("report-governors", args=[world.school.id]) not in page
    assert "Inspection evidence" in page


def test_the_headteacher_is_offered_every_report(world, as_user):
    page = as_user(world.staff["headteacher"]).get(index(world)).content.decode()
    assert reverse("report-governors", args=[world.school.id]) in page
    assert reverse("report-la-return", args=[world.school.id]) in page


@pytest.mark.parametrize("who", ["outsider", "sister_dsl"])
def test_staff_of_another_school_get_404(world, as_user, who):
    assert as_user(getattr(world, who)).get(index(world)).status_code == 404
