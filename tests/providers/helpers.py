"""Builders for providers, made through the actions as real data is."""

from __future__ import annotations

from typing import Any

from pathways.providers.actions import do_create_provider
from pathways.providers.models import Provider
from pathways.schools.models import School


def make_provider(school: School, name: str = "Willow Farm Rural Skills", **extra: Any) -> Provider:
    fields = {"kind": "alternative_provision", "registration": "unregistered", "live_teaching": True}
    fields.update(extra)
    return do_create_provider(school=school, actor=None, name=name, **fields)


# Appendix 1b, the initial visit report, with every required question answered.
VISIT_REPORT = {
    "visiting_staff": "Ann Lead, AP lead", "provision_contact": "Tom Ashworth, 01632 960 387",
    "safeguarding": "DSL met; policy and staff checks seen; a visit each half-term agreed.",
    "curriculum": "Practical land-based course; the weekly plan seen.", "next_stage": "College taster days.",
    "qualifications": "Level 1 certificate in land-based studies.",
}
