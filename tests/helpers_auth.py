"""Signing users in from tests, including headteachers and DSLs who need a two-factor code.

    from tests.helpers_auth import login_verified
    login_verified(client, dsl)          # signed in, two-factor check passed: every page opens

    device = totp_device(dsl)            # a confirmed authenticator app for the user
    code = current_code(device)          # what that app shows now (the real TOTP algorithm)

Use `client.force_login` or `login_verified`, not `client.login`: django-axes needs the request
that only a real sign-in form passes to authenticate().
"""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user: Any, *, confirmed: bool = True) -> TOTPDevice:
    """The user's authenticator app (made if they have none), confirmed unless asked otherwise."""
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=confirmed)
    return device


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device's app shows at time `at` (now by default), as the user would type it."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Client, user: Any) -> Client:
    """Sign the user in as if they had typed their password and a correct two-factor code.

    Works for anyone: a user who does not need two factors is simply signed in (the device is
    harmless). Returns the client so calls can be chained.
    """
    client.force_login(user)
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
