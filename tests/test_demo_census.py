"""The demo's autumn census return: every placement the demo schools arranged that ran in the collection
period is listed with its checks passing, but the one placement whose reason nobody has recorded, which
the page and the export refuse with the item named."""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pathways.demo.arrangements.census import LEFT_UNRECORDED
from pathways.demo.trust import DemoTrust, create_demo_trust
from pathways.reports.data import census as data
from pathways.reports.models import CensusExport
from pathways.schools.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
DAY = dt.date(2026, 11, 23)    # a Monday of the autumn term; the autumn census day was 1 October 2026

# The placements with a provider running at some point from 22 May to 1 October 2026, by school.
EXPECTED = {
    "holyfamily": {"hf_ap_riverside", "hf_ap_farm_full_time_1", "hf_ap_farm_full_time_2", "hf_ap_farm_part_time",
                   "hf_direction_review_request", "hf_ap_ended"},
    "stbedes": {"sb_health_tuition"},
    "oakfield": {"ok_ap_forge", "ok_health_hospital"},
}


@pytest.fixture
def demo() -> Iterator[DemoTrust]:
    with time_machine.travel(dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=LONDON)):
        yield create_demo_trust(today=DAY)


def test_the_autumn_census_lists_every_demo_placement_ready_but_the_one_missing_its_reason(demo):
    autumn = data.latest_census_by(DAY)
    assert (autumn.term, autumn.day) == ("autumn", dt.date(2026, 10, 1))
    keys = {a.pk: key for key, a in demo.arrangements.items()}
    for school, expected in EXPECTED.items():
        rows = data.placement_rows(demo.schools[school], autumn)
        assert {keys[r.arrangement.pk] for r in rows} == expected
        for row in rows:
            if keys[row.arrangement.pk] == LEFT_UNRECORDED:
                assert [p[0] for p in row.problems] == ["Reason for placement"]
            else:
                assert row.ok, (keys[row.arrangement.pk], row.problems)
                assert row.sessions and row.reason and row.sen_entry in {"N", "K", "E"}
    # Every way a setting is returned is shown: by URN, and by type of setting with postcode and company.
    rows = data.placement_rows(demo.schools["holyfamily"], autumn)
    assert {r.urn for r in rows if r.urn} == {"149872"}
    assert {(r.setting_type, r.postcode, r.companies_house) for r in rows if r.setting_type} == {
        ("OTH", "NS9 7TF", "09412876")}
    (ended,) = [r for r in rows if keys[r.arrangement.pk] == "hf_ap_ended"]
    assert ended.leaving is None        # it ended on 23 October, after the census day: running on it


def test_the_attendance_officer_sees_the_refusal_with_the_item_named_and_the_export_leaves_it_out(demo):
    client = sign_in(Client(), User.objects.get(username="holyfamily-attendance"))
    with time_machine.travel(dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=LONDON)):
        address = reverse("report-census", args=[demo.schools["holyfamily"].id])
        page = client.get(address)
        assert page.status_code == 200
        html = page.content.decode()
        assert "6 placements, <strong>1 not ready</strong>" in html
        assert "<strong>Reason for placement</strong>: No reason for the placement is recorded." in html
        response = client.post(address, {"census": "autumn-2026"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == list(data.COLUMNS) and len(rows) == 1 + 5
    missing = demo.arrangements[LEFT_UNRECORDED]
    (export,) = CensusExport.objects.all()
    assert [(r["arrangement"], [p[0] for p in r["problems"]]) for r in export.refused] == [
        (missing.pk, ["Reason for placement"])]
    assert missing.pupil.upn not in response.content.decode()
