"""The file routes (SIMS write file, CSV keying list), the connection's encrypted token and the codes the
attendance officer reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.audit.models import AuditEvent
from pathways.portal.portal import report_session
from pathways.writeback.actions import do_download_marks, do_fetch_codes, do_review_codes, do_save_connection
from pathways.writeback.connectors import CsvKeyingList, SessionMark, SimsWriteFile, connector_for
from pathways.writeback.models import CodeMapping, MisConnection, OutboxItem
from pathways.writeback.outbox import send_due
from tests.attendance.helpers import MONDAY
from tests.writeback.fake_wonde import SCHOOL, FakeWonde
from tests.writeback.helpers import Placed, at, connect

pytestmark = pytest.mark.django_db

MARK = SessionMark(key=1, student="", upn="A123456789012", date=dt.date(2026, 1, 12), session="AM", code="I",
                   code_id="", comment="=HYPERLINK(\"x\")", minutes_late=None)


def test_the_sims_write_file_holds_session_attendance_records() -> None:
    root = ET.fromstring(SimsWriteFile().render([MARK]))
    assert root.tag == "SessionAttendance"
    record = root.find("Record")
    assert record is not None
    assert {child.tag: child.text or "" for child in record} == {
        "PersonUPN": "A123456789012", "Date": "2026-01-12", "Session": "AM", "Mark": "I",
        "Comments": "=HYPERLINK(\"x\")", "MinutesLate": ""}
    assert SimsWriteFile.capabilities.read_marks is False and SimsWriteFile.capabilities.write_marks is False


def test_the_csv_keying_list_is_formula_safe() -> None:
    text = CsvKeyingList().render([MARK]).decode()
    assert text.splitlines()[0] == "UPN,Date,Session,Code,Comment,MinutesLate"
    assert "'=HYPERLINK" in text.splitlines()[1]


def test_the_token_is_stored_encrypted_and_read_back(world: Any) -> None:
    conn = do_save_connection(school=world.school, route="wonde", base_url="https://api.wonde.com/v1.0",
                              mis_school_id="A1", token="secret-token-123", actor=world.staff["attendance_officer"])
    stored = MisConnection.objects.get(pk=conn.pk).credentials
    assert "secret-token-123" not in stored and stored
    connector = connector_for(conn)
    assert connector.token == "secret-token-123"  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="save MIS connection")
    assert "secret-token-123" not in str(event.changes) and event.changes["token"] == "changed"


def test_a_wonde_connection_without_its_id_names_the_field(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        do_save_connection(school=world.school, route="wonde", base_url="https://api.wonde.com/v1.0",
                           mis_school_id="", token="t", actor=world.staff["attendance_officer"])
    assert "mis_school_id" in caught.value.message_dict


def test_a_teacher_cannot_change_the_connection(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        do_save_connection(school=world.school, route="csv", actor=world.staff["teacher"])


def test_codes_are_proposed_from_the_mis_and_a_sub_code_can_be_chosen(world: Any, wonde: FakeWonde) -> None:
    wonde.codes.append({"id": "C-FX", "code": "C2F", "description": "Flexi-schooling (C2)"})
    connect(world.school, wonde, review=False)
    proposed = CodeMapping.objects.get(school=world.school, code="C2")
    assert (proposed.mis_code_id, proposed.reviewed_at) == ("C-C2", None)
    do_review_codes(school=world.school, choices={"C2": "C-FX"}, actor=world.staff["attendance_officer"])
    chosen = CodeMapping.objects.get(school=world.school, code="C2")
    assert (chosen.mis_code, chosen.reviewed_by) == ("C2F", world.staff["attendance_officer"])
    with pytest.raises(ValidationError):
        do_review_codes(school=world.school, choices={"C2": "not-a-code"}, actor=world.staff["attendance_officer"])


def test_fetching_codes_with_a_wrong_token_says_so(world: Any, wonde: FakeWonde) -> None:
    do_save_connection(school=world.school, route="wonde", base_url=wonde.base_url, mis_school_id=SCHOOL,
                       token="wrong", actor=None)
    with pytest.raises(ValidationError) as caught:
        do_fetch_codes(school=world.school, actor=None)
    assert "401" in caught.value.message_dict["route"][0]


@pytest.mark.parametrize("route", ["sims_file", "csv"])
def test_a_file_route_hands_the_waiting_marks_over_in_its_file_once(world: Any, wonde: FakeWonde, route: str) -> None:
    do_save_connection(school=world.school, route=route, actor=None)
    placed = Placed(world, wonde)
    with at(10, 25):
        report_session(provider=placed.provider, school=world.school, arrangement_id=placed.arrangements[0].pk,
                       day=MONDAY, session="am", attended=False, reason="illness", actor=placed.member)
    assert send_due(world.school).matched == 0  # the worker sends nothing for a file route
    name, _type, content = do_download_marks(school=world.school, actor=world.staff["attendance_officer"])
    assert placed.pupils[0].upn in content.decode() and name.endswith(".xml" if route == "sims_file" else ".csv")
    assert OutboxItem.objects.get().status == OutboxItem.Status.MATCHED
    assert placed.pupils[0].upn not in do_download_marks(school=world.school, actor=None)[2].decode()
