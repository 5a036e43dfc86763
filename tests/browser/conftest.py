"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Screenshots are kept in test-artifacts/screenshots/ for people to look at. Every journey signs its member of
staff in with `sign_in(page, live_server, user)`: through the sign-in page, with the authenticator code for
the roles that need two factors; state the journey does not walk is built with the actions and factories.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


PASSWORD = "correct-horse-battery"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Sign `user` in through the sign-in page, as they would; with the code from their authenticator app when
    their role needs two factors (headteacher, DSL, trust lead), checking that the product asked for it."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pathways.schools.two_factor import needs_two_factor

    device = None
    if needs_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="phone", confirmed=True)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a second sign-in within the same 30 s
        device.refresh_from_db()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    if device is not None:
        assert "/accounts/two-factor/" in page.url, f"{user.username} was not asked for a two-factor code"
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        page.get_by_label("Enter the code from your authenticator app").fill(f"{code:0{device.digits}d}")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{user.username} could not sign in"


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
