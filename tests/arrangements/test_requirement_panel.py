"""The requirement panel of the arrangement page: every duty the engine returns, grouped, each due or
unmet one linked to what meets it, and the same verdict `pathways check` gives on the case file."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.requirement_links import LINKS
from pathways.cases.casefiles import export_case_file
from pathways.policy import casefile as cf
from pathways.policy import evaluate, load_case
from pathways.policy.engine import rules
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import MONDAY, make_arrangement, make_provider, week

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def test_every_requirement_of_the_registry_says_what_meets_it() -> None:
    ids = {r.id for r in rules()}
    assert len(ids) == 99
    missing = sorted(ids - set(LINKS))
    assert not missing, f"no entry in requirement_links.LINKS for {missing}"
    assert not sorted(set(LINKS) - ids), "LINKS names an id the registry does not have"
    for rid, link in LINKS.items():
        assert link.has_target or link.reason.strip(), f"{rid}: no target and no reason"
        assert all(e in cf.EVENT_TYPES for e in link.events), rid
        assert all(c in cf.CHECK_TYPES for c in link.checks), rid
        assert all(k in cf.EVENT_FIELDS.get(link.events[0], ()) for k in link.fields), rid


def panel(client: Any, arrangement: Any) -> tuple[str, dict[str, str]]:
    body = client.get(reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id])).content.decode()
    statuses = dict(re.findall(r'data-testid="requirement-([A-Z0-9-]+)" data-status="(\w+)"', body))
    return body, statuses


def card(body: str, rid: str) -> str:
    return body.split(f'data-testid="requirement-{rid}"')[1].split('<div class="govuk-summary-card"')[0]


def test_a_part_time_timetable_without_written_consent_shows_the_agreement_unmet_with_its_link(
    world: Any, as_user: Any
) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   end=dt.date(2026, 3, 27), slots=week(mon=("home", "home")))
    client = as_user(world.staff["ap_lead"])
    body, statuses = panel(client, arrangement)
    assert statuses["NAT-PTT-AGREEMENT"] == "unmet"
    agreement = card(body, "NAT-PTT-AGREEMENT")
    assert "Unmet" in agreement and "written parental agreement" in agreement.lower()
    link = reverse("event-record", args=[world.school.id, arrangement.id]) + "?type=parent_consent&amp;written=yes"
    assert link in agreement
    do_record_event(arrangement=arrangement, type="parent_consent", date=dt.date(2026, 1, 9), actor=None)
    body, statuses = panel(client, arrangement)
    assert statuses["NAT-PTT-AGREEMENT"] == "met"
    assert "Met" in card(body, "NAT-PTT-AGREEMENT")


def test_unmet_comes_before_due_and_due_before_met(world: Any, as_user: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   end=dt.date(2026, 3, 27), slots=week(mon=("home", "home")))
    do_record_event(arrangement=arrangement, type="parent_consent", date=dt.date(2026, 1, 9), actor=None)
    _, statuses = panel(as_user(world.staff["ap_lead"]), arrangement)
    order = list(statuses.values())
    rank = {"unmet": 0, "due": 1, "met": 2, "not_applicable": 3}
    assert order == sorted(order, key=rank.__getitem__)
    assert {"unmet", "due", "met"} <= set(order)


def test_a_due_duty_shows_its_date_and_a_late_one_says_so(world: Any, as_user: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   start=dt.date(2026, 1, 19), end=dt.date(2026, 3, 27),
                                   slots=week(mon=("home", "home")))
    do_record_event(arrangement=arrangement, type="parent_consent", date=dt.date(2026, 1, 20), actor=None)
    body, statuses = panel(as_user(world.staff["ap_lead"]), arrangement)
    # The local authority is told within 5 school days of the start: due by Monday 26 January.
    assert statuses["PTT-LA-NOTIFIED"] == "due"
    assert "Due</strong>" in card(body, "PTT-LA-NOTIFIED") and "by 26 Jan 2026" in card(body, "PTT-LA-NOTIFIED")
    assert "late" in card(body, "NAT-PTT-AGREEMENT")


def test_the_trust_lead_sees_the_panel_without_links_to_record(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   end=dt.date(2026, 3, 27))
    body, statuses = panel(as_user(world.trust_lead), arrangement)  # reads named records, records no visit
    assert statuses["NAT-PTT-AGREEMENT"] == "unmet"
    assert "events/new" not in body


def test_a_governor_opens_no_panel(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   end=dt.date(2026, 3, 27))
    response = as_user(world.staff["governor"]).get(
        reverse("arrangement-detail", args=[arrangement.school_id, arrangement.id]))
    assert response.status_code == 403  # governors see the school's counts, no named child


def test_the_panel_gives_the_same_verdict_as_pathways_check_on_the_exported_case_file(
    world: Any, as_user: Any, tmp_path: Any
) -> None:
    do_update_school(school=world.school, actor=None,
                     policy_packs=["alternative-pathways", "online-learning-packages"])
    provider = make_provider(world.school, registration="unregistered")
    arrangement = make_arrangement(world.pupil, provider=provider, start=MONDAY, end=dt.date(2026, 3, 27),
                                   slots=week(tue=("provider", "provider"), thu=("provider", "school")))
    do_record_event(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 14), actor=None)
    do_record_event(arrangement=arrangement, type="plan_agreed", date=dt.date(2026, 1, 5), actor=None)
    do_record_event(arrangement=arrangement, type="trust_consulted", date=dt.date(2026, 1, 16), actor=None)

    _, shown = panel(as_user(world.staff["dsl"]), arrangement)
    text = export_case_file(arrangement, TODAY)
    path = tmp_path / "case.yaml"
    path.write_text(text)
    checked = json.loads(subprocess.run([sys.executable, "-m", "pathways", "check", str(path)],
                                        capture_output=True, text=True, check=True).stdout)
    result = evaluate(load_case(text))

    from_check = {r["id"]: r["status"] for r in checked["requirements"]}
    from_engine = {r.id: (r.status, r.due.isoformat() if r.due else None) for r in result.requirements}
    assert shown == from_check == {rid: status for rid, (status, _) in from_engine.items()}
    assert {r["id"]: r.get("due") for r in checked["requirements"]} == {k: v[1] for k, v in from_engine.items()}
    assert "unmet" in shown.values() and "met" in shown.values()


def test_missing_staff_checks_link_to_the_providers_check_form(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, registration="registered_school")
    arrangement = make_arrangement(world.pupil, provider=provider, start=MONDAY, end=dt.date(2026, 3, 27),
                                   slots=week(tue=("provider", "provider")))
    body, statuses = panel(as_user(world.staff["ap_lead"]), arrangement)
    assert statuses["NAT-AP-STAFF-CHECKS"] == "unmet"
    link = reverse("provider-check-add", args=[world.school.id, provider.id]) + "?type=staff_checks_confirmed"
    assert link in card(body, "NAT-AP-STAFF-CHECKS")


def test_before_approval_the_headteachers_duty_offers_the_approval_first_and_the_governors_after(
    world: Any,
) -> None:
    from pathways.arrangements.models import Arrangement, Status
    from pathways.arrangements.requirement_links import targets_for

    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", status=Status.AWAITING_APPROVAL)
    waiting = [t.label for t in targets_for("PTT-HEADTEACHER-APPROVAL", arrangement)]
    assert waiting[0].startswith("Go to the approval") and "Record governors informed" in waiting
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Status.ACTIVE)
    arrangement.refresh_from_db()
    running = [t.label for t in targets_for("PTT-HEADTEACHER-APPROVAL", arrangement)]
    assert running[0] == "Record governors informed"
