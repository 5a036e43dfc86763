import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.pupils.actions import do_update_pupil
from pathways.pupils.models import Pupil
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Maya", "last_name": "Okafor", "upn": "H801200001001", "date_of_birth": "2012-05-01",
    "year_group": "9", "send": "none", "vulnerability_override": "", "vulnerability_override_reason": "",
}


def test_the_dsl_sees_the_pupil_list_of_their_school_only(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["dsl"]).get(reverse("pupil-list", args=[world.school.id]))
    assert response.status_code == 200
    assert "Ourpupil" in response.content.decode()
    assert "Secretoutsider" not in response.content.decode()


def test_a_teacher_can_search_pupils_by_name_and_upn(world: Any, as_user: Any) -> None:
    make_pupil(world.school, "Leo", "Findme", upn="H801200001001")
    client = as_user(world.staff["teacher"])
    by_name = client.get(reverse("pupil-list", args=[world.school.id]), {"q": "findme"}).content.decode()
    assert "Findme" in by_name and "Ourpupil" not in by_name
    by_upn = client.get(reverse("pupil-list", args=[world.school.id]), {"q": "H801200001001"}).content.decode()
    assert "Findme" in by_upn


def test_the_pupil_list_filters_by_derived_vulnerability(world: Any, as_user: Any) -> None:
    make_pupil(world.school, "Hana", "Highneed", looked_after=True)
    make_pupil(world.school, "Mo", "Mediumneed", send="sen_support")
    page = as_user(world.staff["dsl"]).get(
        reverse("pupil-list", args=[world.school.id]), {"vulnerability": "high"}).content.decode()
    assert "Highneed" in page and "Mediumneed" not in page and "Ourpupil" not in page


def test_the_pupil_list_runs_a_fixed_number_of_queries_however_many_pupils(
    world: Any, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(world.staff["dsl"])
    url = reverse("pupil-list", args=[world.school.id])
    client.get(url)
    for n in range(30):
        make_pupil(world.school, f"P{n}", f"Many{n}", looked_after=n % 2 == 0)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("Many") >= 30


def test_an_ap_lead_adds_a_pupil_and_the_audit_trail_records_it(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["ap_lead"]).post(reverse("pupil-create", args=[world.school.id]), VALID)
    assert response.status_code == 302
    pupil = Pupil.objects.get(last_name="Okafor")
    assert pupil.school == world.school
    event = AuditEvent.objects.get(action="create pupil", object_id=str(pupil.id))
    assert event.actor == world.staff["ap_lead"] and event.school == world.school
    assert event.changes["upn"] == "H801200001001"


def test_an_invalid_upn_is_refused_with_the_right_check_letter(world: Any, as_user: Any) -> None:
    data = dict(VALID, upn="B207000016049")
    response = as_user(world.staff["ap_lead"]).post(reverse("pupil-create", args=[world.school.id]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "UPN" in body and "P" in body
    assert not Pupil.objects.filter(last_name="Okafor").exists()


def test_a_vulnerability_override_without_a_reason_is_refused(world: Any, as_user: Any) -> None:
    data = dict(VALID, vulnerability_override="high")
    response = as_user(world.staff["dsl"]).post(reverse("pupil-create", args=[world.school.id]), data)
    assert response.status_code == 400
    assert "Say why the vulnerability is set by hand" in response.content.decode()


def test_a_governor_neither_reads_nor_adds_pupils(world: Any, as_user: Any) -> None:
    # Governors see counts, never a named child (the role matrix: view_named_records, manage_pupils).
    client = as_user(world.staff["governor"])
    assert client.get(reverse("pupil-list", args=[world.school.id])).status_code == 403
    assert client.post(reverse("pupil-create", args=[world.school.id]), VALID).status_code == 403
    assert not Pupil.objects.filter(last_name="Okafor").exists()


def test_replacing_a_temporary_upn_keeps_the_former_one(world: Any) -> None:
    pupil = make_pupil(world.school, "Tia", "Temp", upn="X00180001701A")
    assert pupil.upn_is_temporary
    do_update_pupil(pupil=pupil, actor=world.staff["attendance_officer"], upn="H801200001001")
    pupil.refresh_from_db()
    assert (pupil.upn, pupil.former_upn, pupil.upn_is_temporary) == ("H801200001001", "X00180001701A", False)


def test_vulnerability_is_derived_from_needs_unless_overridden(world: Any) -> None:
    assert make_pupil(world.school, "A", "One").vulnerability == "low"
    assert make_pupil(world.school, "B", "Two", medical_condition=True).vulnerability == "medium"
    assert make_pupil(world.school, "C", "Three", send="ehcp", social_worker=True).vulnerability == "high"
    overridden = make_pupil(world.school, "D", "Four", vulnerability_override="high",
                            vulnerability_override_reason="Known to early help; missing episodes")
    assert overridden.vulnerability == "high" and overridden.derived_vulnerability == "low"


def test_the_pupil_page_shows_compulsory_school_age(world: Any, as_user: Any) -> None:
    pupil = make_pupil(world.school, "Ru", "Young", date_of_birth=dt.date(2022, 1, 10), year_group=None)
    page = as_user(world.staff["teacher"]).get(reverse("pupil-detail", args=[world.school.id, pupil.id]))
    assert "Not yet" in page.content.decode()


def test_another_schools_pupil_is_not_found_even_with_our_school_in_the_url(world: Any, as_user: Any) -> None:
    client = as_user(world.staff["dsl"])
    assert client.get(reverse("pupil-detail", args=[world.school.id, world.other_pupil.id])).status_code == 404
    assert client.get(reverse("pupil-detail", args=[world.other.id, world.other_pupil.id])).status_code == 404


def test_the_list_filter_and_the_pupil_page_agree_on_vulnerability_for_every_combination(world: Any) -> None:
    import itertools

    from pathways.pupils.queries import with_vulnerability

    for n, (la, cp, sw, send, med) in enumerate(
        itertools.product([False, True], [False, True], [False, True], ["none", "sen_support", "ehcp"], [False, True])
    ):
        make_pupil(world.school, f"C{n}", "Combo", looked_after=la, child_protection_plan=cp, social_worker=sw,
                   send=send, medical_condition=med)
    rows = with_vulnerability(Pupil.objects.filter(last_name="Combo"))
    assert rows.count() == 48
    for pupil in rows:
        assert pupil.vulnerability_level == pupil.vulnerability, pupil.first_name


def test_the_pupil_page_lists_the_pupils_arrangements_and_offers_to_set_one_up(world: Any, as_user: Any) -> None:
    from pathways.arrangements.actions import do_create_arrangement

    do_create_arrangement(pupil=world.pupil, actor=None, kind="part_time_timetable", reason="mental_health",
                          start=dt.date(2025, 11, 10), end=dt.date(2026, 2, 13))
    url = reverse("pupil-detail", args=[world.school.id, world.pupil.id])
    body = as_user(world.staff["ap_lead"]).get(url).content.decode()
    assert "part-time timetable" in body.lower()
    assert f"{reverse('arrangement-create', args=[world.school.id])}?pupil={world.pupil.id}" in body
    assert "Set up an arrangement" not in as_user(world.staff["governor"]).get(url).content.decode()
