"""Provider reporting from the browser: the school invites a provider's staff and creates API tokens;
the provider's staff see only their own placements and report each session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from pathways.attendance.models import Mark
from pathways.audit.models import AuditEvent
from pathways.providers.models import ProviderStaff, ProviderToken
from pathways.schools.models import StaffRole
from tests.arrangements.helpers import make_provider
from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil
from tests.providers.portal_helpers import place, placed_pupil, staff_of, token_for

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute), tick=False)


@pytest.fixture
def farm(world: Any) -> Any:
    return make_provider(world.school, "Willow Farm")


def home(client: Any, day: dt.date = MONDAY) -> Any:
    return client.get(reverse("provider-home"), {"date": day.isoformat()})


# --- the school's side ------------------------------------------------------------------------


def test_the_school_invites_a_providers_member_of_staff_who_gets_a_password_setting_email(
    world: Any, as_user: Any, farm: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    placed_pupil(world.school, farm)
    client = as_user(world.staff["dsl"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("provider-invite", args=[world.school.id, farm.id]),
            {"first_name": "Sam", "last_name": "Farmer", "email": "Sam@WillowFarm.example"},
        )
    assert response.status_code == 302
    member = ProviderStaff.objects.get(provider=farm)
    assert member.user.email == "sam@willowfarm.example"
    assert not member.user.has_usable_password()
    assert not StaffRole.objects.filter(user=member.user).exists()
    [email] = mailoutbox
    assert email.to == ["sam@willowfarm.example"]
    uid_and_token = email.body.split("/accounts/reset/")[1].split()[0]
    assert default_token_generator.check_token(member.user, uid_and_token.split("/")[1])
    page = client.get(reverse("provider-reporting", args=[world.school.id, farm.id])).content.decode()
    assert "Sam Farmer" in page and "Invited" in page


def test_an_invitation_with_no_email_names_the_field_and_creates_nobody(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    response = as_user(world.staff["dsl"]).post(
        reverse("provider-invite", args=[world.school.id, farm.id]), {"first_name": "Sam", "last_name": "Farmer"}
    )
    assert response.status_code == 400
    assert "Enter their email address." in response.content.decode()
    assert not ProviderStaff.objects.exists()


def test_a_school_with_no_placements_there_cannot_invite_the_providers_staff(
    world: Any, as_user: Any, farm: Any
) -> None:
    response = as_user(world.staff["dsl"]).post(
        reverse("provider-invite", args=[world.school.id, farm.id]),
        {"first_name": "Sam", "last_name": "Farmer", "email": "sam@willowfarm.example"},
    )
    assert response.status_code == 400
    assert "has no placements with Willow Farm" in response.content.decode()
    assert not ProviderStaff.objects.exists()


def test_an_email_that_already_signs_in_to_pathways_is_refused(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    taken = world.staff["teacher"].email
    response = as_user(world.staff["dsl"]).post(
        reverse("provider-invite", args=[world.school.id, farm.id]),
        {"first_name": "Sam", "last_name": "Farmer", "email": taken},
    )
    assert response.status_code == 400
    assert "already has a Pathways sign-in" in response.content.decode()


def test_a_governor_cannot_invite_or_create_tokens(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    client = as_user(world.staff["governor"])
    # The role matrix: a provider's placements are named records, which a governor does not open.
    assert client.get(reverse("provider-reporting", args=[world.school.id, farm.id])).status_code == 403
    assert client.get(reverse("provider-invite", args=[world.school.id, farm.id])).status_code == 403
    create = reverse("provider-token-create", args=[world.school.id, farm.id])
    assert client.post(create, {"name": "X"}).status_code == 403
    assert not ProviderToken.objects.exists()


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    client = as_user(world.staff["dsl"])
    response = client.post(reverse("provider-token-create", args=[world.school.id, farm.id]), {"name": "Farm MIS"})
    body = response.content.decode()
    assert response.status_code == 200
    raw = body.split('data-testid="new-token"')[1].split('<code class="pw-mono">')[1].split("</code>")[0]
    assert raw.startswith("pwp_")
    token = ProviderToken.objects.get(provider=farm)
    assert token.name == "Farm MIS" and raw not in token.token_hash and len(token.token_hash) == 64
    again = client.get(reverse("provider-reporting", args=[world.school.id, farm.id])).content.decode()
    assert raw not in again and "Farm MIS" in again and token.prefix in again


def test_a_token_without_a_name_names_the_field(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    response = as_user(world.staff["dsl"]).post(
        reverse("provider-token-create", args=[world.school.id, farm.id]), {"name": ""}
    )
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ProviderToken.objects.exists()


def test_revoking_a_token_keeps_it_listed_as_revoked(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    token_for(farm, world.school)
    token = ProviderToken.objects.get()
    client = as_user(world.staff["dsl"])
    response = client.post(reverse("provider-token-revoke", args=[world.school.id, farm.id, token.id]), follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "no longer works" in response.content.decode() and "Revoked" in response.content.decode()
    assert AuditEvent.objects.filter(action="revoke provider token").count() == 1


def test_the_reporting_page_takes_the_same_queries_however_many_staff_and_tokens(
    world: Any, as_user: Any, farm: Any, django_assert_max_num_queries: Any
) -> None:
    placed_pupil(world.school, farm)
    client = as_user(world.staff["dsl"])
    url = reverse("provider-reporting", args=[world.school.id, farm.id])
    client.get(url)
    for n in range(4):
        staff_of(farm, world.school, email=f"staff{n}@willowfarm.example")
        token_for(farm, world.school, name=f"Token {n}")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_staff_of_another_school_get_404_on_the_reporting_pages(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    token_for(farm, world.school)
    token = ProviderToken.objects.get()
    client = as_user(world.outsider)
    assert client.get(reverse("provider-reporting", args=[world.school.id, farm.id])).status_code == 404
    assert client.get(reverse("provider-invite", args=[world.school.id, farm.id])).status_code == 404
    create = reverse("provider-token-create", args=[world.school.id, farm.id])
    assert client.post(create, {"name": "x"}).status_code == 404
    assert client.post(
        reverse("provider-token-revoke", args=[world.school.id, farm.id, token.id])
    ).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- the provider's side ----------------------------------------------------------------------


def test_a_provider_sees_todays_sessions_of_only_their_placed_pupils(world: Any, as_user: Any, farm: Any) -> None:
    jay = placed_pupil(world.school, farm)
    elsewhere = make_provider(world.school, "Oak College")
    placed_pupil(world.school, elsewhere, "Kit", "Oakleaf")
    client = as_user(staff_of(farm, world.school))
    with at(9):
        response = home(client)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Attendance for Monday 12 January 2026" in body
    assert "Jay F" in body and "Farmhand" not in body  # first name and initial only
    assert f'data-testid="session-{jay.id}-am"' in body and f'data-testid="session-{jay.id}-pm"' in body
    assert "Report by 10:00" in body
    assert "Kit" not in body and "Oakleaf" not in body
    assert world.pupil.last_name not in body


def test_a_provider_reports_an_absence_with_its_reason_and_the_time_is_kept(
    world: Any, as_user: Any, farm: Any
) -> None:
    jay = placed_pupil(world.school, farm)
    client = as_user(staff_of(farm, world.school))
    with at(9, 12):
        response = client.post(
            reverse("provider-home") + f"?date={MONDAY}",
            {"arrangement": jay.id, "session": "am", "attended": "no", "reason": "illness", "comment": "Rang in"},
            follow=True,
        )
    mark = Mark.objects.get(pupil=jay.pupil, date=MONDAY, session="am")
    assert (mark.code, mark.source, mark.attended, mark.absence_reason) == ("I", "provider", False, "illness")
    assert mark.reported_at is not None and mark.reported_at.strftime("%H:%M") == "09:12"
    assert "Jay F: morning reported." in response.content.decode()
    assert "Reported 09:12: absent, illness" in response.content.decode()  # in words: the provider records no code


def test_an_absence_reported_after_the_deadline_is_flagged_late(world: Any, as_user: Any, farm: Any) -> None:
    jay = placed_pupil(world.school, farm)
    client = as_user(staff_of(farm, world.school))
    with at(10, 25):
        response = client.post(
            reverse("provider-home") + f"?date={MONDAY}",
            {"arrangement": jay.id, "session": "am", "attended": "no", "reason": "unknown"}, follow=True,
        )
    assert "reported after the 10:00 deadline" in response.content.decode()


def test_an_absence_without_a_reason_names_the_field_and_writes_nothing(world: Any, as_user: Any, farm: Any) -> None:
    jay = placed_pupil(world.school, farm)
    client = as_user(staff_of(farm, world.school))
    with at(9):
        response = client.post(
            reverse("provider-home") + f"?date={MONDAY}", {"arrangement": jay.id, "session": "am", "attended": "no"}
        )
    assert response.status_code == 400
    assert "Choose the reason for the absence" in response.content.decode()
    assert not Mark.objects.exists()


def test_a_session_the_pupil_spends_in_school_is_not_the_providers_to_report(
    world: Any, as_user: Any, farm: Any
) -> None:
    jay = place(make_pupil(world.school, "Jay", "Farmhand"), farm, am="provider", pm="school")
    client = as_user(staff_of(farm, world.school))
    with at(13):
        body = home(client).content.decode()
        response = client.post(reverse("provider-home") + f"?date={MONDAY}",
                               {"arrangement": jay.id, "session": "pm", "attended": "yes"})
    assert "Not with you this session (in school)" in body
    assert response.status_code == 400
    assert not Mark.objects.exists()


def test_a_provider_cannot_report_for_another_providers_pupil(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    kit = placed_pupil(world.school, make_provider(world.school, "Oak College"), "Kit", "Oakleaf")
    client = as_user(staff_of(farm, world.school))
    with at(9):
        response = client.post(reverse("provider-home") + f"?date={MONDAY}",
                               {"arrangement": kit.id, "session": "am", "attended": "yes"})
    assert response.status_code == 404
    assert not Mark.objects.exists()


def test_a_provider_user_gets_404_on_school_pages_and_school_staff_on_the_providers_page(
    world: Any, as_user: Any, farm: Any
) -> None:
    jay = placed_pupil(world.school, farm)
    client = as_user(staff_of(farm, world.school))
    for url in (
        reverse("pupil-list", args=[world.school.id]),
        reverse("pupil-detail", args=[world.school.id, jay.pupil.id]),
        reverse("arrangement-detail", args=[world.school.id, jay.id]),
        reverse("provider-detail", args=[world.school.id, farm.id]),
        reverse("register-day", args=[world.school.id]),
    ):
        assert client.get(url).status_code == 404, url
    assert as_user(world.staff["attendance_officer"]).get(reverse("provider-home")).status_code == 404


def test_signing_in_takes_a_provider_user_to_their_page(world: Any, as_user: Any, farm: Any) -> None:
    placed_pupil(world.school, farm)
    response = as_user(staff_of(farm, world.school)).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("provider-home")


def test_the_providers_page_takes_the_same_queries_however_many_pupils(
    world: Any, as_user: Any, farm: Any, django_assert_max_num_queries: Any
) -> None:
    placed_pupil(world.school, farm)
    client = as_user(staff_of(farm, world.school))
    with at(9):
        home(client)
        for n in range(5):
            placed_pupil(world.school, farm, f"Pupil{n}", f"Many{n}")
        with django_assert_max_num_queries(40):
            assert home(client).status_code == 200
