"""The writes of the MIS write-back, each one transaction with its audit row.

    do_save_connection(*, school, route, base_url, mis_school_id, token, batch_size, actor)
    do_fetch_codes(*, school, actor) -> int        the school's codes read from the MIS; a mapping
                                                   proposed for each statutory code, not yet reviewed
    do_review_codes(*, school, choices, actor)     the attendance officer's mapping: {code: mis code id}
    do_resolve(*, school, item_id, decision, actor)         "overwrite" the MIS with ours, "keep" the MIS's mark,
                                                   "retry" a failed item, "send" a waiting item now
    do_download_marks(*, school, actor) -> (filename, content type, bytes)   a file route's pending marks
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathways.audit.record import record
from pathways.policy import codes as policy_codes
from pathways.schools.models import School
from pathways.schools.permissions import permission
from pathways.writeback.connectors import Refused, RetryLater, SessionMark, connector_for
from pathways.writeback.connectors.base import MisCode
from pathways.writeback.models import CodeMapping, MisConnection, OutboxItem, Route
from pathways.writeback.secrets import CannotDecrypt, encrypt

Status = OutboxItem.Status
DECISIONS: dict[str, tuple[str, ...]] = {
    Status.DIFFERENT.value: ("overwrite", "keep"),
    Status.FAILED.value: ("retry",),
    Status.PENDING.value: ("send",),
}


def statutory_codes() -> list[tuple[str, str]]:
    """The codes of the code set in force, with their meanings, in the set's order."""
    return [(c.code, c.meaning) for c in policy_codes.CODES_2024.codes.values()]


@permission("manage_mis_writeback")
@transaction.atomic
def do_save_connection(*, school: School, route: str, base_url: str = "", mis_school_id: str = "", token: str = "",
                       batch_size: int = 200, actor: Any) -> MisConnection:
    if route not in Route.values:
        raise ValidationError({"route": "Choose how the marks reach the MIS."})
    conn = MisConnection.objects.select_for_update().filter(school=school).first() or MisConnection(school=school)
    if route == Route.WONDE:
        errors = {}
        if not base_url.startswith(("https://", "http://")):
            errors["base_url"] = "Enter the API address, like https://api.wonde.com/v1.0"
        if not mis_school_id.strip():
            errors["mis_school_id"] = "Enter the school's id at Wonde (it starts with A and is in Wonde's portal)."
        if not token and not conn.credentials:
            errors["token"] = "Enter the API token Wonde gave the school."
        if errors:
            raise ValidationError(errors)
    if not 1 <= batch_size <= 1000:
        raise ValidationError({"batch_size": "Send between 1 and 1000 marks a request."})
    conn.route, conn.base_url, conn.mis_school_id = route, base_url.strip(), mis_school_id.strip()
    conn.batch_size = batch_size
    if token:
        try:
            conn.credentials = encrypt(token.strip())
        except CannotDecrypt as error:
            raise ValidationError({"token": str(error)}) from error
    conn.save()
    record(actor=actor, action="save MIS connection", obj=conn, school=school,
           changes={"route": route, "base_url": conn.base_url, "mis_school_id": conn.mis_school_id,
                    "token": "changed" if token else "kept", "batch_size": batch_size},
           label=f"MIS connection: {conn.get_route_display()}")
    return conn


@permission("manage_mis_writeback")
def do_fetch_codes(*, school: School, actor: Any) -> int:
    """Read the school's attendance codes from the MIS and propose a mapping for each statutory code not
    yet mapped (the MIS code written the same way); every proposal waits for the officer's review."""
    conn = MisConnection.objects.filter(school=school).first()
    if conn is None:
        raise ValidationError({"route": "Set up the MIS connection first."})
    try:
        mis = connector_for(conn).codes()
    except (Refused, RetryLater, CannotDecrypt) as error:
        raise ValidationError({"route": getattr(error, "reason", str(error))}) from error
    by_code = {c.code.upper(): c for c in mis}
    with transaction.atomic():
        known = {m.code: m for m in CodeMapping.objects.select_for_update().filter(school=school)}
        proposed = 0
        for code, _meaning in statutory_codes():
            if code in known:
                continue
            match = by_code.get(code.upper())
            CodeMapping.objects.create(school=school, code=code, mis_code_id=match.id if match else "",
                                       mis_code=match.code if match else "",
                                       mis_description=match.description if match else "")
            proposed += 1
        MisConnection.objects.filter(pk=conn.pk).update(
            codes_fetched_at=timezone.now(),
            mis_codes=[{"id": c.id, "code": c.code, "description": c.description} for c in mis])
        return_count = len(mis)
        record(actor=actor, action="fetch MIS codes", obj=conn, school=school,
               changes={"codes in the MIS": return_count, "proposed": proposed},
               label="Attendance codes read from the MIS")
    return return_count


