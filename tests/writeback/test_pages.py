"""The attendance officer's reconciliation page, the connection and codes pages: each state with its one
action, amendments listed, another school's marks a 404, a teacher, a governor and a provider refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.portal.portal import report_session
from pathways.writeback.models import MisConnection, OutboxItem
from pathways.writeback.outbox import send_due
from tests.attendance.helpers import MONDAY
from tests.conftest import sign_in
from tests.writeback.fake_wonde import FakeWonde
from tests.writeback.helpers import DAY, Placed, at, connect, item_of

pytestmark = pytest.mark.django_db
Status = OutboxItem.Status


def page(school: Any) -> str:
    return f"{reverse('mis-reconciliation', args=[school.pk])}?date={DAY}"


def reported(world: Any, wonde: FakeWonde, count: int = 3) -> Placed:
    connect(world.school, wonde)
    placed = Placed(world, wonde, count=count)
    wonde.hold("S0", DAY, "AM", "O")                       # different in the MIS
    wonde.reject_student("S1", "The student left on 9 Jan 2026.")  # rejected
    for i in range(count):
        with at(10, 25):
            report_session(provider=placed.provider, school=world.school, arrangement_id=placed.arrangements[i].pk,
                           day=MONDAY, session="am", attended=False, reason="illness", actor=placed.member)
    send_due(world.school)
    return placed


def test_the_page_shows_each_state_with_the_mis_words_and_one_action(world: Any, wonde: FakeWonde, client: Any) -> None:
    placed = reported(world, wonde)
    sign_in(client, world.staff["attendance_officer"])
    html = client.get(page(world.school)).content.decode()
    assert "Different in the MIS (1)" in html and "Not sent (1)" in html and "In the MIS (1)" in html
    assert "The MIS rejected the mark: The student left on 9 Jan 2026." in html
    assert "Write ours to the MIS" in html and "Keep the MIS&#x27;s mark" in html and "Try again" in html
    assert placed.pupils[0].last_name in html
    assert AuditEvent.objects.filter(action="opened MIS reconciliation", school=world.school).exists()


def test_the_officer_overwrites_a_different_mark_from_the_page(world: Any, wonde: FakeWonde, client: Any) -> None:
    placed = reported(world, wonde)
    sign_in(client, world.staff["attendance_officer"])
    item = item_of(placed.pupils[0])
    response = client.post(reverse("mis-resolve", args=[world.school.pk, item.pk]), {"decision": "overwrite"})
    assert response.status_code == 302
    send_due(world.school)
    assert wonde.code_of("S0", DAY, "AM") == "I"
    assert AuditEvent.objects.filter(action="MIS mark: overwrite", actor=world.staff["attendance_officer"]).exists()


def test_a_decision_that_does_not_fit_the_state_changes_nothing(world: Any, wonde: FakeWonde, client: Any) -> None:
    placed = reported(world, wonde)
    sign_in(client, world.staff["attendance_officer"])
    item = item_of(placed.pupils[2])  # in the MIS
    client.post(reverse("mis-resolve", args=[world.school.pk, item.pk]), {"decision": "overwrite"})
    assert item_of(placed.pupils[2]).status == Status.MATCHED


def test_amendments_are_listed_as_such(world: Any, wonde: FakeWonde, client: Any) -> None:
    placed = reported(world, wonde, count=1)
    OutboxItem.objects.filter(pupil=placed.pupils[0]).update(amendment=True, sent_code="N")
    sign_in(client, world.staff["attendance_officer"])
    html = client.get(page(world.school)).content.decode()
    assert "Amendments (1)" in html and "N → I" in html


def test_outsiders_get_nothing(world: Any, wonde: FakeWonde, client: Any) -> None:
    placed = reported(world, wonde, count=1)
    item = item_of(placed.pupils[0])
    resolve = reverse("mis-resolve", args=[world.school.pk, item.pk])
    for user, expected in ((world.outsider, 404), (world.sister_dsl, 404), (world.staff["governor"], 403),
                           (world.staff["teacher"], 403), (placed.member, 404)):
        client.logout()
        sign_in(client, user)
        assert client.get(page(world.school)).status_code in (expected, 302), user
        assert client.post(resolve, {"decision": "keep"}).status_code in (expected, 302), user
        assert client.get(reverse("mis-connection", args=[world.school.pk])).status_code in (expected, 302)
    assert item_of(placed.pupils[0]).status == Status.DIFFERENT


def test_the_connection_page_keeps_the_token_secret(world: Any, client: Any) -> None:
    sign_in(client, world.staff["attendance_officer"])
    url = reverse("mis-connection", args=[world.school.pk])
    response = client.post(url, {"route": "wonde", "base_url": "https://api.wonde.com/v1.0", "mis_school_id": "A1",
                                 "token": "s3cr3t-token", "batch_size": "200"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "s3cr3t-token" not in html and "A token is saved." in html
    assert "s3cr3t-token" not in MisConnection.objects.get().credentials


def test_the_connection_page_names_a_missing_field(world: Any, client: Any) -> None:
    sign_in(client, world.staff["attendance_officer"])
    html = client.post(reverse("mis-connection", args=[world.school.pk]),
                       {"route": "wonde", "base_url": "", "mis_school_id": "", "token": "", "batch_size": "200"}
                       ).content.decode()
    assert "Enter the school&#x27;s id at Wonde" in html and "govuk-error-summary" in html


def test_the_codes_page_reads_and_saves_the_reviewed_codes(world: Any, wonde: FakeWonde, client: Any) -> None:
    connect(world.school, wonde, review=False)
    sign_in(client, world.staff["attendance_officer"])
    url = reverse("mis-codes", args=[world.school.pk])
    html = client.get(url).content.decode()
    assert "To review" in html and "C2 – Leave for a part-time timetable" in html
    client.post(url, {"code-I": "C-I", "code-B": "C-B"})
    from pathways.writeback.models import CodeMapping

    reviewed = CodeMapping.objects.filter(school=world.school, reviewed_at__isnull=False)
    assert set(reviewed.values_list("code", flat=True)) == {"I", "B"}


def test_the_register_and_the_reconciliation_link_to_each_others_day(world: Any, wonde: FakeWonde,
                                                                       client: Any) -> None:
    reported(world, wonde)
    register = f"{reverse('register-day', args=[world.school.pk])}?date={DAY}"
    sign_in(client, world.staff["attendance_officer"])
    html = client.get(register).content.decode()
    assert f'<a class="govuk-link" href="{page(world.school)}">Marks of this day in the MIS</a>' in html
    assert "different in the MIS 1, not sent 1, in the MIS 1 (<strong>2 to resolve</strong>)" in html
    back = client.get(page(world.school)).content.decode()
    assert f'href="{register}" class="govuk-back-link" data-testid="register-link"' in back
    # Staff who see the register but do not manage the write-back get no link; an outsider no register.
    for user in (world.staff["teacher"], world.staff["dsl"]):
        client.logout()
        sign_in(client, user)
        response = client.get(register)
        assert response.status_code == 200 and 'data-testid="mis-link"' not in response.content.decode()
    for user in (world.outsider, world.sister_dsl):
        client.logout()
        sign_in(client, user)
        assert client.get(register).status_code == 404
