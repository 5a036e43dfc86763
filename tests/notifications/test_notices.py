"""Notify the local authority: the notice that fits, its words, checked and edited, then emailed or
printed as a letter, and recorded as `la_notified` so the rules see the duty met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.arrangements.models import Event
from pathways.cases.casefiles import case_for
from pathways.notifications.models import Notice
from pathways.pdf import pdf_text, pdf_to_png_pages
from pathways.policy import evaluate
from pathways.pupils.actions import do_update_pupil
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement, make_provider, week
from tests.notifications import backends
from tests.notifications.helpers import LA_EMAIL, TODAY, marks, school_days, with_la_email

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def _pinned_now() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def ptt(world: Any, **extra: Any) -> Any:
    extra.setdefault("slots", week(mon=("home", "home"), tue=("school", "home")))
    return make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                            start=dt.date(2026, 1, 12), end=dt.date(2026, 3, 27), **extra)


def notify_url(arrangement: Any, **query: str) -> str:
    url = reverse("la-notify", args=[arrangement.school_id, arrangement.id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def form_of(client: Any, arrangement: Any, **query: str) -> dict[str, str]:
    response = client.get(notify_url(arrangement, **query))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form.initial[name] for name in ("template", "subject", "body")}


def status(arrangement: Any, rid: str) -> str | None:
    return evaluate(case_for(arrangement, TODAY)).status(rid)


# ------------------------------------------------------------------------------------------ the words


def test_the_part_time_timetable_notice_gives_the_officer_the_school_the_pupil_and_the_week(world, as_user):
    with_la_email(world.school, "Ms Jo Officer")
    do_update_pupil(pupil=world.pupil, actor=None, upn="A123456789012")
    arrangement = ptt(world)
    form = form_of(as_user(world.staff["ap_lead"]), arrangement)
    body, subject = form["body"], form["subject"]
    assert form["template"] == "part_time_timetable"
    assert subject == "Part-time timetable: Ava Ourpupil (UPN A123456789012), St Bede's Catholic High School"
    assert body.startswith("Dear Ms Jo Officer,")
    for expected in (world.school.name, f"URN: {world.school.urn}", f"LAESTAB: {world.school.laestab}",
                     "Name: Ava Ourpupil", "(UPN): A123456789012", "Date of birth: 14 March 2012", "Year group: 9",
                     "Kind: Part-time timetable", "Reason: Mental health", "Start: Monday 12 January 2026",
                     "Planned end: Friday 27 March 2026",
                     "Hours in school each week: 21 of 30 (7 of 10 sessions)", "Hours at home each week: 9",
                     "Monday: morning at home, afternoon at home",
                     "written agreement to the timetable is not yet recorded",
                     "Yours sincerely,", "Aplead Tester", "Alternative provision lead, St Bede's",
                     "aplead-ours@example.org"):
        assert expected in body, expected
    assert "Address" not in body  # only the absence notices, where a visit may follow, say it is not held


def test_without_a_named_officer_the_notice_is_to_sir_or_madam_and_signed_faithfully(world, as_user):
    with_la_email(world.school)
    body = form_of(as_user(world.staff["headteacher"]), ptt(world))["body"]
    assert body.startswith("Dear Sir or Madam,") and "Yours faithfully," in body
    assert "Headteacher, St Bede's" in body


def test_the_flexi_schooling_notice_says_what_the_chronology_holds_of_the_request_and_agreement(world, as_user):
    from pathways.arrangements.actions import do_record_event

    with_la_email(world.school)
    arrangement = make_arrangement(world.pupil, kind="flexi_schooling", reason="parental_request",
                                   start=dt.date(2026, 1, 12), slots=week(fri=("home", "home")))
    do_record_event(arrangement=arrangement, type="parent_request", date=dt.date(2026, 1, 5), actor=None)
    form = form_of(as_user(world.staff["dsl"]), arrangement)
    assert form["template"] == "flexi_schooling"
    assert "is flexi-schooled from Monday 12 January 2026" in form["body"]
    assert "asked for the arrangement in writing on Monday 5 January 2026" in form["body"]
    assert "written agreement with the parents (the days in school" in form["body"]
    assert "Hours at home each week: 6" in form["body"]


def test_a_pupil_with_an_ehc_plan_is_offered_the_ehc_plan_notice_first_and_the_part_time_one_too(world, as_user):
    with_la_email(world.school)
    do_update_pupil(pupil=world.pupil, actor=None, send="ehcp")
    arrangement = ptt(world)
    # The SENCO, the school's link with the LA's SEND team, sends it (the role matrix); a teacher does not.
    assert as_user(world.staff["teacher"]).get(notify_url(arrangement)).status_code == 403
    client = as_user(world.staff["senco"])
    response = client.get(notify_url(arrangement))
    assert [t.key for t in response.context["offered"]] == ["ehcp", "part_time_timetable"]
    body = response.context["form"].initial["body"]
    assert "who has an EHC plan, has a part-time timetable" in body
    assert "may affect the provision the plan sets out" in body
    # The duty the panel linked from opens the notice that meets it.
    assert form_of(client, arrangement, template="part_time_timetable")["template"] == "part_time_timetable"


def test_the_ehc_plan_notice_for_an_unregistered_provider_asks_whether_the_la_directs_the_placement(world, as_user):
    with_la_email(world.school)
    do_update_pupil(pupil=world.pupil, actor=None, send="ehcp")
    provider = make_provider(world.school, registration="unregistered")
    arrangement = make_arrangement(world.pupil, provider=provider, start=dt.date(2026, 1, 12),
                                   slots=week(tue=("provider", "provider")))
    body = form_of(as_user(world.staff["ap_lead"]), arrangement)["body"]
    assert f"Provider: {provider.name} (not registered as a school)" in body
    assert "Hours at the provider each week: 6" in body
    assert "please tell us whether you direct this placement" in body


def test_ten_days_of_unauthorised_absence_give_a_notice_with_the_dates(world, as_user):
    with_la_email(world.school)
    arrangement = make_arrangement(world.pupil, start=dt.date(2026, 1, 5), slots=week(mon=("provider", "provider")))
    marks(world.pupil, arrangement, school_days(dt.date(2026, 1, 5), 10), "O")
    response = as_user(world.staff["attendance_officer"]).get(notify_url(arrangement, duty="NAT-TEN-DAY-ABSENCE"))
    assert [t.key for t in response.context["offered"]] == ["ten_day_absence"]
    body = response.context["form"].initial["body"]
    assert "absent without authority on 10 consecutive school days, from Monday 5 January 2026 to Friday 16 " \
           "January 2026; the tenth school day was Friday 16 January 2026" in body
    assert "Dates of absence: Mon 5 Jan 2026 to Fri 16 Jan 2026." in body
    assert "Address: not held in Pathways" in body


def test_nine_days_or_a_day_attended_between_give_no_absence_notice(world, as_user):
    arrangement = make_arrangement(world.pupil, start=dt.date(2026, 1, 5), slots=week(mon=("provider", "provider")))
    days = school_days(dt.date(2026, 1, 5), 11)
    marks(world.pupil, arrangement, days[:5] + days[6:], "O")
    marks(world.pupil, arrangement, [days[5]], "/")
    response = as_user(world.staff["attendance_officer"]).get(notify_url(arrangement))
    assert response.context["offered"] == []
    assert "No notice to the local authority applies to this arrangement today" in response.content.decode()


def test_sixteen_days_of_illness_in_the_school_year_give_the_illness_notice(world, as_user):
    with_la_email(world.school)
    arrangement = make_arrangement(world.pupil, kind="health_needs", reason="medical", start=dt.date(2025, 11, 3))
    marks(world.pupil, arrangement, school_days(dt.date(2025, 11, 3), 10) + school_days(dt.date(2026, 1, 5), 6), "I")
    body = form_of(as_user(world.staff["dsl"]), arrangement, duty="NAT-HEALTH-15-DAYS")["body"]
    assert "absent through illness (code I) on 16 school days this school year; the 16th day of illness was " \
           "Monday 12 January 2026" in body
    assert "Dates of illness: Mon 3 Nov 2025 to Fri 14 Nov 2025; Mon 5 Jan 2026 to Mon 12 Jan 2026." in body
    assert "section 19 of the Education Act 1996" in body


# ------------------------------------------------------------------------------------------ sending


def test_sending_by_email_sends_the_edited_text_and_meets_the_duty(world, as_user):
    with_la_email(world.school)
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = ptt(world)
    assert status(arrangement, "PTT-LA-NOTIFIED") == "unmet"  # 5 school days after the start have passed
    client = as_user(world.staff["ap_lead"])
    form = form_of(client, arrangement)
    edited = form["body"].replace("Please contact me", "We meet the family on Friday. Please contact me")
    response = client.post(notify_url(arrangement), {**form, "body": edited, "method": "email"})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response.url == reverse("la-notice", args=[world.school.id, notice.id])
    [sent] = mail.outbox
    assert sent.to == [LA_EMAIL] and sent.subject == form["subject"]
    assert "We meet the family on Friday." in sent.body
    assert sent.reply_to == [world.staff["ap_lead"].email]
    event = Event.current.get(arrangement=arrangement)
    assert (event.type, event.date, event.recorded_by) == ("la_notified", TODAY, world.staff["ap_lead"])
    assert event.note.startswith(f"Sent by email to {LA_EMAIL}: {form['subject']}")
    assert "We meet the family on Friday." in event.note
    assert (notice.method, notice.to, notice.template, notice.event) == ("email", LA_EMAIL, "part_time_timetable",
                                                                          event)
    assert status(arrangement, "PTT-LA-NOTIFIED") == "met"
    page = client.get(response.url).content.decode()
    assert f"Sent by email to {LA_EMAIL}" in page and "We meet the family on Friday." in page


def test_the_ehc_plan_notice_meets_the_duty_to_tell_the_la_before_the_part_time_timetable_starts(world, as_user):
    with_la_email(world.school)
    do_update_pupil(pupil=world.pupil, actor=None, send="ehcp")
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="mental_health",
                                   start=dt.date(2026, 1, 26), end=dt.date(2026, 3, 27))
    assert status(arrangement, "NAT-PTT-PROFESSIONALS") == "due"
    client = as_user(world.staff["ap_lead"])
    form = form_of(client, arrangement, duty="NAT-PTT-PROFESSIONALS")
    assert form["template"] == "ehcp"
    client.post(notify_url(arrangement), {**form, "method": "email"})
    assert status(arrangement, "NAT-PTT-PROFESSIONALS") == "met"


def test_a_letter_records_the_notice_and_prints_with_the_letterhead_and_signature(world, as_user):
    with_la_email(world.school, "Ms Jo Officer")
    do_update_school(school=world.school, actor=None, policy_packs=["alternative-pathways"])
    arrangement = make_arrangement(world.pupil, kind="flexi_schooling", reason="parental_request",
                                   start=dt.date(2026, 1, 12), slots=week(fri=("home", "home")))
    client = as_user(world.staff["headteacher"])
    form = form_of(client, arrangement)
    response = client.post(notify_url(arrangement), {**form, "method": "letter"})
    notice = Notice.objects.get()
    assert response.status_code == 302 and not mail.outbox
    assert status(arrangement, "FLX-LA-NOTIFIED") == "unmet"  # the trust's link DPS is still to be told
    assert evaluate(case_for(arrangement, TODAY)).get("FLX-LA-NOTIFIED").message.count("local authority") == 0
    letter = client.get(reverse("la-notice-letter", args=[world.school.id, notice.id]))
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Content-Disposition"] == 'attachment; filename="notice-ava-ourpupil-2026-01-21.pdf"'
    text = pdf_text(letter.content)
    for expected in (world.school.name, f"URN {world.school.urn}", "21 January 2026", "Ms Jo Officer",
                     "Northshire local authority", form["subject"], "Dear Ms Jo Officer,", "Yours sincerely,",
                     "Headteacher Tester", "Headteacher, St Bede's", "Hours in school each week: 24 of 30"):
        assert expected in text, expected
    pages = pdf_to_png_pages(letter.content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for n, png in enumerate(pages, start=1):
        (ARTIFACTS / f"notifications-letter-page-{n}.png").write_bytes(png)
    assert notice.event.note.startswith("Sent as a letter to Ms Jo Officer")


@override_settings(EMAIL_BACKEND="tests.notifications.backends.RefusingBackend")
def test_when_the_mail_server_refuses_the_page_says_so_and_nothing_is_recorded(world, as_user):
    with_la_email(world.school)
    backends.REFUSED.add(LA_EMAIL)
    try:
        arrangement = ptt(world)
        client = as_user(world.staff["ap_lead"])
        form = form_of(client, arrangement)
        response = client.post(notify_url(arrangement), {**form, "method": "email"})
    finally:
        backends.REFUSED.clear()
    assert response.status_code == 400
    assert f"The email could not be sent to {LA_EMAIL}" in response.content.decode()
    assert "Nothing has been recorded" in response.content.decode()
    assert not Event.objects.filter(arrangement=arrangement).exists() and not Notice.objects.exists()
    assert response.context["form"]["body"].value() == form["body"]  # the edited text is kept


# ------------------------------------------------------------------------------------------ bad input


def test_an_empty_text_is_named_and_nothing_is_sent(world, as_user):
    with_la_email(world.school)
    arrangement = ptt(world)
    client = as_user(world.staff["ap_lead"])
    form = form_of(client, arrangement)
    response = client.post(notify_url(arrangement), {**form, "body": "  ", "method": "email"})
    assert response.status_code == 400
    assert "Text of the notice: Enter the text of the notice: it cannot be empty." in response.content.decode()
    assert not mail.outbox and not Notice.objects.exists()


def test_a_notice_that_does_not_apply_is_named_and_refused(world, as_user):
    with_la_email(world.school)
    arrangement = ptt(world)
    client = as_user(world.staff["ap_lead"])
    form = form_of(client, arrangement)
    response = client.post(notify_url(arrangement), {**form, "template": "flexi_schooling", "method": "email"})
    assert response.status_code == 400
    assert "Template: the notice of flexi-schooling does not apply to this arrangement." in response.content.decode()
    response = client.get(notify_url(arrangement, template="nonsense"))
    assert response.status_code == 400 and "Template: &#x27;nonsense&#x27; is not a notice" in response.content.decode()
    assert not Notice.objects.exists()


def test_without_the_las_address_only_a_letter_is_offered_and_an_email_is_refused(world, as_user):
    arrangement = ptt(world)
    client = as_user(world.staff["ap_lead"])
    page = client.get(notify_url(arrangement)).content.decode()
    assert 'data-testid="no-la-email"' in page and 'data-testid="send-email"' not in page
    form = form_of(client, arrangement)
    response = client.post(notify_url(arrangement), {**form, "method": "email"})
    assert response.status_code == 400
    assert "The school has no local authority email address" in response.content.decode()
    assert not Notice.objects.exists()


# ------------------------------------------------------------------------------------------ who


def test_outsiders_and_provider_staff_get_404_and_a_governor_403(world, as_user, client):
    from tests.test_isolation import _provider_staff_of_ours

    with_la_email(world.school)
    arrangement = ptt(world)
    form = form_of(as_user(world.staff["ap_lead"]), arrangement)
    provider_staff = _provider_staff_of_ours(world)
    for user, expected in ((world.outsider, 404), (world.sister_dsl, 404), (provider_staff, 404),
                           (world.staff["governor"], 403)):
        client.logout()
        as_user(user)
        assert client.get(notify_url(arrangement)).status_code == expected
        assert client.post(notify_url(arrangement), {**form, "method": "email"}).status_code == expected
    assert not Notice.objects.exists() and not mail.outbox


def test_the_requirement_panel_links_the_la_duty_to_the_notify_page(world, as_user):
    arrangement = ptt(world)
    page = as_user(world.staff["ap_lead"]).get(
        reverse("arrangement-detail", args=[world.school.id, arrangement.id])).content.decode()
    card = page.split('data-testid="requirement-PTT-LA-NOTIFIED"')[1].split('<div class="govuk-summary-card"')[0] \
        if 'data-testid="requirement-PTT-LA-NOTIFIED"' in page else ""
    from pathways.arrangements.requirement_links import targets_for

    [target] = targets_for("PTT-LA-NOTIFIED", arrangement)
    assert target.label == "Notify the local authority"
    assert target.url == notify_url(arrangement, duty="PTT-LA-NOTIFIED")
    assert not card or target.url.replace("&", "&amp;") in card


def test_the_policy_page_keeps_the_las_address_and_names_a_bad_one(world, as_user):
    client = as_user(world.staff["headteacher"])
    url = reverse("school-policy", args=[world.school.id])
    response = client.post(url, {"la_email": "not an address", "la_contact": ""})
    assert response.status_code == 400
    assert "Local authority email: Enter the local authority&#x27;s email address" in response.content.decode()
    response = client.post(url, {"la_email": LA_EMAIL, "la_contact": "Ms Jo Officer"})
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert (world.school.la_email, world.school.la_contact) == (LA_EMAIL, "Ms Jo Officer")


def test_the_notify_page_reads_the_same_number_of_queries_whatever_the_notices_already_sent(
    world, as_user, django_assert_num_queries
):
    from pathways.notifications.actions import do_notify_local_authority

    with_la_email(world.school)
    arrangement = ptt(world)
    client = as_user(world.staff["ap_lead"])

    def send(n: int) -> None:
        for i in range(n):
            do_notify_local_authority(arrangement=arrangement, template="part_time_timetable", method="letter",
                                      subject=f"Notice {i}", body="Text", actor=world.staff["dsl"], today=TODAY)

    send(1)
    client.get(notify_url(arrangement))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(notify_url(arrangement))
    send(6)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(notify_url(arrangement)).content.decode()
    assert page.count(">Notice 0<") == 2 and ">Notice 5<" in page  # all seven listed
