"""The staff pages: the headteacher (their school) and the trust lead (every school of the trust) invite,
change roles, close a leaver's sign-in and reset two-factor; everyone else gets 403 or 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.arrangements.actions import do_create_arrangement, do_record_event
from pathways.audit.models import AuditEvent
from pathways.feeds.actions import do_create_feed
from pathways.feeds.models import CalendarFeed
from pathways.providers.actions import do_create_provider, do_create_provider_token
from pathways.providers.models import ProviderToken
from pathways.schools.models import GiasFile, Role, School, StaffRole, User
from tests.conftest import World, make_staff, sign_in
from tests.setup.gias_files import gias_csv
from tests.test_isolation import _provider_staff_of_ours

pytestmark = pytest.mark.django_db


def _urls(world: World) -> list[tuple[str, str]]:
    s, member = world.school.id, world.staff[Role.TEACHER].id
    return [
        ("get", reverse("staff-list", args=[s])), ("get", reverse("staff-invite", args=[s])),
        ("post", reverse("staff-invite", args=[s])), ("get", reverse("staff-member", args=[s, member])),
        ("post", reverse("staff-member", args=[s, member])), ("get", reverse("staff-leave", args=[s, member])),
        ("post", reverse("staff-leave", args=[s, member])),
        ("post", reverse("staff-reset-two-factor", args=[s, member])),
        ("post", reverse("staff-invite-again", args=[s, member])),
    ]


def test_outsiders_get_403_or_404_and_write_nothing(world: World, client: Client) -> None:
    other_head = make_staff(world.other, Role.HEADTEACHER, "otherhead")
    sister_head = make_staff(world.sister, Role.HEADTEACHER, "sisterhead")
    outsiders = {
        "another trust's headteacher": (other_head, 404), "a sister school's headteacher": (sister_head, 404),
        "a teacher of the same school": (world.staff[Role.TEACHER], 403),
        "the DSL of the same school": (world.staff[Role.DSL], 403),
        "a governor": (world.staff[Role.GOVERNOR], 403),
        "a provider's member of staff": (_provider_staff_of_ours(world), 404),
    }
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE)
    rows, users = changes.count(), User.objects.count()
    failures = []
    for who, (user, expected) in outsiders.items():
        for method, url in _urls(world):
            client.logout()
            sign_in(client, user)
            status = getattr(client, method)(url, {"email": "x@y.example", "roles": ["teacher"]}).status_code
            if status != expected:
                failures.append(f"{who} {method.upper()} {url}: {status}, expected {expected}")
    assert not failures, "\n".join(failures)
    assert (changes.count(), User.objects.count()) == (rows, users)
    assert world.staff[Role.TEACHER].is_active


@pytest.mark.parametrize("manager", ["headteacher", "trust lead"])
def test_the_headteacher_and_the_trust_lead_list_staff_with_roles_and_last_sign_in(
        world: World, client: Client, manager: str) -> None:
    user = world.staff[Role.HEADTEACHER] if manager == "headteacher" else world.trust_lead
    teacher = world.staff[Role.TEACHER]
    User.objects.filter(pk=teacher.pk).update(last_login=dt.datetime(2026, 9, 8, 8, 15, tzinfo=dt.UTC))
    sign_in(client, user)
    page = client.get(reverse("staff-list", args=[world.school.id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Teacher or teaching assistant" in body and "8 Sep 2026 09:15" in body  # UK time
    assert "Designated safeguarding lead" in body
    assert "sister-dsl" not in body  # the sister school's staff are on its own page


def test_the_trust_lead_manages_every_school_of_the_trust_but_no_other(world: World, client: Client) -> None:
    sign_in(client, world.trust_lead)
    assert client.get(reverse("staff-list", args=[world.sister.id])).status_code == 200
    assert client.get(reverse("staff-list", args=[world.other.id])).status_code == 404


def test_inviting_by_email_with_two_roles(world: World, client: Client,
                                          django_capture_on_commit_callbacks: Any) -> None:
    sign_in(client, world.staff[Role.HEADTEACHER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff-invite", args=[world.school.id]), {
            "first_name": "Sam", "last_name": "O'Neill", "email": "Sam.ONeill@Bedes.example",
            "roles": [Role.SENCO, Role.TEACHER]})
    assert response.status_code == 302
    sam = User.objects.get(email="sam.oneill@bedes.example")
    assert set(StaffRole.objects.filter(user=sam).values_list("role", flat=True)) == {"senco", "teacher"}
    assert not sam.has_usable_password()
    assert len(mail.outbox) == 1 and "/accounts/invitation/" in mail.outbox[0].body
    actions = set(AuditEvent.objects.filter(actor=world.staff[Role.HEADTEACHER]).values_list("action", flat=True))
    assert {"create user", "grant role", "invite staff"} <= actions


def test_an_invitation_with_no_role_or_a_bad_address_is_refused(world: World, client: Client) -> None:
    sign_in(client, world.staff[Role.HEADTEACHER])
    users = User.objects.count()
    response = client.post(reverse("staff-invite", args=[world.school.id]),
                           {"first_name": "A", "last_name": "B", "email": "not-an-address"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose at least one role" in body and "correct format" in body
    assert User.objects.count() == users


def test_changing_roles_grants_and_withdraws_each_audited(world: World, client: Client) -> None:
    teacher = world.staff[Role.TEACHER]
    sign_in(client, world.staff[Role.HEADTEACHER])
    response = client.post(reverse("staff-member", args=[world.school.id, teacher.id]),
                           {"roles": [Role.ATTENDANCE_OFFICER]})
    assert response.status_code == 302
    assert list(StaffRole.objects.filter(user=teacher).values_list("role", flat=True)) == ["attendance_officer"]
    assert AuditEvent.objects.filter(action="withdraw role", changes__role="teacher").exists()
    assert AuditEvent.objects.filter(action="grant role", changes__role="attendance_officer").exists()


def test_a_headteacher_cannot_drop_their_own_headship(world: World, client: Client) -> None:
    head = world.staff[Role.HEADTEACHER]
    sign_in(client, head)
    response = client.post(reverse("staff-member", args=[world.school.id, head.id]), {"roles": [Role.TEACHER]})
    assert response.status_code == 400
    assert StaffRole.objects.filter(user=head, role=Role.HEADTEACHER).exists()


def test_a_leaver_is_signed_out_their_feed_and_tokens_revoked_and_their_records_kept(
        world: World, client: Client) -> None:
    leaver = world.staff[Role.DSL]
    provider = do_create_provider(school=world.school, actor=None, name="Willow Farm", kind="alternative_provision",
                                  registration="unregistered", arranged_by="school")
    arrangement = do_create_arrangement(pupil=world.pupil, actor=None, kind="alternative_provision",
                                        reason="exclusion_risk", start=dt.date(2025, 10, 6), provider=provider,
                                        lead=leaver)
    event = do_record_event(arrangement=arrangement, type="visit", date=dt.date(2025, 10, 15), actor=None)
    do_create_feed(actor=leaver)
    token, _ = do_create_provider_token(provider=provider, school=world.school, actor=leaver, name="Farm app")
    theirs = Client()
    sign_in(theirs, leaver)
    assert theirs.get(reverse("today", args=[world.school.id])).status_code == 200

    sign_in(client, world.staff[Role.HEADTEACHER])
    assert "They lead 1 arrangement" in client.get(
        reverse("staff-leave", args=[world.school.id, leaver.id])).content.decode()
    response = client.post(reverse("staff-leave", args=[world.school.id, leaver.id]), follow=True)
    assert "1 arrangement they lead needs a new lead" in response.content.decode()

    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not any(str(s.get_decoded().get("_auth_user_id")) == str(leaver.pk) for s in Session.objects.all())
    assert theirs.get(reverse("today", args=[world.school.id])).status_code == 302  # to sign in
    assert not CalendarFeed.objects.filter(user=leaver, revoked_at__isnull=True).exists()
    assert ProviderToken.objects.get(pk=token.pk).revoked_at is not None
    arrangement.refresh_from_db()
    assert arrangement.lead == leaver and arrangement.needs_new_lead
    assert event.__class__.objects.filter(pk=event.pk).exists()
    assert StaffRole.objects.filter(user=leaver).exists()  # what they were, kept for the record
    row = AuditEvent.objects.get(action="deactivate staff")
    assert row.changes["calendar_feeds_revoked"] == 1 and row.changes["provider_tokens_revoked"] == 1
    assert row.changes["arrangements_needing_a_new_lead"] == 1
    listing = client.get(reverse("arrangement-list", args=[world.school.id])).content.decode()
    assert "Needs a new lead" in listing


def test_a_headteacher_cannot_close_the_sign_in_of_someone_who_also_works_elsewhere(
        world: World, client: Client) -> None:
    shared = world.staff[Role.TEACHER]
    StaffRole.objects.create(user=shared, school=world.sister, role=Role.TEACHER)
    sign_in(client, world.staff[Role.HEADTEACHER])
    assert client.post(reverse("staff-leave", args=[world.school.id, shared.id])).status_code == 403
    assert client.post(reverse("staff-reset-two-factor", args=[world.school.id, shared.id])).status_code == 403
    shared.refresh_from_db()
    assert shared.is_active
    client.logout()
    sign_in(client, world.trust_lead)  # who manages both schools
    assert client.post(reverse("staff-leave", args=[world.school.id, shared.id])).status_code == 302
    shared.refresh_from_db()
    assert not shared.is_active


def test_resetting_two_factor_removes_the_app_and_is_audited(world: World, client: Client) -> None:
    dsl = world.staff[Role.DSL]
    TOTPDevice.objects.create(user=dsl, name="Lost phone", confirmed=True)
    sign_in(client, world.staff[Role.HEADTEACHER])
    assert client.post(reverse("staff-reset-two-factor", args=[world.school.id, dsl.id])).status_code == 302
    assert not TOTPDevice.objects.filter(user=dsl).exists()
    row = AuditEvent.objects.get(action="reset two-factor")
    assert row.actor == world.staff[Role.HEADTEACHER] and row.school == world.school


def test_your_account_changes_the_email_and_the_password(world: World, client: Client) -> None:
    teacher = world.staff[Role.TEACHER]
    sign_in(client, teacher)
    url = reverse("your-account")
    assert client.get(url).status_code == 200
    taken = client.post(url, {"change": "email", "email": world.staff[Role.DSL].email})
    assert taken.status_code == 400 and "is another person" in taken.content.decode()
    assert client.post(url, {"change": "email", "email": "new.me@bedes.example"}).status_code == 302
    wrong = client.post(url, {"change": "password", "old_password": "nope", "new_password1": "a-fresh-secret-99",
                              "new_password2": "a-fresh-secret-99"})
    assert wrong.status_code == 400 and "not your current password" in wrong.content.decode()
    ok = client.post(url, {"change": "password", "old_password": "correct-horse-battery",
                           "new_password1": "a-fresh-secret-99", "new_password2": "a-fresh-secret-99"})
    assert ok.status_code == 302
    teacher.refresh_from_db()
    assert teacher.email == "new.me@bedes.example" and teacher.check_password("a-fresh-secret-99")
    assert client.get(url).status_code == 200  # still signed in here
    assert {"change e-mail address", "change password"} <= set(
        AuditEvent.objects.filter(actor=teacher).values_list("action", flat=True))


def test_the_trust_lead_loads_a_gias_file_and_adds_a_school_by_urn(world: World, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, world.trust_lead)
    bad = client.post(reverse("trust-gias-upload", args=[world.trust.id]),
                      {"file": SimpleUploadedFile("schools.csv", b"name\nfoo\n")})
    assert bad.status_code == 400 and "not a GIAS establishments file" in bad.content.decode()
    assert not GiasFile.objects.exists()
    upload = client.post(reverse("trust-gias-upload", args=[world.trust.id]),
                         {"file": SimpleUploadedFile("edubasealldata.csv", gias_csv())})
    assert upload.status_code == 302
    closed = client.post(reverse("trust-school-add", args=[world.trust.id]), {"urn": "139005"})
    assert closed.status_code == 400 and "Closed" in closed.content.decode()
    added = client.post(reverse("trust-school-add", args=[world.trust.id]), {"urn": "139001"})
    assert added.status_code == 302
    school = School.objects.get(urn="139001")
    assert (school.trust, school.laestab, school.phase) == (world.trust, "8882101", "primary")
    again = client.post(reverse("trust-school-add", args=[world.trust.id]), {"urn": "139001"})
    assert again.status_code == 400 and "already in" in again.content.decode()


def test_only_the_trust_lead_adds_schools(world: World, client: Client) -> None:
    for user in (world.staff[Role.HEADTEACHER], world.outsider, world.staff[Role.GOVERNOR]):
        client.logout()
        sign_in(client, user)
        for name in ("trust-gias-upload", "trust-school-add"):
            assert client.get(reverse(name, args=[world.trust.id])).status_code == 404
            assert client.post(reverse(name, args=[world.trust.id]), {"urn": "139001"}).status_code == 404
