"""The page shown when Pathways fails (a 500), with a reference that is also in the log.

Django's own views render templates/403.html and 404.html. For a 500 Pathways writes the error's log
line itself, with a short random reference, and shows the same reference on the page: a member of
staff quotes it, and the technician finds the line (and its traceback) with `journalctl | grep REF`.
"""

from __future__ import annotations

import logging
import secrets
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("django.request")

# No 0/O or 1/I: the reference is read out over the phone.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def server_error(request: HttpRequest) -> HttpResponse:
    reference = new_reference()
    logger.error(
        "Internal Server Error: %s (reference %s)", request.path, reference,
        exc_info=sys.exc_info(), extra={"status_code": 500, "reference": reference},
    )
    body: str
    try:
        body = loader.render_to_string("500.html", {"reference": reference})
    except Exception:  # the page itself must not fail: fall back to plain words
        logger.exception("The error page could not be shown (reference %s)", reference)
        body = f"<h1>Sorry, there is a problem with Pathways</h1><p>Reference: {reference}</p>"
    response = HttpResponseServerError(body)
    # Django logs an unhandled error after this view returns unless told it has been: the line above
    # is that line, with the reference in it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
