"""The family device and connectivity survey (002 Steps (6)): siblings share an answer, the summary by
year group and vulnerability counts each pupil's latest answer, an equipment agreement links what was lent,
and REM-DEVICE-ACCESS reads the survey."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.policy.engine import evaluate
from pathways.remote.models import FamilyAccess
from pathways.remote.survey import do_record_family_access, summary
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement
from tests.conftest import make_pupil, sign_in

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat


def test_siblings_share_an_answer_and_the_latest_counts(world: Any) -> None:
    sister = make_pupil(world.school, "Bea", "Ourpupil", year_group=7)
    world.pupil.year_group = 10
    world.pupil.save()
    do_record_family_access(school=world.school, actor=None, pupils=[world.pupil, sister], surveyed_on=d("2025-09-10"),
                            device="none", connection="mobile", needs_help=True, help_needed="A laptop")
    result = summary(world.school, [world.pupil, sister], d("2025-09-20"))
    assert result.total.surveyed == 2 and result.total.without_access == 2 and result.total.needs_help == 2
    assert result.by_year[7].without_access == 1 and result.by_year[10].without_access == 1
    do_record_family_access(school=world.school, actor=None, pupils=[world.pupil], surveyed_on=d("2025-09-15"),
                            device="own", connection="broadband", lent="Laptop SB-114")
    result = summary(world.school, [world.pupil, sister], d("2025-09-20"))
    assert result.total.without_access == 1 and result.total.lent == 1
    assert result.by_vulnerability[world.pupil.vulnerability].pupils == 2
    # On an earlier day only the first answer was known.
    assert summary(world.school, [world.pupil, sister], d("2025-09-12")).total.lent == 0


def test_an_equipment_agreement_must_be_one_of_the_familys(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-10-06"))
    agreement = do_record_event(arrangement=arrangement, type="equipment_agreement", date=d("2025-10-06"), actor=None)
    other = make_pupil(world.school, "Cal", "Unrelated")
    with pytest.raises(ValidationError):
        do_record_family_access(school=world.school, actor=None, pupils=[other], surveyed_on=d("2025-10-06"),
                                device="own", connection="broadband", equipment_agreement=agreement)
    answer = do_record_family_access(school=world.school, actor=None, pupils=[world.pupil], surveyed_on=d("2025-10-06"),
                                     device="own", connection="broadband", lent="Laptop", equipment_agreement=agreement)
    assert answer.equipment_agreement == agreement
    with pytest.raises(ValidationError):
        do_record_family_access(school=world.school, actor=None, pupils=[world.other_pupil],
                                surveyed_on=d("2025-10-06"), device="own", connection="broadband")


def test_the_pages_by_role_and_the_outsiders(world: Any, client: Any) -> None:
    url = reverse("remote-survey-new", args=[world.school.id])
    data = {"pupils": [str(world.pupil.id)], "surveyed_on": "2025-09-10", "device": "shared", "connection": "mobile",
            "needs_help": "on", "help_needed": "Data for the phone"}
    for user in (world.outsider, world.sister_dsl):
        sign_in(client, user)
        assert client.get(reverse("remote-survey", args=[world.school.id])).status_code == 404
        assert client.post(url, data).status_code == 404
    for role in ("governor", "teacher", "dsl"):
        sign_in(client, world.staff[role])
        assert client.post(url, data).status_code == 403
    with pytest.raises(PermissionDenied):
        do_record_family_access(school=world.school, actor=world.staff["teacher"], pupils=[world.pupil],
                                surveyed_on=d("2025-09-10"), device="own", connection="broadband")
    assert not FamilyAccess.objects.exists()
    sign_in(client, world.staff["remote_lead"])
    assert client.post(url, dict(data, device="")).status_code == 400
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("remote-survey", args=[world.school.id]))
    assert b"Data for the phone" in page.content
    assert AuditEvent.objects.filter(action="opened device survey", actor=world.staff["remote_lead"]).exists()
    sign_in(client, world.staff["governor"])
    assert client.get(reverse("remote-survey", args=[world.school.id])).status_code == 403  # names pupils


def test_rem_device_access_reads_the_survey(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["remote-education-offer"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-10-06"))
    assert evaluate(case_for(arrangement, d("2025-10-08"))).status("REM-DEVICE-ACCESS") == "unmet"
    do_record_family_access(school=world.school, actor=None, pupils=[world.pupil], surveyed_on=d("2025-10-01"),
                            device="own", connection="broadband")
    assert evaluate(case_for(arrangement, d("2025-10-08"))).status("REM-DEVICE-ACCESS") == "met"
