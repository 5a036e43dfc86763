"""The 403, 404 and 500 pages as staff see them with DEBUG off: styled, in plain words, with a reference on a 500."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from pathways.logs import JsonFormatter
from tests.conftest import World
from tests.helpers_auth import login_verified

pytestmark = pytest.mark.usefixtures("production_errors")


@pytest.fixture
def production_errors(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.production.urls"


def test_a_403_says_the_reason_the_code_gave(client: Client, world: World) -> None:
    login_verified(client, world.staff["teacher"])
    response = client.get(reverse("audit-trail", args=[world.school.id]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>You cannot do this – Pathways</title>" in page
    assert "Only the headteacher and the DSL can open the audit trail." in page  # the role matrix's words
    assert "/static/vendor/pathways.css" in page
    assert "Your account does not let you" not in page


def test_a_403_without_a_reason_says_so_in_general_terms_and_who_to_ask(client: Client, world: World) -> None:
    login_verified(client, world.staff["teacher"])
    response = client.get("/test-forbidden/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your account does not let you open this page or make this change." in page
    assert "ask your headteacher" in page
    # The page is the signed-in layout: the member of staff still sees who they are signed in as.
    assert 'data-testid="current-user"' in page


def test_a_404_is_the_styled_page_and_mentions_another_schools_records(client: Client, world: World) -> None:
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Pathways</title>" in page
    assert "belong to a school your account does not cover" in page
    assert "/static/vendor/pathways.css" in page


def test_another_schools_record_is_the_same_404_page(client: Client, world: World) -> None:
    login_verified(client, world.staff["teacher"])
    response = client.get(reverse("pupil-list", args=[world.other.id]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_500_shows_a_reference_that_is_in_the_error_log_line(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-broken/?pupil=Ava")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with Pathways" in page
    match = re.search(r'data-testid="reference">([A-Z2-9]{4}-[A-Z2-9]{4})<', page)
    assert match, page
    reference = match.group(1)

    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]  # Django's own line is not written as well
    record = errors[0]
    assert reference in record.getMessage()
    assert record.exc_info and "a fault in the code" in str(record.exc_info[1])

    line = json.loads(JsonFormatter().format(record))
    assert line["reference"] == reference and line["level"] == "error"
    assert "RuntimeError: a fault in the code" in line["exception"]
    assert "Ava" not in line["message"]  # the query string is not logged


def test_two_500s_have_different_references(world: World) -> None:
    client = Client(raise_request_exception=False)
    pages = [client.get("/test-broken/").content.decode() for _ in range(2)]
    references = {re.search(r'data-testid="reference">([^<]+)<', page).group(1) for page in pages}  # type: ignore[union-attr]
    assert len(references) == 2


@override_settings(DEBUG=True)
def test_with_debug_on_django_still_shows_its_own_technical_page(world: World) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with Pathways" not in response.content.decode()


def test_a_form_sent_without_its_security_token_gets_the_styled_page(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "teacher-ours", "password": "anything"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>Your form could not be sent – Pathways</title>" in page
    assert "nothing was saved" in page
