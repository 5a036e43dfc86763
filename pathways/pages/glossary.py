"""The words a new member of staff meets: the terms (glossary.yaml) and the register codes in force today,
read from the code set the register itself uses."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pathways.policy.codes import code_set_on

GLOSSARY = Path(__file__).with_name("glossary.yaml")
CATEGORY_WORDS = {
    "present": "present",
    "educational_activity": "attending an approved activity off site",
    "authorised_absence": "authorised absence",
    "unauthorised_absence": "unauthorised absence",
    "not_possible": "attendance not possible",
    "administrative": "not counted (administrative)",
}


@cache
def terms() -> list[dict[str, str]]:
    data: dict[str, Any] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return sorted(data["terms"], key=lambda t: t["term"].lower())


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    codes = code_set_on(timezone.localdate())
    rows = [{"code": c.code, "meaning": c.meaning,
             "category": CATEGORY_WORDS.get(c.category, c.category.replace("_", " "))} for c in codes.codes.values()]
    return render(request, "help/glossary.html", {
        "terms": terms(), "codes": rows, "code_set": codes,
    })
