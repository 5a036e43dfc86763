"""The school's own policy: which policy packs it has adopted and the values it sets for their
parameters. For the headteacher and the DSL. Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

import pathways.policy
from pathways.audit.versions import version_of
from pathways.forms import GovukFormMixin, form_status, save_form
from pathways.policy import parameters
from pathways.schools.actions import do_update_school
from pathways.schools.permissions import school_with
from pathways.schools.policy_settings import OPTIONAL_PACKS

LEVEL_WORDS = {"low": "low vulnerability", "medium": "medium vulnerability", "high": "high vulnerability"}
PACK_NAMES = {
    "national": "National rules",
    "online-learning-packages": "Online learning packages",
    "return-to-learn": "Return to Learn",
    "remote-education-offer": "Remote education offer",
    "special-school-remote": "Remote learning in a special school",
    "alternative-pathways": "Alternative education pathways",
}


SOURCE_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt\s*(\((?P<what>.*)\))?\s*$", re.S)


@functools.cache
def pack_descriptions() -> dict[str, str]:
    """Each pack's source policy in words ("LA guidance on commercial online learning packages, 2019"), as the
    requirement catalogue describes it, without the name of the file it was read from."""
    path = Path(pathways.policy.__file__).with_name("requirements.yaml")
    packs = yaml.safe_load(path.read_text(encoding="utf-8"))["packs"] or {}
    out = {}
    for pack, text in packs.items():
        found = SOURCE_FILE.match(str(text).strip())
        words = (found.group("what") or "") if found else str(text)
        out[str(pack)] = words.replace(" - ", ": ").strip()
    return out


def _field_name(name: str, key: str = "") -> str:
    return f"{name}__{key}" if key else name


def school_parameters() -> dict[str, parameters.Parameter]:
    """The parameters a school's own policy may change; the law's (overridable: false) are never offered."""
    return {name: parameters.PARAMETERS[name] for name in parameters.overridable_names()}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k.upper()} {v}" for k, v in value.items())
    if isinstance(value, tuple):  # days of the year ("31 March, 31 August, 31 December")
        return ", ".join(str(v) for v in value)
    return str(value)


def the_law(today: dt.date) -> list[dict[str, str]]:
    """The national values in force today that no school may change, with their sources, to show beside the form."""
    rows = []
    for name, p in parameters.PARAMETERS.items():
        if p.overridable or not p.values or p.values[0].start > today:
            continue
        dated = p.in_force(today)
        rows.append({"name": name, "description": p.description, "value": _shown(dated.value),
                     "source": dated.source, "url": dated.url, "since": f"{dated.start.day} {dated.start:%B %Y}"})
    return rows


class PolicyForm(GovukFormMixin, forms.Form):
    """A checkbox per optional pack, and a box per parameter (per level for the graded ones); a box
    left empty keeps the default."""

    def __init__(self, *args: Any, school: Any, today: dt.date, **kwargs: Any) -> None:
        settings = dict(school.policy_settings or {})
        initial = {f"pack_{p}": p in (school.policy_packs or []) for p in OPTIONAL_PACKS}
        for name, p in school_parameters().items():
            if name in settings:
                if p.keys:
                    for key in p.keys:
                        if key in settings[name]:
                            initial[_field_name(name, key)] = settings[name][key]
                else:
                    initial[name] = settings[name]
        initial.update(la_email=school.la_email, la_contact=school.la_contact)
        super().__init__(*args, initial=initial, **kwargs)
        self.today = today
        # Where notices to the local authority go (pathways.notifications).
        self.fields["la_email"] = forms.EmailField(
            label="Local authority email", required=False, max_length=254,
            help_text="Where notices to the local authority are sent, for example attendance@northshire.gov.uk.",
            error_messages={"invalid": "Enter the local authority's email address, like name@example.gov.uk."})
        self.fields["la_contact"] = forms.CharField(
            label="Local authority contact", required=False, max_length=200,
            help_text="The officer's name, for the greeting of a notice. Left empty: Dear Sir or Madam.",
            widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}))
        self.fields["la_email"].widget.attrs["class"] = "govuk-input govuk-!-width-two-thirds"
        descriptions = pack_descriptions()
        for pack in OPTIONAL_PACKS:
            self.fields[f"pack_{pack}"] = forms.BooleanField(
                label=PACK_NAMES.get(pack, pack), required=False, help_text=descriptions.get(pack, ""),
                widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}))
        self.groups: list[tuple[str, str, list[tuple[Any, str]]]] = []
        for pack in ("national", *OPTIONAL_PACKS):
            rows: list[tuple[Any, str]] = []
            for name, p in school_parameters().items():
                if p.pack != pack:
                    continue
                default = p.in_force(today).value if p.values and p.values[0].start <= today else None
                for key in p.keys or ("",):
                    field_name = _field_name(name, key)
                    shown = default.get(key) if key and isinstance(default, dict) else default
                    label = p.description.rstrip(".") + (f" ({LEVEL_WORDS.get(key, key.upper())})" if key else "")
                    if p.choices:  # a number that stands for a choice: chosen by its words
                        words = dict(p.choices)
                        said = words.get(shown, shown) if isinstance(shown, int) else shown
                        self.fields[field_name] = forms.TypedChoiceField(
                            label=label, required=False, coerce=str, empty_value="",
                            choices=[("", f"The default: {said}"),
                                     *((str(n), w[:1].upper() + w[1:]) for n, w in p.choices)],
                            widget=forms.Select(attrs={"class": "govuk-select"}),
                            error_messages={"invalid_choice": "Choose one of the options in the list."},
                        )
                    else:
                        self.fields[field_name] = forms.CharField(
                            label=label, required=False, max_length=20,
                            help_text=f"Default {shown}" + (" (HH:MM)" if p.type == "time" else "") + ".",
                            widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
                        )
                    rows.append((self[field_name], name))
            if rows:
                self.groups.append((pack, PACK_NAMES.get(pack, pack), rows))

    @property
    def pack_fields(self) -> list[Any]:
        return [self[f"pack_{p}"] for p in OPTIONAL_PACKS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [p for p in OPTIONAL_PACKS if data.get(f"pack_{p}")]
        settings: dict[str, Any] = {}
        for name, p in school_parameters().items():
            raw: Any
            if p.keys:
                raw = {}
                for key in p.keys:
                    text = (data.get(_field_name(name, key)) or "").strip()
                    if text:
                        if not text.isdigit():
                            self.add_error(_field_name(name, key), "Enter a whole number of 0 or more.")
                            continue
                        raw[key] = int(text)
                if not raw:
                    continue
            else:
                text = (data.get(name) or "").strip()
                if not text:
                    continue
                if p.type == "int":
                    if not text.isdigit():
                        self.add_error(name, "Enter a whole number of 0 or more.")
                        continue
                    raw = int(text)
                else:
                    raw = text
            got = parameters.validate_override(name, raw)
            if isinstance(got, parameters.Invalid):
                target = _field_name(name, got.subpath.lstrip(".")) if got.subpath else name
                message = ("Enter a time as HH:MM, for example 09:30." if p.type == "time"
                           else f"{got.message[:1].upper()}{got.message[1:]}.")
                self.add_error(target if target in self.fields else None, message)
                continue
            settings[name] = raw
        data["policy_packs"], data["policy_settings"] = chosen, settings
        return data


@login_required
@require_http_methods(["GET", "POST"])
def school_policy(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_school_policy")
    today = dt.date.today()
    form = PolicyForm(request.POST or None, school=school, today=today)
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(school)
    done, version = save_form(  # changed since the page was read: what was typed is kept
        request, form,
        lambda data: do_update_school(school=school, actor=request.user, policy_packs=data["policy_packs"],
                                      policy_settings=data["policy_settings"], la_email=data["la_email"],
                                      la_contact=data["la_contact"], seen=request.POST.get("version")),
        message="The school's policy is saved.", to=lambda _: redirect("school-policy", school.id), version=seen)
    if done:
        return done
    return render(request, "schools/policy.html",
                  {"school": school, "form": form, "law": the_law(today), "version": version},
                  status=form_status(form))
