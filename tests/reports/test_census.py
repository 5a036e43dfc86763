"""The school census's AP placements: the census days from their dated parameter, every placement in the
collection period with its checks, the export that leaves out (and records) the placements not ready,
the reason edited through its form with a version, and the outsiders refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pathways.arrangements.models import Arrangement, Status
from pathways.audit.models import AuditEvent
from pathways.audit.versions import version_of
from pathways.reports.data import census as data
from pathways.reports.models import CensusExport
from tests.arrangements.helpers import make_arrangement
from tests.attendance.helpers import every_day
from tests.conftest import make_pupil
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import staff_of
from tests.reports.helpers import on
from tests.test_isolation import sister_credential

pytestmark = pytest.mark.django_db

AFTER_AUTUMN = dt.date(2026, 10, 9)      # the autumn 2026 census day is Thursday 1 October 2026
FARM = {"postcode": "NS9 7TF", "companies_house_number": "09876543"}   # returned with a type of setting


def url(world: Any, census: str = "autumn-2026") -> str:
    return reverse("report-census", args=[world.school.id]) + f"?census={census}"


def placed(world: Any, first: str, last: str, *, provider: Any, reason: str = "OSD", start: dt.date,
           end: dt.date | None = None, status: str = Status.ACTIVE, slots: Any = None, upn: str = "") -> Arrangement:
    with on(start, 8):
        pupil = make_pupil(world.school, first, last, upn=upn or "A" + str(abs(hash((first, last))))[:12].zfill(12))
        arrangement = make_arrangement(pupil, start=start, end=end, status=status, provider=provider,
                                       slots=slots if slots is not None else every_day("provider", "school"))
    Arrangement.objects.filter(pk=arrangement.pk).update(census_placement_reason=reason)
    arrangement.refresh_from_db()
    return arrangement


def test_the_census_days_and_their_collection_periods_come_from_the_dated_parameter():
    autumn = data.census("autumn", 2026)
    assert (autumn.day, autumn.period_start) == (dt.date(2026, 10, 1), dt.date(2026, 5, 22))
    spring = data.census("spring", 2025)
    assert (spring.day, spring.period_start) == (dt.date(2026, 1, 15), dt.date(2025, 10, 3))
    summer = data.census("summer", 2025)
    assert (summer.day, summer.period_start) == (dt.date(2026, 5, 21), dt.date(2026, 1, 16))
    assert data.latest_census_by(dt.date(2026, 12, 6)) == autumn


def test_every_placement_in_the_period_is_listed_with_each_items_check(world, as_user):
    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    college = make_provider(world.school, "Riverside College", ukprn="10012345")
    both = make_provider(world.school, "Muddled Tutors", ukprn="10054321")
    type(both).objects.filter(pk=both.pk).update(census_setting_type="OOT")   # as an older import left it
    ready = placed(world, "Ada", "Ready", provider=farm, start=dt.date(2026, 9, 7))
    placed(world, "Ben", "Noreason", provider=college, reason="", start=dt.date(2026, 9, 7))
    placed(world, "Cal", "Twoids", provider=both, start=dt.date(2026, 6, 1), end=dt.date(2026, 7, 17),
           status=Status.ENDED, slots=every_day("provider", "provider"))
    placed(world, "Dee", "Before", provider=farm, start=dt.date(2026, 1, 5), end=dt.date(2026, 3, 20),
           status=Status.ENDED)                         # ended before the period began
    placed(world, "Eve", "After", provider=farm, start=dt.date(2026, 10, 5))   # began after the census day
    with on(AFTER_AUTUMN):
        response = as_user(world.staff["attendance_officer"]).get(url(world))
    assert response.status_code == 200
    rows = {r.arrangement.pupil.last_name: r for r in response.context["rows"]}
    assert set(rows) == {"Ready", "Noreason", "Twoids"}
    assert rows["Ready"].ok and rows["Ready"].setting_type == "WBP"
    assert (rows["Ready"].full_time, rows["Ready"].sessions) == (False, 5)       # five mornings a week
    assert [p[0] for p in rows["Noreason"].problems] == ["Reason for placement"]
    assert [p[0] for p in rows["Twoids"].problems] == ["URN, UKPRN or type of setting"]
    assert (rows["Twoids"].full_time, rows["Twoids"].sessions) == (True, 10)
    assert rows["Twoids"].leaving == dt.date(2026, 7, 17)
    page = response.content.decode()
    assert "Reason for placement</strong>: No reason for the placement is recorded." in page
    assert "cannot write placements to the MIS" in page
    assert ready.pupil.full_name in page


def test_the_export_leaves_out_a_placement_missing_its_reason_and_names_the_item(world, as_user):
    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    ready = placed(world, "Ada", "Ready", provider=farm, start=dt.date(2026, 9, 7))
    missing = placed(world, "Ben", "Noreason", provider=farm, reason="", start=dt.date(2026, 9, 7))
    officer = world.staff["attendance_officer"]
    with on(AFTER_AUTUMN):
        response = as_user(officer).post(reverse("report-census", args=[world.school.id]),
                                         {"census": "autumn-2026"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == list(data.COLUMNS)
    assert [r[1] for r in rows[1:]] == ["Ready"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Type of setting"], row["URN"], row["UKPRN"]) == ("WBP", "", "")
    assert (row["Postcode"], row["Companies House number"]) == ("NS9 7TF", "09876543")
    assert (row["Entry date"], row["Reason for placement"], row["Full or part time"], row["Sessions per week"]) == (
        "2026-09-07", "OSD", "Part time", "5")
    export = CensusExport.objects.get()
    assert export.exported_by == officer and export.census_day == dt.date(2026, 10, 1)
    assert [e["arrangement"] for e in export.exported] == [ready.pk]
    assert export.refused == [{"arrangement": missing.pk, "pupil": "Noreason, Ben",
                               "problems": [["Reason for placement", "No reason for the placement is recorded."]]}]
    audit = AuditEvent.objects.get(action="export census AP placements")
    assert audit.changes["refused"] == {str(missing.pk): ["Reason for placement"]}
    with on(AFTER_AUTUMN):
        page = as_user(officer).get(url(world)).content.decode()
    assert "Noreason, Ben: Reason for placement" in page


def test_a_setting_returned_by_its_type_needs_its_postcode_and_companies_house_number(world):
    bare = make_provider(world.school, "Lone Tutor", census_setting_type="OOT")
    college = make_provider(world.school, "Riverside College", ukprn="10012345")   # a UKPRN: neither is asked
    placed(world, "Ada", "Tutored", provider=bare, start=dt.date(2026, 9, 7))
    placed(world, "Ben", "College", provider=college, start=dt.date(2026, 9, 7))
    rows = {r.arrangement.pupil.last_name: r for r in data.placement_rows(world.school, data.census("autumn", 2026))}
    assert [p[0] for p in rows["Tutored"].problems] == ["Postcode", "Companies House number"]
    assert rows["College"].ok and (rows["College"].postcode, rows["College"].companies_house) == ("", "")


def test_a_placement_that_ended_after_the_census_day_is_returned_as_running_on_it(world):
    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    placed(world, "Ada", "Later", provider=farm, start=dt.date(2026, 6, 1), end=dt.date(2026, 10, 23),
           status=Status.ENDED)
    (autumn,) = data.placement_rows(world.school, data.census("autumn", 2026))
    assert autumn.ok and autumn.leaving is None and autumn.sen_leaving == ""
    (spring,) = data.placement_rows(world.school, data.census("spring", 2026))
    assert spring.ok and spring.leaving == dt.date(2026, 10, 23)


def test_a_formula_in_a_providers_name_is_made_inert(world, as_user):
    farm = make_provider(world.school, "=HYPERLINK(\"http://evil.example\")", census_setting_type="OTH", **FARM)
    placed(world, "Ada", "Ready", provider=farm, start=dt.date(2026, 9, 7))
    with on(AFTER_AUTUMN):
        response = as_user(world.staff["headteacher"]).post(reverse("report-census", args=[world.school.id]),
                                                            {"census": "autumn-2026"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[1][data.COLUMNS.index("Provider")].startswith("'=")


def test_sen_provision_at_entry_and_leaving_comes_from_the_pupils_history(world):
    from pathways.pupils.actions import do_update_pupil

    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    a = placed(world, "Ada", "Changed", provider=farm, start=dt.date(2026, 6, 1), end=dt.date(2026, 9, 25),
               status=Status.ENDED)
    with on(dt.date(2026, 9, 10)):
        do_update_pupil(pupil=a.pupil, actor=None, send="ehcp")
    (row,) = data.placement_rows(world.school, data.census("autumn", 2026))
    assert (row.sen_entry, row.sen_leaving) == ("N", "E")


def test_the_reason_is_changed_through_its_form_with_a_version(world, as_user):
    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    a = placed(world, "Ben", "Noreason", provider=farm, reason="", start=dt.date(2026, 9, 7))
    address = reverse("report-census-details", args=[world.school.id, a.id])
    officer = as_user(world.staff["attendance_officer"])
    with on(AFTER_AUTUMN):
        seen = version_of(a)
        assert officer.post(address, {"reason": "XXX", "version": seen}).status_code == 400
        response = officer.post(address, {"reason": "SEN", "version": seen, "census": "autumn-2026"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.census_placement_reason == "SEN"
    assert AuditEvent.objects.get(action="change census details").changes == {
        "census_placement_reason": ["", "SEN"]}
    with on(AFTER_AUTUMN):
        stale = officer.post(address, {"reason": "OTH", "version": seen})
    assert stale.status_code == 400
    a.refresh_from_db()
    assert a.census_placement_reason == "SEN"


@pytest.mark.parametrize("role", ["teacher", "dsl", "senco", "governor"])
def test_staff_who_do_not_prepare_the_census_are_refused(world, as_user, role):
    with on(AFTER_AUTUMN):
        assert as_user(world.staff[role]).get(url(world)).status_code == 403
        assert as_user(world.staff[role]).post(url(world), {"census": "autumn-2026"}).status_code == 403
    assert not CensusExport.objects.exists()


def test_outsiders_get_nothing(world, as_user, client):
    farm = make_provider(world.school, "Willow Farm", census_setting_type="WBP", **FARM)
    a = placed(world, "Ada", "Ready", provider=farm, start=dt.date(2026, 9, 7))
    pages = (url(world), reverse("report-census-details", args=[world.school.id, a.id]))
    with on(AFTER_AUTUMN):
        for user in (world.outsider, world.sister_dsl, staff_of(farm, world.school)):
            client.logout()
            for page in pages:
                assert as_user(user).get(page).status_code == 404
                assert as_user(user).post(page, {"census": "autumn-2026", "reason": "OTH"}).status_code == 404
        _, raw = sister_credential(world)
        token = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        for page in pages:
            response = token.get(page)
            assert response.status_code == 302 and "/login" in response["Location"]
    assert not CensusExport.objects.exists()
    a.refresh_from_db()
    assert a.census_placement_reason == "OSD"


def test_the_provider_form_refuses_a_setting_type_beside_a_ukprn_and_a_bad_ukprn(world, as_user):
    from django.core.exceptions import ValidationError

    from pathways.providers.models import Provider
    farm = make_provider(world.school, "Willow Farm")
    for bad, field in ((Provider(**{**_fields(farm), "ukprn": "20012345"}), "ukprn"),
                       (Provider(**{**_fields(farm), "ukprn": "10012345", "census_setting_type": "OTH"}),
                        "census_setting_type")):
        with pytest.raises(ValidationError) as raised:
            bad.full_clean()
        assert list(raised.value.message_dict) == [field]


def _fields(p: Any) -> dict[str, Any]:
    return {f.attname: getattr(p, f.attname) for f in p._meta.concrete_fields if f.attname not in ("id",)} | {
        "name": p.name + " copy"}

