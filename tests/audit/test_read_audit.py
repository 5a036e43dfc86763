"""Read audit: every page, file and export that shows a child's safeguarding record writes its "opened"
row (who, which record, whose, when; never its content) in the audit trail.

The URL patterns of the apps that hold such records are enumerated from the resolver: each must be
listed in AUDITED (and then opening it must write its row) or in EXEMPT with the reason. A new page in
one of these apps fails this test until it is listed.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.attendance.models import MarkImport
from pathways.audit.models import AuditEvent
from pathways.schools.models import HalfTerm
from tests.conftest import World, sign_in
from tests.test_isolation import all_url_patterns, objects_of_other_school

# The apps whose pages show a child's records.
PACKAGES = (
    "pathways.casework.", "pathways.register.", "pathways.safeguarding.", "pathways.pupils.",
    "pathways.reports.", "pathways.attendance.", "pathways.notifications.",
)

# URL name -> does the row name one child (the pupil of the record)? False: a school-wide report or export.
AUDITED: dict[str, bool] = {
    "arrangement-detail": True,
    "arrangement-chronology": True,
    "event-correct": True,
    "event-attachment": True,
    "arrangement-export": True,
    "risk-assessment-print": True,
    "risk-assessment-edit": True,
    "followup-check": True,
    "pupil-detail": True,
    "pupil-edit": True,
    "pupil-contacts-edit": True,
    "pupil-attendance": True,
    "report-progress": True,
    "report-visit": True,
    "report-inspection": True,
    "report-la-return": False,
    "register-export": False,
    "register-import-detail": False,
    "register-import-rejected": False,
    "la-notify": True,
    "la-notice": True,
    "la-notice-letter": True,
    "provider-check-report": False,
    "provider-planning-print": False,
    "provider-checklist-detail": False,
}

LIST = "a list of names, dates and statuses; every record it links to is audited when opened"
EXEMPT: dict[str, str] = {
    "arrangement-list": LIST,
    "pupil-list": LIST,
    "risk-assessment-list": LIST,
    "followup-list": LIST,
    "arrangement-create": "a form to start an arrangement: no record yet",
    "arrangement-submit": "POST only: a change, with its own audit row",
    "arrangement-approve": "POST only: a change, with its own audit row",
    "arrangement-end": "POST only: a change, with its own audit row",
    "arrangement-lead": "POST only: a change, with its own audit row",
    "event-record": "a blank form to record a chronology entry: shows none",
    "case-file-import": "an upload form: shows no record",
    "timetable-edit": "the weekly timetable: no chronology, risk or welfare content",
    "steps-edit": "the planned steps of a timetable: no chronology, risk or welfare content",
    "risk-assessment-create": "a form to start a risk assessment: no record yet",
    "risk-assessment-complete": "a form of dates; the assessment itself is opened on its page (audited)",
    "risk-assessment-review": "a form of dates; the assessment itself is opened on its page (audited)",
    "risk-assessment-revise": "POST only: a change, with its own audit row",
    "pupil-create": "a blank form: no record yet",
    "pupil-legal-hold": "the headteacher's and DSL's form for the hold: the name only; its change is audited",
    "pupil-reads": "the read audit itself (headteacher and DSL only)",
    "register-day": "the day's register, names and marks only, like Today: opened many times a day",
    "register-import": "an upload form and the list of recent imports (file names and counts)",
    "report-index": "the list of reports",
    "report-governors": "aggregates: no child is named",
    "report-progress-send": "sends the progress report to the family: a change, with its own audit row; the "
                            "report itself is opened on its page (audited)",
}
EXEMPT.update({
    "arrangement-edit": "a form of the arrangement's dates, reason, provider and lead: no chronology, risk or welfare "
                        "content; the change has its own audit row",
    "arrangement-withdraw": "a form for the reason a draft is withdrawn: a change with its own audit row",
    "arrangement-refuse": "a form for the reason of a refusal: a change with its own audit row",
    "arrangement-late-agreement": "a form for the date and note of an agreement given after the start (the pupil, "
                                  "kind and start only): a change with its own audit row",
    "event-in-error": "a form for the reason an entry was entered in error: a change with its own audit row",
    "event-record-print": "writes its read row when opened (views_structured.record_print); it needs an entry with "
                          "a form, which the generic entry here has not",
    "arrangement-trust-approval": "writes its read row when opened (views_approvals.trust_approval); the trust "
                                  "lead's, whom this test does not sign in as",
    "trust-approvals": "the trust lead's queue: names and dates; each approval page writes its read row",
    "report-census": "the census return: placements by name with the census's items, no safeguarding content",
    "report-census-details": "the census items of one placement: no safeguarding content",
})
PROVIDER = "a provider's record and checks: no child's safeguarding record (its placements by name only)"
EXEMPT.update(dict.fromkeys((
    "provider-list", "provider-create", "provider-detail", "provider-edit", "provider-check-add",
    "provider-checklist", "trust-providers", "provider-initial-visit",
    "provider-planning",
), PROVIDER))


def _ours(world: World) -> dict[str, Any]:
    """One record of each kind in our school, by URL keyword (the isolation test's factory, pointed at us)."""
    ids = objects_of_other_school(SimpleNamespace(other=world.school, other_pupil=world.pupil))
    event = Event.objects.get(pk=ids["event_id"])
    event.attachment.save("visit-notes.txt", ContentFile(b"notes of the visit"), save=False)
    Event.objects.filter(pk=event.pk).update(attachment=event.attachment.name)  # entries are never saved twice
    MarkImport.objects.filter(pk=ids["import_id"]).update(status=MarkImport.Status.DONE)
    return ids


def _query(name: str, world: World) -> dict[str, Any]:
    if name == "register-export":
        return {"start": "2025-10-06", "end": "2025-10-10"}
    if name == "report-progress":
        return {"half_term": HalfTerm.objects.filter(school=world.school).order_by("start").first().id}
    return {}


def _in_scope() -> dict[str, str]:
    """URL name -> route of every page of the apps that show a child's records."""
    return {p.name: route for route, p in all_url_patterns()
            if getattr(p.callback, "__module__", "").startswith(PACKAGES)}


def test_every_page_of_the_record_apps_is_audited_or_exempt_with_a_reason() -> None:
    names = set(_in_scope())
    unlisted = names - set(AUDITED) - set(EXEMPT)
    assert not unlisted, f"pages neither audited on read nor exempt: {sorted(unlisted)} (list them in this test)"
    assert not set(AUDITED) & set(EXEMPT)
    gone = (set(AUDITED) | set(EXEMPT)) - names
    assert not gone, f"listed pages that no longer exist: {sorted(gone)}"


@pytest.mark.django_db
def test_opening_each_audited_page_writes_its_read_row(world: World, client: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    ids = _ours(world)
    user = world.staff["dsl"]
    sign_in(client, user)
    failures = []
    for name, route in sorted(_in_scope().items()):
        if name not in AUDITED:
            continue
        kwargs = {k: ids[k] for k in ids if f"<int:{k}>" in route}
        url = reverse(name, kwargs=kwargs)
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url, _query(name, world))
        reads = list(AuditEvent.objects.filter(id__gt=last, kind=AuditEvent.Kind.READ))
        if response.status_code != 200:
            failures.append(f"{name}: {response.status_code}")
        elif not reads:
            failures.append(f"{name}: no read row")
        # A page that shows two records (the follow-up and the family's contacts) writes a row for each.
        for row in reads:
            wanted_pupil = world.pupil.id if AUDITED[name] else None
            if (row.actor_id, row.school_id, row.pupil_id) != (user.id, world.school.id, wanted_pupil):
                failures.append(f"{name}: row {row.action!r} {row.actor_id}, {row.school_id}, {row.pupil_id}")
            if not row.action.startswith("opened "):
                failures.append(f"{name}: action {row.action!r}")
            if row.changes:
                failures.append(f"{name}: the row holds content {row.changes!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_refused_request_writes_no_read_row(world: World, client: Any) -> None:
    ids = _ours(world)
    before = AuditEvent.objects.filter(kind=AuditEvent.Kind.READ).count()
    sign_in(client, world.outsider)
    assert client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id])).status_code == 404
    chronology = reverse("arrangement-chronology", args=[world.school.id, ids["arrangement_id"]])
    assert client.get(chronology).status_code == 404
    sign_in(client, world.staff["governor"])
    assert client.get(reverse("report-inspection", args=[world.school.id, world.pupil.id])).status_code == 403
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.READ).count() == before


@pytest.mark.django_db
def test_the_audit_trail_shows_reads_and_filters_by_kind(world: World, client: Any) -> None:
    sign_in(client, world.staff["teacher"])
    assert client.get(reverse("pupil-detail", args=[world.school.id, world.pupil.id])).status_code == 200
    sign_in(client, world.staff["headteacher"])
    trail = reverse("audit-trail", args=[world.school.id])
    reads = client.get(trail, {"kind": "read"}).content.decode()
    assert "Opened pupil page" in reads and "Teacher Tester" in reads
    assert "Create pupil" not in reads
    changes = client.get(trail, {"kind": "change"}).content.decode()
    assert "Opened pupil page" not in changes
    assert "Opened pupil page" in client.get(trail).content.decode()


@pytest.mark.django_db
def test_a_read_row_outside_a_request_is_its_own_transaction(world: World) -> None:
    from pathways.audit.record import record_read

    row = record_read(world.staff["dsl"], "pupil page", world.pupil, school=world.school, pupil=world.pupil)
    assert (row.kind, row.pupil_id, row.object_type, row.object_id) == (
        "read", world.pupil.id, "pupils.pupil", str(world.pupil.id))
    assert row.at.date() <= dt.date.today()
