"""Structured logs: one JSON object a line, for `python -m pathways serve` and `worker` (LOG_FORMAT=json).

A line holds the time (UTC, ISO 8601), the level, the logger and the message, plus the fields a
caller passed in `extra` that are listed in FIELDS (an error's reference, a request's method, path,
status and duration; a job's name, id, status and duration and the worker running it). Nothing else
of the request is written: no query strings, user names or addresses (the request log adds the
client's address only when PATHWAYS_LOG_CLIENT_ADDRESS asks); nothing of a job's arguments.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Fields copied from a record's `extra` into its line, in this order.
FIELDS = ("method", "path", "status", "duration_ms", "reference", "client", "status_code", "job", "job_id", "worker")


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_line(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, default=str, separators=(",", ":"))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json_line(line)
