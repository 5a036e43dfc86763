"""The pages Today offers for the duties whose page decides (test_every_item_clears.PAGE_DECIDES) clear
their findings, followed through the web app.

For each rule id: a school and an arrangement whose case the engine judges with the rule unmet or due;
the link Today offers for the finding (`requirement_links.targets_for`, the first); that page opened by
the member of staff whose page it is, its form filled in as staff meeting the duty would and sent; and
the case judged again from the database (`case_for`): the finding is gone. A page that cannot clear its
finding is a defect; none is left (the live lessons' safeguards are judged over the last four weeks, and a
home visit of a chronology takes senior leaders told from the contact log's link).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_record_event
from pathways.arrangements.models import Arrangement, Status
from pathways.arrangements.requirement_links import targets_for
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate
from pathways.remote.contacts import do_record_contact
from pathways.remote.sessions import do_record_live_session
from pathways.schools.actions import do_update_school
from pathways.schools.models import Role
from pathways.today.items import today_items
from tests.arrangements.helpers import make_arrangement, week
from tests.conftest import sign_in
from tests.providers.helpers import make_provider
from tests.today.test_every_item_clears import PAGE_DECIDES

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 12, 0, tzinfo=dt.UTC)  # a Wednesday of the spring term, noon
TODAY = NOW.date()
d = dt.date.fromisoformat
DAYS = ("mon", "tue", "wed", "thu", "fri")


def _every(am: str, pm: str) -> dict[str, dict[str, str]]:
    """A usual week the same every day."""
    return week(**dict.fromkeys(DAYS, (am, pm)))


CASES: dict[str, Callable[..., None]] = {}


def clears(rid: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Name the rule id whose page the test follows."""

    def register(test: Callable[..., None]) -> Callable[..., None]:
        CASES[rid] = test
        return test

    return register


@pytest.fixture(autouse=True)
def _clock() -> Any:
    """Every page reads today's date: the same Wednesday for every run."""
    with time_machine.travel(NOW, tick=False):
        yield


def _open(arrangement: Arrangement, rid: str, day: dt.date = TODAY) -> list[Any]:
    """The rule's unmet and due findings, judged from the database on `day`."""
    return [r for r in evaluate(case_for(arrangement, day)).requirements
            if r.id == rid and r.status in ("unmet", "due")]


def _statuses(arrangement: Arrangement, rid: str, day: dt.date = TODAY) -> list[str]:
    return [r.status for r in evaluate(case_for(arrangement, day)).requirements if r.id == rid]


def _finding(arrangement: Arrangement, rid: str, status: str, words: str, day: dt.date = TODAY) -> Any:
    """The finding Today shows before staff act: of this status, its message naming `words`."""
    found = [r for r in _open(arrangement, rid, day) if r.status == status and words in r.message]
    assert found, (rid, _open(arrangement, rid, day))
    return found[0]


def _offered(rid: str, arrangement: Arrangement, finding: Any, name: str, *args: Any) -> str:
    """The link Today offers first for the finding, asserted to be the page `name`."""
    target = targets_for(rid, arrangement, finding.message)[0]
    path = target.url.partition("#")[0]  # the contact log: its form ("#add") or its home visits waiting
    assert path == reverse(name, args=args), (rid, target)
    return path


class StillOpen(AssertionError):
    """The page was followed, and the finding is still there."""


def _cleared(arrangement: Arrangement, rid: str, finding: Any, day: dt.date = TODAY) -> None:
    """Judged again from the database: no unmet or due finding of the rule is left, and it is met."""
    left = _open(arrangement, rid, day)
    if finding.message in {r.message for r in left}:
        raise StillOpen(f"{rid} [{finding.status}] '{finding.message}' stays: {left}")
    assert not left and "met" in _statuses(arrangement, rid, day), (left, _statuses(arrangement, rid, day))


# ----------------------------------------------------------------------------- the usual week


