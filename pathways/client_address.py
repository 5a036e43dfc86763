"""The address a request came from, seen through the reverse proxies in front of Pathways.

Behind a proxy every request reaches Pathways from the proxy's own address; the client's is in the
X-Forwarded-For header, to which each proxy appends the address it received the request from. Only
the entries written by our own proxies can be trusted (a client may send any X-Forwarded-For it
likes), so with PATHWAYS_TRUSTED_PROXY_COUNT = N the client is the N-th entry from the right. With
N = 0 (the default: Pathways faces the network itself) the header is ignored.

Used for the sign-in lockout (django-axes: AXES_CLIENT_IP_CALLABLE) and, when
PATHWAYS_LOG_CLIENT_ADDRESS asks for it, the request log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def from_meta(meta: Mapping[str, Any], trusted_proxies: int) -> str | None:
    """The client's address from a WSGI environ or request.META."""
    remote = meta.get("REMOTE_ADDR") or None
    if trusted_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if len(forwarded) < trusted_proxies:
        # Fewer entries than proxies: the request did not come through all of them. Trust nothing it says.
        return remote
    return forwarded[-trusted_proxies]


def client_address(request: Any) -> str | None:
    from django.conf import settings

    return from_meta(request.META, settings.PATHWAYS_TRUSTED_PROXY_COUNT)
