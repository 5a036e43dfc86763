"""The local authority's part-time timetable return: one CSV row per part-time timetable running in the
dates chosen, with the columns documented in docs/reports.md, and cells a spreadsheet would run as a
formula made inert."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.reports.data import LA_COLUMNS, csv_safe
from tests.providers.portal_helpers import staff_of
from tests.reports.helpers import TODAY, on, part_time, place

pytestmark = pytest.mark.django_db


def url(world: Any, **query: Any) -> str:
    base = reverse("report-la-return", args=[world.school.id])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_of(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_has_its_header_and_a_row_for_the_part_time_timetable(world, as_user):
    arrangement = part_time(world, upn="A123456789012", send="sen_support", social_worker=True)
    with on(dt.date(2026, 1, 30)):
        do_record_event(arrangement=arrangement, type="review", date=dt.date(2026, 1, 30), actor=None,
                        fields={"outcome": "satisfactory", "parent_attended": True})
    place(world, marks=False)                 # alternative provision: not a part-time timetable
    with on(TODAY):
        response = as_user(world.staff["attendance_officer"]).get(
            url(world, start="2026-01-05", end="2026-02-13", format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    filename = f"part-time-timetables-{world.school.laestab}-2026-01-05-to-2026-02-13.csv"
    assert filename in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == list(LA_COLUMNS)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["LAESTAB"] == world.school.laestab
    assert (row["UPN"], row["Surname"], row["Forename"]) == ("A123456789012", "Parttime", "Bo")
    assert (row["Date of birth"], row["Year group"]) == ("2012-03-14", "9")
    assert (row["SEN status"], row["Social worker"], row["Looked after"]) == ("SEN support", "Yes", "No")
    assert (row["Start date"], row["Planned end date"], row["Status"]) == ("2026-01-05", "2026-03-20", "Active")
    assert row["Hours per week offered"] == "15"            # five mornings in school, 3 hours each
    assert row["Reason"] == "Mental health"
    assert row["Last review date"] == "2026-01-30"
    assert row["Parental agreement recorded"] == "Yes (2026-01-02)"


def test_a_timetable_with_no_written_agreement_says_no(world, as_user):
    part_time(world, compliant=False)
    with on(TODAY):
        rows = rows_of(as_user(world.staff["dsl"]).get(url(world, start="2026-01-05", end="2026-02-13", format="csv")))
    assert rows[1][LA_COLUMNS.index("Parental agreement recorded")] == "No"


def test_only_timetables_running_in_the_dates_are_returned(world, as_user):
    part_time(world, "Early", "Finished", start=dt.date(2025, 9, 8), end=dt.date(2025, 10, 17))
    part_time(world, "Now", "Running")
    with on(TODAY):
        rows = rows_of(as_user(world.staff["dsl"]).get(url(world, start="2026-01-05", end="2026-02-13", format="csv")))
    assert [r[2] for r in rows[1:]] == ["Running"]


def test_a_name_that_a_spreadsheet_would_run_is_escaped(world, as_user):
    part_time(world, "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1)", upn="")
    with on(TODAY):
        rows = rows_of(as_user(world.staff["dsl"]).get(url(world, start="2026-01-05", end="2026-02-13", format="csv")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Surname"] == "'+SUM(A1)"
    assert row["Forename"].startswith("'=HYPERLINK(")


def test_cells_beginning_as_formulas_are_prefixed_and_numbers_kept():
    assert [csv_safe(v) for v in ("=1+1", "-2", "@x", "\tx", "Smith", -1, 15)] == [
        "'=1+1", "'-2", "'@x", "'\tx", "Smith", -1, 15]


def test_the_page_lists_the_rows_and_links_the_csv(world, as_user):
    part_time(world)
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 part-time timetable from 5 January 2026 to 13 February 2026" in page
    assert "Parttime" in page and "format=csv" in page


def test_a_last_day_before_the_first_is_refused_naming_the_field(world, as_user):
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, start="2026-02-13", end="2026-01-05", format="csv"))
    assert response.status_code == 400
    assert "The last day must be on or after the first day." in response.content.decode()
    with on(TODAY):
        response = as_user(world.staff["ap_lead"]).get(url(world, start="tomorrow", end="2026-01-05"))
    assert response.status_code == 400
    assert "Enter the first day as a date" in response.content.decode()


@pytest.mark.parametrize("role", ["teacher", "senco", "governor"])
def test_staff_who_do_not_make_returns_are_refused(world, as_user, role):
    with on(TODAY):
        assert as_user(world.staff[role]).get(url(world, format="csv")).status_code == 403


def test_the_trust_lead_makes_the_return(world, as_user):
    with on(TODAY):
        assert as_user(world.trust_lead).get(url(world, format="csv")).status_code == 200


def test_another_schools_staff_and_a_providers_staff_get_404(world, as_user, client):
    placed = place(world, marks=False)
    with on(TODAY):
        for user in (world.outsider, world.sister_dsl, staff_of(placed.provider, world.school)):
            client.logout()
            assert as_user(user).get(url(world, format="csv")).status_code == 404


def test_the_query_count_does_not_grow_with_the_timetables(world, as_user):
    address = url(world, start="2026-01-05", end="2026-02-13", format="csv")
    part_time(world, "One", "Pupil")
    with on(TODAY):
        client = as_user(world.staff["dsl"])
        client.get(address)
        with CaptureQueriesContext(connection) as small:
            assert len(rows_of(client.get(address))) == 2
    for n in range(4):
        part_time(world, f"More{n}", "Pupil", compliant=n % 2 == 0)
    with on(TODAY), CaptureQueriesContext(connection) as large:
        assert len(rows_of(client.get(address))) == 6
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_next_review_follows_the_schools_half_termly_rule(world, as_user):
    from pathways.schools.actions import do_update_school
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = part_time(world)
    with on(dt.date(2026, 1, 30)):
        do_record_event(arrangement=arrangement, type="review", date=dt.date(2026, 1, 30), actor=None,
                        fields={"outcome": "satisfactory", "parent_attended": True})
    with on(TODAY):
        rows = rows_of(as_user(world.staff["dsl"]).get(url(world, start="2026-01-05", end="2026-02-13", format="csv")))
    # Spring 1's review is held; the next is due in Spring 2, by the timetable's planned end on 20 March.
    assert rows[1][LA_COLUMNS.index("Next review date")] == "2026-03-20"


def test_each_row_names_the_items_it_lacks_and_a_send_is_recorded(world, as_user):
    from pathways.audit.models import AuditEvent
    from pathways.reports.models import LaReturnSent

    part_time(world, "Done", "Complete", upn="A123456789012")
    part_time(world, "Gap", "Noupn", upn="", compliant=False)
    dsl = world.staff["dsl"]
    with on(TODAY):
        page = as_user(dsl).get(url(world, start="2026-01-05", end="2026-02-13"))
    checks = {row.pupil.last_name: items for row, items in page.context["checked"]}
    assert checks["Complete"] == []
    assert checks["Noupn"] == ["UPN", "Parental agreement recorded"]
    assert "Missing: UPN, Parental agreement recorded" in page.content.decode()
    with on(TODAY):
        assert as_user(dsl).post(url(world), {"start": "2026-01-05", "end": "2026-02-13",
                                              "sent_to": ""}).status_code == 302
        assert not LaReturnSent.objects.exists()               # who it went to is required
        response = as_user(dsl).post(url(world), {"start": "2026-01-05", "end": "2026-02-13",
                                                  "sent_to": "Children Missing Education team, secure portal"})
    assert response.status_code == 302
    sent = LaReturnSent.objects.get()
    assert (sent.sent_by, sent.period_start, sent.sent_to) == (
        dsl, dt.date(2026, 1, 5), "Children Missing Education team, secure portal")
    assert {r["pupil"]: r["missing"] for r in sent.rows}["Noupn, Gap"] == ["UPN", "Parental agreement recorded"]
    assert AuditEvent.objects.filter(action="send part-time timetables return to the LA").count() == 1
    with on(TODAY):
        page = as_user(dsl).get(url(world, start="2026-01-05", end="2026-02-13")).content.decode()
    assert "Children Missing Education team, secure portal" in page


def test_only_those_who_send_the_return_record_it_and_outsiders_get_nothing(world, as_user, client):
    from django.test import Client

    from pathways.reports.models import LaReturnSent
    from tests.test_isolation import sister_credential

    placed = place(world, marks=False)
    body = {"start": "2026-01-05", "end": "2026-02-13", "sent_to": "LA"}
    with on(TODAY):
        for role in ("teacher", "governor"):
            assert as_user(world.staff[role]).post(url(world), body).status_code == 403
        assert as_user(world.trust_lead).post(url(world), body).status_code == 403
        for user in (world.outsider, world.sister_dsl, staff_of(placed.provider, world.school)):
            client.logout()
            assert as_user(user).post(url(world), body).status_code == 404
        _, raw = sister_credential(world)
        response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(url(world), body)
        assert response.status_code in (302, 403)
    assert not LaReturnSent.objects.exists()
