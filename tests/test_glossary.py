"""The glossary: the terms a new member of staff meets and the register codes in force, for anyone."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client

from pathways.pages.glossary import terms
from pathways.policy.codes import CODES_2024


def test_each_term_has_a_meaning_and_a_source_and_the_common_ones_are_there(db: Any) -> None:
    names = " ".join(t["term"] for t in terms())
    for needed in ("AP", "PTT", "RTL", "DPS", "EHC plan", "LADO", "DSL", "SENCO", "ISS", "Welfare check",
                   "TA's fortnightly report"):
        assert needed in names
    assert all(t["meaning"].strip() and t["source"].strip() for t in terms())


@time_machine.travel(dt.datetime(2026, 12, 7, 9, 0), tick=False)
def test_the_page_lists_every_code_in_force_with_its_meaning_and_explains_c2(db: Any) -> None:
    page = Client().get("/help/words/")
    assert page.status_code == 200
    text = page.content.decode()
    for code in CODES_2024.codes.values():
        assert f">{code.code}</th>" in text.replace("&#x27;", "'")
    assert "Leave of absence for a compulsory school age pupil subject to a part-time timetable" in text
    assert "is <strong>C2</strong>, not present" in text
    assert "Arranging alternative provision" in text


def test_every_page_links_the_glossary_from_its_footer(world: Any, as_user: Any) -> None:
    page = as_user(world.staff["teacher"]).get(f"/schools/{world.school.id}/", follow=True).content.decode()
    assert 'href="/help/words/"' in page
