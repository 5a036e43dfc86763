"""The provider pages: the register, adding and changing a provider, the provider page with its checks
and the registration threshold, recording a check, the Annex C checklist and the trust's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions_records import do_record_check_with_form
from pathways.arrangements.models import Status
from pathways.audit.models import AuditEvent
from pathways.providers.actions import do_complete_provider_checklist, do_record_provider_check
from pathways.providers.checklist import KEYS
from pathways.providers.models import Provider, ProviderCheck, ProviderChecklist
from tests.arrangements.helpers import MONDAY, at_provider, make_arrangement
from tests.conftest import make_pupil
from tests.providers.helpers import VISIT_REPORT, make_provider

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 21)


@pytest.fixture(autouse=True)
def _pinned_today() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 21, 10, 0), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def place(school: Any, provider: Provider, name: str, sessions: int = 10, **pupil: Any) -> Any:
    child = make_pupil(school, name, "Placed", **pupil)
    return make_arrangement(child, provider=provider, status=Status.ACTIVE, start=MONDAY, slots=at_provider(sessions))


def provider_data(**extra: Any) -> dict[str, Any]:
    data = {
        "name": "Hilltop Skills Centre", "kind": "alternative_provision", "registration": "unregistered", "urn": "",
        "arranged_by": "school", "live_teaching": "true", "address": "1 Hill Road", "contact_name": "Sam Lee",
        "contact_email": "sam@example.org", "contact_phone": "01234 567890",
        "elsewhere_full_time_compulsory_age": "2", "elsewhere_full_time_looked_after_or_ehcp": "0",
        "elsewhere_full_time_sen": "1",
    }
    data.update(extra)
    return data


def all_yes(**changes: dict[str, str]) -> dict[str, str]:
    data = {"completed_on": "2026-01-20", "review_by": "2026-07-20"}
    for key in KEYS:
        data[f"{key}_answer"] = "yes"
        data[f"{key}_note"] = f"How we know ({key})."
    for key, given in changes.items():
        data[f"{key}_answer"] = given["answer"]
        data[f"{key}_note"] = given.get("note", "")
    return data


# ----------------------------------------------------------------------------- the register


def test_the_register_shows_each_provider_with_registration_placements_and_expiring_checks(
    world: Any, as_user: Any
) -> None:
    willow = make_provider(world.school, "Willow Farm")
    make_provider(world.school, "Oak Academy", kind="another_school", registration="registered_school", urn="123456")
    place(world.school, willow, "Here")
    place(world.sister, willow, "There")
    do_record_provider_check(provider=willow, school=world.school, actor=None, type="staff_checks_confirmed",
                             date=dt.date(2025, 2, 1), expires=dt.date(2026, 2, 10))
    do_record_provider_check(provider=willow, school=world.school, actor=None, type="health_and_safety",
                             date=dt.date(2025, 1, 1), expires=dt.date(2026, 1, 1))
    response = as_user(world.staff["teacher"]).get(url("provider-list", world.school.id))
    body = response.content.decode()
    assert response.status_code == 200
    rows = body.split('data-testid="provider-row"')[1:]
    oak, willow_row = rows
    assert "Oak Academy" in oak and "Registered school" in oak and "123456" in oak
    assert "Willow Farm" in willow_row and "Unregistered" in willow_row
    cells = [c.split(">", 1)[1].split("<")[0] for c in willow_row.split('govuk-table__cell--numeric"')[1:3]]
    assert cells == ["1", "2"]  # one placement from this school, two in the trust
    assert "Staff safeguarding checks confirmed in writing: expires in 20 days" in willow_row
    assert "Expired</strong> Health and safety (1 Jan 2026)" in willow_row
    assert "Hiddenvale" not in body


def test_the_register_takes_the_same_queries_however_many_providers(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["ap_lead"])
    client.get(url("provider-list", world.school.id))

    def grow(n: int) -> None:
        for i in range(n):
            provider = make_provider(world.school, f"Provider {Provider.objects.count()} {i}")
            place(world.sister, provider, f"P{Provider.objects.count()}{i}")
            do_record_provider_check(provider=provider, school=world.school, actor=None, type="initial_visit",
                                     date=dt.date(2025, 9, 1), expires=dt.date(2026, 2, 1))

    grow(1)
    with django_assert_max_num_queries(20) as few:
        client.get(url("provider-list", world.school.id))
    grow(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("provider-list", world.school.id))
    assert response.content.decode().count('data-testid="provider-row"') == 16


def test_an_outsider_gets_not_found_from_every_provider_page(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    check = do_record_check_with_form(provider=provider, school=world.school, actor=None, type="initial_visit",
                                      date=dt.date(2025, 9, 1), answers=VISIT_REPORT)
    checklist = do_complete_provider_checklist(provider=provider, school=world.school, actor=None,
                                               completed_on=dt.date(2025, 9, 2),
                                               answers={k: {"answer": "yes", "note": "Seen."} for k in KEYS})
    client = as_user(world.outsider)
    pages = [
        url("provider-list", world.school.id), url("provider-create", world.school.id),
        url("provider-detail", world.school.id, provider.id), url("provider-edit", world.school.id, provider.id),
        url("provider-check-add", world.school.id, provider.id),
        url("provider-checklist", world.school.id, provider.id),
        url("provider-checklist-detail", world.school.id, provider.id, checklist.id),
        url("provider-initial-visit", world.school.id, provider.id),
        url("provider-check-report", world.school.id, provider.id, check.id),
        url("provider-detail", world.other.id, provider.id), url("trust-providers", world.trust.id),
    ]
    for page in pages:
        assert client.get(page).status_code == 404, page
        assert client.post(page, provider_data()).status_code == 404, page
    assert ProviderCheck.objects.filter(provider=provider).count() == 2 and check.pk


# ----------------------------------------------------------------------------- add and change


def test_the_ap_lead_adds_a_provider_and_it_is_the_trusts(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(url("provider-create", world.school.id), provider_data())
    provider = Provider.objects.get(name="Hilltop Skills Centre")
    assert response.status_code == 302
    assert response["Location"] == url("provider-detail", world.school.id, provider.id)
    assert provider.trust == world.trust
    assert (provider.live_teaching, provider.elsewhere_full_time_compulsory_age) == (True, 2)
    assert AuditEvent.objects.filter(action="create provider", object_id=str(provider.id)).exists()
    page = as_user(world.sister_dsl).get(url("provider-detail", world.sister.id, provider.id))
    assert page.status_code == 200 and "Hilltop Skills Centre" in page.content.decode()


def test_a_urn_for_an_unregistered_provider_is_refused_naming_the_field_and_nothing_is_written(
    world: Any, as_user: Any
) -> None:
    response = as_user(world.staff["ap_lead"]).post(url("provider-create", world.school.id),
                                                    provider_data(urn="123456"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and "URN: Only a registered school has a URN" in body
    assert not Provider.objects.filter(name="Hilltop Skills Centre").exists()
    short = as_user(world.staff["ap_lead"]).post(url("provider-create", world.school.id),
                                                 provider_data(registration="registered_school", urn="1234"))
    assert "A URN is six digits" in short.content.decode()


def test_more_looked_after_pupils_elsewhere_than_pupils_is_refused(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(
        url("provider-create", world.school.id), provider_data(elsewhere_full_time_looked_after_or_ehcp="3")
    )
    assert response.status_code == 400
    assert "cannot be more than that count" in response.content.decode()


def test_changing_a_provider_saves_and_audits_the_change(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Willow Farm")
    response = as_user(world.staff["ap_lead"]).post(
        url("provider-edit", world.school.id, provider.id),
        provider_data(name="Willow Farm", registration="registered_school", urn="654321", kind="another_school"),
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.registration, provider.urn) == ("registered_school", "654321")
    audit = AuditEvent.objects.get(action="change provider", object_id=str(provider.id))
    assert audit.changes["urn"] == ["", "654321"]


def test_a_governor_neither_opens_nor_adds_changes_or_records(world: Any, as_user: Any) -> None:
    # The role matrix: providers and their placements are named records; a governor sees counts only.
    provider = make_provider(world.school)
    client = as_user(world.staff["governor"])
    listing = client.get(url("provider-list", world.school.id))
    assert listing.status_code == 403 and provider.name not in listing.content.decode()
    detail = client.get(url("provider-detail", world.school.id, provider.id))
    assert detail.status_code == 403 and provider.name not in detail.content.decode()
    assert client.post(url("provider-create", world.school.id), provider_data()).status_code == 403
    assert client.post(url("provider-edit", world.school.id, provider.id), provider_data()).status_code == 403
    assert client.post(url("provider-check-add", world.school.id, provider.id),
                       {"type": "initial_visit", "date": "2026-01-20"}).status_code == 403
    assert client.post(url("provider-checklist", world.school.id, provider.id), all_yes()).status_code == 403
    assert not ProviderCheck.objects.filter(provider=provider).exists()
    assert not Provider.objects.filter(name="Hilltop Skills Centre").exists()


# ----------------------------------------------------------------------------- the provider page


def test_the_page_shows_each_check_with_days_to_expiry_and_expired_ones_in_red(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="staff_checks_confirmed",
                             date=dt.date(2025, 2, 1), expires=dt.date(2026, 2, 5))
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="safeguarding_policy",
                             date=dt.date(2025, 1, 1), expires=dt.date(2026, 1, 21))
    do_record_check_with_form(provider=provider, school=world.school, actor=None, type="initial_visit",
                              date=dt.date(2025, 9, 1), answers=VISIT_REPORT)
    body = as_user(world.staff["teacher"]).get(url("provider-detail", world.school.id, provider.id)).content.decode()

    def row(check_type: str) -> str:
        return body.split(f'data-testid="check-{check_type}"')[1].split("</tr>")[0]

    assert "Expires in 15 days" in row("staff_checks_confirmed")
    assert "govuk-tag--red" in row("safeguarding_policy") and "Expired" in row("safeguarding_policy")
    assert "Does not expire" in row("initial_visit") and "Done" in row("initial_visit")
    assert "Not recorded" in row("health_and_safety")


def test_a_renewed_check_replaces_the_expired_one(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="health_and_safety",
                             date=dt.date(2025, 1, 1), expires=dt.date(2026, 1, 1))
    do_record_provider_check(provider=provider, school=world.school, actor=None, type="health_and_safety",
                             date=dt.date(2026, 1, 5), expires=dt.date(2027, 1, 5))
    body = as_user(world.staff["teacher"]).get(url("provider-detail", world.school.id, provider.id)).content.decode()
    assert "5 Jan 2027" in body.split('data-testid="check-health_and_safety"')[1].split("</tr>")[0]
    listing = as_user(world.staff["teacher"]).get(url("provider-list", world.school.id)).content.decode()
    assert "Health and safety (1 Jan 2026)" not in listing


def test_the_page_near_the_threshold_says_a_fifth_pupil_would_mean_registering(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Willow Farm")
    place(world.school, provider, "Ours1")
    place(world.school, provider, "Ours2")
    place(world.sister, provider, "Theirs1")
    place(world.sister, provider, "Theirs2", sessions=7)
    place(world.sister, provider, "Parttime", sessions=6)
    body = as_user(world.staff["ap_lead"]).get(url("provider-detail", world.school.id, provider.id)).content.decode()
    section = body.split('data-testid="threshold"')[1].split("</section>")[0]
    assert (
        f"4 pupils of compulsory school age attend full time from schools in the trust "
        f"({world.school.name} 2, {world.sister.name} 2)." in section.replace("&#x27;", "'")
    )
    assert "A fifth, or any looked-after child or pupil with an EHC plan, would mean it must register" in section
    assert "more than 18 hours a week: 7 sessions or more" in section


def test_the_page_warns_when_a_looked_after_pupil_makes_the_provider_breach(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school, "Willow Farm")
    place(world.sister, provider, "Cared", looked_after=True)
    body = as_user(world.staff["ap_lead"]).get(url("provider-detail", world.school.id, provider.id)).content.decode()
    assert "govuk-warning-text" in body
    assert "Willow Farm must register as an independent school" in body


def test_staff_see_their_own_pupils_names_and_only_counts_for_other_schools(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    ours = place(world.school, provider, "Ourchild")
    place(world.sister, provider, "Sisterchild")
    body = as_user(world.staff["ap_lead"]).get(url("provider-detail", world.school.id, provider.id)).content.decode()
    assert "Ourchild Placed" in body
    assert url("arrangement-detail", world.school.id, ours.id) in body
    assert "Sisterchild" not in body
    trust_table = body.split('data-testid="placements-trust"')[1].split("</table>")[0]
    assert "Names are seen by that school" in trust_table


def test_the_trust_lead_sees_every_schools_pupils_at_the_provider(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    place(world.school, provider, "Ourchild")
    place(world.sister, provider, "Sisterchild")
    body = as_user(world.trust_lead).get(url("provider-detail", world.school.id, provider.id)).content.decode()
    trust_table = body.split('data-testid="placements-trust"')[1].split("</table>")[0]
    assert "Ourchild Placed" in trust_table and "Sisterchild Placed" in trust_table


# ----------------------------------------------------------------------------- recording a check


def test_the_ap_lead_records_a_check_with_its_expiry(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff["ap_lead"])
    form = client.get(url("provider-check-add", world.school.id, provider.id) + "?type=health_and_safety")
    assert 'value="health_and_safety" selected' in form.content.decode()
    response = client.post(url("provider-check-add", world.school.id, provider.id), {
        "type": "staff_checks_confirmed", "date": "2026-01-19", "expires": "2027-01-19", "note": "DBS letter seen",
    })
    assert response.status_code == 302
    check = ProviderCheck.objects.get(provider=provider)
    assert (check.type, check.expires, check.note) == ("staff_checks_confirmed", dt.date(2027, 1, 19),
                                                       "DBS letter seen")
    page = client.get(url("provider-detail", world.school.id, provider.id)).content.decode()
    assert "Staff safeguarding checks confirmed in writing recorded" in page


def test_an_expiry_before_the_check_is_refused_naming_the_field(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    response = as_user(world.staff["ap_lead"]).post(url("provider-check-add", world.school.id, provider.id), {
        "type": "health_and_safety", "date": "2026-01-19", "expires": "2026-01-01",
    })
    assert response.status_code == 400
    assert "Expires: The expiry date must be after the date of the check." in response.content.decode()
    assert not ProviderCheck.objects.exists()


# ----------------------------------------------------------------------------- the Annex C checklist


def test_completing_the_checklist_keeps_the_answers_and_records_a_check(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    client = as_user(world.staff["ap_lead"])
    blank = client.get(url("provider-checklist", world.school.id, provider.id)).content.decode()
    assert "Is the education provided by the supplier of a good quality?" in blank
    assert "How quickly, and by what means, is the school alerted" in blank
    response = client.post(url("provider-checklist", world.school.id, provider.id),
                           all_yes(ofsted={"answer": "no", "note": "Not inspected: unregistered"}))
    checklist = ProviderChecklist.objects.get(provider=provider)
    assert response.status_code == 302
    assert response["Location"] == url("provider-checklist-detail", world.school.id, provider.id, checklist.id)
    assert checklist.answers["ofsted"] == {"answer": "no", "note": "Not inspected: unregistered"}
    check = checklist.check_record
    assert (check.type, check.date, check.expires) == ("provider_checklist", dt.date(2026, 1, 20),
                                                       dt.date(2026, 7, 20))
    printed = client.get(response["Location"]).content.decode()
    assert "Not inspected: unregistered" in printed and "reports/report.css" in printed  # printed as the other forms


def test_a_no_without_a_note_or_a_missing_answer_is_refused_and_nothing_is_written(world: Any, as_user: Any) -> None:
    provider = make_provider(world.school)
    data = all_yes(dbs={"answer": "not_yet"})
    del data["quality_answer"]
    response = as_user(world.staff["ap_lead"]).post(url("provider-checklist", world.school.id, provider.id), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Answer yes, no or not yet." in body
    assert "Safeguarding 2: say why the answer is not yet, or what happens next." in body
    assert not ProviderChecklist.objects.exists() and not ProviderCheck.objects.exists()


# ----------------------------------------------------------------------------- the trust's providers


def test_the_trust_lead_sees_every_provider_with_placements_per_school_and_threshold(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    willow = make_provider(world.school, "Willow Farm", elsewhere_full_time_compulsory_age=3)
    place(world.school, willow, "A")
    place(world.sister, willow, "B")
    make_provider(world.sister, "Oak Academy", registration="registered_school", urn="123456")
    client = as_user(world.trust_lead)
    # 15, and two for the count ahead (the starts ahead, and the placements on the one day they fall).
    with django_assert_max_num_queries(17):
        response = client.get(url("trust-providers", world.trust.id))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Willow Farm" in body and "Oak Academy" in body and "Must register" in body
    willow_row = next(r for r in body.split('data-testid="provider-row"') if "Willow Farm" in r)
    counts = [c.split(">", 1)[1].split("<")[0] for c in willow_row.split('govuk-table__cell--numeric"')[1:4]]
    assert counts == ["1", "1", "2"]
    assert "Hiddenvale" not in body


def test_only_the_trust_lead_opens_the_trusts_provider_list(world: Any, as_user: Any) -> None:
    assert as_user(world.staff["headteacher"]).get(url("trust-providers", world.trust.id)).status_code == 404


def test_the_trusts_provider_list_takes_the_same_queries_however_many_providers(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.trust_lead)

    def grow(n: int) -> None:
        for i in range(n):
            provider = make_provider(world.sister, f"Provider {Provider.objects.count()} {i}")
            place(world.school, provider, f"P{Provider.objects.count()}{i}")
            do_record_provider_check(provider=provider, school=world.sister, actor=None, type="initial_visit",
                                     date=dt.date(2025, 9, 1), expires=dt.date(2026, 2, 1))

    grow(1)
    with django_assert_max_num_queries(20) as few:
        client.get(url("trust-providers", world.trust.id))
    grow(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("trust-providers", world.trust.id))
    assert response.content.decode().count('data-testid="provider-row"') == 13
