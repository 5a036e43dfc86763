"""Control characters (a NUL byte and the other invisible ones) are refused on every text field of every
web form, with a message naming the field; a multi-line box keeps its tabs and line breaks.

The finding: a NUL byte in a comment was a 500 on PostgreSQL. The API's fields are checked by the API.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.urls import reverse

import pathways
from pathways.forms import GovukFormMixin, NoControlCharactersMixin
from pathways.pupils.models import Pupil
from tests.pupils.test_pupils import VALID

# Modules that are entry points or settings, not code holding forms.
NOT_IMPORTED = {"pathways.__main__", "pathways.wsgi", "pathways.server", "pathways.settings_test"}


def every_form_class() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(pathways.__path__, "pathways."):
        if module.name in NOT_IMPORTED or ".migrations" in module.name or module.name.endswith(".admin") \
                or module.name.startswith("pathways.policy"):
            continue
        importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[Any]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("pathways.") and sub.__module__ != "pathways.forms":
                found.append(sub)
    return found


def test_every_form_of_the_product_refuses_control_characters() -> None:
    found = every_form_class()
    assert len(found) > 40
    missing = sorted(f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, NoControlCharactersMixin))
    assert missing == [], "give these forms GovukFormMixin or NoControlCharactersMixin"


class NoteForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title")
    note = forms.CharField(label="Note", widget=forms.Textarea)
    email = forms.EmailField(label="Email address", required=False)


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x7f", "\x85", "\x08"])
def test_a_control_character_is_refused_naming_the_field(bad: str) -> None:
    form = NoteForm({"title": f"Visit{bad}report", "note": f"Fine{bad}here", "email": ""})
    assert not form.is_valid()
    assert form.errors["title"][0].startswith("Title contains a control character")
    assert form.errors["note"][0].startswith("Note contains a control character")
    assert len(form.errors["title"]) == 1       # one message, not Django's own "Null characters" as well


def test_a_text_area_keeps_tabs_and_line_breaks_and_a_one_line_box_does_not_take_them() -> None:
    form = NoteForm({"title": "Visit\treport", "note": "First line\r\nSecond\tline", "email": ""})
    assert not form.is_valid() and list(form.errors) == ["title"]
    assert NoteForm({"title": "Visit report", "note": "First line\r\nSecond\tline"}).is_valid()


def test_a_nul_in_a_pages_text_field_is_a_clear_error_not_a_crash(world: Any, as_user: Any) -> None:
    data = dict(VALID, first_name="Ada\x00")
    response = as_user(world.staff["ap_lead"]).post(reverse("pupil-create", args=[world.school.id]), data)
    assert response.status_code == 400
    assert "First name contains a control character" in response.content.decode()
    assert not Pupil.objects.filter(last_name=VALID["last_name"]).exists()


def test_a_nul_in_the_sign_in_form_is_a_clear_error(client: Any, world: Any) -> None:
    response = client.post(reverse("login"), {"username": "teacher-ours\x00", "password": "x"})
    assert response.status_code == 200
    assert "contains a control character" in response.content.decode()
