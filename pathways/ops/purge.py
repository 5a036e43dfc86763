"""`python -m pathways purge` and the nightly job: delete what has passed its date on the retention
schedule (retention.py), and say what was deleted in the audit trail: the category, the count, the ids
and the date, never the content.

Never deleted, whatever its date: any record of a pupil on legal hold, of a pupil with an arrangement
that has not ended, or of a pupil with an open follow-up; a superseded attachment of an arrangement
that has not ended; a register mark a follow-up was opened for (it goes with the pupil's records).

`run_purge(today, dry_run)` is what the job queue calls; a dry run writes nothing and reports the
same counts. Files are deleted only once the deletion of their rows is committed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q

from pathways.ops.purge_pupils import delete_files
from pathways.ops.retention import Category, load_schedule

ACTOR = "retention schedule"
CHUNK = 1000


@dataclass
class CategoryResult:
    name: str
    label: str
    period: str
    held: bool = True
    ids: list[Any] = field(default_factory=list)
    by_school: dict[int | None, list[Any]] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)   # why some records past their date were kept
    also: dict[str, int] = field(default_factory=dict)   # rows deleted with them (a pupil's records)
    record_ids: bool = True

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass
class PurgeReport:
    today: dt.date
    dry_run: bool
    results: list[CategoryResult] = field(default_factory=list)

    def result(self, name: str) -> CategoryResult:
        return next(r for r in self.results if r.name == name)

    def lines(self) -> list[str]:
        verb = "would delete" if self.dry_run else "deleted"
        out = []
        for r in self.results:
            if not r.held:
                out.append(f"{r.label} (after {r.period}): not held yet")
                continue
            line = f"{r.label} (after {r.period}): {verb} {r.count}"
            if r.also:
                line += " with " + ", ".join(f"{n} {what}" for what, n in sorted(r.also.items()) if n)
            if r.kept:
                line += "; kept " + ", ".join(f"{n} {why}" for why, n in sorted(r.kept.items()))
            out.append(line)
        return out


def id_ranges(ids: Iterable[Any]) -> list[Any]:
    """Whole-number ids as [first, last] runs, so a million register marks fit an audit row."""
    numbers = sorted(int(i) for i in ids)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [r[0] if r[0] == r[1] else r for r in runs]


def _model(label: str) -> Any:
    return apps.get_model(label)


class _Protected:
    """The pupils, arrangements and marks the purge must leave alone, read once per run."""

    def __init__(self) -> None:
        Pupil, Arrangement, FollowUp = _model("pupils.Pupil"), _model("arrangements.Arrangement"), \
            _model("attendance.FollowUp")
        self.held = set(Pupil.objects.filter(legal_hold=True).values_list("id", flat=True))
        open_arrangements = Arrangement.objects.exclude(status="ended")
        self.open_arrangements = set(open_arrangements.values_list("id", flat=True))
        self.open_arrangement_pupils = set(open_arrangements.values_list("pupil_id", flat=True))
        self.open_follow_up_pupils = set(FollowUp.objects.filter(status="open").values_list("pupil_id", flat=True))

    def why_kept(self, pupil_id: int) -> str | None:
        if pupil_id in self.held:
            return "on legal hold"
        if pupil_id in self.open_arrangement_pupils:
            return "needed by an open arrangement"
        if pupil_id in self.open_follow_up_pupils:
            return "needed by an open follow-up"
        return None


def _keep(result: CategoryResult, why: str) -> None:
    result.kept[why] = result.kept.get(why, 0) + 1


def _audit_rows_naming(named: Mapping[str, Iterable[Any]]) -> set[int]:
    """The ids of the audit rows about the given records ({"pupils.pupil": ids, ...}). Read a kind at a
    time and matched here: a million register marks would not fit one SQL statement's list."""
    AuditEvent = _model("audit.AuditEvent")
    found: set[int] = set()
    for label, ids in named.items():
        wanted = {str(i) for i in ids}
        if wanted:
            rows = AuditEvent.objects.filter(object_type=label).values_list("id", "object_id")
            found.update(row_id for row_id, object_id in rows.iterator(chunk_size=5000) if object_id in wanted)
    return found


def _delete_audit_rows(ids: Iterable[int]) -> None:
    AuditEvent, ordered = _model("audit.AuditEvent"), sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        AuditEvent.objects.filter(pk__in=ordered[start:start + CHUNK]).delete()


