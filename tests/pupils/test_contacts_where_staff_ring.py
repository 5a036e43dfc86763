"""The address and the contacts to ring, in order, respecting restrictions: one include, on the pupil page,
the absence follow-up page and the welfare-check form. A restricted contact shows its restriction and is
never offered as a tel: link; showing the contacts is a read in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.register.actions import do_record_mark
from tests.attendance.helpers import MONDAY, at_provider
from tests.pupils.contacts_helpers import with_contacts

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 12) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0), tick=False)


def _follow_up_url(world: Any) -> str:
    placement = at_provider(world.pupil, world.school)
    mark = do_record_mark(pupil=world.pupil, arrangement=placement, day=MONDAY, session="am", attended=False,
                          reason="unknown", source="provider", actor=None)
    return reverse("followup-check", args=[world.school.id, mark.follow_up.id])


def _assert_contacts_in_order_respecting_restrictions(body: str) -> None:
    assert "14 Larch Close" in body and "NE46 3QT" in body
    assert body.index("Jo Mum") < body.index("Rick Dad") < body.index("Edna Gran") < body.index("Sue Aunt")
    assert 'href="tel:07700 900101"' in body and 'href="tel:0191 496 0101"' in body
    assert 'href="tel:07700 900303"' in body and 'href="tel:07700 900404"' in body
    # The father under a no-contact order: the restriction beside his name, no number offered at all.
    row = body.split('data-restricted="no_contact"')[1].split("</tr>")[0]
    assert "Rick Dad" in row and "No contact (court order): Court order, see file" in row
    assert "govuk-warning-text" in row and "Do not contact" in row
    assert "tel:" not in row and "07700 900202" not in body


def test_the_follow_up_page_shows_the_address_and_the_contacts_to_ring_in_order(world: Any, as_user: Any) -> None:
    with_contacts(world.pupil)
    url = _follow_up_url(world)
    with at(MONDAY, 15):
        response = as_user(world.staff["attendance_officer"]).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="home-visit-details"' in body
    _assert_contacts_in_order_respecting_restrictions(body)
    read = AuditEvent.objects.filter(kind="read", action="opened address and contacts (absence follow-up)")
    assert read.filter(pupil_id=world.pupil.id, actor=world.staff["attendance_officer"]).count() == 1


def test_a_restriction_that_allows_a_call_shows_the_number_as_text_never_as_a_link(world: Any, as_user: Any) -> None:
    contacts = with_contacts(world.pupil)
    contacts.gran.restriction, contacts.gran.restriction_note = "supervised", ""
    contacts.gran.save()
    with at(MONDAY, 15):
        body = as_user(world.staff["dsl"]).get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    row = body.content.decode().split('data-restricted="supervised"')[1].split("</tr>")[0]
    assert "Contact only as agreed with the DSL" in row and "07700 900303" in row and "tel:" not in row


def test_the_welfare_check_form_shows_them_and_another_entry_does_not(world: Any, as_user: Any) -> None:
    with_contacts(world.pupil)
    placement = at_provider(world.pupil, world.school)
    url = reverse("event-record", args=[world.school.id, placement.id])
    client = as_user(world.staff["teacher"])
    with at(MONDAY, 15):
        welfare = client.get(url + "?type=welfare_check&kind=home_visit")
        review = client.get(url + "?type=review")
    assert welfare.status_code == 200 and review.status_code == 200
    _assert_contacts_in_order_respecting_restrictions(welfare.content.decode())
    assert "Jo Mum" not in review.content.decode()


def test_the_pupil_page_uses_the_same_include(world: Any, as_user: Any) -> None:
    with_contacts(world.pupil)
    with at(MONDAY, 15):
        body = as_user(world.staff["dsl"]).get(reverse("pupil-detail", args=[world.school.id, world.pupil.id]))
    _assert_contacts_in_order_respecting_restrictions(body.content.decode())


def test_a_pupil_with_no_contacts_says_so_and_links_to_the_record(world: Any, as_user: Any) -> None:
    url = _follow_up_url(world)
    with at(MONDAY, 15):
        body = as_user(world.staff["dsl"]).get(url).content.decode()
    assert "No contacts recorded for Ava" in body
    assert f'href="{reverse("pupil-detail", args=[world.school.id, world.pupil.id])}"' in body


def test_a_role_without_the_contacts_permission_sees_the_follow_up_without_them(world: Any, as_user: Any) -> None:
    """The trust lead reads the school's follow-ups but not a child's contacts: no read recorded either."""
    with_contacts(world.pupil)
    url = _follow_up_url(world)
    with at(MONDAY, 15):
        response = as_user(world.trust_lead).get(url)
    assert response.status_code == 200
    assert "Jo Mum" not in response.content.decode() and "14 Larch Close" not in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="opened address and contacts").exists()


@pytest.mark.parametrize("who", ["outsider", "sister_dsl", "governor"])
def test_the_outsider_gets_no_contacts_on_the_follow_up_page(world: Any, as_user: Any, who: str) -> None:
    with_contacts(world.pupil)
    url = _follow_up_url(world)
    user = world.staff["governor"] if who == "governor" else getattr(world, who)
    with at(MONDAY, 15):
        response = as_user(user).get(url)
    assert response.status_code == (403 if who == "governor" else 404)
    assert "Jo Mum" not in response.content.decode()
