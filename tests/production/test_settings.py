"""Production settings from the environment: `check --deploy` is clean with the documented values, and
the proxy settings mean what docs/deploy.md says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The proxy and security settings of docs/deploy.md's environment file.
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "a-long-random-production-key-for-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": "pathways.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://pathways.example.org",
    "PATHWAYS_BASE_URL": "https://pathways.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_PROXY_SSL_HEADER": "true",
    "PATHWAYS_TRUSTED_PROXY_COUNT": "1",
}


def run_pathways(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment, as a service gets: none of the developer's or the test run's settings.
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-m", "pathways", *args], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_with_the_documented_production_settings_warns_of_nothing() -> None:
    result = run_pathways("django", "check", "--deploy", env=PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "security.W" not in output, output


def test_check_deploy_without_them_names_what_is_missing() -> None:
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("SECURE_")}
    output = run_pathways("django", "check", "--deploy", env=env).stderr
    assert "security.W004" in output and "security.W008" in output  # HSTS, the HTTPS redirect


PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "PATHWAYS_TRUSTED_PROXY_COUNT", "AXES_CLIENT_IP_CALLABLE", "SILENCED_SYSTEM_CHECKS",
]}))
"""


def read_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "pathways.settings"}
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + PRINT_SETTINGS],
                          cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60)


def test_the_environment_sets_the_proxy_and_https_settings() -> None:
    result = read_settings({**PRODUCTION, "PATHWAYS_TRUSTED_PROXY_COUNT": "2", "SECURE_HSTS_PRELOAD": "yes"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["PATHWAYS_TRUSTED_PROXY_COUNT"] == 2
    assert values["AXES_CLIENT_IP_CALLABLE"] == "pathways.client_address.client_address"
    assert values["SILENCED_SYSTEM_CHECKS"] == []  # nothing silenced once preload is asked for


def test_without_them_https_is_off_and_no_proxy_is_trusted() -> None:
    values = json.loads(read_settings({"SECRET_KEY": PRODUCTION["SECRET_KEY"]}).stdout)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["PATHWAYS_TRUSTED_PROXY_COUNT"] == 0


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SECURE_PROXY_SSL_HEADER", "https", "SECURE_PROXY_SSL_HEADER: expected true or false"),
        ("SECURE_HSTS_SECONDS", "one year", "SECURE_HSTS_SECONDS: expected a whole number"),
        ("PATHWAYS_TRUSTED_PROXY_COUNT", "-1", "PATHWAYS_TRUSTED_PROXY_COUNT: expected 0 or more"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT: expected text or json"),
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(name: str, value: str, expected: str) -> None:
    result = read_settings({**PRODUCTION, name: value})
    assert result.returncode != 0
    assert expected in result.stderr
