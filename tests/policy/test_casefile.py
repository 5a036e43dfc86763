"""Reading case files strictly, and writing them back canonically."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from pathways.policy.casefile import CaseFileError, dump_case, load_case, parse_case, read_case
from pathways.policy.clock import Time
from tests.policy.builders import case_dict

EXAMPLES = sorted((Path(__file__).parent / "examples").glob("*.yaml"))


def errors_of(data: object) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case(data)
    return caught.value.errors


def test_a_minimal_case_file_is_read_into_typed_values():
    case = parse_case(case_dict())
    assert case.as_of == dt.date(2025, 11, 20)
    assert case.arrangement.kind == "part_time_timetable"
    assert case.arrangement.end == dt.date(2026, 2, 13)
    assert case.pupil.date_of_birth == dt.date(2012, 2, 14)
    assert case.school.type == "academy"
    assert case.school.register.am_opens == Time(8, 50)
    assert case.packs == ("national",)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_public_example_is_read(path: Path):
    case = read_case(path)
    assert case.expect is not None


def test_an_impossible_date_is_reported_with_its_exact_path():
    data = case_dict(events=[{"date": "2025-11-01", "type": "visit"}] * 3 + [{"date": "2025-02-30", "type": "visit"}])
    assert errors_of(data) == ["events[3].date: not a date: '2025-02-30'"]


def test_an_unknown_key_is_an_error_naming_the_key_and_its_path():
    data = case_dict(pupil={"date_of_birth": "2012-02-14", "favourite_colour": "blue"})
    assert errors_of(data) == ["pupil.favourite_colour: unknown key"]


def test_an_unknown_top_level_key_is_an_error():
    assert errors_of(case_dict(notes="hello")) == ["notes: unknown key"]


def test_a_missing_required_key_is_an_error():
    data = case_dict()
    del data["arrangement"]["start"]
    assert errors_of(data) == ["arrangement.start: required key missing"]


def test_a_bad_enum_value_lists_the_allowed_values():
    data = case_dict()
    data["arrangement"]["kind"] = "holiday"
    (error,) = errors_of(data)
    assert error.startswith("arrangement.kind: not one of alternative_provision, part_time_timetable")
    assert error.endswith(": 'holiday'")


def test_a_wrong_type_is_an_error():
    data = case_dict(pupil={"date_of_birth": "2012-02-14", "looked_after": "yes"})
    assert errors_of(data) == ["pupil.looked_after: not true or false: 'yes'"]


def test_every_error_in_the_file_is_listed():
    data = case_dict(as_of="soon", sessions=[{"date": "2025-11-11", "session": "noon"}])
    assert errors_of(data) == ["as_of: not a date: 'soon'", "sessions[0].session: not one of am, pm: 'noon'"]


def test_an_unquoted_yaml_time_is_rejected_with_a_clear_message():
    text = yaml.safe_dump(case_dict()) + "settings: {provider_absence_deadline: 10:00}\n"
    with pytest.raises(CaseFileError) as caught:
        load_case(text)
    (error,) = caught.value.errors
    assert error.startswith("settings.provider_absence_deadline: not a time: 600")
    assert '"10:00"' in error


def test_a_quoted_time_is_read():
    case = parse_case(case_dict(sessions=[{"date": "2025-11-11", "session": "am", "arrived": "09:05"}]))
    assert case.sessions[0].arrived == Time(9, 5)


def test_a_time_out_of_range_is_rejected():
    (error,) = errors_of(case_dict(sessions=[{"date": "2025-11-11", "session": "am", "arrived": "25:00"}]))
    assert error.startswith("sessions[0].arrived: not a time: '25:00'")


def minimal_yaml(as_of: str, start: str) -> str:
    arrangement = f"{{kind: suspension, start: {start}}}"
    return f"format: pathways-case/1\nas_of: {as_of}\npupil: {{}}\narrangement: {arrangement}\n"


def test_dates_may_be_quoted_or_not():
    quoted = load_case(minimal_yaml('"2025-11-20"', '"2025-11-10"'))
    bare = load_case(minimal_yaml("2025-11-20", "2025-11-10"))
    assert quoted == bare


def test_a_date_and_time_is_not_a_date():
    text = minimal_yaml("2025-11-20 10:30:00", "2025-11-10")
    with pytest.raises(CaseFileError) as caught:
        load_case(text)
    assert caught.value.errors[0].startswith("as_of: a date and time, not a date")


def test_a_date_in_another_format_is_not_a_date():
    assert errors_of(case_dict(as_of="20251120")) == ["as_of: not a date: '20251120'"]


def test_a_json_case_file_is_read_like_yaml():
    data = case_dict()
    assert load_case(json.dumps(data)) == parse_case(data)


@pytest.mark.parametrize(
    "text",
    [b"\xff\xfe\x00garbage", "- just\n- a list\n", "42", "", "{unclosed", "[" * 5000 + "]" * 5000, "a: b: c"],
    ids=["not-utf8", "a-list", "a-number", "empty", "broken-yaml", "deep-nesting", "bad-mapping"],
)
def test_garbage_raises_only_a_case_file_error(text):
    with pytest.raises(CaseFileError):
        load_case(text)


def test_a_top_level_list_is_named_as_the_problem():
    assert errors_of([1, 2]) == ["(root): must be a mapping of keys, not a list"]


def test_the_format_must_be_version_one():
    assert errors_of(case_dict(format="pathways-case/2")) == [
        "format: must be 'pathways-case/1', not 'pathways-case/2'"
    ]


def test_an_invalid_upn_is_an_error():
    (error,) = errors_of(case_dict(pupil={"upn": "B207000016049"}))
    assert error.startswith("pupil.upn: not a valid UPN: wrong check letter: it should be P")


def test_an_event_field_that_does_not_belong_to_its_type_is_an_unknown_key():
    assert errors_of(case_dict(events=[{"date": "2025-11-01", "type": "visit", "written": True}])) == [
        "events[0].written: unknown key"
    ]


def test_written_defaults_to_true_and_can_be_false():
    case = parse_case(
        case_dict(
            events=[
                {"date": "2025-11-01", "type": "parent_consent"},
                {"date": "2025-11-02", "type": "parent_consent", "written": False},
            ]
        )
    )
    assert [e.written for e in case.events] == [True, False]
    assert case.events[0].by is None


def test_an_unknown_setting_is_an_error():
    assert errors_of(case_dict(settings={"lunch_time": "12:00"})) == ["settings.lunch_time: unknown key"]


def test_a_setting_of_the_wrong_type_names_its_path():
    data = case_dict(settings={"welfare_check_interval_school_days": {"high": "two"}})
    assert errors_of(data) == [
        "settings.welfare_check_interval_school_days.high: not a whole number of 0 or more: 'two'"
    ]


def test_half_terms_out_of_order_are_an_error():
    data = case_dict()
    data["calendar"]["half_terms"][1]["start"] = "2025-10-01"
    assert errors_of(data) == [
        "calendar.half_terms[1].start: must come after the end of the half-term before it (2025-10-24)"
    ]


def test_an_end_before_the_start_is_an_error():
    data = case_dict()
    data["arrangement"]["end"] = "2025-11-01"
    assert errors_of(data) == ["arrangement.end: before the start (2025-11-10): 2025-11-01"]


def test_a_register_that_closes_before_it_opens_is_an_error():
    data = case_dict(school={"register": {"am_opens": "09:30", "am_closes": "09:00"}})
    assert errors_of(data) == ["school.register: the am register must open, then close, then end (09:30, 09:00, 12:00)"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_export_import_export_is_identical(path: Path):
    once = dump_case(read_case(path))
    again = dump_case(parse_case(json.loads(json.dumps(once))))
    assert once == again


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_dumped_case_reads_back_as_the_same_case(path: Path):
    case = read_case(path)
    assert parse_case(dump_case(case)) == case


def test_the_canonical_dump_leaves_out_defaults_and_writes_dates_and_times_as_text():
    data = case_dict(
        sessions=[{"date": "2025-11-11", "session": "am", "attended": True, "arrived": "09:05"}],
        school={"type": "academy", "register": {"am_opens": "08:45"}},
    )
    dumped = dump_case(parse_case(data))
    assert dumped["sessions"] == [{"date": "2025-11-11", "session": "am", "arrived": "09:05"}]
    assert dumped["school"] == {"register": {"am_opens": "08:45"}}
    assert dumped["as_of"] == "2025-11-20"


def test_a_missing_file_is_a_case_file_error(tmp_path):
    with pytest.raises(CaseFileError) as caught:
        read_case(tmp_path / "nope.yaml")
    assert caught.value.errors[0].startswith("(root): cannot read")


def test_an_impossible_unquoted_yaml_date_is_named_by_its_path():
    text = minimal_yaml("2025-02-30", "2025-11-10")
    with pytest.raises(CaseFileError) as caught:
        load_case(text)
    assert caught.value.errors == ["as_of: not a date: '2025-02-30'"]


def test_an_optional_key_written_as_null_is_the_same_as_leaving_it_out():
    with_nulls = case_dict(events=None, provider=None)
    with_nulls.update({"events": None, "sessions": None, "provider": None, "settings": None, "school": None})
    with_nulls["pupil"].update({"upn": None, "year_group": None, "looked_after": None})
    with_nulls["arrangement"]["timetable"] = {"mon": {"am": None, "pm": "home"}}
    plain = case_dict()
    plain["arrangement"]["timetable"] = {"mon": {"pm": "home"}}
    assert parse_case(with_nulls) == parse_case(plain)


def test_a_required_key_written_as_null_is_still_an_error():
    assert errors_of(case_dict(as_of=None) | {"as_of": None}) == ["as_of: not a date: None"]


def test_the_school_extension_keys_are_read_and_written_back():
    school = {
        "type": "special",
        "remote_education_lead": "Ms Patel",
        "device_survey": "2025-09-12",
        "remote_audits": ["2025-10-01", "2026-01-10"],
        "live_lessons": {"written_consent": True, "group_only": True, "recorded": False},
        "recordings": [{"date": "2025-11-12", "deleted": "2025-12-01", "first_names_only": True}],
    }
    case = parse_case(case_dict(school=school))
    assert case.school.device_survey == dt.date(2025, 9, 12)
    assert case.school.recordings[0].deleted == dt.date(2025, 12, 1)
    assert dump_case(case)["school"] == school
    assert parse_case(dump_case(case)) == case
