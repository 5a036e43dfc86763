"""Builders for the notices' tests: a school with its local authority's address, arrangements of each kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.schools.actions import do_update_school

TODAY = dt.date(2026, 1, 21)           # a Wednesday of Spring 1
NOW = dt.datetime(2026, 1, 21, 10, 0)
LA_EMAIL = "attendance@northshire.gov.uk.example"


def with_la_email(school: Any, contact: str = "") -> Any:
    return do_update_school(school=school, actor=None, la_email=LA_EMAIL, la_contact=contact)
