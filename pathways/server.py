"""The production web server: gunicorn running pathways.wsgi, started by `python -m pathways serve`.

Nothing is kept in a worker's memory between requests (sessions, locks and jobs are in the
database), so the number of workers, and of `serve` processes behind one proxy, is only a question
of cores and memory.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from pathways.client_address import from_meta
from pathways.logs import JsonFormatter, json_line, utc_now_iso

# Each sync worker holds a Django process (about 100 MB); past eight, a trust's staff gain nothing but
# memory use. Run more `serve` processes (or machines) behind the proxy instead (docs/deploy.md).
MAX_WORKERS = 8


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(core_count: int) -> int:
    """Gunicorn's rule of thumb, 2 × cores + 1, capped at MAX_WORKERS."""
    return max(1, min(2 * core_count + 1, MAX_WORKERS))


class RequestLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger, writing JSON lines to standard output: one per request, and its own messages."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        from django.conf import settings

        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        line: dict[str, Any] = {
            "time": utc_now_iso(),
            "level": "info",
            "logger": "request",
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),  # never the query string: it may hold names or search terms
            "status": int(status),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
        }
        if settings.PATHWAYS_LOG_CLIENT_ADDRESS:
            line["client"] = from_meta(environ, settings.PATHWAYS_TRUSTED_PROXY_COUNT)
        try:
            self.access_log.info(json_line(line))
        except Exception:
            logging.getLogger("gunicorn.error").exception("could not write the request log line")


class PathwaysServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from pathways.wsgi import application

        return without_head_bodies(application)


def without_head_bodies(app: Any) -> Any:
    """The application, sending no body in answer to HEAD (monitoring and proxies use it).

    Django builds the page for HEAD as for GET; gunicorn drops the body but logs a warning for every
    such request. The headers (Content-Length included) are kept, as HTTP asks.
    """

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        result = app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return result
        close = getattr(result, "close", None)
        if close is not None:
            close()  # Django's end-of-request work (closing the database connection) runs here
        return []

    return application


def options(*, bind: str, workers: int, timeout: int) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "timeout": timeout,
        "graceful_timeout": 30,
        "preload_app": True,  # Django starts once; a broken setting stops the server before any worker
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": RequestLogger,
        "proc_name": "pathways",
        "control_socket_disable": True,  # gunicorn's control socket: unused, and it wants a home directory
        # Whether a request came over HTTPS is Django's to decide, from SECURE_PROXY_SSL_HEADER alone.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
    }
