"""Behind a reverse proxy: the scheme and the client's address Pathways sees, and the request log."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from gunicorn.config import Config

from pathways.client_address import from_meta
from pathways.server import RequestLogger, default_workers
from tests.conftest import World

TRUST_THE_PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


def reset_link(client: Client, **headers: str) -> str:
    client.post(reverse("password_reset"), {"email": "teacher-ours@example.org"}, **headers)
    assert len(mail.outbox) == 1
    return next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line).strip()


# As the proxy of docs/deploy.md passes the request on: the browser's Host, and the scheme it used.
FROM_THE_PROXY = {"HTTP_HOST": "pathways.example.org", "HTTP_X_FORWARDED_PROTO": "https", "REMOTE_ADDR": "127.0.0.1"}


@override_settings(SECURE_PROXY_SSL_HEADER=TRUST_THE_PROXY, ALLOWED_HOSTS=["pathways.example.org"])
def test_a_request_the_proxy_marks_https_gets_an_https_reset_link(client: Client, world: World) -> None:
    assert reset_link(client, **FROM_THE_PROXY).startswith("https://pathways.example.org/accounts/reset/")


@override_settings(SECURE_PROXY_SSL_HEADER=None, ALLOWED_HOSTS=["pathways.example.org"])
def test_without_trusting_the_proxy_the_header_changes_nothing(client: Client, world: World) -> None:
    assert reset_link(client, **FROM_THE_PROXY).startswith("http://pathways.example.org/accounts/reset/")


@override_settings(SECURE_PROXY_SSL_HEADER=TRUST_THE_PROXY, SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_and_https_through_the_proxy_is_served(client: Client, db: None) -> None:
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain.url.startswith("https://")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200


# --- the client's address ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("203.0.113.9", 0, "10.0.0.2"),                    # no proxy trusted: the header is ignored
        ("203.0.113.9", 1, "203.0.113.9"),                 # what our proxy saw
        ("198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),   # the client's own entry on the left is not believed
        ("203.0.113.9, 192.0.2.50", 2, "203.0.113.9"),     # two proxies: the second from the right
        ("203.0.113.9", 2, "10.0.0.2"),                    # fewer entries than proxies: trust none
        ("", 1, "10.0.0.2"),
    ],
)
def test_the_clients_address_is_the_one_our_proxies_saw(forwarded: str, proxies: int, expected: str) -> None:
    assert from_meta({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}, proxies) == expected


@override_settings(PATHWAYS_TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_a_lockout_behind_the_proxy_stops_one_address_not_everyone(world: World) -> None:
    def attempt(address: str, password: str) -> int:
        return Client().post(
            reverse("login"), {"username": "teacher-ours", "password": password},
            REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address,
        ).status_code

    for _ in range(3):
        attempt("203.0.113.9", "wrong-password")
    assert attempt("203.0.113.9", "correct-horse-battery") == 429  # locked, even with the right password
    assert attempt("198.51.100.7", "correct-horse-battery") == 302  # another address through the same proxy


# --- the request log of `serve` ---------------------------------------------------------------


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class Response:
    status = "404 Not Found"
    headers: list[tuple[str, str]] = []


def log_one_request(environ: dict[str, Any]) -> dict[str, Any]:
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = RequestLogger(cfg)
    captured = Captured()
    logger.access_log.handlers = [captured]
    logger.access(Response(), None, environ, timedelta(milliseconds=12, microseconds=340))
    assert len(captured.lines) == 1
    return json.loads(captured.lines[0])  # type: ignore[no-any-return]


ENVIRON = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/schools/1/pupils/", "QUERY_STRING": "q=Ava+Ourpupil",
    "RAW_URI": "/schools/1/pupils/?q=Ava+Ourpupil", "REMOTE_ADDR": "127.0.0.1",
    "HTTP_X_FORWARDED_FOR": "203.0.113.9", "HTTP_COOKIE": "sessionid=secret", "SERVER_PROTOCOL": "HTTP/1.1",
}


@override_settings(PATHWAYS_LOG_CLIENT_ADDRESS=False)
def test_a_request_is_one_json_line_without_query_string_or_address() -> None:
    line = log_one_request(ENVIRON)
    assert {k: line[k] for k in ("method", "path", "status", "duration_ms")} == {
        "method": "GET", "path": "/schools/1/pupils/", "status": 404, "duration_ms": 12.3,
    }
    assert line["time"].endswith("Z")
    text = json.dumps(line)
    assert "Ava" not in text and "127.0.0.1" not in text and "203.0.113.9" not in text and "secret" not in text


@override_settings(PATHWAYS_LOG_CLIENT_ADDRESS=True, PATHWAYS_TRUSTED_PROXY_COUNT=1)
def test_the_clients_address_is_logged_only_when_a_setting_asks() -> None:
    assert log_one_request(ENVIRON)["client"] == "203.0.113.9"


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (3, 7), (4, 8), (64, 8)])
def test_workers_are_two_per_core_and_one_capped_at_eight(cores: int, workers: int) -> None:
    assert default_workers(cores) == workers


def test_a_head_request_gets_the_headers_and_no_body(db: None) -> None:
    from pathways.server import without_head_bodies
    from pathways.wsgi import application

    def call(method: str) -> tuple[list[tuple[str, str]], bytes]:
        seen: list[tuple[str, str]] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            seen.extend(headers)

        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": "/accounts/login/", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": __import__("io").BytesIO(b""),
            "HTTP_HOST": "testserver",
        }
        return seen, b"".join(without_head_bodies(application)(environ, start_response))

    head_headers, head_body = call("HEAD")
    get_headers, get_body = call("GET")
    assert head_body == b"" and b"Sign in" in get_body
    assert dict(head_headers)["Content-Type"] == dict(get_headers)["Content-Type"]
