"""On Return to Learn the provider's report is the supporting TA's fortnightly report: staff meet that name
on the entry form, the chronology, the person's timeline and the reports, never "provider report"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.actions import do_record_event
from pathways.arrangements.models import Status
from pathways.words import in_sentence, label
from tests.arrangements.helpers import make_arrangement


def test_the_word_depends_on_the_kind_of_arrangement() -> None:
    assert label("provider_report", "return_to_learn") == "TA's fortnightly report"
    assert label("provider_report", "alternative_provision") == "Provider report"
    assert label("provider_report") == "Provider report"
    assert f"Record {in_sentence('provider_report', 'return_to_learn')}" == "Record TA's fortnightly report"
    assert f"Record {in_sentence('provider_report', 'remote_learning')}" == "Record provider report"


def test_a_return_to_learn_pages_name_the_tas_fortnightly_report(world: Any, as_user: Any) -> None:
    rtl = make_arrangement(world.pupil, kind="return_to_learn", reason="medical", status=Status.ACTIVE,
                           start=dt.date(2026, 1, 12))
    do_record_event(arrangement=rtl, type="provider_report", date=dt.date(2026, 1, 23), actor=None,
                    note="Settling well in maths.")
    client = as_user(world.staff["dsl"])
    base = f"/schools/{world.school.id}/arrangements/{rtl.id}"
    for url in (f"{base}/chronology/", f"{base}/events/new/?type=provider_report", f"{base}/events/new/"):
        body = client.get(url).content.decode()
        assert "TA&#x27;s fortnightly report" in body or "TA's fortnightly report" in body, url
        assert "Provider report" not in body and "provider report" not in body, url
        assert "ta&#x27;s" not in body and "ta's" not in body, url  # never lower-cased: TA's


def test_other_kinds_keep_the_provider_report(world: Any, as_user: Any) -> None:
    ap = make_arrangement(world.pupil, status=Status.ACTIVE)
    do_record_event(arrangement=ap, type="provider_report", date=dt.date(2026, 1, 16), actor=None, note="Week 1.")
    body = as_user(world.staff["dsl"]).get(
        f"/schools/{world.school.id}/arrangements/{ap.id}/chronology/").content.decode()
    assert "Provider report" in body and "fortnightly" not in body


def test_the_outsider_sees_no_return_to_learn_chronology(world: Any, as_user: Any) -> None:
    rtl = make_arrangement(world.pupil, kind="return_to_learn", reason="medical", status=Status.ACTIVE)
    response = as_user(world.outsider).get(f"/schools/{world.school.id}/arrangements/{rtl.id}/chronology/")
    assert response.status_code == 404


def test_initials_keep_their_capitals_in_a_forms_heading(world: Any, as_user: Any) -> None:
    ap = make_arrangement(world.pupil, status=Status.ACTIVE)
    body = as_user(world.staff["dsl"]).get(
        f"/schools/{world.school.id}/arrangements/{ap.id}/events/new/?type=la_notified").content.decode()
    assert "Record: LA notified" in body and "la notified" not in body
