"""Senior leaders told of a home visit already in the contact log (seed 003, Appendix 2: "SLT to be informed
of home visits and recorded"): the action that records it on the visit itself (each refusal naming its
field, its audit row, a stale version refused), the page the contact log links to (for the member of staff;
nothing for the outsiders), and MIL-HOME-VISITS judged again from the database."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.audit.versions import StaleVersion, version_of
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.remote.contacts import do_record_contact, do_record_slt_told
from pathways.remote.models import FamilyContact
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement
from tests.conftest import make_pupil, make_staff, sign_in
from tests.test_isolation import _provider_staff_of_ours, sister_credential

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat
NOW = dt.datetime(2026, 1, 21, 12, 0, tzinfo=dt.UTC)  # a Wednesday; the visit was on Monday the 19th
TOLD = "recorded senior leaders told of a home visit"
LINK = re.compile(r'href="([^"]+)">Record that senior leaders were told')


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _visit(world: Any, channel: str = "home_visit", day: str = "2026-01-19", pupil: Any = None,
           **kw: Any) -> FamilyContact:
    pupil = pupil or world.pupil
    return do_record_contact(school=pupil.school, pupil=pupil, actor=None, channel=channel,
                             happened_at=timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00")),
                             staff_name="Ms Patel", with_whom="Mum", outcome="Work pack delivered; all well.", **kw)


def _told(world: Any, visit: FamilyContact, day: str | None, **kw: Any) -> FamilyContact:
    values: dict[str, Any] = {"school": world.school, "contact": visit, "actor": world.staff[Role.TEACHER],
                              "slt_informed_on": d(day) if day else None}
    values.update(kw)
    return do_record_slt_told(**values)


def test_the_day_is_recorded_on_the_visit_with_its_audit_row_and_refused_when_it_makes_no_sense(world: Any) -> None:
    visit = _visit(world)
    phone = _visit(world, "phone")
    theirs = _visit(world, pupil=world.other_pupil)
    for bad, field in (({"slt_informed_on": d("2026-01-22")}, "slt_informed_on"),   # in the future
                       ({"slt_informed_on": d("2026-01-18")}, "slt_informed_on"),   # before the visit
                       ({"slt_informed_on": None}, "slt_informed_on"),
                       ({"contact": phone}, "channel"),                             # not a home visit
                       ({"contact": theirs}, "contact")):                           # another school's log
        with pytest.raises(ValidationError) as refused:
            _told(world, visit, "2026-01-20", **bad)
        assert field in refused.value.message_dict, (bad, refused.value)
    with pytest.raises(PermissionDenied):
        _told(world, visit, "2026-01-20", actor=world.staff[Role.GOVERNOR])
    assert not AuditEvent.objects.filter(action=TOLD).exists()

    _told(world, visit, "2026-01-20", who_was_told="Mrs Khan, headteacher")
    visit.refresh_from_db()
    assert (visit.slt_informed, visit.slt_informed_on) == (True, d("2026-01-20"))
    row = AuditEvent.objects.get(action=TOLD)
    assert row.actor == world.staff[Role.TEACHER] and row.pupil_id == world.pupil.id
    assert row.object_id == str(visit.pk) and row.school_id == world.school.id
    assert row.changes == {"senior leaders told": [False, True], "told on": [None, "2026-01-20"],
                           "who was told": "Mrs Khan, headteacher"}
    with pytest.raises(ValidationError) as refused:  # a visit that already has its day
        _told(world, visit, "2026-01-21")
    assert "already told" in refused.value.message_dict["slt_informed_on"][0]
    visit.refresh_from_db()
    assert visit.slt_informed_on == d("2026-01-20")
    assert FamilyContact.objects.filter(pupil=world.pupil, channel="home_visit").count() == 1  # no second visit


def test_a_version_read_before_someone_else_recorded_it_is_refused_saying_who(world: Any) -> None:
    visit = _visit(world)
    seen = version_of(visit)
    _told(world, visit, "2026-01-20", actor=world.staff[Role.DSL], seen=seen)
    with pytest.raises(StaleVersion) as stale:
        _told(world, visit, "2026-01-21", seen=seen)
    assert world.staff[Role.DSL].get_full_name() in stale.value.messages[0]
    assert stale.value.current == version_of(visit) != seen
    assert AuditEvent.objects.filter(action=TOLD).count() == 1


def _the_outsiders_get_nothing(world: Any, client: Client, url: str, data: dict[str, str]) -> None:
    """Staff of another school, the sister school's DSL, a provider's staff (ours or the sister school's), a
    governor, the trust lead (who reads the log and records nothing) and a provider credential of the sister
    school: nothing of the pupil, on GET or POST."""
    provider_ours = _provider_staff_of_ours(world)
    sister_provider, token = sister_credential(world)
    another_school = make_staff(world.other, Role.HEADTEACHER, "other-head-slt")
    for who, expected in ((world.outsider, 404), (another_school, 404), (world.sister_dsl, 404),
                          (sister_provider, 404), (provider_ours, 404), (world.staff[Role.GOVERNOR], 403),
                          (world.trust_lead, 403)):
        sign_in(client, who)
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == expected, (who.username, response.status_code)
            assert world.pupil.last_name.encode() not in response.content
    api = Client(headers={"authorization": f"Bearer {token}"})
    assert api.get(url).status_code == 302 and api.post(url, data).status_code in (302, 403)


def test_the_page_for_the_member_of_staff_and_the_outsiders(world: Any, client: Client) -> None:
    visit = _visit(world)
    url = reverse("contact-slt-told", args=[world.school.id, world.pupil.id, visit.id])
    log = reverse("pupil-contact-log", args=[world.school.id, world.pupil.id])
    data = {"slt_informed_on": "2026-01-20", "who_was_told": "Mrs Khan"}
    _the_outsiders_get_nothing(world, client, url, data)
    assert not AuditEvent.objects.filter(action__in=(TOLD, "opened home visit in the contact log")).exists()
    visit.refresh_from_db()
    assert not visit.slt_informed

    teacher = sign_in(client, world.staff[Role.TEACHER])
    page = teacher.get(log)
    waiting = page.content.decode().partition('data-testid="slt-waiting"')[2].partition("</div>")[0]
    assert "Home visit of 19 January 2026 by Ms Patel" in waiting and LINK.findall(waiting) == [url]
    assert LINK.findall(page.content.decode()) == [url, url]  # at the top, and beside the visit in the log
    form = teacher.get(url)
    assert form.status_code == 200 and form.context["form"]["slt_informed_on"].value() == d("2026-01-21")
    assert b"Ms Patel" in form.content and b"19 January 2026" in form.content
    assert AuditEvent.objects.filter(action="opened home visit in the contact log", pupil_id=world.pupil.id).exists()
    for bad, message in (({"slt_informed_on": "2026-01-22"}, b"The date senior leaders were told is in the future."),
                         ({"slt_informed_on": "2026-01-18"}, b"on or after the day of the visit"),
                         ({"slt_informed_on": ""}, b"Enter the date senior leaders were told.")):
        sent = teacher.post(url, {**data, **bad, "version": form.context["version"]})
        assert sent.status_code == 400 and b"Error: " in sent.content and message in sent.content, bad
        assert b"Date senior leaders were told: " in sent.content  # the summary names the field
    sent = teacher.post(url, {**data, "version": form.context["version"]})
    assert sent.status_code == 302 and sent["Location"] == log
    visit.refresh_from_db()
    assert (visit.slt_informed_on, AuditEvent.objects.get(action=TOLD).changes["who was told"]) == \
        (d("2026-01-20"), "Mrs Khan")
    page = teacher.get(log)
    assert b'data-testid="slt-waiting"' not in page.content and b"Yes, on 20 January 2026" in page.content
    assert teacher.get(url).status_code == 302  # already told: back to the log, saying so
    # Not a home visit of this pupil: no such page.
    for contact in (_visit(world, "phone"), _visit(world, pupil=make_pupil(world.school, "Ada", "Another"))):
        assert teacher.get(reverse("contact-slt-told", args=[world.school.id, world.pupil.id, contact.id])
                           ).status_code == 404


def test_the_page_refuses_a_version_read_before_someone_else_saved(world: Any, client: Client) -> None:
    visit = _visit(world)
    url = reverse("contact-slt-told", args=[world.school.id, world.pupil.id, visit.id])
    teacher = sign_in(client, world.staff[Role.TEACHER])
    read = teacher.get(url).context["version"]
    _told(world, visit, "2026-01-20", actor=world.staff[Role.DSL])
    sent = teacher.post(url, {"slt_informed_on": "2026-01-21", "version": read})
    assert sent.status_code == 400 and b"changed this home visit" in sent.content
    assert sent.context["version"] == version_of(visit) != read
    visit.refresh_from_db()
    assert visit.slt_informed_on == d("2026-01-20")


def test_the_duty_is_met_once_the_page_is_sent(world: Any, client: Client) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    remote = make_arrangement(world.pupil, kind="remote_learning", reason="medical", start=d("2026-01-12"),
                              status=Status.ACTIVE)
    visit = _visit(world)

    def judged() -> list[tuple[str, str]]:
        return [(r.status, r.message) for r in evaluate(case_for(remote, NOW.date())).requirements
                if r.id == "MIL-HOME-VISITS"]

    assert [s for s, m in judged() if "home visit of 19 Jan 2026" in m] == ["unmet"]
    teacher = sign_in(client, world.staff[Role.TEACHER])
    url = reverse("contact-slt-told", args=[world.school.id, world.pupil.id, visit.id])
    sent = teacher.post(url, {"slt_informed_on": "2026-01-21", "version": teacher.get(url).context["version"]})
    assert sent.status_code == 302
    [(status, message)] = judged()
    assert status == "met" and "told of the home visit of 19 Jan 2026 on 21 Jan 2026" in message, message


# ----------------------------------------------------------------------------- a home visit of a chronology


def _chronology_visit(world: Any, kind: str = "home_visit") -> tuple[Any, Any]:
    from pathways.arrangements.actions import do_record_event

    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    remote = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                              start=d("2026-01-12"))
    return remote, do_record_event(arrangement=remote, type="welfare_check", date=d("2026-01-19"), actor=None,
                                   fields={"kind": kind}, note="Work pack delivered; all well.")


def test_a_chronology_visit_is_corrected_to_carry_the_day_and_refused_when_it_makes_no_sense(world: Any) -> None:
    from pathways.arrangements.corrections import do_record_visit_slt_told
    from pathways.arrangements.models import Event

    remote, visit = _chronology_visit(world)
    teacher = world.staff[Role.TEACHER]
    for day, message in (("2026-01-22", "in the future"), ("2026-01-18", "on that day or after it")):
        with pytest.raises(ValidationError) as refused:
            do_record_visit_slt_told(event=visit, actor=teacher, on=d(day), today=d("2026-01-21"))
        assert message in str(refused.value.message_dict["slt_informed_on"]), day
    _, phone = _chronology_visit(world, "phone")
    with pytest.raises(ValidationError) as refused:
        do_record_visit_slt_told(event=phone, actor=teacher, on=d("2026-01-20"), today=d("2026-01-21"))
    assert "event" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        do_record_visit_slt_told(event=visit, actor=world.staff[Role.GOVERNOR], on=d("2026-01-20"))
    assert evaluate(case_for(remote, d("2026-01-21"))).status("MIL-HOME-VISITS") == "unmet"

    told = do_record_visit_slt_told(event=visit, actor=teacher, on=d("2026-01-20"), who_was_told="Mrs Khan",
                                    today=d("2026-01-21"))
    assert told.supersedes_id == visit.id and told.fields == {"kind": "home_visit", "slt_informed": "2026-01-20"}
    assert "Mrs Khan" in told.correction_reason and Event.objects.filter(pk=visit.pk).exists()  # kept
    assert evaluate(case_for(remote, d("2026-01-21"))).status("MIL-HOME-VISITS") == "met"
    assert [e.slt_informed for e in case_for(remote, d("2026-01-21")).events if e.type == "welfare_check"] == \
        [d("2026-01-20")]
    with pytest.raises(ValidationError):  # the entry as recorded is corrected already
        do_record_visit_slt_told(event=visit, actor=teacher, on=d("2026-01-20"), today=d("2026-01-21"))
    with pytest.raises(ValidationError) as refused:  # the correction says so already
        do_record_visit_slt_told(event=told, actor=teacher, on=d("2026-01-20"), today=d("2026-01-21"))
    assert "already recorded" in str(refused.value.message_dict["slt_informed_on"])


def test_the_chronology_visits_page_for_the_member_of_staff_and_the_outsiders(world: Any, client: Client) -> None:
    _, visit = _chronology_visit(world)
    url = reverse("visit-slt-told", args=[world.school.id, world.pupil.id, visit.id])
    data = {"slt_informed_on": "2026-01-20", "who_was_told": "Mrs Khan"}
    _the_outsiders_get_nothing(world, client, url, data)
    from pathways.arrangements.models import Event

    assert not Event.objects.filter(supersedes=visit).exists()  # nothing written for the outsiders

    teacher = sign_in(client, world.staff[Role.TEACHER])
    log = reverse("pupil-contact-log", args=[world.school.id, world.pupil.id])
    waiting = teacher.get(log).content.decode().partition('data-testid="slt-waiting"')[2].partition("</div>")[0]
    assert LINK.findall(waiting) == [url]
    form = teacher.get(url)
    assert form.status_code == 200 and b"19 January 2026" in form.content and b"correction" in form.content
    sent = teacher.post(url, {**data, "slt_informed_on": "2026-01-22"})
    assert sent.status_code == 400 and b"The date senior leaders were told is in the future." in sent.content
    sent = teacher.post(url, data)
    assert sent.status_code == 302 and sent["Location"] == log
    page = teacher.get(log)
    assert b'data-testid="slt-waiting"' not in page.content and b"Yes, on 20 January 2026" in page.content
    assert teacher.get(url).status_code == 404  # the entry as recorded is corrected: its latest version counts


def test_a_case_files_senior_leaders_told_goes_out_and_comes_back_with_the_visit(world: Any) -> None:
    from pathways.arrangements.corrections import do_record_visit_slt_told
    from pathways.arrangements.models import Event
    from pathways.cases.casefiles import export_case_file, import_case_file

    remote, visit = _chronology_visit(world)
    do_record_visit_slt_told(event=visit, actor=world.staff[Role.TEACHER], on=d("2026-01-20"),
                             today=d("2026-01-21"))
    text = export_case_file(remote, d("2026-01-21"))
    assert "slt_informed: '2026-01-20'" in text
    other = make_pupil(world.school, "Ada", "Another")
    moved = import_case_file(text.replace(world.pupil.upn or "NOUPN", other.upn or "NOUPN"), world.school, None)
    imported = Event.current.get(arrangement=moved, type="welfare_check")
    assert imported.fields == {"kind": "home_visit", "slt_informed": "2026-01-20"}
    assert evaluate(case_for(moved, d("2026-01-21"))).status("MIL-HOME-VISITS") == "met"


def test_a_later_correction_of_the_visit_keeps_the_day_senior_leaders_were_told(world: Any, client: Client) -> None:
    from pathways.arrangements.corrections import do_record_visit_slt_told
    from pathways.arrangements.models import Event

    remote, visit = _chronology_visit(world)
    told = do_record_visit_slt_told(event=visit, actor=world.staff[Role.TEACHER], on=d("2026-01-20"),
                                    today=d("2026-01-21"))
    dsl = sign_in(client, world.staff[Role.DSL])
    correct = reverse("event-correct", args=[world.school.id, remote.id, told.id])
    sent = dsl.post(correct, {"date": "2026-01-19", "type": "welfare_check", "kind": "home_visit",
                              "note": "Work pack and reading books delivered; all well.",
                              "reason": "The books were left too."})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    latest = Event.current.get(arrangement=remote, type="welfare_check")
    assert latest.fields == {"kind": "home_visit", "slt_informed": "2026-01-20"}
    chronology = dsl.get(reverse("arrangement-chronology", args=[world.school.id, remote.id])).content.decode()
    assert "Senior leaders told" in chronology and "20 January 2026" in chronology
    assert evaluate(case_for(remote, d("2026-01-21"))).status("MIL-HOME-VISITS") == "met"
    # Corrected into a phone call, it is no home visit: nothing for senior leaders to be told of.
    correct = reverse("event-correct", args=[world.school.id, remote.id, latest.id])
    sent = dsl.post(correct, {"date": "2026-01-19", "type": "welfare_check", "kind": "phone",
                              "note": "It was a phone call.", "reason": "Recorded as a visit by mistake."})
    assert sent.status_code == 302
    assert Event.current.get(arrangement=remote, type="welfare_check").fields == {"kind": "phone"}
