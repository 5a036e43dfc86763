"""Going live, in a real browser: the trust lead invites a headteacher, who opens the e-mailed link, chooses a
password, sets up two-factor sign-in from the secret shown, and lands on their school."""

from __future__ import annotations

import re
import shutil
from base64 import b32decode
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import totp

from pathways.schools.models import Role, StaffRole, User
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "bluebells-in-the-quad-7"


def _code(secret_text: str) -> str:
    key = b32decode(secret_text.replace(" ", ""))
    return f"{totp(key):06d}"


def _shot(page: Any, name: str) -> None:
    path = screenshot(page, f"setup-{name}")
    shutil.copy(path, f"/tmp/setup-{name}.png")


def _trust_lead_signs_in(page: Any, live_server: Any, lead: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=lead, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the code from your authenticator app").fill(
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.get_by_role("button", name="Continue").click()


def test_the_trust_lead_invites_a_headteacher_who_sets_up_and_lands_on_their_school(
        world: Any, live_server: Any, browser: Any, page: Any) -> None:
    school = world.school
    _trust_lead_signs_in(page, live_server, world.trust_lead)
    page.goto(f"{live_server.url}/schools/{school.id}/staff/")
    _shot(page, "staff-list")
    page.get_by_test_id("invite-staff").click()
    page.get_by_label("First name").fill("Niamh")
    page.get_by_label("Last name").fill("O'Connor")
    page.get_by_label("E-mail address").fill("niamh.oconnor@stbedes.example")
    page.get_by_label("Headteacher").check()
    _shot(page, "invite")
    page.get_by_role("button", name="Send the invitation").click()
    assert "is invited" in page.content()
    _shot(page, "invited")

    head = User.objects.get(email="niamh.oconnor@stbedes.example")
    assert StaffRole.objects.filter(user=head, school=school, role=Role.HEADTEACHER).exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    path = link[link.index("/accounts/"):]

    # The headteacher, in their own browser.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    theirs = context.new_page()
    theirs.goto(f"{live_server.url}{path}")
    assert "Headteacher at St Bede" in theirs.get_by_test_id("invited-roles").inner_text()
    _shot(theirs, "invitation")
    theirs.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    theirs.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    theirs.get_by_role("button", name="Save my password").click()

    assert "/accounts/two-factor/set-up/" in theirs.url
    _shot(theirs, "two-factor")
    theirs.get_by_text("I cannot scan the QR code").click()
    theirs.get_by_label("Code").fill(_code(theirs.get_by_test_id("totp-secret").inner_text()))
    theirs.get_by_role("button", name="Confirm and continue").click()
    assert f"/schools/{school.id}/" in theirs.url
    assert theirs.get_by_test_id("current-school").inner_text() == school.name
    assert "Staff" in theirs.get_by_role("navigation", name="Sections").inner_text()
    _shot(theirs, "landed")

    # The link was for once only.
    theirs.goto(f"{live_server.url}{path}")
    assert "already used" in theirs.get_by_test_id("invitation-problem").inner_text()
    context.close()
