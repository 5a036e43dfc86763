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