def _change_the_usual_week(client: Client, url: str, days: dict[str, tuple[str, str]]) -> Any:
    """The usual week's page as it stands (from its first day offered, today), with these days changed."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["form"]
    data = {form.add_prefix(n): form[n].value() for n in form.fields}
    data["effective_from"] = form["effective_from"].value().isoformat()
    for day, (am, pm) in days.items():
        data[f"{day}_am"], data[f"{day}_pm"] = am, pm
    data["version"] = page.context["version"]
    sent = client.post(url, data)
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    return sent


def _week_clears(client: Client, arrangement: Arrangement, rid: str, finding: Any,
                 days: dict[str, tuple[str, str]]) -> None:
    url = _offered(rid, arrangement, finding, "timetable-edit", arrangement.school_id, arrangement.id)
    assert targets_for(rid, arrangement, finding.message)[0].label == "Change the usual week"
    _change_the_usual_week(client, url, days)
    _cleared(arrangement, rid, finding)


@clears("NAT-SUSPENSION-DAY6")
def test_the_usual_week_with_another_school_from_the_sixth_day_of_suspension(world: Any, client: Client) -> None:
    # Suspended from Wednesday 14 January to Friday 23: today, the 21st, is the sixth school day.
    suspension = make_arrangement(world.pupil, kind="suspension", reason="suspension", start=d("2026-01-14"),
                                  end=d("2026-01-23"), status=Status.ACTIVE, slots={})
    finding = _finding(suspension, "NAT-SUSPENSION-DAY6", "unmet", "coded E on 21 Jan 2026")
    head = sign_in(client, world.staff[Role.HEADTEACHER])
    _week_clears(head, suspension, "NAT-SUSPENSION-DAY6", finding,
                 dict.fromkeys(DAYS, ("another_school", "another_school")))


@clears("OLP-FULL-TIME-PACKAGE")
def test_the_usual_week_with_afternoons_in_school_besides_the_online_lessons(world: Any, client: Client) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["online-learning-packages"])
    provider = make_provider(world.school, "Horizon Live", kind="online_learning", registration="online_accredited")
    online = make_arrangement(world.pupil, kind="online_learning", reason="medical", provider=provider,
                              start=d("2026-01-12"), status=Status.ACTIVE,
                              slots=_every("online", "online"))
    finding = _finding(online, "OLP-FULL-TIME-PACKAGE", "unmet", "the whole of the pupil's week")
    head = sign_in(client, world.staff[Role.HEADTEACHER])
    _week_clears(head, online, "OLP-FULL-TIME-PACKAGE", finding, dict.fromkeys(DAYS, ("online", "school")))


@clears("RTL-PHASED-INCREASE")
def test_the_usual_week_stepped_up_to_the_hours_planned(world: Any, client: Client) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["return-to-learn"])
    rtl = make_arrangement(world.pupil, kind="return_to_learn", reason="medical", start=d("2026-01-12"),
                           status=Status.ACTIVE, slots={**_every("home", "home"), **week(mon=("school", "home"))})
    do_add_step(arrangement=rtl, from_date=d("2026-01-19"), hours_in_school=15, actor=None)
    finding = _finding(rtl, "RTL-PHASED-INCREASE", "unmet", "a missed step-up")
    head = sign_in(client, world.staff[Role.HEADTEACHER])
    # Today offers the usual week, not the steps page: a missed step-up is put right by the hours, not the plan.
    _week_clears(head, rtl, "RTL-PHASED-INCREASE", finding, dict.fromkeys(DAYS, ("school", "home")))


def _remote(world: Any, start: str, slots: dict[str, dict[str, str]] | None = None,
            packs: tuple[str, ...] = ("remote-education-offer",)) -> Arrangement:
    do_update_school(school=world.school, actor=None, policy_packs=list(packs))
    return make_arrangement(world.pupil, kind="remote_learning", reason="medical", start=d(start),
                            status=Status.ACTIVE, slots=slots)


@clears("REM-NEXT-DAY")
def test_the_usual_week_with_remote_education_from_the_first_day(world: Any, client: Client) -> None:
    # At home from Monday 19 January, but the week sets work at home only on Fridays: none by Tuesday.
    remote = _remote(world, "2026-01-19", week(fri=("home", "home"), **dict.fromkeys(DAYS[:4], ("school", "school"))))
    finding = _finding(remote, "REM-NEXT-DAY", "unmet", "was not offered by the next school day")
    head = sign_in(client, world.staff[Role.HEADTEACHER])
    _week_clears(head, remote, "REM-NEXT-DAY", finding, dict.fromkeys(DAYS, ("home", "home")))


@clears("REM-HOURS")
def test_the_usual_week_with_the_minimum_hours_of_remote_education(world: Any, client: Client) -> None:
    remote = _remote(world, "2026-01-12", _every("home", "not_required"))
    finding = _finding(remote, "REM-HOURS", "unmet", "fewer than the 5 hours a day required for Key Stage 3")
    head = sign_in(client, world.staff[Role.HEADTEACHER])
    _week_clears(head, remote, "REM-HOURS", finding, dict.fromkeys(DAYS, ("home", "home")))


# ----------------------------------------------------------------------------- the register of live lessons


def _session(world: Any, held_on: str, **kw: Any) -> Any:
    values: dict[str, Any] = {"school": world.school, "actor": None, "held_on": d(held_on), "group": "Year 9 maths",
                              "platform": "Teams", "led_by": "Mr Hughes", "pupils": [world.pupil],
                              "slt_told": True, "all_parents_consented": True, "recorded": True}
    values.update(kw)
    return do_record_live_session(**values)


@clears("RTL-RECORDING-RETENTION")
def test_the_register_deletes_a_recording_kept_past_its_date(world: Any, client: Client) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=["return-to-learn"])
    rtl = make_arrangement(world.pupil, kind="return_to_learn", reason="medical", start=d("2026-01-12"),
                           status=Status.ACTIVE, slots=_every("school", "home"))
    kept = _session(world, "2025-12-10")  # to be deleted by 10 January (31 days)
    finding = _finding(rtl, "RTL-RECORDING-RETENTION", "unmet", "was still kept after 10 Jan 2026")
    dsl = sign_in(client, world.staff[Role.DSL])
    url = _offered("RTL-RECORDING-RETENTION", rtl, finding, "remote-sessions", world.school.id)
    page = dsl.get(url)
    assert page.status_code == 200 and b"Past its deletion date" in page.content
    delete = reverse("remote-session-delete-recording", args=(world.school.id, kept.id))
    assert f'action="{delete}"' in page.content.decode()  # the register's button for it
    sent = dsl.post(delete)
    assert sent.status_code == 302 and sent["Location"] == url
    _cleared(rtl, "RTL-RECORDING-RETENTION", finding)


@clears("REM-LIVE-LESSON-SAFETY")
def test_the_register_records_the_next_live_lessons_run_safely(world: Any, client: Client) -> None:
    """How live lessons are run now: the lessons of the last four weeks (remote.facts.LIVE_PRACTICE). The lesson
    run one to one without consent stays on Today, saying why, until four weeks of lessons run safely follow."""
    remote = _remote(world, "2026-01-12", _every("online", "online"))
    _session(world, "2026-01-14", one_to_one=True, all_parents_consented=False)
    finding = _finding(remote, "REM-LIVE-LESSON-SAFETY", "unmet", "Live lessons lack")
    dsl = sign_in(client, world.staff[Role.DSL])
    url = _offered("REM-LIVE-LESSON-SAFETY", remote, finding, "remote-sessions", world.school.id)
    page = dsl.get(url)
    new = reverse("remote-session-new", args=(world.school.id,))
    assert page.status_code == 200 and f'href="{new}"' in page.content.decode()  # "Add a session"
    assert dsl.get(new).status_code == 200
    sent = dsl.post(new, {"held_on": TODAY.isoformat(), "group": "Year 9 maths", "pupils": [str(world.pupil.id)],
                          "platform": "Teams", "led_by": "Mr Hughes", "slt_told": "on",
                          "all_parents_consented": "on", "recorded": "on"})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    with pytest.raises(StillOpen):  # the lesson of 14 Jan is within the four weeks
        _cleared(remote, "REM-LIVE-LESSON-SAFETY", finding)
    why = today_items(world.school, world.staff[Role.DSL], {Role.DSL}, NOW)
    assert any(i.what == finding.message and "last four weeks" in i.who_acts for i in why), why
    _session(world, "2026-02-04")  # the next lessons, run safely
    _cleared(remote, "REM-LIVE-LESSON-SAFETY", finding, day=d("2026-02-12"))  # 14 Jan is more than 4 weeks back


# ----------------------------------------------------------------------------- the remote education offer


@clears("REM-LEAD")
def test_the_offer_names_its_lead(world: Any, client: Client) -> None:
    remote = _remote(world, "2026-01-12", _every("home", "home"))
    finding = _finding(remote, "REM-LEAD", "unmet", "no named remote education lead")
    lead = sign_in(client, world.staff[Role.REMOTE_LEAD])
    url = _offered("REM-LEAD", remote, finding, "remote-offer-edit", world.school.id)
    page = lead.get(url)
    assert page.status_code == 200 and page.context["form"]["effective_from"].value() == TODAY
    sent = lead.post(url, {
        "effective_from": TODAY.isoformat(), "lead": str(world.staff[Role.REMOTE_LEAD].id),
        "next_day_capacity": "on", "next_day_how": "Work set on Teams from the first morning.",
        "platforms": "Microsoft Teams; printed packs", "hours_ks3": "5", "hours_ks4": "5", "engagement_weekly": "on",
        "engagement_how": "Assignments checked every Friday", "parents_told_how": "A phone call the same day",
        "send_provision": "Work adapted by the SENCO with the class teacher", "seen": page.context["seen"]})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    _cleared(remote, "REM-LEAD", finding)
    named = next(r.message for r in evaluate(case_for(remote, TODAY)).requirements if r.id == "REM-LEAD")
    assert world.staff[Role.REMOTE_LEAD].get_full_name() in named, named


@clears("REM-AUDIT")
def test_the_planning_and_audit_tool_rated(world: Any, client: Client) -> None:
    # From the first day of the spring term: never rated, and a rating is due this term.
    remote = _remote(world, "2026-01-05", _every("home", "home"))
    finding = _finding(remote, "REM-AUDIT", "unmet", "never been completed")
    assert "due by 27 Mar 2026, the end of Spring term" in finding.message, finding.message
    lead = sign_in(client, world.staff[Role.REMOTE_LEAD])
    url = _offered("REM-AUDIT", remote, finding, "remote-audit-new", world.school.id)
    page = lead.get(url)
    assert page.status_code == 200
    rows = [row for section in page.context["sections"] for row in section["rows"]]
    data = {"rated_on": TODAY.isoformat()}
    for row in rows:  # every expectation rated, with what the school is doing
        key = row["expectation"].key
        data.update({f"{key}-rating": "amber", f"{key}-doing": "Weekly check on Teams",
                     f"{key}-next_steps": "Train the new staff", f"{key}-who": "Remote lead",
                     f"{key}-by_when": "2026-03-27"})
    sent = lead.post(url, data)
    assert sent.status_code == 302, sent.context
    _cleared(remote, "REM-AUDIT", finding)  # both parts: rated, and rated this term


@clears("REM-DEVICE-ACCESS")
def test_the_device_survey_answered(world: Any, client: Client) -> None:
    remote = _remote(world, "2026-01-12", _every("home", "home"))
    finding = _finding(remote, "REM-DEVICE-ACCESS", "unmet", "without a survey")
    lead = sign_in(client, world.staff[Role.REMOTE_LEAD])
    url = _offered("REM-DEVICE-ACCESS", remote, finding, "remote-survey-new", world.school.id)
    assert lead.get(url).status_code == 200
    sent = lead.post(url, {"pupils": [str(world.pupil.id)], "surveyed_on": TODAY.isoformat(), "device": "shared",
                           "connection": "mobile", "needs_help": "on", "help_needed": "A laptop",
                           "lent": "Laptop SB-114"})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    _cleared(remote, "REM-DEVICE-ACCESS", finding)  # met late: surveyed after remote education started


# ----------------------------------------------------------------------------- the pupil's contact log


@clears("MIL-HOME-VISITS")
@pytest.mark.parametrize("logged_in", ["contact log", "chronology"])
def test_the_contact_log_records_senior_leaders_told_of_the_home_visit(world: Any, client: Client,
                                                                       logged_in: str) -> None:
    remote = _remote(world, "2026-01-12", _every("home", "home"),
                     packs=("special-school-remote",))
    visited = d("2026-01-19")
    if logged_in == "contact log":
        do_record_contact(school=world.school, pupil=world.pupil, actor=world.staff[Role.TEACHER],
                          channel="home_visit", happened_at=dt.datetime(2026, 1, 19, 10, 0, tzinfo=dt.UTC),
                          staff_name="Ms Patel", with_whom="Mum", outcome="Work pack delivered; all well.")
    else:
        do_record_event(arrangement=remote, type="welfare_check", date=visited, actor=None,
                        fields={"kind": "home_visit"}, note="Work pack delivered; all well.")
    finding = _finding(remote, "MIL-HOME-VISITS", "unmet", "not told of the home visit of 19 Jan 2026")
    teacher = sign_in(client, world.staff[Role.TEACHER])
    url = _offered("MIL-HOME-VISITS", remote, finding, "pupil-contact-log", world.school.id, world.pupil.id)
    assert targets_for("MIL-HOME-VISITS", remote, finding.message)[0].url.endswith("#slt-waiting")
    page = teacher.get(url)
    assert page.status_code == 200 and page.context["form"] is not None
    # Each "Record that senior leaders were told" link the page offers for a visit waiting, followed.
    waiting = page.content.decode().partition('data-testid="slt-waiting"')[2].partition("</div>")[0]
    links = re.findall(r'href="([^"]+)">Record that senior leaders were told', waiting)
    assert len(links) == 1, waiting
    for told in links:
        form = teacher.get(told)
        assert form.status_code == 200 and form.context["form"]["slt_informed_on"].value() == TODAY
        sent = teacher.post(told, {"slt_informed_on": TODAY.isoformat(), "version": form.context["version"]})
        assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    _cleared(remote, "MIL-HOME-VISITS", finding)


def test_every_page_decides_rule_id_has_its_page_followed_here() -> None:
    assert set(CASES) == set(PAGE_DECIDES), sorted(set(PAGE_DECIDES) ^ set(CASES))
