"""Wonde: one API in front of SIMS, Arbor, Bromcom, ScholarPack and others.

The endpoints used, under {base_url}/schools/{school_id}/, with `Authorization: Bearer <token>`:

- GET students            the school's students; each with `id` and `upn` (pages: meta.pagination.next)
- GET attendance-codes    the school's own codes: `id`, `code`, `description`
- GET attendance/session?date=YYYY-MM-DD   the session marks the MIS holds that day: `student_id`,
                          `session`, `attendance_code_id`, `code` (read before write)
- POST attendance/session the session-attendance write-back: {"attendance": [{student_id, date,
                          session (AM/PM), attendance_code_id, comment?, minutes_late?}]}; the answer
                          carries `writeback_id`. A 422 names the rejected rows as Laravel-style keys
                          ("attendance.3.attendance_code_id": ["..."]): those rows are set aside with the
                          MIS's words and the rest sent again.

HTTP only through urllib (no new dependency); every call has the connection's timeout.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from pathways.writeback.connectors.base import (
    Capabilities,
    MisCode,
    MisMark,
    Refused,
    RetryLater,
    SessionMark,
    Written,
)

_ROW_KEY = re.compile(r"^attendance\.(\d+)\.")
MAX_PAGES = 1000


class WondeConnector:
    name = "Wonde"
    capabilities = Capabilities(write_marks=True, overwrite=True, read_marks=True, write_placements=False)

    def __init__(self, *, base_url: str, school_id: str, token: str, timeout: float = 20) -> None:
        if not base_url or not school_id or not token:
            raise Refused("The Wonde connection needs the API address, the school's Wonde id and the token.")
        self.root = f"{base_url.rstrip('/')}/schools/{urllib.parse.quote(school_id)}/"
        self.token = token
        self.timeout = timeout

    # ------------------------------------------------------------------ HTTP

    def _call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        url = path if path.startswith("http") else self.root + path
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Accept": "application/json",
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            payload = _json(error.read())
            status = error.code
            if status == 429:
                raise RetryLater("The MIS asked us to slow down (429).", _retry_after(error.headers.get("Retry-After")))
            if status >= 500:
                raise RetryLater(f"The MIS had an error ({status}).") from None
            if status in (401, 403):
                raise Refused(f"The MIS refused the credentials ({status}): check the token on the connection page.")
            if status == 422 and method == "POST":
                return status, payload
            raise Refused(f"The MIS refused the request ({status}): {_message(payload)}") from None
        except TimeoutError:
            raise RetryLater(f"The MIS did not answer within {self.timeout:g} seconds.") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise RetryLater(f"The MIS did not answer within {self.timeout:g} seconds.") from None
            raise RetryLater(f"The MIS could not be reached ({error.reason}).") from None

    def _pages(self, path: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        url: str | None = path
        for _ in range(MAX_PAGES):
            if not url:
                break
            _status, payload = self._call("GET", url)
            rows.extend(payload.get("data") or [])
            url = ((payload.get("meta") or {}).get("pagination") or {}).get("next")
        return rows

    # ------------------------------------------------------------------ the interface

    def students_by_upn(self) -> dict[str, str]:
        return {str(s["upn"]).strip().upper(): str(s["id"]) for s in self._pages("students?per_page=200")
                if s.get("upn")}

    def codes(self) -> list[MisCode]:
        return [MisCode(id=str(c["id"]), code=str(c.get("code") or ""), description=str(c.get("description") or ""))
                for c in self._pages("attendance-codes?per_page=200")]

    def read_marks(self, day: dt.date) -> dict[tuple[str, str], MisMark]:
        held: dict[tuple[str, str], MisMark] = {}
        for row in self._pages(f"attendance/session?date={day.isoformat()}&per_page=500"):
            mark = MisMark(student=str(row["student_id"]), date=day, session=str(row["session"]).upper(),
                           code=str(row.get("code") or ""), code_id=str(row.get("attendance_code_id") or ""))
            held[(mark.student, mark.session)] = mark
        return held

    def write_marks(self, marks: list[SessionMark]) -> Written:
        written = Written()
        remaining = list(marks)
        while remaining:
            status, payload = self._call("POST", "attendance/session", {"attendance": [_row(m) for m in remaining]})
            if status != 422:
                written.writeback_id = str(payload.get("writeback_id") or "")
                return written
            bad = _rejected_rows(payload, len(remaining))
            if not bad:  # a 422 that names no row: the whole request is refused
                raise Refused(f"The MIS refused the marks: {_message(payload)}")
            for index, reason in bad.items():
                written.rejected[remaining[index].key] = reason
            remaining = [m for i, m in enumerate(remaining) if i not in bad]
        return written

    def render(self, marks: list[SessionMark]) -> bytes:
        raise Refused("Wonde takes the marks itself: no file to make.")


def _row(mark: SessionMark) -> dict[str, Any]:
    row: dict[str, Any] = {"student_id": mark.student, "date": mark.date.isoformat(), "session": mark.session,
                           "attendance_code_id": mark.code_id}
    if mark.comment:
        row["comment"] = mark.comment
    if mark.minutes_late:
        row["minutes_late"] = mark.minutes_late
    return row


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


def _message(payload: Any) -> str:
    if isinstance(payload, dict):
        return str(payload.get("message") or payload.get("error") or "no reason given")[:300]
    return "no reason given"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: our own back-off applies


def _rejected_rows(payload: Any, count: int) -> dict[int, str]:
    errors = payload.get("errors") if isinstance(payload, dict) else None
    bad: dict[int, str] = {}
    for key, messages in (errors or {}).items():
        match = _ROW_KEY.match(str(key))
        if match and int(match.group(1)) < count:
            text = "; ".join(messages) if isinstance(messages, list) else str(messages)
            index = int(match.group(1))
            bad[index] = f"{bad[index]}; {text}" if index in bad else text
    return bad