def _start(cat: Category) -> CategoryResult:
    return CategoryResult(cat.name, cat.label, str(cat.period), held=cat.held)


def _superseded_attachments(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
                            context: dict[str, Any]) -> CategoryResult:
    """Files of corrected entries that no current entry uses, a period after the correction."""
    Event = _model("arrangements.Event")
    result = _start(cat)
    cutoff = cat.period.before(today)
    in_use = set(Event.current.exclude(attachment="").values_list("attachment", flat=True))
    candidates = (Event.objects.exclude(attachment="").filter(superseded_by__isnull=False)
                  .values_list("id", "attachment", "superseded_by__recorded_at", "arrangement_id",
                               "arrangement__pupil_id", "arrangement__school_id"))
    files: set[str] = set()
    for event_id, name, corrected_at, arrangement_id, pupil_id, school_id in candidates:
        if name in in_use or corrected_at.date() >= cutoff:
            continue
        if pupil_id in protected.held:
            _keep(result, "on legal hold")
        elif arrangement_id in protected.open_arrangements:
            _keep(result, "needed by an open arrangement")
        else:
            result.ids.append(event_id)
            result.by_school.setdefault(school_id, []).append(event_id)
            files.add(name)
    if not dry_run and result.ids:
        # The one change ever made to a chronology entry: its file is gone, the entry stays for the record.
        Event.objects.filter(pk__in=result.ids).update(attachment="")
        transaction.on_commit(lambda: delete_files(sorted(files)))
    return result


def _attendance_marks(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
                      context: dict[str, Any]) -> CategoryResult:
    Mark = _model("attendance.Mark")
    result = _start(cat)
    due = Mark.objects.filter(date__lt=cat.period.before(today), follow_up__isnull=True)
    for mark_id, pupil_id, arrangement_id, school_id in due.values_list("id", "pupil_id", "arrangement_id",
                                                                         "school_id").iterator(chunk_size=5000):
        if pupil_id in protected.held:
            _keep(result, "on legal hold")
        elif arrangement_id in protected.open_arrangements:
            _keep(result, "needed by an open arrangement")
        else:
            result.ids.append(mark_id)
            result.by_school.setdefault(school_id, []).append(mark_id)
    audit_ids = _audit_rows_naming({"attendance.mark": result.ids})
    context["taken_audit"].update(audit_ids)
    result.also = {"audit rows": len(audit_ids)}
    if not dry_run and result.ids:
        _delete_audit_rows(audit_ids)
        for start in range(0, len(result.ids), CHUNK):
            Mark.objects.filter(pk__in=result.ids[start:start + CHUNK]).delete()
    return result


def _pupil_records(schedule: dict[str, Category]) -> Callable[..., CategoryResult]:
    def purge(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
              context: dict[str, Any]) -> CategoryResult:
        from pathways.ops.purge_pupils import delete_pupils, records_of

        Pupil = _model("pupils.Pupil")
        result = _start(cat)
        result.period = f"{cat.period} from birth, {schedule['pupil_records_send'].period} with SEND"
        general = schedule["pupil_records"].period.before(today)
        send = schedule["pupil_records_send"].period.before(today)
        due = Pupil.objects.filter(Q(send="none", date_of_birth__lt=general)
                                   | (~Q(send="none") & Q(date_of_birth__lt=send)))
        for pupil_id, school_id in due.values_list("id", "school_id"):
            why = protected.why_kept(pupil_id)
            if why:
                _keep(result, why)
            else:
                result.ids.append(pupil_id)
                result.by_school.setdefault(school_id, []).append(pupil_id)
        named = records_of(result.ids)
        audit_ids = _audit_rows_naming(named) - context["taken_audit"]
        context["taken_audit"].update(audit_ids)
        result.also = {label.split(".")[1] + " rows": len(ids) for label, ids in named.items()
                       if label != "pupils.pupil"}
        result.also["audit rows"] = len(audit_ids)
        if not dry_run and result.ids:
            delete_pupils(result.ids, named)
            _delete_audit_rows(audit_ids)
        return result

    return purge


