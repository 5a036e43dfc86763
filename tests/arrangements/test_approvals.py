"""Approvals as a workflow: approval refused while the engine reports a breach the arrangement would cause
on its first day (each of the three), refusing with a reason, the e-mail to the approvers, the trust's
approvals, and who reaches each page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from pathways.arrangements.actions import do_change_arrangement_lead, do_record_event, do_submit_for_approval
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.arrangements.models_approvals import ApprovalRefusal
from pathways.audit.models import AuditEvent
from pathways.cases.approval import refusal_for
from pathways.cases.registration import describe_outlook, outlooks_for
from pathways.providers.actions import do_record_provider_check
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement, make_provider, record_trust_forms, week
from tests.conftest import make_pupil, make_staff

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 7)  # the Wednesday before MONDAY (12 Jan 2026): approval is judged for the start


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 7, 10, 0), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def full_time(school: Any, provider: Any, first: str, status: str = Status.ACTIVE, start: dt.date = MONDAY,
              **pupil: Any) -> Arrangement:
    child = make_pupil(school, first, "Placed", **pupil)
    return make_arrangement(child, provider=provider, status=status, start=start, slots=at_provider(8))


def ptt(pupil: Any, **extra: Any) -> Arrangement:
    extra.setdefault("reason", "mental_health")
    extra.setdefault("end", dt.date(2026, 3, 27))
    extra.setdefault("slots", week(mon=("home", "home"), wed=("home", "home"), fri=("home", "home")))
    return make_arrangement(pupil, kind="part_time_timetable", status=Status.AWAITING_APPROVAL, **extra)


# ----------------------------------------------------------------------------- the three breaches


def test_the_fifth_full_time_pupil_counting_one_awaiting_approval_is_refused(world: Any) -> None:
    willow = make_provider(world.school, "Willow Farm", elsewhere_full_time_compulsory_age=2)
    full_time(world.sister, willow, "Amy")                                   # running, approved
    waiting = full_time(world.school, willow, "Ben", status=Status.AWAITING_APPROVAL)  # awaiting approval
    george = full_time(world.school, willow, "George", status=Status.AWAITING_APPROVAL,
                       start=dt.date(2026, 1, 19))
    refusal = refusal_for(george, TODAY)
    assert refusal.on == dt.date(2026, 1, 19)
    assert [b.id for b in refusal.breaches] == ["NAT-PROVIDER-REGISTRATION"]
    assert "5 pupils of compulsory school age full time" in refusal.breaches[0].why
    assert "Choose a registered provider" in refusal.breaches[0].lawful
    # Without the placement awaiting approval the count is 4 with George: lawful.
    Arrangement.objects.filter(pk=waiting.pk).update(status=Status.DRAFT)
    assert not refusal_for(george, TODAY)


def test_a_placement_that_ends_before_the_start_does_not_count(world: Any) -> None:
    willow = make_provider(world.school, "Willow Farm", elsewhere_full_time_compulsory_age=3)
    leaving = full_time(world.sister, willow, "Amy")
    Arrangement.objects.filter(pk=leaving.pk).update(end=dt.date(2026, 1, 16))
    george = full_time(world.school, willow, "George", status=Status.AWAITING_APPROVAL, start=dt.date(2026, 1, 19))
    assert not refusal_for(george, TODAY)


def test_an_ehc_plan_pupil_at_an_unregistered_provider_needs_the_local_authority(world: Any) -> None:
    willow = make_provider(world.school, "Willow Farm")
    child = make_pupil(world.school, "Eve", "Plan", send="ehcp")
    placement = make_arrangement(child, provider=willow, status=Status.AWAITING_APPROVAL, slots=at_provider(2))
    assert "NAT-AP-EHCP-REGISTERED" in [b.id for b in refusal_for(placement, TODAY).breaches]
    do_record_event(arrangement=placement, type="la_approval", date=TODAY, actor=None)
    assert "NAT-AP-EHCP-REGISTERED" not in [b.id for b in refusal_for(placement, TODAY).breaches]


def test_a_part_time_timetable_for_behaviour_is_refused(world: Any) -> None:
    behaviour = ptt(world.pupil, reason="behaviour")
    assert [b.id for b in refusal_for(behaviour, TODAY).breaches] == ["NAT-PTT-NOT-BEHAVIOUR"]
    anxious = ptt(make_pupil(world.school, "Cal", "Anxious"))
    assert not refusal_for(anxious, TODAY)


def test_the_server_refuses_to_approve_a_breach_and_the_page_says_why(world: Any, as_user: Any) -> None:
    behaviour = ptt(world.pupil, reason="behaviour")
    head = as_user(world.staff["headteacher"])
    page = head.get(url("arrangement-approve", world.school.id, behaviour.id)).content.decode()
    assert 'data-testid="approval-refused"' in page and "Breach" in page
    assert "What would make it lawful" in page and 'data-testid="approve"' not in page
    before = AuditEvent.objects.filter(action="approve arrangement").count()
    response = head.post(url("arrangement-approve", world.school.id, behaviour.id), {"on": "2026-01-07"})
    assert response.status_code == 400
    assert "Approval refused" in response.content.decode()
    behaviour.refresh_from_db()
    assert behaviour.status == Status.AWAITING_APPROVAL
    assert not Event.objects.filter(arrangement=behaviour, type="headteacher_approval").exists()
    assert AuditEvent.objects.filter(action="approve arrangement").count() == before


def test_a_lawful_arrangement_is_approved_with_its_version(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    head = as_user(world.staff["headteacher"])
    page = head.get(url("arrangement-approve", world.school.id, arrangement.id)).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    # Meanwhile the AP lead hands the arrangement to the SENCO: the page read before is out of date.
    do_change_arrangement_lead(arrangement=arrangement, lead=world.staff["senco"], actor=world.staff["ap_lead"])
    stale = head.post(url("arrangement-approve", world.school.id, arrangement.id),
                      {"on": "2026-01-07", "version": version})
    assert stale.status_code == 400
    arrangement.refresh_from_db()
    assert arrangement.status == Status.AWAITING_APPROVAL
    fresh = head.get(url("arrangement-approve", world.school.id, arrangement.id)).content.decode()
    version = fresh.split('name="version" value="')[1].split('"')[0]
    assert head.post(url("arrangement-approve", world.school.id, arrangement.id),
                     {"on": "2026-01-07", "version": version}).status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.status == Status.ACTIVE


# ----------------------------------------------------------------------------- refusing


def test_refusing_needs_a_reason_and_sends_the_arrangement_back_to_draft(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    head = as_user(world.staff["headteacher"])
    refuse = url("arrangement-refuse", world.school.id, arrangement.id)
    response = head.post(refuse, {"on": "2026-01-07", "reason": " "})
    assert response.status_code == 400
    assert "Say why the arrangement is refused" in response.content.decode()
    response = head.post(url("arrangement-refuse", world.school.id, arrangement.id),
                         {"on": "2026-01-07", "reason": "Try two more weeks of mentoring first."})
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.status == Status.DRAFT
    refusal = ApprovalRefusal.objects.get(arrangement=arrangement)
    assert refusal.by == "headteacher" and refusal.refused_by == world.staff["headteacher"]
    audit = AuditEvent.objects.get(action="refuse arrangement")
    assert audit.changes["reason"] == "Try two more weeks of mentoring first."
    chronology = head.get(url("arrangement-chronology", world.school.id, arrangement.id)).content.decode()
    assert "approval refused by the headteacher" in chronology and "Try two more weeks" in chronology


def test_only_the_headteacher_approves_or_refuses_and_outsiders_find_nothing(world: Any, as_user: Any) -> None:
    arrangement = ptt(world.pupil)
    for path in (url("arrangement-approve", world.school.id, arrangement.id),
                 url("arrangement-refuse", world.school.id, arrangement.id)):
        assert as_user(world.staff["ap_lead"]).get(path).status_code == 403
        assert as_user(world.staff["governor"]).get(path).status_code == 403
        assert as_user(world.trust_lead).post(path, {"on": "2026-01-07", "reason": "x"}).status_code == 403
        assert as_user(world.outsider).get(path).status_code == 404
        assert as_user(world.sister_dsl).post(path, {"on": "2026-01-07", "reason": "x"}).status_code == 404
    arrangement.refresh_from_db()
    assert arrangement.status == Status.AWAITING_APPROVAL


# ----------------------------------------------------------------------------- sending for approval


def test_sending_for_approval_emails_the_headteacher_and_for_an_unregistered_provider_the_trust_lead(
    world: Any, as_user: Any
) -> None:
    willow = make_provider(world.school, "Willow Farm")
    placement = make_arrangement(world.pupil, provider=willow, slots=at_provider(4))
    response = as_user(world.staff["ap_lead"]).post(url("arrangement-submit", world.school.id, placement.id))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Status.AWAITING_APPROVAL
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["headteacher-ours@example.org", "trustlead@example.org"]
    head_mail = next(m for m in mail.outbox if m.to == ["headteacher-ours@example.org"])
    assert url("arrangement-approve", world.school.id, placement.id) in head_mail.body
    assert "Ava O." in head_mail.body and "Ourpupil" not in head_mail.body
    trust_mail = next(m for m in mail.outbox if m.to == ["trustlead@example.org"])
    assert url("arrangement-trust-approval", world.school.id, placement.id) in trust_mail.body


def test_the_headteacher_finds_approve_and_refuse_on_today_and_a_breach_above_dates(
    world: Any, as_user: Any
) -> None:
    behaviour = ptt(world.pupil, reason="behaviour")
    body = as_user(world.staff["headteacher"]).get(url("today", world.school.id)).content.decode()
    assert url("arrangement-approve", world.school.id, behaviour.id) in body
    assert url("arrangement-refuse", world.school.id, behaviour.id) in body
    # The breach is in its own group, above every date, with the red tag (never "Due").
    breaches = body.split('data-testid="today-breach"')[1].split("</table>")[0]
    assert 'data-testid="breach-tag"' in breaches and "manage behaviour" in breaches
    assert body.index('data-testid="today-breach"') < body.index('data-testid="today-today"')
    # A teacher leading nothing is shown no approval.
    teacher = as_user(world.staff["teacher"]).get(url("today", world.school.id)).content.decode()
    assert url("arrangement-approve", world.school.id, behaviour.id) not in teacher


# ----------------------------------------------------------------------------- the trust's approvals


def unregistered_placement(world: Any, *, forms: bool = True) -> Arrangement:
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    willow = make_provider(world.school, "Willow Farm")
    placement = make_arrangement(world.pupil, provider=willow, slots=at_provider(4))
    if forms:
        record_trust_forms(placement, world, TODAY, note="Parents and headteacher agree.")
    do_submit_for_approval(arrangement=placement, actor=None)
    return placement


def test_the_trust_lead_approves_from_the_queue_with_a_note(world: Any, as_user: Any) -> None:
    placement = unregistered_placement(world)
    lead = as_user(world.trust_lead)
    queue = lead.get(url("trust-approvals", world.trust.id)).content.decode()
    assert "Ava Ourpupil" in queue and "Willow Farm" in queue
    assert url("arrangement-trust-approval", world.school.id, placement.id) in queue
    page = url("arrangement-trust-approval", world.school.id, placement.id)
    decision = lead.get(page).content.decode()
    assert "Consideration form (Appendix 1a)" in decision and "Parents and headteacher agree." in decision
    version = decision.split('name="version" value="')[1].split('"')[0]
    blank = lead.post(page, {"decision": "approve", "on": "2026-01-07", "note": "", "version": version})
    assert blank.status_code == 400 and "Say on what the trust approves" in blank.content.decode()
    done = lead.post(page, {"decision": "approve", "on": "2026-01-07", "version": version,
                            "note": "Read 1a, 1b and the risk assessment: approved for the spring term."})
    assert done.status_code == 302
    approval = Event.current.get(arrangement=placement, type="trust_approval")
    assert approval.recorded_by == world.trust_lead and approval.note.startswith("Read 1a")
    assert 'data-testid="trust-approval-row"' not in lead.get(url("trust-approvals", world.trust.id)).content.decode()


def test_the_headteacher_waits_for_the_trust_and_the_trust_can_refuse(world: Any, as_user: Any) -> None:
    placement = unregistered_placement(world, forms=False)
    head = as_user(world.staff["headteacher"])
    page = head.get(url("arrangement-approve", world.school.id, placement.id)).content.decode()
    assert 'data-testid="needs-trust"' in page
    assert head.post(url("arrangement-approve", world.school.id, placement.id), {"on": "2026-01-07"}).status_code == 400
    lead = as_user(world.trust_lead)
    decide = url("arrangement-trust-approval", world.school.id, placement.id)
    refused = lead.post(decide, {"decision": "approve", "on": "2026-01-07", "note": "Fine."})
    assert refused.status_code == 400 and "not recorded yet" in refused.content.decode()
    assert lead.post(decide, {"decision": "refuse", "on": "2026-01-07",
                              "note": "No initial visit: visit the farm first."}).status_code == 302
    placement.refresh_from_db()
    assert placement.status == Status.DRAFT
    assert ApprovalRefusal.objects.get(arrangement=placement).by == "trust"


def test_the_school_cannot_record_the_trusts_approval(world: Any, as_user: Any) -> None:
    placement = unregistered_placement(world)
    for role in ("headteacher", "ap_lead", "dsl"):
        client = as_user(world.staff[role])
        assert client.get(url("arrangement-trust-approval", world.school.id, placement.id)).status_code == 403
        assert client.post(url("event-record", world.school.id, placement.id),
                           {"type": "trust_approval", "date": "2026-01-07"}).status_code == 403
        assert client.get(url("trust-approvals", world.trust.id)).status_code == 404
    assert not Event.objects.filter(arrangement=placement, type="trust_approval").exists()
    # The trust lead records it only from the trust's approvals: the chronology's form is not theirs.
    assert as_user(world.trust_lead).get(url("event-record", world.school.id, placement.id),
                                         {"type": "trust_approval"}).status_code == 403


def test_outsiders_reach_no_trust_approval(world: Any, as_user: Any) -> None:
    placement = unregistered_placement(world)
    page = url("arrangement-trust-approval", world.school.id, placement.id)
    assert as_user(world.outsider).get(page).status_code == 404
    assert as_user(world.sister_dsl).get(page).status_code == 404
    assert as_user(world.staff["governor"]).get(page).status_code == 403
    assert as_user(world.outsider).get(url("trust-approvals", world.trust.id)).status_code == 404
    other_lead = make_staff(None, None, "otherlead")
    assert as_user(other_lead).get(url("trust-approvals", world.trust.id)).status_code == 404


def test_the_trust_leads_today_offers_only_what_the_trust_lead_can_do(world: Any, as_user: Any) -> None:
    placement = unregistered_placement(world)
    body = as_user(world.trust_lead).get(url("today", world.school.id)).content.decode()
    assert url("arrangement-trust-approval", world.school.id, placement.id) in body
    assert url("arrangement-approve", world.school.id, placement.id) not in body
    assert url("event-record", world.school.id, placement.id) not in body


# ----------------------------------------------------------------------------- the provider's count ahead


def test_the_count_ahead_names_the_placement_awaiting_approval(world: Any) -> None:
    willow = make_provider(world.school, "Willow Farm", elsewhere_full_time_compulsory_age=2)
    full_time(world.sister, willow, "Amy", start=dt.date(2026, 1, 5))
    full_time(world.school, willow, "Ben", start=dt.date(2026, 1, 5))
    full_time(world.school, willow, "George", status=Status.AWAITING_APPROVAL, start=dt.date(2026, 1, 19))
    outlook = outlooks_for([willow], today=TODAY)[willow.id]
    assert outlook.on == dt.date(2026, 1, 19)
    assert describe_outlook(outlook) == (
        "5 of 5 full time from 19 Jan 2026, including George Placed's awaiting approval: it would then have to "
        "register, so placing a pupil there would be a breach")


def test_the_trust_counts_the_schools_forms_as_the_rules_do(world: Any) -> None:
    """One truth: a consideration form with nothing in it, a risk assessment entry typed into the chronology
    and an initial visit with no Appendix 1b report are not the forms the trust approves on."""
    from pathways.arrangements.approvals import missing_for_trust
    from pathways.cases.evidence import approved_assessments
    from pathways.safeguarding.models import RiskAssessment

    bare = unregistered_placement(world, forms=False)
    do_record_event(arrangement=bare, type="consideration_form", date=TODAY, actor=None, note="Agreed.")
    do_record_event(arrangement=bare, type="risk_assessment", date=TODAY, actor=None, note="Appendix 2")
    do_record_provider_check(provider=bare.provider, school=world.school, actor=None, type="initial_visit",
                             date=TODAY)
    assert len(missing_for_trust(bare)) == 3
    record_trust_forms(bare, world, TODAY, note="Parents and headteacher agree.")
    assert missing_for_trust(bare) == []
    # The trust's test of a signed-off assessment is the rules' (cases.evidence.approved_assessments).
    assert RiskAssessment.objects.filter(approved_assessments(), arrangement=bare).count() == 1
    RiskAssessment.objects.filter(arrangement=bare).update(approved_by="")
    assert missing_for_trust(bare) == ["the risk assessment (Appendix 2)"]
    assert not RiskAssessment.objects.filter(approved_assessments(), arrangement=bare).exists()
