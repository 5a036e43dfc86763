"""The MIS credentials at rest: Fernet (AES-128-CBC with HMAC-SHA256) under settings.PATHWAYS_MIS_KEY.

PATHWAYS_MIS_KEY is a Fernet key (`python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`); docs/operations.md. On a developer's footing with none set,
a key is derived from SECRET_KEY so the demo runs; a deployment must set its own: without it no
credentials are saved or read."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class CannotDecrypt(Exception):
    """The stored credentials were encrypted under another key (PATHWAYS_MIS_KEY changed)."""


def _fernet() -> Fernet:
    key = getattr(settings, "PATHWAYS_MIS_KEY", "") or ""
    if not key:
        if not (settings.DEBUG or getattr(settings, "LOCAL", False)):
            raise CannotDecrypt("PATHWAYS_MIS_KEY is not set: the MIS credentials cannot be stored or read.")
        key = base64.urlsafe_b64encode(hashlib.sha256(("mis:" + settings.SECRET_KEY).encode()).digest()).decode()
    return Fernet(key.encode())


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise CannotDecrypt("The MIS credentials cannot be read with this PATHWAYS_MIS_KEY: "
                            "enter them again.") from error
