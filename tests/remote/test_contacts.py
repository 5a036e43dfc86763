"""The contact log (seed 003, Appendix 2): recording a contact with a pupil's family (an action with its
audit row), the page of one pupil (the log's contacts and the chronology's welfare checks, listed once each),
the rules that read it (MIL-CONTACT-LOG, MIL-HOME-VISITS, and the register's consent for RTL-GROUP-CONSENT),
the DSL's week (last seen, the pupil's chronology), and who may open and write it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for, export_case_file
from pathways.policy.engine import evaluate
from pathways.remote.contacts import contact_log, do_record_contact
from pathways.remote.models import FamilyContact
from pathways.remote.sessions import do_record_live_session
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today.week import CONTACTS, last_seen, pupil_chronology
from tests.arrangements.helpers import make_arrangement, week
from tests.conftest import make_pupil, make_staff, sign_in
from tests.test_isolation import _provider_staff_of_ours, sister_credential

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat
NOW = dt.datetime(2025, 11, 21, 15, 0, tzinfo=dt.UTC)  # a Friday afternoon


def _at(day: str, time: str = "10:00") -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{time}"))


def _contact(world: Any, channel: str, day: str, **kw: Any) -> FamilyContact:
    values: dict[str, Any] = {"school": world.school, "pupil": world.pupil, "actor": world.staff[Role.TEACHER],
                              "channel": channel, "happened_at": _at(day), "staff_name": "Ms Patel",
                              "with_whom": "Mum", "outcome": "Work pack collected; all well."}
    values.update(kw)
    return do_record_contact(**values)


def test_a_contact_is_recorded_with_its_audit_row_and_refused_when_it_makes_no_sense(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        visit = _contact(world, "home_visit", "2025-11-20", slt_informed=True, slt_informed_on=d("2025-11-21"),
                         concern_raised=True, concern="Bruising on the arm; told the DSL by phone.")
        row = AuditEvent.objects.get(action="recorded a contact with the family")
        assert row.actor == world.staff[Role.TEACHER] and row.pupil_id == world.pupil.id
        assert row.changes["senior leaders told"] is True and row.changes["how"] == "Home visit"
        assert visit.slt_informed_on == d("2025-11-21")
        for bad, field in (({"happened_at": _at("2025-11-22")}, "happened_at"),
                           ({"concern_raised": True, "concern": " "}, "concern"),
                           ({"slt_informed": True, "slt_informed_on": d("2025-11-21")}, "slt_informed"),
                           ({"channel": "home_visit", "slt_informed": True, "slt_informed_on": d("2025-11-19")},
                            "slt_informed_on"),
                           ({"pupil": world.other_pupil}, "pupil")):
            with pytest.raises(ValidationError) as refused:
                _contact(world, bad.pop("channel", "phone"), "2025-11-20", **bad)
            assert field in refused.value.message_dict
        with pytest.raises(PermissionDenied):
            _contact(world, "phone", "2025-11-20", actor=world.staff[Role.GOVERNOR])
    assert FamilyContact.objects.count() == 1
    assert AuditEvent.objects.filter(action="recorded a contact with the family").count() == 1


def test_the_log_lists_welfare_checks_of_the_chronology_once_and_does_not_copy_them(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-11-03"))
    with time_machine.travel(NOW, tick=False):
        do_record_event(arrangement=arrangement, type="welfare_check", date=d("2025-11-10"), actor=None,
                        fields={"kind": "phone"}, note="Spoke to dad.")
        _contact(world, "app_message", "2025-11-12", outcome="Weekly work shared on Class Dojo.")
    log = contact_log(world.pupil)
    assert [(e.day, e.how, e.source) for e in log] == [
        (d("2025-11-12"), "App message (such as Class Dojo)", "Contact log"),
        (d("2025-11-10"), "Welfare check: phone call", "Chronology: remote learning")]
    assert FamilyContact.objects.count() == 1  # the welfare check stays in the chronology only


def test_the_rules_read_the_log_as_welfare_checks_and_home_visits_with_senior_leaders_told(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-11-03"))
    with time_machine.travel(NOW, tick=False):
        assert evaluate(case_for(arrangement, d("2025-11-21"))).status("MIL-CONTACT-LOG") == "unmet"
        _contact(world, "phone", "2025-11-07")
        _contact(world, "video_call", "2025-11-14")
        assert evaluate(case_for(arrangement, d("2025-11-21"))).status("MIL-CONTACT-LOG") == "due"
        visit = _contact(world, "home_visit", "2025-11-17")
        result = evaluate(case_for(arrangement, d("2025-11-21")))
        assert result.status("MIL-HOME-VISITS") == "unmet"  # senior leaders not told by the next school day
        FamilyContact.objects.filter(pk=visit.pk).update(slt_informed=True, slt_informed_on=d("2025-11-18"))
        assert evaluate(case_for(arrangement, d("2025-11-21"))).status("MIL-HOME-VISITS") == "met"
        text = export_case_file(arrangement, d("2025-11-21"))
        assert "slt_informed: '2025-11-18'" in text or "slt_informed: 2025-11-18" in text
        # An app message or an e-mail is logged, and is no welfare check for the rules; it is a contact with
        # the parents that keeps the log (the case's `contacts`).
        FamilyContact.objects.exclude(pk=visit.pk).delete()
        _contact(world, "email", "2025-11-19")
        case = case_for(arrangement, d("2025-11-21"))
        assert [e.kind for e in case.events if e.type == "welfare_check"] == ["home_visit"]
        assert [(c.date, c.channel) for c in case.contacts] == [(d("2025-11-17"), "home_visit"),
                                                                 (d("2025-11-19"), "email")]
        assert "channel: email" in export_case_file(arrangement, d("2025-11-21"))


def test_a_family_reached_by_app_messages_each_week_keeps_the_contact_log(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    arrangement = make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                                   start=d("2025-11-03"))
    with time_machine.travel(NOW, tick=False):
        _contact(world, "app_message", "2025-11-07", outcome="Class Dojo: the week's work sent; Mum replied.")
        _contact(world, "email", "2025-11-14")
        assert evaluate(case_for(arrangement, d("2025-11-21"))).status("MIL-CONTACT-LOG") == "due"


def test_a_contact_logged_is_judged_again_on_todays_kept_findings(world: Any) -> None:
    from pathways.today.items import today_items
    from pathways.today.models import RegisterStamp

    do_update_school(school=world.school, actor=None, policy_packs=["special-school-remote"])
    make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                     start=d("2025-11-03"))

    def stamp() -> int:
        return RegisterStamp.objects.filter(pupil_id=world.pupil.pk).values_list("n", flat=True).first() or 0

    def contact_log_line() -> list[str]:
        items = today_items(world.school, world.staff[Role.DSL], {Role.DSL}, NOW)
        return [i.what for i in items if "contact with the parents" in i.what]

    with time_machine.travel(NOW, tick=False):
        assert contact_log_line(), "no contact logged: the log's duty is on Today"  # judged and kept
        before = stamp()
        _contact(world, "app_message", "2025-11-20")
        assert stamp() > before  # the database raised the pupil's stamp (today/migrations/0003)
        assert not [w for w in contact_log_line() if "No logged" in w or "no logged" in w]
        # A contact changed or removed in the database is judged again too.
        before = stamp()
        FamilyContact.objects.filter(pupil=world.pupil).delete()
        assert stamp() > before
        assert contact_log_line()


def test_group_consent_comes_from_the_register_of_live_sessions(world: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["return-to-learn"])
    online = week(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("online", "school")))
    arrangement = make_arrangement(world.pupil, kind="return_to_learn", reason="mental_health",
                                   status=Status.ACTIVE, start=d("2025-11-03"), slots=online)
    assert evaluate(case_for(arrangement, d("2025-11-05"))).status("RTL-GROUP-CONSENT") == "unmet"
    session = do_record_live_session(school=world.school, actor=None, held_on=d("2025-11-03"), group="Year 8 English",
                                     platform="Teams", led_by="Ms Patel", pupils=[world.pupil], slt_told=True,
                                     all_parents_consented=False)
    result = evaluate(case_for(arrangement, d("2025-11-05")))
    assert result.status("RTL-GROUP-CONSENT") == "unmet" and "not from the parents of every child" in \
        result.get("RTL-GROUP-CONSENT").message  # type: ignore[union-attr]
    session.all_parents_consented = True
    session.save()
    assert evaluate(case_for(arrangement, d("2025-11-05"))).status("RTL-GROUP-CONSENT") == "met"


def test_the_dsls_week_counts_a_contact_seen_and_the_chronology_lists_the_contacts(world: Any) -> None:
    make_arrangement(world.pupil, kind="remote_learning", reason="medical", status=Status.ACTIVE,
                     start=d("2025-11-03"))
    with time_machine.travel(NOW, tick=False):
        _contact(world, "phone", "2025-11-19")  # heard, not seen
        [row] = last_seen(world.school, d("2025-11-21"))
        assert row.last is None
        _contact(world, "video_call", "2025-11-18")
        _contact(world, "home_visit", "2025-11-20", slt_informed=True, slt_informed_on=d("2025-11-20"))
        [row] = last_seen(world.school, d("2025-11-21"))
        assert (row.last, row.how) == (d("2025-11-20"), "Home visit")
        entries = pupil_chronology(world.pupil, [CONTACTS])
    assert [e.what for e in entries] == ["Contact: video call", "Contact: phone call", "Contact: home visit"]
    assert "Senior leaders told: yes, on 20 November 2025." in entries[-1].detail


def test_the_page_by_role_and_the_outsiders(world: Any, client: Client) -> None:
    url = reverse("pupil-contact-log", args=[world.school.id, world.pupil.id])
    data = {"channel": "home_visit", "day": "2025-11-20", "time": "14:30", "staff_name": "Ms Patel",
            "with_whom": "Mum and Ava", "outcome": "Ava well; reading book left.", "concern_raised": "no",
            "slt_informed": "yes", "slt_informed_on": "2025-11-20"}
    provider_ours = _provider_staff_of_ours(world)
    sister_provider, token = sister_credential(world)
    another_school = make_staff(world.other, Role.HEADTEACHER, "other-head-contacts")
    with time_machine.travel(NOW, tick=False):
        for who, expected in ((world.outsider, 404), (another_school, 404), (world.sister_dsl, 404),
                              (sister_provider, 404), (provider_ours, 404), (world.staff[Role.GOVERNOR], 403)):
            sign_in(client, who)
            for response in (client.get(url), client.post(url, data)):
                assert response.status_code == expected, (who.username, response.status_code)
                assert b"Ourpupil" not in response.content and world.pupil.last_name.encode() not in response.content
        api = Client(headers={"authorization": f"Bearer {token}"})
        assert api.get(url).status_code == 302 and api.post(url, data).status_code in (302, 403)
        assert not FamilyContact.objects.exists()
        sign_in(client, world.trust_lead)  # reads every school of the trust, records nothing
        page = client.get(url)
        assert page.status_code == 200 and b"Record a contact" not in page.content
        assert client.post(url, data).status_code == 403
        teacher = sign_in(client, world.staff[Role.TEACHER])
        page = teacher.get(url)
        assert page.status_code == 200 and b"Record a contact" in page.content and b"No contact" in page.content
        assert AuditEvent.objects.filter(action="opened contact log", pupil_id=world.pupil.id,
                                         actor=world.staff[Role.TEACHER]).exists()
        bad = teacher.post(url, dict(data, outcome="", concern_raised="yes"))
        assert bad.status_code == 400
        assert b"Error: " in bad.content and b"Enter the outcome of the contact." in bad.content
        assert b"Say what the concern raised with the DSL was." in bad.content
        assert teacher.post(url, data).status_code == 302
        page = teacher.get(url)
        assert b"Mum and Ava" in page.content and b"Yes, on 20 November 2025" in page.content
        other = reverse("pupil-contact-log", args=[world.school.id, world.other_pupil.id])
        assert teacher.get(other).status_code == 404  # another school's pupil under our school's address
        sister_pupil = make_pupil(world.sister, "Sid", "Sisterkid")
        assert teacher.get(reverse("pupil-contact-log", args=[world.sister.id, sister_pupil.id])).status_code == 404
    contact = FamilyContact.objects.get()
    assert contact.recorded_by == world.staff[Role.TEACHER] and timezone.localtime(contact.happened_at).hour == 14
