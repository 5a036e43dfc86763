"""A local fake of the Wonde API endpoints the write-back uses, in a thread of the test process.

    with FakeWonde(token="t0k3n") as wonde:
        wonde.add_student("A1", "A123...")       # students, by id and UPN
        wonde.codes = [...]                       # the school's attendance codes
        wonde.fail_next(429, retry_after=30)      # injected failures, taken in order by the next requests
        wonde.reject_student("A1", "Student is not on roll on this date")   # a 422 for that student's rows
        wonde.base_url                            # http://127.0.0.1:<port>/v1.0

It checks the bearer token (401 otherwise), pages lists (meta.pagination.next), holds the session marks
written (`marks`, keyed by student, date and session, and indexed by date so a read of a day touches only
that day's marks, however many the fake holds), answers a write with a writeback_id and keeps every
request (`requests`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SCHOOL = "W1001"
DEFAULT_CODES = [
    {"id": f"C-{code}", "code": code, "description": description} for code, description in (
        ("/", "Present (AM)"), ("\\", "Present (PM)"), ("B", "Educated off site"), ("D", "Dual registered"),
        ("C2", "Leave for a part-time timetable"), ("K", "Attending provision arranged by the local authority"),
        ("O", "Unauthorised absence"), ("I", "Illness"), ("N", "Reason not yet provided"),
        ("M", "Medical or dental appointment"), ("L", "Late before registers closed"),
        ("U", "Late after registers closed"), ("X", "Not required to be in school"),
        ("C", "Leave in exceptional circumstances"), ("G", "Holiday not authorised"))]


class FakeWonde:
    def __init__(self, token: str = "t0k3n", school: str = SCHOOL, page_size: int = 100) -> None:
        self.token = token
        self.school = school
        self.page_size = page_size
        self.students: dict[str, str] = {}           # id -> UPN
        self.codes: list[dict[str, str]] = list(DEFAULT_CODES)
        self.marks: dict[tuple[str, str, str], dict[str, Any]] = {}  # (student, date, session) -> row
        self.days: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}  # date -> (student, session) -> row
        self.requests: list[tuple[str, str]] = []
        self.posts: list[list[dict[str, Any]]] = []
        self.failures: list[tuple[int | str, dict[str, Any]]] = []
        self.rejected: dict[str, str] = {}
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ----------------------------------------------------------- set-up
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1.0"

    def __enter__(self) -> FakeWonde:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_student(self, student_id: str, upn: str) -> None:
        self.students[student_id] = upn

    def hold(self, student_id: str, day: str, session: str, code: str) -> None:
        """A mark the MIS holds already (keyed there by the school, say)."""
        code_id = next(c["id"] for c in self.codes if c["code"] == code)
        self._put(student_id, day, session, {"attendance_code_id": code_id, "code": code})

    def _put(self, student_id: str, day: str, session: str, row: dict[str, Any]) -> None:
        self.marks[(student_id, day, session)] = row
        self.days.setdefault(day, {})[(student_id, session)] = row

    def code_of(self, student_id: str, day: str, session: str) -> str | None:
        row = self.marks.get((student_id, day, session))
        return row["code"] if row else None

    def fail_next(self, status: int | str, times: int = 1, **extra: Any) -> None:
        """The next `times` requests fail: an HTTP status, or "timeout" (the answer comes after `delay`)."""
        self.failures.extend([(status, extra)] * times)

    def reject_student(self, student_id: str, message: str) -> None:
        self.rejected[student_id] = message

    # ----------------------------------------------------------- the server
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(raw)

            def _route(self, method: str) -> None:
                with fake.lock:
                    fake.requests.append((method, self.path))
                    failure = fake.failures.pop(0) if fake.failures else None
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._send(401, {"error": "Unauthenticated."})
                if failure is not None:
                    status, extra = failure
                    if status == "timeout":
                        time.sleep(extra.get("delay", 3))
                        return self._send(200, {"data": []})
                    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else {}
                    return self._send(int(status), {"error": extra.get("message", "failure injected")}, headers)
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                prefix = f"/v1.0/schools/{fake.school}/"
                if not url.path.startswith(prefix):
                    return self._send(404, {"error": "Not found"})
                resource = url.path[len(prefix):].rstrip("/")
                if method == "GET" and resource == "students":
                    rows = [{"id": k, "upn": v, "forename": "F", "surname": "S"} for k, v in fake.students.items()]
                    return self._page(rows, query)
                if method == "GET" and resource == "attendance-codes":
                    return self._page(fake.codes, query)
                if method == "GET" and resource == "attendance/session":
                    day = query.get("date", "")
                    with fake.lock:
                        held = sorted(fake.days.get(day, {}).items())
                    rows = [{"student_id": s, "date": day, "session": sess, **row} for (s, sess), row in held]
                    return self._page(rows, query)
                if method == "POST" and resource == "attendance/session":
                    return self._write(body)
                return self._send(404, {"error": "Not found"})

            def _page(self, rows: list[Any], query: dict[str, str]) -> None:
                page = int(query.get("page", "1"))
                size = min(int(query.get("per_page", fake.page_size)), fake.page_size)
                chunk = rows[(page - 1) * size:page * size]
                nxt = None
                if page * size < len(rows):
                    q = dict(query, page=str(page + 1))
                    nxt = f"{fake.base_url}{urllib.parse.urlsplit(self.path).path[5:]}?{urllib.parse.urlencode(q)}"
                self._send(200, {"data": chunk, "meta": {"pagination": {"next": nxt, "more": nxt is not None}}})

            def _write(self, body: dict[str, Any]) -> None:
                rows = body.get("attendance") or []
                codes = {c["id"]: c["code"] for c in fake.codes}
                errors: dict[str, list[str]] = {}
                for i, row in enumerate(rows):
                    for field in ("student_id", "date", "session", "attendance_code_id"):
                        if not row.get(field):
                            errors[f"attendance.{i}.{field}"] = [f"The {field} field is required."]
                    if row.get("student_id") not in fake.students:
                        errors[f"attendance.{i}.student_id"] = ["The selected student id is invalid."]
                    elif row.get("student_id") in fake.rejected:
                        errors[f"attendance.{i}.student_id"] = [fake.rejected[row["student_id"]]]
                    if row.get("attendance_code_id") not in codes:
                        errors[f"attendance.{i}.attendance_code_id"] = ["The selected attendance code id is invalid."]
                    if row.get("session") not in ("AM", "PM"):
                        errors[f"attendance.{i}.session"] = ["The session must be AM or PM."]
                if errors:
                    return self._send(422, {"message": "The given data was invalid.", "errors": errors})
                with fake.lock:
                    fake.posts.append(rows)
                    for row in rows:
                        fake._put(row["student_id"], row["date"], row["session"], {
                            "attendance_code_id": row["attendance_code_id"], "code": codes[row["attendance_code_id"]],
                            "comment": row.get("comment", ""), "minutes_late": row.get("minutes_late")})
                    writeback = f"WB-{next(fake._ids)}"
                self._send(200, {"writeback_id": writeback, "count": len(rows)})

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

        return Handler
