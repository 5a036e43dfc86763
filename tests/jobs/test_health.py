"""/healthz: 200 when the database answers, the migrations are applied and a worker was seen lately;
else 503 naming what is wrong. No sign-in, JSON, nothing personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.utils import timezone

from pathways.jobs import health
from pathways.jobs.models import WorkerBeat

pytestmark = pytest.mark.django_db


def get(client: Client) -> Any:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response


def test_all_well_is_200_without_signing_in() -> None:
    WorkerBeat.objects.create(worker_id="w1", host="h", pid=1)
    response = get(Client())
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "worker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@override_settings(PATHWAYS_HEALTH_WORKER_MINUTES=5)
def test_no_worker_seen_lately_is_503_naming_the_worker() -> None:
    WorkerBeat.objects.create(worker_id="old", host="h", pid=1, last_seen=timezone.now() - dt.timedelta(minutes=6))
    WorkerBeat.objects.create(worker_id="stopped", host="h", pid=2, stopped_at=timezone.now())
    response = get(Client())
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy" and body["checks"]["database"] == "ok"
    assert body["checks"]["worker"].startswith("no worker seen in the last 5 minutes")


def test_unapplied_migrations_are_503(monkeypatch: pytest.MonkeyPatch) -> None:
    WorkerBeat.objects.create(worker_id="w1", host="h", pid=1)
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("jobs", "0002"), ("x", "1")])
    response = get(Client())
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"].startswith("2 not applied")


def test_an_unreachable_database_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    class Down:
        def cursor(self) -> Any:
            raise OSError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": Down()})
    response = get(Client())
    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "checks": {"database": "unreachable"}}


def test_the_real_migration_plan_is_empty_on_a_migrated_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    assert health.unapplied_migrations() == 0


@override_settings(SECURE_SSL_REDIRECT=True)
def test_with_the_https_redirect_on_a_plain_http_probe_of_healthz_is_answered_not_redirected() -> None:
    WorkerBeat.objects.create(worker_id="w1", host="h", pid=1)
    client = Client()
    response = get(client)
    assert response.status_code == 200 and response.json()["status"] == "ok"
    # Only /healthz is exempt: the pages still go to https://, and so does a path that merely starts so.
    for path in ("/accounts/login/", "/healthz/x", "/xhealthz"):
        redirected = client.get(path)
        assert redirected.status_code == 301, path
        assert redirected["Location"].startswith("https://"), path
