"""forms.save_form, the one way a page saves a form through its action: the redirect and message on success,
the action's refusal on the field it names, and a save over a newer version refused with the current one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from pathways.audit.versions import StaleVersion
from pathways.forms import GovukFormMixin, save_form


class NameForm(GovukFormMixin, forms.Form):
    name = forms.CharField()


def _request(method: str, data: dict[str, str] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _to(result: Any) -> HttpResponse:
    return HttpResponseRedirect(f"/done/{result}/")


def test_a_valid_post_runs_the_action_once_shows_the_message_and_redirects() -> None:
    request = _request("POST", {"name": "Willow Farm"})
    calls: list[dict[str, Any]] = []

    def act(data: dict[str, Any]) -> int:
        calls.append(data)
        return 7

    done, version = save_form(request, NameForm(request.POST), act, message=lambda n: f"Saved {n}.", to=_to,
                              version="v1")
    assert calls == [{"name": "Willow Farm"}]
    assert done is not None and done["Location"] == "/done/7/"
    assert version == "v1"
    assert [str(m) for m in get_messages(request)] == ["Saved 7."]


def test_a_get_or_an_invalid_form_runs_nothing() -> None:
    def act(data: dict[str, Any]) -> None:
        raise AssertionError("the action must not run")

    get = _request("GET")
    assert save_form(get, NameForm(), act, message="", to=_to, version="v1") == (None, "v1")
    post = _request("POST", {"name": ""})
    form = NameForm(post.POST)
    assert save_form(post, form, act, message="", to=_to, version="v1") == (None, "v1")
    assert "name" in form.errors


def test_the_actions_refusal_goes_on_the_field_it_names_and_nothing_is_said_as_saved() -> None:
    request = _request("POST", {"name": "Willow Farm"})
    form = NameForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        raise ValidationError({"name": "Willow Farm is already on the list."})

    assert save_form(request, form, act, message="Saved.", to=_to, version="v1") == (None, "v1")
    assert form.errors["name"] == ["Willow Farm is already on the list."]
    assert list(get_messages(request)) == []


def test_a_save_over_a_newer_version_keeps_what_was_typed_and_offers_the_current_version() -> None:
    request = _request("POST", {"name": "Willow Farm"})
    form = NameForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        raise StaleVersion("Anna Khan changed this record at 10:25.", current="v2")

    done, version = save_form(request, form, act, message="Saved.", to=_to, version="v1")
    assert done is None and version == "v2"
    assert form.non_field_errors() == ["Anna Khan changed this record at 10:25."]
    assert form["name"].value() == "Willow Farm"
