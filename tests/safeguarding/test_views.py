"""The risk assessment pages, by every persona: writers (DSL, headteacher, AP lead, SENCO), readers
(teacher, governor), and the outsider (another school's staff: 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.audit.models import AuditEvent
from pathways.pupils.models import Pupil
from pathways.safeguarding.actions import do_update_risk_rows
from pathways.safeguarding.models import RiskAssessment, RiskRow
from tests.safeguarding.helpers import completed, part_time, started

pytestmark = pytest.mark.django_db

WRITERS = ["dsl", "headteacher", "ap_lead", "senco"]
READERS = ["teacher"]  # a governor sees no named child: test_a_governor_opens_no_risk_assessment
d = dt.date.fromisoformat


@pytest.fixture
def arrangement(world: Any) -> Any:
    return part_time(world.pupil)


def url(name: str, ra: RiskAssessment) -> str:
    return reverse(name, args=[ra.school_id, ra.id])


def row_post(ra: RiskAssessment, rows: list[dict[str, Any]], title: str | None = None, **extra: str) -> dict[str, Any]:
    """The edit form as a browser would post it: every existing row, then blank rows."""
    blank = 3
    data: dict[str, Any] = {
        "title": title or ra.title, "rows-TOTAL_FORMS": str(len(rows) + blank),
        "rows-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))), "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000", **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = "on" if value is True else ("" if value is None else value)
    return data


def existing_rows(ra: RiskAssessment) -> list[dict[str, Any]]:
    return [
        {k: getattr(r, k) for k in ("id", "area", "hazard", "likelihood", "impact", "control_measures",
                                     "responsibility", "review_frequency", "further_actions")}
        for r in ra.rows.all()
    ]


@pytest.mark.parametrize("role", WRITERS)
def test_a_writer_starts_a_risk_assessment_with_the_template_of_the_arrangements_kind(
    world: Any, as_user: Any, arrangement: Any, role: str
) -> None:
    client = as_user(world.staff[role])
    page = client.get(reverse("risk-assessment-create", args=[world.school.id]), {"arrangement": arrangement.id})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="part_time_timetable" checked' in body and "Appendix 7" in body
    response = client.post(
        reverse("risk-assessment-create", args=[world.school.id]) + f"?arrangement={arrangement.id}",
        {"arrangement": arrangement.id, "template": "part_time_timetable"},
    )
    ra = RiskAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == url("risk-assessment-edit", ra)
    assert ra.rows.count() == 10 and ra.created_by == world.staff[role]


@pytest.mark.parametrize("role", READERS)
def test_teachers_read_risk_assessments_but_cannot_write_them(
    world: Any, as_user: Any, arrangement: Any, role: str
) -> None:
    draft = started(arrangement)
    done = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    client = as_user(world.staff[role])
    assert client.get(reverse("risk-assessment-list", args=[world.school.id])).status_code == 200
    printed = client.get(url("risk-assessment-print", done))
    assert printed.status_code == 200 and b"Review the risk assessment" not in printed.content
    before = (AuditEvent.objects.count(), RiskRow.objects.count())
    posts = [
        (reverse("risk-assessment-create", args=[world.school.id]), {"arrangement": arrangement.id,
                                                                      "template": "part_time_timetable"}),
        (url("risk-assessment-edit", draft), row_post(draft, existing_rows(draft)[:1])),
        (url("risk-assessment-complete", draft), {"on": "2026-01-08", "next_review_due": "2026-02-13",
            "approved_by": "Mrs Hughes, Headteacher"}),
        (url("risk-assessment-review", done), {"on": "2026-02-01", "next_review_due": "2026-03-01", "note": "x",
         "approved_by": "Mrs Hughes, Headteacher"}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 403, path
    assert (AuditEvent.objects.count(), RiskRow.objects.count()) == before


def test_a_governor_opens_no_risk_assessment(world: Any, as_user: Any, arrangement: Any) -> None:
    draft = started(arrangement)
    done = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    client = as_user(world.staff["governor"])
    before = (AuditEvent.objects.count(), RiskRow.objects.count())
    for path in (reverse("risk-assessment-list", args=[world.school.id]), url("risk-assessment-print", done),
                 url("risk-assessment-edit", draft)):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Ava Ourpupil" not in response.content
    assert client.post(url("risk-assessment-edit", draft), row_post(draft, existing_rows(draft)[:1])).status_code == 403
    assert (AuditEvent.objects.count(), RiskRow.objects.count()) == before


def test_the_outsider_gets_404_for_every_risk_assessment_page(world: Any, as_user: Any, arrangement: Any) -> None:
    ra = started(arrangement)
    client = as_user(world.outsider)
    for name in ("risk-assessment-print", "risk-assessment-edit", "risk-assessment-complete",
                 "risk-assessment-review"):
        assert client.get(url(name, ra)).status_code == 404
        assert client.get(reverse(name, args=[world.other.id, ra.id])).status_code == 404
    assert client.get(reverse("risk-assessment-list", args=[world.school.id])).status_code == 404


def test_another_schools_arrangement_cannot_be_chosen_or_filtered_on(world: Any, as_user: Any) -> None:
    theirs = part_time(world.other_pupil)
    client = as_user(world.staff["dsl"])
    create = reverse("risk-assessment-create", args=[world.school.id])
    assert client.get(create, {"arrangement": theirs.id}).status_code == 404
    assert client.get(reverse("risk-assessment-list", args=[world.school.id]),
                      {"arrangement": theirs.id}).status_code == 404
    response = client.post(create, {"arrangement": theirs.id, "template": "part_time_timetable"})
    assert response.status_code == 400 and b"Select a valid choice" in response.content
    assert not RiskAssessment.objects.exists()


def test_the_list_shows_the_latest_version_with_its_next_review_and_filters_by_arrangement(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    from pathways.safeguarding.actions import do_review_risk_assessment

    do_review_risk_assessment(risk_assessment=ra, on=d("2026-02-10"), next_review_due=d("2026-03-27"),
                              note="Fine.", actor=None, approved_by="Mrs Hughes, Headteacher")
    elsewhere = part_time(world.pupil, start=d("2026-04-13"))
    started(elsewhere)
    client = as_user(world.staff["dsl"])
    page = client.get(reverse("risk-assessment-list", args=[world.school.id]))
    body = page.content.decode()
    assert "2 risk assessments" in body and "version 2" in body and "27 Mar 2026" in body
    assert "overdue" in body  # today is after 27 March 2026
    filtered = client.get(reverse("risk-assessment-list", args=[world.school.id]), {"arrangement": elsewhere.id})
    assert "1 risk assessment " in filtered.content.decode() and b"Draft" in filtered.content


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_page_makes_the_same_number_of_queries_whatever_the_number_of_assessments(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["dsl"])
    path = reverse("risk-assessment-list", args=[world.school.id])
    completed(part_time(world.pupil), on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    few = _queries(client, path)
    for n in range(8):
        pupil_arrangement = part_time(world.pupil, start=d("2026-02-23") + dt.timedelta(days=n))
        completed(pupil_arrangement, on=d("2026-02-20"), next_review_due=d("2026-03-27"),
                  template="alternative_provision")
    assert _queries(client, path) == few
    with django_assert_max_num_queries(few):
        client.get(path)


def test_the_edit_page_makes_the_same_number_of_queries_whatever_the_number_of_rows(
    world: Any, as_user: Any, arrangement: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["ap_lead"])
    ra = started(arrangement)
    do_update_risk_rows(risk_assessment=ra, actor=None, rows=existing_rows(ra)[:1])
    one = _queries(client, url("risk-assessment-edit", ra))
    do_update_risk_rows(risk_assessment=ra, actor=None, rows=existing_rows(ra) + [
        {"hazard": f"Risk {n}", "control_measures": "Watch it"} for n in range(25)])
    assert ra.rows.count() == 26
    assert _queries(client, url("risk-assessment-edit", ra)) == one
    with django_assert_max_num_queries(one):
        client.get(url("risk-assessment-edit", ra))


def test_the_edit_page_changes_adds_and_removes_risks_without_javascript(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = started(arrangement)
    client = as_user(world.staff["senco"])
    page = client.get(url("risk-assessment-edit", ra)).content.decode()
    assert page.count('data-testid="risk-row"') == 13  # ten from Appendix 7 and three blank
    rows = existing_rows(ra)
    rows[0]["control_measures"] = "Grandmother supervises afternoons at home\nDSL phones home on Fridays"
    rows[1]["DELETE"] = True
    rows.append({"area": "Travel", "hazard": "Walks home alone at noon", "likelihood": "medium",
                 "impact": "high", "control_measures": "Parent collects at 12:00"})
    response = client.post(url("risk-assessment-edit", ra), row_post(ra, rows, title="Ava: afternoons at home"))
    assert response.status_code == 302
    saved = list(ra.rows.all())
    assert len(saved) == 10 and saved[-1].hazard == "Walks home alone at noon"
    assert saved[0].control_measures.splitlines()[1] == "DSL phones home on Fridays"
    assert "Attendance Tracking" not in [r.area for r in saved]
    assert RiskAssessment.objects.get(pk=ra.pk).title == "Ava: afternoons at home"


def test_a_risk_left_without_its_hazard_is_shown_with_a_message_and_nothing_is_saved(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = started(arrangement)
    client = as_user(world.staff["dsl"])
    rows = existing_rows(ra)
    rows[2]["hazard"] = ""
    rows[3]["control_measures"] = "Changed, but must not be saved"
    response = client.post(url("risk-assessment-edit", ra), row_post(ra, rows))
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Risk 3: Hazard or potential risk: Describe the hazard or potential risk." in body
    assert ra.rows.get(pk=rows[3]["id"]).control_measures != "Changed, but must not be saved"


def test_save_and_complete_then_completing_records_the_assessment_in_the_chronology(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = started(arrangement)
    client = as_user(world.staff["dsl"])
    response = client.post(url("risk-assessment-edit", ra), row_post(ra, existing_rows(ra), complete="1"))
    assert response["Location"] == url("risk-assessment-complete", ra)
    bad = client.post(url("risk-assessment-complete", ra), {"on": "2026-01-08", "next_review_due": "2026-01-01",
        "approved_by": "Mrs Hughes, Headteacher"})
    assert bad.status_code == 400 and b"Next review due: The next review must be after" in bad.content
    assert not Event.objects.filter(type="risk_assessment").exists()
    response = client.post(url("risk-assessment-complete", ra), {
        "on": "2026-01-08", "next_review_due": "2026-02-13", "approved_by": "Mrs Hughes, Headteacher"})
    assert response["Location"] == url("risk-assessment-print", ra)
    assert Event.current.get(type="risk_assessment").date == d("2026-01-08")
    # A completed assessment's edit page sends the user to its printable page instead.
    assert client.get(url("risk-assessment-edit", ra))["Location"] == url("risk-assessment-print", ra)


def test_a_date_in_the_future_is_refused(world: Any, as_user: Any, arrangement: Any) -> None:
    ra = started(arrangement)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = as_user(world.staff["dsl"]).post(url("risk-assessment-complete", ra), {
        "on": tomorrow.isoformat(), "next_review_due": (tomorrow + dt.timedelta(days=30)).isoformat()})
    assert response.status_code == 400 and b"Date of assessment: The date cannot be in the future." in response.content


def test_reviewing_makes_version_two_and_the_print_view_lists_version_one(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"), actor=world.staff["dsl"])
    client = as_user(world.staff["headteacher"])
    response = client.post(url("risk-assessment-review", ra), {
        "on": "2026-02-10", "next_review_due": "2026-03-27", "note": "Afternoons still supervised; no change.",
        "approved_by": "Mrs Hughes, Headteacher"})
    new = RiskAssessment.objects.get(previous=ra)
    assert response["Location"] == url("risk-assessment-print", new)
    page = client.get(url("risk-assessment-print", new)).content.decode()
    assert "Review on 10 February 2026" in page and "Afternoons still supervised" in page
    assert "Version 1</a>: completed on 8 January 2026" in page
    old_page = client.get(url("risk-assessment-print", ra)).content.decode()
    assert "Version 2</a> replaced it on 10 February 2026" in old_page
    # The old version cannot be reviewed again.
    assert client.get(url("risk-assessment-review", ra))["Location"] == url("risk-assessment-print", ra)


def test_the_printable_view_has_the_pupil_the_appendix_layout_and_the_sign_off(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"), actor=world.staff["dsl"])
    page = as_user(world.staff["teacher"]).get(url("risk-assessment-print", ra)).content.decode()
    assert "Ava Ourpupil" in page and "Part-time timetable" in page and "Mental health" in page
    assert "Appendix 7" in page
    for header in ("Risk area", "Potential risk", "Mitigating actions", "Responsibility", "Review / frequency"):
        assert f">{header}</th>" in page
    assert "Likelihood" not in page  # Appendix 7 does not rate its risks
    assert "<li>Follow schools Attendance Policy</li>" in page
    assert "Assessed by" in page and "Designated safeguarding lead" in page and "8 January 2026" in page
    assert "13 February 2026" in page
    assert "safeguarding/risk.css" in page


def test_the_printable_view_of_a_placement_groups_rated_risks_under_their_headings(
    world: Any, as_user: Any
) -> None:
    from tests.arrangements.helpers import make_arrangement, make_provider

    placement = make_arrangement(world.pupil, kind="alternative_provision", provider=make_provider(world.school))
    ra = started(placement, template="alternative_provision")
    page = as_user(world.staff["dsl"]).get(url("risk-assessment-print", ra)).content.decode()
    assert "Risk: Travel to and from provision" in page and ">Likelihood</th>" in page
    assert page.count("Risk: Safeguarding and Supervision") == 1  # three rows, one heading
    assert "This is a draft" in page


def test_when_the_risks_must_change_the_review_page_starts_a_new_version_to_adapt(
    world: Any, as_user: Any, arrangement: Any
) -> None:
    ra = completed(arrangement, on=d("2026-01-08"), next_review_due=d("2026-02-13"))
    client = as_user(world.staff["ap_lead"])
    assert b"Start a new version to change the risks" in client.get(url("risk-assessment-review", ra)).content
    response = client.post(url("risk-assessment-revise", ra))
    draft = RiskAssessment.objects.get(previous=ra)
    assert response["Location"] == url("risk-assessment-edit", draft) and draft.status == "draft"
    listed = client.get(reverse("risk-assessment-list", args=[world.school.id])).content.decode()
    assert "version 2, replacing version 1" in listed
    old_page = client.get(url("risk-assessment-print", ra)).content.decode()
    assert "is being drafted to replace this version" in old_page
    again = client.post(url("risk-assessment-revise", ra))
    assert again["Location"] == url("risk-assessment-print", ra) and RiskAssessment.objects.count() == 2
    assert as_user(world.staff["teacher"]).post(url("risk-assessment-revise", draft)).status_code == 403


def test_rows_kept_from_the_template_that_do_not_fit_the_pupil_are_pointed_out(world: Any, as_user: Any) -> None:
    from pathways.safeguarding.fit import fit_warnings

    Pupil.objects.filter(pk=world.pupil.pk).update(year_group=10)
    world.pupil.refresh_from_db()
    ra = started(part_time(world.pupil))
    warnings = fit_warnings(ra, d("2026-01-12"))
    texts = " ".join(w.text for w in warnings)
    assert "Phonics Progress" in texts and "Reception to Year 2; Ava Ourpupil is in Year 10" in texts
    assert "still reads exactly as the template" in texts
    assert len(warnings) == ra.rows.count()  # nothing adapted yet: every row is pointed out
    page = as_user(world.staff["dsl"]).get(url("risk-assessment-complete", ra)).content.decode()
    assert 'data-testid="fit-warnings"' in page and "Phonics Progress" in page
    # A row rewritten for the pupil is no longer pointed out; a Reception pupil's phonics row is not misplaced.
    row = ra.rows.exclude(area="Phonics Progress").first()
    row.control_measures = "Ava's afternoons at home are checked by a call at 1pm."
    row.save()
    assert row.pk not in [w.row.pk for w in fit_warnings(ra, d("2026-01-12"))]
    Pupil.objects.filter(pk=world.pupil.pk).update(year_group=1)
    ra.arrangement.pupil.refresh_from_db()
    assert not any("Reception to Year 2" in w.text for w in fit_warnings(ra, d("2026-01-12")))
