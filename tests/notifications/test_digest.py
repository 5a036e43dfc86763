"""The daily digest: each member of staff's Today list by email, once a school day, to nobody with
nothing to do and never to a provider's staff."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import override_settings

from pathways.cli import main
from pathways.notifications import jobs
from pathways.notifications.digest import send_digests
from pathways.notifications.models import DigestSent
from pathways.schools.models import Closure
from tests.arrangements.helpers import make_arrangement, week
from tests.notifications import backends

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 1, 21, 7, 0, tzinfo=LONDON)  # a Wednesday of Spring 1
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def overdue(world: Any) -> Any:
    """A part-time timetable that started without written parental agreement: overdue for the school."""
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                            start=dt.date(2026, 1, 12), end=dt.date(2026, 3, 27), slots=week(mon=("home", "home")))


def sent_to() -> dict[str, Any]:
    return {message.to[0].split("@")[0]: message for message in mail.outbox}


def test_the_headteacher_and_dsl_get_the_schools_overdue_duty_with_the_pupil_as_first_name_and_initial(
    world, overdue
):
    report = send_digests(NOW)
    got = sent_to()
    assert {"headteacher-ours", "dsl-ours"} <= set(got)
    message = got["headteacher-ours"]
    assert message.subject.startswith("Pathways today, Wed 21 Jan: ") and "overdue" in message.subject
    text = message.body
    assert "== St Bede's Catholic High School ==" in text and "\nOverdue\n" in text
    assert "No written parental agreement before the part-time timetable started" in text
    assert "- Ava O., Part-time timetable: No written parental agreement" in text
    assert "  Due Mon 12 Jan. Record parent consent: " in text
    assert "Ourpupil" not in text  # data minimisation: never the full surname in an email
    assert f"{BASE}/schools/{world.school.id}/arrangements/{overdue.id}/" in text
    assert f"The school's Today page: {BASE}/schools/{world.school.id}/today/" in text
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and "<strong>Ava O.</strong>" in html and "Ourpupil" not in html
    assert f'href="{BASE}/schools/{world.school.id}/today/"' in html
    assert "headteacher-ours" in report.sent
    assert DigestSent.objects.filter(user=world.staff["headteacher"], date=NOW.date()).exists()


def test_staff_with_nothing_due_and_provider_staff_get_nothing(world, overdue):
    from tests.test_isolation import _provider_staff_of_ours

    provider_staff = _provider_staff_of_ours(world)
    report = send_digests(NOW)
    got = sent_to()
    # The teacher, SENCO and governor lead no arrangement; the attendance officer has no register alert.
    for nobody in ("teacher-ours", "senco-ours", "governor-ours", "attendanceofficer-ours", "outsider-dsl"):
        assert nobody not in got, nobody
        assert nobody in report.nothing
    assert provider_staff.email not in [m.to[0] for m in mail.outbox]
    assert provider_staff.username not in report.nothing + report.sent


def test_the_member_of_staff_who_set_up_an_arrangement_gets_its_duties(world):
    from pathways.arrangements.actions import do_create_arrangement

    do_create_arrangement(pupil=world.pupil, actor=world.staff["teacher"], kind="part_time_timetable",
                          reason="mental_health", start=dt.date(2026, 1, 12), end=dt.date(2026, 3, 27))
    send_digests(NOW, usernames=["teacher-ours", "senco-ours"])
    assert set(sent_to()) == {"teacher-ours"}


def test_a_trust_lead_gets_each_schools_counts_linking_to_its_today_page(world, overdue):
    send_digests(NOW, usernames=["trustlead"])
    message = sent_to()["trustlead"]
    text = message.body
    assert "== St Bede's Catholic High School ==\nOverdue: " in text
    assert f"The school's Today page: {BASE}/schools/{world.school.id}/today/" in text
    assert f"Every school of the trust: {BASE}/trusts/{world.trust.id}/today/" in text
    assert "Ava" not in text  # counts only
    assert "St Cuthbert's" not in text  # nothing due there


def test_a_digest_is_sent_once_a_day_however_often_it_runs(world, overdue):
    first = send_digests(NOW)
    count = len(mail.outbox)
    second = send_digests(NOW + dt.timedelta(hours=2))
    assert len(mail.outbox) == count and not second.sent
    assert sorted(second.already) == sorted(first.sent)
    send_digests(NOW + dt.timedelta(days=1))
    assert len(mail.outbox) == 2 * count


def test_a_dry_run_says_who_would_get_what_and_sends_nothing(world, overdue, capsys):
    assert main(["digest", "--dry-run"]) == 0
    out = capsys.readouterr()
    assert "would send to headteacher-ours: Pathways today" in out.out
    assert "0 sent, " in out.out and " with nothing due" in out.out
    assert "members of staff" in out.err  # progress
    assert not mail.outbox and not DigestSent.objects.exists()


def test_the_command_sends_to_one_named_user_and_names_an_unknown_one(world, overdue, capsys):
    assert main(["digest", "--user", "dsl-ours"]) == 0
    assert set(sent_to()) == {"dsl-ours"}
    assert main(["digest", "--user", "nobody-here"]) == 2
    assert "--user: no member of staff is called 'nobody-here'" in capsys.readouterr().err


@override_settings(EMAIL_BACKEND="tests.notifications.backends.RefusingBackend")
def test_a_refused_address_is_reported_and_everyone_else_still_gets_theirs(world, overdue):
    backends.REFUSED.add(world.staff["headteacher"].email)
    try:
        report = send_digests(NOW)
        assert [u for u, _ in report.failed] == ["headteacher-ours"]
        assert "SMTPRecipientsRefused" in report.failed[0][1]
        assert "dsl-ours" in sent_to() and "headteacher-ours" not in sent_to()
        assert not DigestSent.objects.filter(user=world.staff["headteacher"]).exists()
    finally:
        backends.REFUSED.clear()
    retry = send_digests(NOW + dt.timedelta(minutes=1))
    assert retry.sent == ["headteacher-ours"]


# --------------------------------------------------------------------------------------------- the loop


def run_digest_jobs_at(monkeypatch: Any, when: dt.datetime) -> list[Any]:
    """The worker at `when`: enqueue what is due, then run the ready jobs. Returns the digest jobs enqueued."""
    from pathways.jobs.schedule import enqueue_due
    from pathways.jobs.worker import run_worker

    monkeypatch.setattr(jobs, "clock", lambda: when)
    with override_settings(PATHWAYS_PURGE_TIME="23:59"):
        enqueued = [job for job in enqueue_due(when) if job.task.name == "send_daily_digest"]
        run_worker(until_idle=True, schedule=False)
    return enqueued


@override_settings(PATHWAYS_DIGEST_TIME="07:30")
def test_the_worker_sends_the_digest_from_its_time_once_a_day_and_a_rerun_sends_nothing_more(
    world, overdue, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    assert run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 21, 7, 29, tzinfo=LONDON)) == []
    assert not mail.outbox
    [job] = run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 21, 7, 30, tzinfo=LONDON))
    assert "headteacher-ours" in sent_to()
    count = len(mail.outbox)
    assert run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 21, 7, 31, tzinfo=LONDON)) == []
    # the same job run again (as after its worker died) sends nobody a second email
    DBTaskResult.objects.filter(pk=job.id).update(status="READY")
    run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 21, 9, 0, tzinfo=LONDON))
    assert len(mail.outbox) == count
    assert "already sent" in DBTaskResult.objects.get(pk=job.id).return_value
    [_next] = run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 22, 7, 30, tzinfo=LONDON))
    assert len(mail.outbox) > count


@override_settings(PATHWAYS_DIGEST_TIME="07:00")
def test_the_worker_sends_nothing_at_a_weekend_or_on_a_day_the_school_is_closed(world, overdue, monkeypatch):
    assert run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 24, 8, 0, tzinfo=LONDON)) == []  # Saturday
    Closure.objects.create(school=world.school, date=dt.date(2026, 1, 26), reason="INSET day")
    assert len(run_digest_jobs_at(monkeypatch, dt.datetime(2026, 1, 26, 8, 0, tzinfo=LONDON))) == 1
    assert len(run_digest_jobs_at(monkeypatch, dt.datetime(2026, 2, 17, 8, 0, tzinfo=LONDON))) == 1  # half-term
    assert not mail.outbox


def test_a_digest_job_run_after_its_day_sends_nothing(world, overdue, monkeypatch):
    monkeypatch.setattr(jobs, "clock", lambda: dt.datetime(2026, 1, 22, 7, 0, tzinfo=LONDON))
    assert jobs.send_daily_digest.call("2026-01-21").startswith("Not sent: the digest of 2026-01-21")
    assert not mail.outbox


def test_digest_loop_says_it_is_replaced_by_the_worker(capsys):
    assert main(["digest", "--loop"]) == 2
    assert "replaced by `python -m pathways worker`" in capsys.readouterr().err


def test_the_time_is_london_time_in_summer_as_in_winter():
    from pathways.notifications.digest import is_due

    summer = dt.datetime(2026, 4, 1, 6, 30, tzinfo=dt.UTC)  # 07:30 in London (BST)
    winter = dt.datetime(2026, 1, 21, 6, 30, tzinfo=dt.UTC)  # 06:30 in London (GMT)
    assert is_due(summer, "07:00") and not is_due(summer, "08:00")
    assert not is_due(winter, "07:00") and is_due(winter, "06:30")


def test_the_digest_time_setting_is_checked_at_start_up_naming_the_variable():
    from pathways.env import ConfigError, env_base_url, env_time

    assert env_time("PATHWAYS_DIGEST_TIME", "07:00", {}) == "07:00"
    assert env_time("PATHWAYS_DIGEST_TIME", "07:00", {"PATHWAYS_DIGEST_TIME": "6:45"}) == "06:45"
    for bad in ("7am", "25:00", "07:60", "0700", ""):
        with pytest.raises(ConfigError, match="PATHWAYS_DIGEST_TIME: expected a time as HH:MM"):
            env_time("PATHWAYS_DIGEST_TIME", "07:00", {"PATHWAYS_DIGEST_TIME": bad})
    assert env_base_url("PATHWAYS_BASE_URL", "http://127.0.0.1:8000", {}) == "http://127.0.0.1:8000"
    assert env_base_url("PATHWAYS_BASE_URL", "", {"PATHWAYS_BASE_URL": "https://pw.example.org/"}) == \
        "https://pw.example.org"
    with pytest.raises(ConfigError, match="PATHWAYS_BASE_URL"):
        env_base_url("PATHWAYS_BASE_URL", "", {"PATHWAYS_BASE_URL": "pw.example.org"})