def _audit_rows(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
                context: dict[str, Any]) -> CategoryResult:
    """Audit rows past their period whose record is no longer held (or which name none)."""
    AuditEvent = _model("audit.AuditEvent")
    result = _start(cat)
    cutoff = dt.datetime.combine(cat.period.before(today), dt.time.min, tzinfo=dt.UTC)
    by_type: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)
    for row_id, label, object_id, school_id in AuditEvent.objects.filter(at__lt=cutoff).values_list(
            "id", "object_type", "object_id", "school_id").iterator(chunk_size=5000):
        if row_id not in context["taken_audit"]:
            by_type[label].append((row_id, object_id, school_id))
    for label, rows in by_type.items():
        still_held: set[str] = set()
        if label:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                model = None
            if model is not None:
                keys = sorted({object_id for _, object_id, _ in rows})
                for start in range(0, len(keys), CHUNK):
                    chunk = keys[start:start + CHUNK]
                    try:
                        found = model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
                        still_held.update(str(pk) for pk in found)
                    except (ValueError, TypeError):
                        still_held.update(chunk)  # ids this model cannot read: keep, to be safe
        for row_id, object_id, school_id in rows:
            if object_id in still_held:
                _keep(result, "the record they describe is still held")
            else:
                result.ids.append(row_id)
                result.by_school.setdefault(school_id, []).append(row_id)
    if not dry_run and result.ids:
        for start in range(0, len(result.ids), CHUNK):
            AuditEvent.objects.filter(pk__in=result.ids[start:start + CHUNK]).delete()
    return result


def _sessions(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
              context: dict[str, Any]) -> CategoryResult:
    from django.contrib.sessions.models import Session

    result = _start(cat)
    result.record_ids = False  # a session's key is a secret: counted, never written down
    cutoff = dt.datetime.combine(cat.period.before(today), dt.time.min, tzinfo=dt.UTC)
    expired = Session.objects.filter(expire_date__lt=cutoff)
    result.ids = list(expired.values_list("pk", flat=True))
    result.by_school = {None: result.ids}
    if not dry_run and result.ids:
        expired.delete()
    return result


def _revoked_keys(cat: Category, today: dt.date, protected: _Protected, dry_run: bool,
                  context: dict[str, Any]) -> CategoryResult:
    result = _start(cat)
    cutoff = dt.datetime.combine(cat.period.before(today), dt.time.min, tzinfo=dt.UTC)
    for label in ("providers.ProviderToken", "feeds.CalendarFeed"):
        revoked = _model(label).objects.filter(revoked_at__isnull=False, revoked_at__lt=cutoff)
        ids = list(revoked.values_list("pk", flat=True))
        result.also[label.split(".")[1]] = len(ids)
        result.ids += [f"{label.lower()}:{i}" for i in ids]
        if not dry_run and ids:
            revoked.delete()
    result.by_school = {None: result.ids}
    return result


def _audit(result: CategoryResult, today: dt.date) -> None:
    from pathways.audit.record import record
    from pathways.schools.models import School

    schools = {s.pk: s for s in School.objects.filter(pk__in=[k for k in result.by_school if k is not None])}
    for school_id, ids in result.by_school.items():
        changes: dict[str, Any] = {"category": result.name, "count": len(ids), "date": today.isoformat(),
                                   "period": result.period}
        if result.record_ids:
            plain = all(isinstance(i, int) for i in ids)
            changes["ids"] = id_ranges(ids) if plain else sorted(ids)
        if result.also:
            changes["with"] = dict(result.also)
        record(actor=ACTOR, action="purge", school=schools.get(school_id) if school_id else None, changes=changes,
               label=f"{result.label}: {len(ids)} deleted under the retention schedule")


def run_purge(today: dt.date, dry_run: bool = False, *, progress: Callable[[str], None] = lambda line: None,
              schedule: dict[str, Category] | None = None) -> PurgeReport:
    """Delete what has passed its date on `today` (nothing, for a dry run) and report it."""
    schedule = schedule or load_schedule()
    report = PurgeReport(today, dry_run)
    steps: list[tuple[str, Callable[..., CategoryResult]]] = [
        ("superseded_attachments", _superseded_attachments),
        ("attendance_marks", _attendance_marks),
        ("pupil_records", _pupil_records(schedule)),
        ("audit_rows", _audit_rows),
        ("sessions", _sessions),
        ("revoked_keys", _revoked_keys),
    ]
    context: dict[str, Any] = {"taken_audit": set()}
    recordings = schedule["recordings"]
    if not recordings.held:
        report.results.append(_start(recordings))
    with transaction.atomic():
        protected = _Protected()
        for name, step in steps:
            result = step(schedule[name], today, protected, dry_run, context)
            if not dry_run and result.ids:
                _audit(result, today)
            report.results.append(result)
            progress(report.lines()[-1])
        if dry_run:
            transaction.set_rollback(True)
    return report