def mis_codes(school: School) -> list[MisCode]:
    """The school's MIS codes as last read (the review page's choices)."""
    conn = MisConnection.objects.filter(school=school).first()
    return [MisCode(str(c["id"]), str(c["code"]), str(c["description"])) for c in (conn.mis_codes if conn else [])]


@permission("manage_mis_writeback")
@transaction.atomic
def do_review_codes(*, school: School, choices: dict[str, str], actor: Any) -> int:
    """The officer's mapping: each statutory code to one of the school's MIS codes (a sub-code the school
    uses for flexi-schooling, say). Every code named is marked reviewed by the officer."""
    offered = {c.id: c for c in mis_codes(school)}
    errors = {f"code-{code}": f"Choose one of the MIS's codes for {code}." for code, mis_id in choices.items()
              if mis_id and mis_id not in offered}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = {}
    for code, mis_id in choices.items():
        mapping, _ = CodeMapping.objects.select_for_update().get_or_create(school=school, code=code)
        chosen = offered.get(mis_id)
        before = mapping.mis_code
        mapping.mis_code_id = chosen.id if chosen else ""
        mapping.mis_code = chosen.code if chosen else ""
        mapping.mis_description = chosen.description if chosen else ""
        mapping.reviewed_by, mapping.reviewed_at = (actor if getattr(actor, "pk", None) else None), now
        mapping.save()
        changed[code] = [before, mapping.mis_code]
    record(actor=actor, action="review MIS codes", school=school, changes=changed,
           label=f"{len(changed)} attendance codes reviewed")
    return len(changed)


@permission("manage_mis_writeback")
@transaction.atomic
def do_resolve(*, school: School, item_id: int, decision: str, actor: Any) -> OutboxItem:
    """The one action that resolves an item (DECISIONS): the item must be the school's."""
    item = OutboxItem.objects.select_for_update().get(pk=item_id, school=school)
    if decision not in DECISIONS.get(item.status, ()):
        raise ValidationError({"decision": f"This mark is “{item.get_status_display()}”: it cannot be {decision}."})
    before = item.status
    if decision == "keep":
        item.status = Status.KEPT
    else:
        item.status, item.attempts, item.next_attempt_at = Status.PENDING, 0, timezone.now()
        item.overwrite = decision == "overwrite" or item.overwrite
    item.save(update_fields=["status", "attempts", "next_attempt_at", "overwrite"])
    record(actor=actor, action=f"MIS mark: {decision}", obj=item, school=item.school,
           changes={"status": [before, item.status], "code": item.code, "mis_code": item.mis_code,
                    "date": item.date, "session": item.session},
           label=f"{item.code} for {item.date:%d %b %Y} {item.session.upper()}")
    if item.status == Status.PENDING:
        from pathways.writeback.outbox import enqueue_send

        transaction.on_commit(lambda: enqueue_send(item.school_id))
    return item


@permission("manage_mis_writeback")
@transaction.atomic
def do_download_marks(*, school: School, actor: Any) -> tuple[str, str, bytes]:
    """A file route's waiting marks as its file; they are then taken as in the MIS (the school loads or
    keys the file: the route cannot read the MIS to check)."""
    conn = MisConnection.objects.filter(school=school).first()
    if conn is None or conn.route == Route.WONDE:
        raise ValidationError({"route": "This school's marks are sent through the MIS's API, not a file."})
    connector = connector_for(conn)
    items = list(OutboxItem.objects.select_for_update().filter(school=school, status=Status.PENDING)
                 .select_related("pupil").order_by("date", "session", "pupil__upn"))
    marks = [SessionMark(key=i.pk, student=i.pupil.upn, upn=i.pupil.upn, date=i.date, session=i.session.upper(),
                         code=i.code, code_id="", comment=i.comment, minutes_late=i.minutes_late) for i in items]
    content = connector.render(marks)
    now = timezone.now()
    for i in items:
        i.status, i.sent_at, i.mis_code, i.reason = Status.MATCHED, now, i.code, ""
        i.sent_code, i.sent_comment, i.sent_minutes_late = i.wanted
        i.writeback_id = f"file {now:%Y-%m-%d %H:%M}"
    OutboxItem.objects.bulk_update(items, ["status", "sent_at", "mis_code", "reason", "sent_code", "sent_comment",
                                           "sent_minutes_late", "writeback_id"], batch_size=1000)
    xml = conn.route == Route.SIMS_FILE
    name = f"marks-for-mis-{school.laestab or school.pk}-{now:%Y%m%d-%H%M}.{'xml' if xml else 'csv'}"
    record(actor=actor, action="download marks for the MIS", school=school,
           changes={"marks": len(items), "file": name}, label=f"{len(items)} marks in {name}")
    return name, ("application/xml" if xml else "text/csv"), content
