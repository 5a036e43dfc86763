"""A withdrawn draft is kept as it was: its page offers no link or form that writes, and every write is
refused. A corrected entry with a form (record_templates.py) carries its form: the correction page shows
the answers as recorded, and the new entry keeps them, as corrected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.arrangements.actions import (
    do_add_step,
    do_change_arrangement_lead,
    do_correct_event,
    do_record_event,
    do_set_timetable,
)
from pathways.arrangements.corrections import do_mark_event_in_error, do_withdraw_arrangement
from pathways.arrangements.models import Arrangement, Event, Status
from pathways.arrangements.models_records import EventRecord
from pathways.audit.models import AuditEvent
from pathways.cases.casefiles import case_for
from pathways.schools.models import Role
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.arrangements.record_helpers import filled, record_with_form

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def url(name: str, arrangement: Arrangement, *more: int) -> str:
    return reverse(name, args=[arrangement.school_id, arrangement.id, *more])


@pytest.fixture
def withdrawn(world: Any) -> tuple[Arrangement, Event]:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), start=dt.date(2026, 2, 2),
                                   slots=week(mon=("provider", "provider")), lead=world.staff[Role.AP_LEAD])
    entry = record_with_form(arrangement=arrangement, type="consideration_form", date=dt.date(2026, 1, 19),
                             actor=None)
    do_withdraw_arrangement(arrangement=arrangement, actor=world.staff[Role.AP_LEAD], reason="The family moved.")
    arrangement.refresh_from_db()
    return arrangement, entry


WRITE_LINKS = ('data-testid="edit-arrangement"', 'data-testid="withdraw-arrangement"', "Record and decide",
               "/events/new/", "Change the usual week", "/lead/", "Send for the headteacher", "/correct/",
               "/in-error/", 'data-testid="in-error-link"', "Record an entry")


def test_a_withdrawn_drafts_pages_offer_no_write_link(world: Any, as_user: Any, withdrawn: Any) -> None:
    arrangement, _entry = withdrawn
    for role in (Role.AP_LEAD, Role.HEADTEACHER, Role.DSL):
        client = as_user(world.staff[role])
        page = client.get(url("arrangement-detail", arrangement)).content.decode()
        assert 'data-testid="withdrawn"' in page
        chronology = client.get(url("arrangement-chronology", arrangement)).content.decode()
        for link in WRITE_LINKS:
            assert link not in page, (role, link)
            assert link not in chronology, (role, link)
        # the usual week and the steps are shown, with no form to change them
        for name in ("timetable-edit", "steps-edit"):
            shown = client.get(url(name, arrangement)).content.decode()
            assert shown.count('method="post"') == 1, name  # signing out only


def test_an_open_drafts_page_offers_those_links(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), start=dt.date(2026, 2, 2),
                                   slots=week(mon=("provider", "provider")), lead=world.staff[Role.AP_LEAD])
    record_with_form(arrangement=arrangement, type="consideration_form", date=dt.date(2026, 1, 19), actor=None)
    client = as_user(world.staff[Role.AP_LEAD])
    page = client.get(url("arrangement-detail", arrangement)).content.decode()
    chronology = client.get(url("arrangement-chronology", arrangement)).content.decode()
    for link in ('data-testid="edit-arrangement"', 'data-testid="withdraw-arrangement"', "/events/new/",
                 "Change the usual week", "Send for the headteacher"):
        assert link in page, link
    assert "/correct/" in chronology and 'data-testid="in-error-link"' in chronology


def test_every_write_to_a_withdrawn_draft_is_refused(world: Any, as_user: Any, withdrawn: Any) -> None:
    arrangement, entry = withdrawn
    lead = world.staff[Role.AP_LEAD]
    client = as_user(lead)
    events, audit = Event.objects.count(), AuditEvent.objects.exclude(kind=AuditEvent.Kind.READ).count()
    posts = [
        (url("event-record", arrangement) + "?type=trust_consulted", {"type": "trust_consulted", "date": "2026-01-20"}),
        (url("event-record", arrangement) + "?type=consideration_form",
         {"type": "consideration_form", "date": "2026-01-20", **filled("consideration_form")}),
        (url("event-correct", arrangement, entry.id),
         {"date": "2026-01-19", "type": "consideration_form", "reason": "Typo.", **filled("consideration_form")}),
        (url("event-in-error", arrangement, entry.id), {"reason": "Wrong pupil."}),
        (url("arrangement-submit", arrangement), {}),
    ]
    for path, data in posts:
        response = client.post(path, data)
        assert response.status_code in (400, 302, 403), path
        if response.status_code == 302:  # a page that answers with a message on the arrangement's page
            assert "withdrawn" in client.get(response["Location"]).content.decode().lower(), path
    assert Event.objects.count() == events
    assert AuditEvent.objects.exclude(kind=AuditEvent.Kind.READ).count() == audit
    assert Arrangement.objects.get(pk=arrangement.pk).status == Status.WITHDRAWN
    for write in (
        lambda: do_record_event(arrangement=arrangement, type="trust_consulted", date=TODAY, actor=lead),
        lambda: do_correct_event(event=entry, actor=lead, reason="Typo."),
        lambda: do_mark_event_in_error(event=entry, actor=lead, reason="Wrong pupil."),
        lambda: do_set_timetable(arrangement=arrangement, slots=week(tue=("provider", "provider")),
                                 effective_from=dt.date(2026, 2, 2), actor=lead),
        lambda: do_add_step(arrangement=arrangement, from_date=dt.date(2026, 2, 2), hours_in_school=10, actor=lead),
        lambda: do_change_arrangement_lead(arrangement=arrangement, lead=world.staff[Role.DSL], actor=lead),
    ):
        with pytest.raises(ValidationError, match="withdrawn"):
            write()
    assert Event.objects.count() == events


# ----------------------------------------------------------------------------- correcting an entry with a form


def test_the_correction_page_shows_the_form_as_recorded(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), status=Status.ACTIVE)
    answers = {**filled("visit"), "attendance": "Attended every session but one."}
    visit = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 19), actor=None)
    EventRecord.objects.filter(event=visit).update(answers=answers)
    page = as_user(world.staff[Role.AP_LEAD]).get(url("event-correct", arrangement, visit.id)).content.decode()
    assert 'data-testid="correct-form-note"' in page
    assert "Safeguarding concerns" in page and "Attended every session but one." in page


def test_a_corrected_entry_keeps_its_form_with_the_answers_changed(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), status=Status.ACTIVE)
    visit = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 19), actor=None)
    client = as_user(world.staff[Role.AP_LEAD])
    data = {"date": "2026-01-20", "type": "visit", "note": "", "reason": "The visit was on the Tuesday.",
            **filled("visit"), "safeguarding": "None seen; the DSL spoke with the provider's lead."}
    response = client.post(url("event-correct", arrangement, visit.id), data)
    assert response.status_code == 302
    corrected = Event.objects.get(supersedes=visit)
    assert corrected.record.complete
    assert corrected.record.answers["safeguarding"] == "None seen; the DSL spoke with the provider's lead."
    assert corrected.record.answers["attendance"] == filled("visit")["attendance"]
    assert [e.date for e in case_for(arrangement, TODAY).events if e.type == "visit"] == [dt.date(2026, 1, 20)]
    changes = AuditEvent.objects.get(action="correct event").changes
    assert changes["answers"][1]["safeguarding"] == "None seen; the DSL spoke with the provider's lead."
    printed = client.get(url("event-record-print", arrangement, corrected.id)).content.decode()
    assert "None seen; the DSL spoke with the provider&#x27;s lead." in printed
    assert 'data-testid="record-incomplete"' not in printed


def test_a_correction_that_empties_the_form_is_refused_naming_the_question(world: Any, as_user: Any) -> None:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), status=Status.ACTIVE)
    visit = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 19), actor=None)
    data = {"date": "2026-01-20", "type": "visit", "note": "", "reason": "Wrong date.",
            **filled("visit"), "curriculum_progress": ""}
    response = as_user(world.staff[Role.AP_LEAD]).post(url("event-correct", arrangement, visit.id), data)
    assert response.status_code == 400
    assert "Curriculum and academic progress" in response.content.decode().split("govuk-error-summary__body")[1]
    assert not Event.objects.filter(supersedes=visit).exists()


def test_a_correction_by_a_caller_that_gives_no_answers_carries_the_old_ones(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, provider=make_provider(world.school), status=Status.ACTIVE)
    visit = record_with_form(arrangement=arrangement, type="visit", date=dt.date(2026, 1, 19), actor=None)
    corrected = do_correct_event(event=visit, actor=None, reason="Wrong date.", date=dt.date(2026, 1, 20))
    assert corrected.record.answers == visit.record.answers and corrected.record.complete
    # made into another kind of entry, the visit's answers do not follow it
    again = do_correct_event(event=corrected, actor=None, reason="It was a phone call.", type="welfare_check",
                             fields={"kind": "phone"})
    assert not EventRecord.objects.filter(event=again).exists()
